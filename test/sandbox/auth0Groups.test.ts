/**
 * The tenant emulator's Management API groups (sandbox/emulators/auth0Groups.ts), called with the real
 * `auth0` v7 SDK: the groups SCIM created, in the SDK's `Group` shape with external_id = the SCIM
 * externalId, the connection_id / external_id filters, checkpoint paging, members, tenant roles on a
 * group from both sides, and 404s for unknown groups and roles.
 */
import * as assert from "node:assert/strict";
import { ManagementError } from "auth0";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { type ScimConnection, api, scimConnection, sdk } from "./auth0Fixtures";

const all = async <T>(page: { data: T[]; hasNextPage(): boolean; getNextPage(): Promise<any> }): Promise<T[]> => {
    const items = [...page.data];
    let current = page;
    while (current.hasNextPage()) {
        current = await current.getNextPage();
        items.push(...current.data);
    }
    return items;
};
const status = (error: unknown) => (error as ManagementError).statusCode;

describe("sandbox Auth0 tenant emulator: groups", () => {
    let tenant: Auth0TenantEmulator;
    let acme: ScimConnection;
    let ada: string;
    let bob: string;
    let finance: string;

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        acme = await scimConnection(tenant);
        ada = await acme.user("oid-ada");
        bob = await acme.user("oid-bob");
        finance = await acme.group("Finance", "oid-finance", [ada, bob]);
    });
    afterEach(() => tenant.close());

    it("lists the SCIM-created groups in the SDK's shape, filtered by connection_id and external_id", async () => {
        const other = await scimConnection(tenant, "entra-other");
        await other.group("Finance", "oid-finance-other");
        const client = sdk(tenant);

        const byExternalId = await client.groups.list({ connection_id: acme.connectionId, external_id: "oid-finance" });
        assert.equal(byExternalId.data.length, 1);
        const group = byExternalId.data[0];
        assert.deepEqual(Object.keys(group).sort(), ["connection_id", "created_at", "external_id", "id", "name", "tenant_name", "updated_at"]);
        assert.match(group.id!, /^grp_[1-9a-km-zA-HJ-NP-Z]{14,22}$/);
        assert.equal(group.id, finance);
        assert.equal(group.name, "Finance");
        assert.equal(group.external_id, "oid-finance", "external_id is the SCIM externalId");
        assert.equal(group.connection_id, acme.connectionId);
        assert.equal(group.tenant_name, "sandbox");

        assert.equal((await client.groups.list({ connection_id: other.connectionId })).data.length, 1);
        assert.equal((await client.groups.list({ external_id: "oid-nobody" })).data.length, 0);
        assert.equal((await client.groups.list({ name: "Finance" })).data.length, 2);
        assert.equal((await client.groups.list({ search: "finance-oth" })).data.length, 1);
        const raw = await api(tenant, "GET", `/groups?connection_id=${acme.connectionId}&include_totals=true&take=50`);
        assert.deepEqual(Object.keys(raw.body), ["groups"], "checkpoint paging: {groups, next?}");

        for (let i = 0; i < 3; i++) await acme.group(`Team ${i}`, `oid-team-${i}`);
        const firstPage = await client.groups.list({ connection_id: acme.connectionId, take: 2 });
        assert.equal(firstPage.data.length, 2);
        assert.ok(firstPage.hasNextPage());
        assert.deepEqual((await all(firstPage)).map((g) => g.name), ["Finance", "Team 0", "Team 1", "Team 2"]);
    });

    it("gets a group, its members, and deletes it (the SCIM side too); unknown ids are 404", async () => {
        const client = sdk(tenant);
        assert.equal((await client.groups.get(finance)).external_id, "oid-finance");
        const members = await client.groups.members.get(finance);
        assert.deepEqual(members.data.map((m) => [m.id, m.member_type, m.type, m.connection_id]), [
            [ada, "user", "connection", acme.connectionId],
            [bob, "user", "connection", acme.connectionId],
        ]);
        await assert.rejects(client.groups.get("grp_Unknown123456789"), (e) => status(e) === 404);
        assert.deepEqual((await api(tenant, "GET", "/groups/grp_Unknown123456789")).body, { statusCode: 404, error: "Not Found", message: "The group does not exist." });
        await assert.rejects(client.groups.members.get("grp_Unknown123456789"), (e) => status(e) === 404);

        await client.groups.delete(finance);
        assert.equal(tenant.scimGroups(acme.connectionId).length, 0);
        assert.equal((await acme.scim("GET", `/Groups/${finance}`)).status, 404);
        await assert.rejects(client.groups.delete(finance), (e) => status(e) === 404);
    });

    it("binds tenant roles to a group from both sides, idempotently, in order; a removed role or group goes", async () => {
        const client = sdk(tenant);
        const billing = (await client.roles.create({ name: "Billing Admin" })).id!;
        const viewer = (await client.roles.create({ name: "Viewer", description: "reads" })).id!;

        assert.equal((await api(tenant, "POST", `/groups/${finance}/roles`, { roles: [billing] })).status, 204);
        await client.groups.roles.create(finance, { roles: [billing] });
        await client.roles.groups.create(viewer, { groups: [finance] });
        const roles = await client.groups.roles.list(finance);
        assert.deepEqual(roles.data.map((r) => [r.id, r.name, r.description, r.type]), [[billing, "Billing Admin", "", "tenant"], [viewer, "Viewer", "reads", "tenant"]]);
        assert.deepEqual((await client.roles.groups.get(viewer)).data.map((g) => g.id), [finance]);
        assert.deepEqual(tenant.groupRoles(finance), [billing, viewer]);
        assert.deepEqual(tenant.effectiveRoles(ada).sort(), [billing, viewer].sort(), "members inherit the group's roles");

        await client.groups.roles.delete(finance, { roles: [billing] });
        await client.groups.roles.delete(finance, { roles: [billing] });
        assert.deepEqual(tenant.groupRoles(finance), [viewer]);
        await client.roles.groups.delete(viewer, { groups: [finance] });
        assert.deepEqual(tenant.groupRoles(finance), []);

        await client.groups.roles.create(finance, { roles: [billing, viewer] });
        await client.roles.delete(viewer);
        assert.deepEqual((await client.groups.roles.list(finance)).data.map((r) => r.id), [billing], "a deleted role leaves its groups");

        await assert.rejects(client.groups.roles.create(finance, { roles: ["rol_unknown000000000"] }), (e) => status(e) === 404);
        await assert.rejects(client.groups.roles.list("grp_Unknown123456789"), (e) => status(e) === 404);
        await assert.rejects(client.roles.groups.create(billing, { groups: ["grp_Unknown123456789"] }), (e) => status(e) === 404);
        assert.equal((await api(tenant, "POST", `/groups/${finance}/roles`, { roles: [] })).status, 400);
        assert.equal((await api(tenant, "POST", `/groups/${finance}/roles`, { role_ids: [billing] })).status, 400);

        // Entra deprovisions the group: its bindings go with it.
        assert.equal((await acme.scim("DELETE", `/Groups/${finance}`)).status, 204);
        assert.deepEqual((await client.roles.groups.get(billing)).data, []);
        assert.deepEqual(tenant.groupRoles(finance), []);
    });
});
