/**
 * Issue 16's config keys (components/organizationConfig.ts), read through `loadTenantConfig`: the
 * organization, declared roles and `groupRoles`, each bad value refused naming its key and the value.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { loadTenantConfig, type TenantConfig } from "../../components/config";
import { defaultOrganizationName } from "../../components/organizationConfig";
import { configWith } from "../mocks";
import { configProblems } from "./configProblems";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const OTHER_GROUP = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const VALID = { auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedUsers: [USER], assignedGroups: [GROUP], provisionGroups: "true" };

function load(values: Record<string, unknown>, stack = "contoso"): TenantConfig {
    configWith({ ...VALID, ...values });
    return loadTenantConfig(undefined, undefined, stack);
}

const { assertProblem } = configProblems(load);

describe("config: organization and group roles (issue 16)", () => {
    it("adds nothing when unset", () => {
        const config = load({});
        for (const key of ["organization", "roles", "groupRoles", "groupRolesWaitSeconds"]) assert.ok(!(key in config), key);
    });

    describe("organization", () => {
        it("true: named after the stack, shown as a button, no discovery domains", () => {
            assert.deepEqual(load({ organization: "true" }).organization, { name: "contoso", showAsButton: true, discoveryDomains: [] });
        });
        it("a name, the button off, discovery domains (lower-cased)", () => {
            const config = load({ organization: "contoso-eu", organizationShowAsButton: "false", organizationDiscoveryDomains: ["Contoso.com", "contoso.de"] });
            assert.deepEqual(config.organization, { name: "contoso-eu", showAsButton: false, discoveryDomains: ["contoso.com", "contoso.de"] });
        });
        it("false is none", () => assert.equal(load({ organization: "false" }).organization, undefined));
        it("the default name from a stack name Auth0 would refuse", () => {
            assert.equal(defaultOrganizationName("Acme_Corp.Prod"), "acme_corp-prod");
            assert.equal(defaultOrganizationName("x".repeat(60)).length, 50);
            assert.equal(load({ organization: "true" }, "Acme.Prod").organization?.name, "acme-prod");
        });
        it("refuses a bad name, naming key and value", () => {
            assertProblem({ organization: "Contoso Ltd" }, "auth0-entra-scim:organization", '"Contoso Ltd"', "lowercase");
            assertProblem({ organization: "a".repeat(51) }, "auth0-entra-scim:organization");
        });
        it("refuses the organization's keys without an organization", () => {
            assertProblem({ organizationDiscoveryDomains: ["contoso.com"] }, "organizationDiscoveryDomains", "organization is off");
            assertProblem({ organizationShowAsButton: "false" }, "organizationShowAsButton", "organization is off");
        });
        it("refuses a bad or repeated discovery domain", () => {
            assertProblem({ organization: "true", organizationDiscoveryDomains: ["https://contoso.com"] }, "organizationDiscoveryDomains", '"https://contoso.com"', "not a domain");
            assertProblem({ organization: "true", organizationDiscoveryDomains: ["contoso.com", "CONTOSO.com"] }, "organizationDiscoveryDomains", "more than once");
        });
        it("is refused in a customer stack (the Auth0 side reads it)", () => {
            configWith({ mode: "customer", oidcAppOnly: "true", organization: "true" });
            assert.throws(() => loadTenantConfig(undefined, undefined, "contoso"), /organization is set, but a customer stack does not use it/);
        });
    });

    describe("groupRoles", () => {
        it("a list, or {name, roles}; object ids lower-cased", () => {
            const config = load({ groupRoles: { [GROUP.toUpperCase()]: { name: "Finance", roles: ["Billing Admin", "rol_abc123"] } } });
            assert.deepEqual(config.groupRoles, [{ entraGroupId: GROUP, groupName: "Finance", roles: ["Billing Admin", "rol_abc123"] }]);
            assert.deepEqual(load({ groupRoles: { [GROUP]: ["Viewer"] } }).groupRoles, [{ entraGroupId: GROUP, roles: ["Viewer"] }]);
        });
        it("refuses a group while provisionGroups is off, naming both keys and the group", () => {
            assertProblem({ provisionGroups: "false", groupRoles: { [GROUP]: ["Viewer"] } }, "auth0-entra-scim:groupRoles", `"${GROUP}"`, "auth0-entra-scim:provisionGroups is false");
        });
        it("refuses a group that is not assigned (full stack), and says so when it is a user", () => {
            assertProblem({ groupRoles: { [OTHER_GROUP]: ["Viewer"] } }, "auth0-entra-scim:groupRoles", `"${OTHER_GROUP}"`, "not in auth0-entra-scim:assignedGroups");
            assertProblem({ groupRoles: { [USER]: ["Viewer"] } }, `"${USER}"`, "an assigned user, not a group");
        });
        it("a vendor stack, which does not know the assignments, takes any group", () => {
            configWith({
                auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", mode: "vendor", provisionGroups: "true",
                oidcClientId: "9d2c7f3e-4b1a-4e6f-8c0d-2a3b4c5d6e7f", oidcClientSecret: "s3cret-value", groupRoles: { [OTHER_GROUP]: ["Viewer"] },
            }, ["oidcClientSecret"]);
            assert.deepEqual(loadTenantConfig(undefined, undefined, "contoso").groupRoles, [{ entraGroupId: OTHER_GROUP, roles: ["Viewer"] }]);
        });
        it("refuses a bad object id, an empty or repeated role list, and a non-map", () => {
            assertProblem({ groupRoles: { finance: ["Viewer"] } }, "auth0-entra-scim:groupRoles", '"finance"', "not an Entra group object id");
            assertProblem({ groupRoles: { [GROUP]: [] } }, `"${GROUP}"`, "lists no roles");
            assertProblem({ groupRoles: { [GROUP]: ["Viewer", "Viewer"] } }, 'role "Viewer" is listed more than once');
            assertProblem({ groupRoles: { [GROUP]: { name: "Finance", role: ["Viewer"] } } }, "keys other than name and roles");
            assertProblem({ groupRoles: [GROUP] }, "auth0-entra-scim:groupRoles", "is not a map");
        });
        it("groupRolesWaitSeconds: bounded, and only with groupRoles", () => {
            assert.equal(load({ groupRoles: { [GROUP]: ["Viewer"] }, groupRolesWaitSeconds: "120" }).groupRolesWaitSeconds, 120);
            assertProblem({ groupRoles: { [GROUP]: ["Viewer"] }, groupRolesWaitSeconds: "3600" }, "groupRolesWaitSeconds", "3600", "0 to 1800");
            assertProblem({ groupRolesWaitSeconds: "60" }, "groupRolesWaitSeconds", "nothing to wait for");
        });
    });

    it("the README's example stack is valid config, with the organization and Finance's roles", () => {
        const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
        const section = readme.split("## An Organization per customer, and Entra groups to roles")[1];
        const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
        const values = (yaml.load(block) as { config: Record<string, unknown> }).config;
        configWith(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
        const config = loadTenantConfig(undefined, undefined, "contoso");
        assert.equal(config.organization?.name, "contoso");
        assert.deepEqual(config.groupRoles, [{ entraGroupId: GROUP, groupName: "Finance", roles: ["Billing Admin", "Viewer"] }]);
        assert.deepEqual(config.roles, [{ name: "Billing Admin" }]);
    });

    describe("roles", () => {
        it("names, with an optional description", () => {
            assert.deepEqual(load({ roles: ["Viewer", { name: "Billing Admin", description: "Pays the bills" }] }).roles, [
                { name: "Viewer" },
                { name: "Billing Admin", description: "Pays the bills" },
            ]);
        });
        it("refuses a nameless, repeated or id-shaped role", () => {
            assertProblem({ roles: [{ description: "x" }] }, "auth0-entra-scim:roles[0]", "needs a name");
            assertProblem({ roles: ["Viewer", "viewer"] }, "auth0-entra-scim:roles", '"viewer" is listed more than once');
            assertProblem({ roles: ["rol_abc"] }, "looks like a role id");
        });
    });
});
