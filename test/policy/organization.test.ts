/**
 * Issue 16's policies: an organization binding roles to the SCIM connection's groups must assign
 * membership at login, and a waad connection on an organization never sets isSignupEnabled.
 */
import * as assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { organizationMembershipOnLogin, organizationNoSignupOnWaad } from "../../policy/organizationPolicies";
import * as types from "../../policy/resourceTypes";
import { runStackPolicy, stackResource, UNKNOWN_BOOL, UNKNOWN_STRING, urnOf } from "./harness";

const connection = (name = "waad", strategy = "waad", id: unknown = UNKNOWN_STRING) =>
    stackResource(types.CONNECTION, name, { id, name, strategy, options: { userIdAttribute: "oid" } });
const scimConfiguration = (c: PolicyResource) => stackResource(types.SCIM_CONFIGURATION, `${c.name}-scim`, { connectionId: UNKNOWN_STRING }, { connectionId: [c] });
const organization = (name = "org", id: unknown = UNKNOWN_STRING) => stackResource(types.ORGANIZATION, name, { id, name });
const orgConnection = (org: PolicyResource, c: PolicyResource, props: Record<string, unknown>, name = "org-connection") =>
    stackResource(types.ORGANIZATION_CONNECTION, name, { organizationId: UNKNOWN_STRING, connectionId: UNKNOWN_STRING, ...props }, { organizationId: [org], connectionId: [c] });
const groupRoles = (org: PolicyResource | undefined, c: PolicyResource, name = "finance") =>
    stackResource(
        types.DYNAMIC_GROUP_ROLES,
        name,
        { connectionId: UNKNOWN_STRING, entraGroupId: "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d", roles: ["rol_a"], ...(org ? { organizationId: UNKNOWN_STRING } : {}) },
        { connectionId: [c], ...(org ? { organizationId: [org] } : {}) },
    );

describe("policy organization-connection-membership-on-login (stack, mandatory)", () => {
    const stack = (membership: unknown, roles: "org" | "tenant" | "none" = "org") => {
        const c = connection();
        const org = organization();
        return [c, scimConfiguration(c), org, orgConnection(org, c, membership === undefined ? {} : { assignMembershipOnLogin: membership }), ...(roles === "none" ? [] : [groupRoles(roles === "org" ? org : undefined, c)])];
    };

    it("passes membership on login with organization group roles (what the package declares)", async () => {
        assert.deepEqual(await runStackPolicy(organizationMembershipOnLogin, stack(true)), []);
    });

    it("refuses it off or unset when the organization's group roles are used, naming the connection and the bindings", async () => {
        for (const value of [false, undefined]) {
            const reported = await runStackPolicy(organizationMembershipOnLogin, stack(value));
            assert.equal(reported.length, 1, String(value));
            assert.equal(reported[0].urn, urnOf(types.ORGANIZATION_CONNECTION, "org-connection"));
            assert.match(reported[0].message, new RegExp(`assignMembershipOnLogin is ${value === undefined ? "unset" : "false"} for the SCIM connection waad, whose groups carry organization roles \\(finance\\)`));
        }
    });

    it("leaves it alone without organization group roles (tenant roles, none), when unknown, and for a connection without SCIM", async () => {
        assert.deepEqual(await runStackPolicy(organizationMembershipOnLogin, stack(false, "tenant")), []);
        assert.deepEqual(await runStackPolicy(organizationMembershipOnLogin, stack(false, "none")), []);
        assert.deepEqual(await runStackPolicy(organizationMembershipOnLogin, stack(UNKNOWN_BOOL)), []);
        const plain = connection("plain");
        const scimmed = connection("scimmed");
        const org = organization();
        const resources = [plain, scimmed, scimConfiguration(scimmed), org, orgConnection(org, plain, { assignMembershipOnLogin: false }), groupRoles(org, scimmed)];
        assert.deepEqual(await runStackPolicy(organizationMembershipOnLogin, resources), []);
    });

    it("another organization's group roles do not count", async () => {
        const c = connection();
        const [a, b] = [organization("a"), organization("b")];
        const resources = [c, scimConfiguration(c), a, b, orgConnection(a, c, { assignMembershipOnLogin: false }), groupRoles(b, c)];
        assert.deepEqual(await runStackPolicy(organizationMembershipOnLogin, resources), []);
    });

    it("correlates by known ids too, and checks the plural OrganizationConnections' entries", async () => {
        const c = connection("waad", "waad", "con_1");
        const org = organization("org", "org_1");
        const plural = stackResource(types.ORGANIZATION_CONNECTIONS, "plural", {
            organizationId: "org_1",
            enabledConnections: [{ connectionId: "con_1", assignMembershipOnLogin: false }, { connectionId: "con_other" }],
        });
        const literalRoles = stackResource(types.DYNAMIC_GROUP_ROLES, "finance", { connectionId: "con_1", entraGroupId: "x", roles: ["rol_a"], organizationId: "org_1" });
        const reported = await runStackPolicy(organizationMembershipOnLogin, [c, scimConfiguration(c), org, plural, literalRoles]);
        assert.equal(reported.length, 1);
        assert.match(reported[0].message, /^enabledConnections\[0\]\.assignMembershipOnLogin is false/);
    });
});

describe("policy organization-connection-no-signup-on-waad (stack, mandatory)", () => {
    it("refuses isSignupEnabled on a waad connection, naming it", async () => {
        const c = connection();
        const org = organization();
        const reported = await runStackPolicy(organizationNoSignupOnWaad, [c, org, orgConnection(org, c, { assignMembershipOnLogin: true, isSignupEnabled: true })]);
        assert.equal(reported.length, 1);
        assert.equal(reported[0].urn, urnOf(types.ORGANIZATION_CONNECTION, "org-connection"));
        assert.match(reported[0].message, /isSignupEnabled is true on the waad connection waad: .* 400 \(pulumi-auth0#657\)/);
    });

    it("passes it off or unset, and on a database connection; refuses a plural entry on waad", async () => {
        const c = connection();
        const db = connection("users", "auth0");
        const org = organization();
        assert.deepEqual(await runStackPolicy(organizationNoSignupOnWaad, [c, org, orgConnection(org, c, { isSignupEnabled: false })]), []);
        assert.deepEqual(await runStackPolicy(organizationNoSignupOnWaad, [c, org, orgConnection(org, c, {})]), []);
        assert.deepEqual(await runStackPolicy(organizationNoSignupOnWaad, [db, org, orgConnection(org, db, { assignMembershipOnLogin: true, isSignupEnabled: true })]), []);
        const plural = stackResource(types.ORGANIZATION_CONNECTIONS, "plural", { organizationId: UNKNOWN_STRING, enabledConnections: [{ connectionId: UNKNOWN_STRING, isSignupEnabled: true }] }, { enabledConnections: [c] });
        const reported = await runStackPolicy(organizationNoSignupOnWaad, [c, plural]);
        assert.match(reported[0].message, /^enabledConnections\[0\]\.isSignupEnabled is true on the waad connection waad/);
    });
});
