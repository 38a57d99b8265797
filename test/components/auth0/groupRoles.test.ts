/**
 * Issue 16, item 2: Entra groups to Auth0 roles, as the tenant declares them under mocks: declared
 * roles, one GroupRoles binding per group (at the organization when there is one), what each waits
 * for, and a pending group reported as a warning and in `groupRolesPending`.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { roleSlug } from "../../../components/auth0/groupRoles";
import { loadTenantConfig } from "../../../components/config";
import { CustomerTenant, TENANT_NAME } from "../../../components/tenant";
import { configWith, installMocks, recordRegistrationRequests, settle, unwrap } from "../../mocks";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const FINANCE = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const SUPPORT = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const BASE = {
    auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", customerName: "Contoso",
    assignedUsers: [USER], assignedGroups: [FINANCE, SUPPORT], provisionGroups: "true",
    roles: [{ name: "Billing Admin", description: "Pays the bills" }],
    groupRoles: { [FINANCE]: { name: "Finance", roles: ["Billing Admin", "Viewer"] }, [SUPPORT]: ["rol_support123"] },
};
const T = {
    role: "auth0:index/role:Role",
    groupRoles: "pulumi-nodejs:dynamic/auth0:GroupRoles",
    organization: "auth0:index/organization:Organization",
    connection: "auth0:index/connection:Connection",
};

async function deploy(values: Record<string, unknown> = {}, pendingGroups: string[] = []) {
    const mocks = await installMocks();
    // A group Entra has not provisioned: the provider answers with `pending` set.
    const answer = mocks.newResource.bind(mocks);
    mocks.newResource = async (args) => {
        const result = await answer(args);
        if (args.type !== T.groupRoles || !pendingGroups.includes(args.inputs.entraGroupId)) return result;
        return { id: result.id, state: { ...result.state, pending: `waiting for Entra to provision group ${args.inputs.entraGroupId}` } };
    };
    const requests = recordRegistrationRequests();
    configWith({ ...BASE, ...values }, ["oidcClientSecret"]);
    const tenant = new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, "contoso"));
    await settle();
    const binding = (group: string) => mocks.ofType(T.groupRoles).find((r) => r.inputs.entraGroupId === group)!;
    return { mocks, requests, tenant, binding };
}

describe("Entra groups to Auth0 roles (issue 16, item 2)", () => {
    it("creates the declared roles, and binds each group to role ids or names as configured", async () => {
        const { mocks, binding } = await deploy();
        const role = mocks.single(T.role);
        assert.deepEqual(role.inputs, { name: "Billing Admin", description: "Pays the bills" });
        assert.equal(role.name, "tenant-group-roles-role-billing-admin");
        const finance = binding(FINANCE).inputs;
        assert.deepEqual(finance.roles, [role.id, "Viewer"], "a declared role by its id, an existing one by name");
        assert.deepEqual(finance.roleNames, ["Billing Admin", "Viewer"]);
        assert.equal(finance.groupName, "Finance");
        assert.equal(finance.customerName, "Contoso");
        assert.equal(finance.connectionId, mocks.single(T.connection).id);
        assert.ok(!("organizationId" in finance), "tenant roles without an organization");
        assert.deepEqual(binding(SUPPORT).inputs.roles, ["rol_support123"]);
        assert.equal(mocks.ofType(T.groupRoles).length, 2);
    });

    it("binds at the organization when there is one, after its connection grants membership on login", async () => {
        const { mocks, requests, binding } = await deploy({ organization: "true" });
        assert.equal(binding(FINANCE).inputs.organizationId, mocks.single(T.organization).id);
        const request = requests.find((r) => r.type === T.groupRoles && r.inputs.entraGroupId === FINANCE)!;
        assert.ok(request.dependsOnNames.includes("tenant-organization-connection"), request.dependsOnNames.join());
        assert.ok(request.dependsOnNames.includes("tenant-group-roles-role-billing-admin"));
    });

    it("is protected, and the bindings' names are the groups' object ids (stable across renames)", async () => {
        const { requests } = await deploy({ customerName: "Contoso Renamed" });
        const bindings = requests.filter((r) => r.type === T.groupRoles);
        assert.deepEqual(bindings.map((r) => r.name).sort(), [`tenant-group-roles-${FINANCE}`, `tenant-group-roles-${SUPPORT}`]);
        for (const r of [...bindings, ...requests.filter((q) => q.type === T.role)]) assert.equal(r.protect, true, r.name);
    });

    it("a group provisioned on demand in the same up: its binding waits for the on-demand check, so it binds at once", async () => {
        const { requests } = await deploy({ provisionOnDemand: [FINANCE] });
        const finance = requests.find((r) => r.type === T.groupRoles && r.inputs.entraGroupId === FINANCE)!;
        const support = requests.find((r) => r.type === T.groupRoles && r.inputs.entraGroupId === SUPPORT)!;
        assert.ok(finance.dependsOnNames.includes("tenant-activation-on-demand"), finance.dependsOnNames.join());
        assert.ok(!support.dependsOnNames.includes("tenant-activation-on-demand"), "only the group provisioned on demand waits");
    });

    it("passes groupRolesWaitSeconds to every binding", async () => {
        const { binding } = await deploy({ groupRolesWaitSeconds: "90" });
        assert.equal(binding(FINANCE).inputs.waitSeconds, 90);
        assert.equal(binding(SUPPORT).inputs.waitSeconds, 90);
    });

    it("a group Entra has not provisioned: the up goes on, warns naming the customer and the group, and groupRolesPending lists it", async () => {
        const warnings: string[] = [];
        const warn = pulumi.log.warn;
        (pulumi.log as { warn: typeof warn }).warn = async (message: string) => {
            warnings.push(message);
        };
        try {
            const { tenant } = await deploy({}, [FINANCE]);
            const pending = (await unwrap(tenant.groupRolesPending!)).value;
            assert.deepEqual(pending, [{ entraGroupId: FINANCE, groupName: "Finance", status: `waiting for Entra to provision group ${FINANCE}` }]);
            assert.deepEqual(warnings, [`Contoso: waiting for Entra to provision group ${FINANCE}`]);
        } finally {
            (pulumi.log as { warn: typeof warn }).warn = warn;
        }
    });

    it("groupRolesPending is empty once every group is bound, and absent without groupRoles", async () => {
        const bound = await deploy();
        assert.deepEqual((await unwrap(bound.tenant.groupRolesPending!)).value, []);
        const none = await deploy({ groupRoles: "{}", roles: "[]" });
        assert.equal(none.tenant.groupRolesPending, undefined);
        assert.equal(none.mocks.ofType(T.groupRoles).length, 0);
    });

    it("a vendor stack declares the same organization, roles and bindings as a full one", async () => {
        const names = (mocks: Awaited<ReturnType<typeof deploy>>["mocks"]) =>
            mocks.registrations.filter((r) => [T.role, T.groupRoles, T.organization].includes(r.type)).map((r) => r.name).sort();
        const full = await deploy({ organization: "true" });
        const vendor = await deploy({
            organization: "true", mode: "vendor", assignedUsers: "[]", assignedGroups: "[]",
            oidcClientId: "9d2c7f3e-4b1a-4e6f-8c0d-2a3b4c5d6e7f", oidcClientSecret: "vendor-side-client-secret",
        });
        assert.deepEqual(names(vendor.mocks), names(full.mocks));
        assert.equal(names(full.mocks).length, 4);
    });

    it("role names become stable, distinct logical names", () => {
        assert.equal(roleSlug("Billing Admin"), "billing-admin");
        assert.equal(roleSlug("!!!"), "role");
    });
});
