/**
 * The GroupRoles provider's methods, called directly, with the real auth0 SDK pointed at the Auth0
 * tenant emulator on loopback, where Entra's SCIM calls create the groups: pending until the group
 * arrives, exactly the configured roles, others' roles left alone, only ours removed, organization
 * roles, the wait, refresh, and its trip through Pulumi's closure serialisation.
 */
import * as assert from "node:assert/strict";
import { groupRolesApiFactory } from "../../../providers/auth0/groupRolesClient";
import { GroupRolesProvider, type GroupRolesProviderOptions } from "../../../providers/auth0/groupRolesProvider";
import type { GroupRolesInputs, GroupRolesOutputs } from "../../../providers/auth0/groupRolesRules";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../../sandbox/emulators/auth0Tenant";
import { roundTrip } from "../serialisation";

/**
 * What the dynamic provider host does with outputs: a protobuf Struct, which refuses undefined values
 * (the engine then fails the step with "Unexpected struct type").
 */
function hostable<T>(outs: T): T {
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
    Struct.fromJavaScript(outs as Record<string, unknown>);
    return outs;
}

const FINANCE = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const WAAD_OPTIONS = {
    client_id: "1", client_secret: "2", tenant_domain: "contoso.onmicrosoft.com", domain: "contoso.onmicrosoft.com",
    identity_api: "microsoft-identity-platform-v2.0", waad_protocol: "openid-connect", useCommonEndpoint: false, userid_attribute: "oid",
};

describe("GroupRolesProvider against the Auth0 tenant emulator", () => {
    let tenant: Auth0TenantEmulator;
    let connectionId: string;
    let scimToken: string;
    let billing: string;
    let viewer: string;

    const api = async (method: string, path: string, body?: unknown, bearer = tenant.bearer) => {
        const res = await fetch(`${tenant.url}${path}`, {
            method,
            headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    /** What Entra's provisioning cycle does for one assigned group. */
    const entraPushes = async (objectId: string, displayName: string): Promise<string> => {
        const created = await api("POST", `/scim/v2/connections/${connectionId}/Groups`, { displayName, externalId: objectId, members: [] }, scimToken);
        assert.equal(created.status, 201, JSON.stringify(created.body));
        return created.body.id;
    };
    const providerWith = (options: GroupRolesProviderOptions = {}) =>
        new GroupRolesProvider({ apiFactory: groupRolesApiFactory({ baseUrl: tenant.apiUrl, token: tenant.bearer }, { timeoutSeconds: 5 }, () => []), ...options });
    const inputs = (extra: Partial<GroupRolesInputs> = {}): GroupRolesInputs => ({
        connectionId, entraGroupId: FINANCE, roles: [billing], roleNames: ["Billing Admin"], groupName: "Finance", customerName: "Contoso", ...extra,
    });
    /** Vendor calls since `from`, as `METHOD path`, without the query. */
    const callsSince = (from: number) => tenant.requests.slice(from).map((r) => `${r.method} ${r.path.split("?")[0]}`);

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        connectionId = (await api("POST", "/api/v2/connections", { name: "contoso-entra", strategy: "waad", options: WAAD_OPTIONS })).body.id;
        await api("POST", `/api/v2/connections/${connectionId}/scim-configuration`);
        scimToken = (await api("POST", `/api/v2/connections/${connectionId}/scim-configuration/tokens`, { scopes: ["get:groups", "post:groups", "patch:groups", "delete:groups"] })).body.token;
        billing = tenant.seedRole({ name: "Billing Admin" }).id;
        viewer = tenant.seedRole({ name: "Viewer" }).id;
    });
    afterEach(() => tenant.close());

    it("a group not provisioned yet: create succeeds pending, reads only, and the diff keeps asking", async () => {
        const provider = providerWith();
        const from = tenant.requests.length;
        const { outs } = await provider.create(inputs());
        hostable(outs);
        assert.match(outs!.pending!, new RegExp(`^waiting for Entra to provision group Finance \\(${FINANCE}\\)`));
        assert.equal(outs!.groupId, undefined);
        assert.deepEqual(outs!.roleIds, []);
        assert.deepEqual(callsSince(from), ["GET /api/v2/groups"]);
        assert.equal((await provider.diff("id", outs!, inputs())).changes, true);
    });

    it("once Entra sent the group: binds exactly the configured roles, and the next diff is no change (no request)", async () => {
        const provider = providerWith();
        const { outs: pending } = await provider.create(inputs({ roles: [billing, "Viewer"], roleNames: ["Billing Admin", "Viewer"] }));
        const groupId = await entraPushes(FINANCE, "Finance");
        const from = tenant.requests.length;
        const { outs } = await provider.update("id", pending!, inputs({ roles: [billing, "Viewer"], roleNames: ["Billing Admin", "Viewer"] }));
        hostable(outs);
        assert.equal(outs!.pending, undefined);
        assert.equal(outs!.groupId, groupId);
        assert.deepEqual(tenant.groupRoles(groupId).sort(), [billing, viewer].sort());
        assert.deepEqual(outs!.roleIds.sort(), [billing, viewer].sort());
        assert.deepEqual(callsSince(from), ["GET /api/v2/groups", "GET /api/v2/roles", "GET /api/v2/groups/" + groupId + "/roles", "POST /api/v2/groups/" + groupId + "/roles"]);
        const quiet = tenant.requests.length;
        const diff = await provider.diff("id", outs!, inputs({ roles: [billing, "Viewer"], roleNames: ["Billing Admin", "Viewer"] }));
        assert.equal(diff.changes, false);
        assert.equal(tenant.requests.length, quiet);
    });

    it("a role dropped from the config removes that one binding; a role given by hand stays", async () => {
        const provider = providerWith();
        const groupId = await entraPushes(FINANCE, "Finance");
        const { outs } = await provider.create(inputs({ roles: [billing, viewer] }));
        const byHand = tenant.seedRole({ name: "Auditor" }).id;
        assert.equal((await api("POST", `/api/v2/groups/${groupId}/roles`, { roles: [byHand] })).status, 204);

        const from = tenant.requests.length;
        const { outs: after } = await provider.update("id", outs!, inputs({ roles: [billing] }));
        const writes = tenant.requests.slice(from).filter((r) => r.method !== "GET");
        assert.equal(writes.length, 1);
        assert.equal(writes[0].method, "DELETE");
        assert.deepEqual(JSON.parse(writes[0].body), { roles: [viewer] });
        assert.deepEqual(tenant.groupRoles(groupId).sort(), [billing, byHand].sort());
        assert.deepEqual(after!.roleIds, [billing]);

        await provider.delete("id", after!);
        assert.deepEqual(tenant.groupRoles(groupId), [byHand], "destroy removes only ours");
    });

    it("roles reordered, then one changed: the ids follow the names, so the dropped role goes and the kept one stays", async () => {
        const provider = providerWith();
        const groupId = await entraPushes(FINANCE, "Finance");
        const delta = tenant.seedRole({ name: "Delta" }).id;
        const named = (roles: string[]) => inputs({ roles, roleNames: roles });
        const { outs } = await provider.create(named(["Billing Admin", "Viewer"]));
        const from = tenant.requests.length;
        const { outs: reordered } = await provider.update("id", outs!, named(["Viewer", "Billing Admin"]));
        assert.deepEqual(callsSince(from), [], "a new order alone calls Auth0 for nothing");
        const { outs: changed } = await provider.update("id", reordered!, named(["Viewer", "Delta"]));
        assert.deepEqual(tenant.groupRoles(groupId).sort(), [viewer, delta].sort());
        assert.deepEqual(changed!.roleIds.sort(), [viewer, delta].sort());
    });

    it("an update that fails halfway, then the rerun: the role it was adding is ours, so dropping it later removes it", async () => {
        let failRemove = false;
        const base = groupRolesApiFactory({ baseUrl: tenant.apiUrl, token: tenant.bearer }, { timeoutSeconds: 5 }, () => []);
        const provider = providerWith({
            apiFactory: (onRetry) => {
                const api = base(onRetry);
                return { ...api, unassign: async (target, ids) => { if (failRemove) throw new Error("Auth0 503"); return api.unassign(target, ids); } };
            },
        });
        const groupId = await entraPushes(FINANCE, "Finance");
        const { outs } = await provider.create(inputs({ roles: [billing, viewer] }));
        const delta = tenant.seedRole({ name: "Delta" }).id;
        failRemove = true;
        await assert.rejects(provider.update("id", outs!, inputs({ roles: [billing, delta] })), /503/);
        failRemove = false;
        // The engine keeps the old state after a failed update; the rerun starts from it.
        const { outs: rerun } = await provider.update("id", outs!, inputs({ roles: [billing, delta] }));
        assert.deepEqual(tenant.groupRoles(groupId).sort(), [billing, delta].sort());
        assert.deepEqual(rerun!.adoptedRoleIds, []);
        const { outs: dropped } = await provider.update("id", rerun!, inputs({ roles: [billing] }));
        assert.deepEqual(tenant.groupRoles(groupId), [billing]);
        assert.deepEqual(dropped!.roleIds, [billing]);
    });

    it("a configured role the group already had from someone else is adopted, never removed by us", async () => {
        const provider = providerWith();
        const groupId = await entraPushes(FINANCE, "Finance");
        await api("POST", `/api/v2/groups/${groupId}/roles`, { roles: [viewer] });
        const { outs } = await provider.create(inputs({ roles: [billing, viewer] }));
        assert.deepEqual(outs!.roleIds, [billing]);
        assert.deepEqual(outs!.adoptedRoleIds, [viewer]);
        const { outs: dropped } = await provider.update("id", outs!, inputs({ roles: [billing] }));
        assert.deepEqual(tenant.groupRoles(groupId).sort(), [billing, viewer].sort());
        await provider.delete("id", dropped!);
        assert.deepEqual(tenant.groupRoles(groupId), [viewer]);
    });

    it("a role name that does not exist is refused, listing the roles that do", async () => {
        const provider = providerWith();
        await entraPushes(FINANCE, "Finance");
        const error = await provider.create(inputs({ roles: ["Billing Admn"], roleNames: ["Billing Admn"] })).then(() => undefined, (e: Error) => e);
        assert.match(String(error?.message), /groupRoles: group Finance \(0a9b8c7d-[^)]+\): no Auth0 role is named "Billing Admn"\. The roles that exist: "Billing Admin", "Viewer"\./);
        assert.equal(tenant.requests.filter((r) => r.method === "POST" && r.path.includes("/roles")).length, 0, "nothing was bound");
    });

    it("organization roles: bound in the organization, the group's tenant roles untouched", async () => {
        const org = (await api("POST", "/api/v2/organizations", { name: "contoso", display_name: "Contoso" })).body;
        assert.match(org.id, /^org_/);
        // What the stack's OrganizationConnection does first: the connection's groups are the organization's.
        const enabled = await api("POST", `/api/v2/organizations/${org.id}/enabled_connections`, { connection_id: connectionId, assign_membership_on_login: true });
        assert.equal(enabled.status, 201, JSON.stringify(enabled.body));
        const provider = providerWith();
        const groupId = await entraPushes(FINANCE, "Finance");
        const { outs } = await provider.create(inputs({ organizationId: org.id }));
        assert.deepEqual(tenant.organizationGroupRoles(org.id, groupId), [billing]);
        assert.deepEqual(tenant.groupRoles(groupId), []);
        await provider.delete("id", outs!);
        assert.deepEqual(tenant.organizationGroupRoles(org.id, groupId), []);
        assert.deepEqual((await provider.diff("id", outs!, inputs())).replaces, ["organizationId"], "moving to tenant roles is a new binding");
    });

    it("waitSeconds: looks again until the group arrives, within the bound", async () => {
        const sleeps: number[] = [];
        let now = 0;
        const provider = providerWith({
            now: () => now,
            pollIntervalMs: 10_000,
            sleep: async (ms) => {
                sleeps.push(ms);
                now += ms;
                if (sleeps.length === 2) await entraPushes(FINANCE, "Finance");
            },
        });
        const { outs } = await provider.create(inputs({ waitSeconds: 60 }));
        assert.equal(outs!.pending, undefined);
        assert.deepEqual(sleeps, [10_000, 10_000]);
        const never = providerWith({ now: () => now, pollIntervalMs: 10_000, sleep: async (ms) => void (now += ms) });
        const { outs: late } = await never.create(inputs({ entraGroupId: "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", waitSeconds: 25 }));
        assert.ok(late!.pending, "gives up at the bound, still pending");
    });

    it("refresh: a role removed by hand leaves our state, and the next diff puts it back; a deleted group is pending again", async () => {
        const provider = providerWith();
        const groupId = await entraPushes(FINANCE, "Finance");
        const { outs } = await provider.create(inputs({ roles: [billing, viewer] }));
        await api("DELETE", `/api/v2/groups/${groupId}/roles`, { roles: [viewer] });
        const { props } = await provider.read("id", outs!);
        assert.deepEqual(props!.roleIds, [billing]);
        assert.equal((await provider.diff("id", props as GroupRolesOutputs, inputs({ roles: [billing, viewer] }))).changes, true);
        const { outs: repaired } = await provider.update("id", props as GroupRolesOutputs, inputs({ roles: [billing, viewer] }));
        assert.deepEqual(tenant.groupRoles(groupId).sort(), [billing, viewer].sort());

        await api("DELETE", `/api/v2/groups/${groupId}`);
        const { props: gone } = await provider.read("id", repaired!);
        hostable(gone);
        assert.equal(gone!.groupId, undefined);
        assert.match(gone!.pending!, /waiting for Entra/);
        // Entra sends it again (a new Auth0 id): the next update binds the new group.
        const again = await entraPushes(FINANCE, "Finance");
        const { outs: rebound } = await provider.update("id", gone as GroupRolesOutputs, inputs({ roles: [billing, viewer] }));
        assert.equal(rebound!.groupId, again);
        assert.deepEqual(tenant.groupRoles(again).sort(), [billing, viewer].sort());
    });

    it("labels alone (group name, customer name) update state without a request", async () => {
        const provider = providerWith();
        await entraPushes(FINANCE, "Finance");
        const { outs } = await provider.create(inputs());
        const from = tenant.requests.length;
        const renamed = inputs({ groupName: "Finance EU", customerName: "Contoso Renamed" });
        assert.equal((await provider.diff("id", outs!, renamed)).changes, true);
        const { outs: after } = hostable(await provider.update("id", outs!, { ...renamed, waitSeconds: undefined }));
        assert.equal(after!.groupName, "Finance EU");
        assert.equal(tenant.requests.length, from);
    });

    it("check refuses bad inputs by property", async () => {
        const { failures } = await providerWith().check(inputs(), { ...inputs(), entraGroupId: "Finance", roles: [] } as GroupRolesInputs);
        assert.deepEqual(failures!.map((f) => f.property), ["entraGroupId", "roles"]);
    });

    it("a failed call names it and never shows the bearer", async () => {
        const bearer = tenant.issueBearer(["read:groups"]);
        const provider = new GroupRolesProvider({ apiFactory: groupRolesApiFactory({ baseUrl: tenant.apiUrl, token: bearer }, { timeoutSeconds: 5 }, () => [bearer]) });
        await entraPushes(FINANCE, "Finance");
        const error = await provider.create(inputs()).then(() => undefined, (e: Error) => e);
        assert.match(String(error?.message), /^Auth0 GET \/groups\/grp_[^/]+\/roles failed \(HTTP 403\)/);
        assert.ok(!String(error?.message).includes(bearer));
    });

    it("survives Pulumi's closure serialisation and binds from the loaded copy", async () => {
        const { copy } = await roundTrip(providerWith());
        const groupId = await entraPushes(FINANCE, "Finance");
        await copy.create(inputs());
        assert.deepEqual(tenant.groupRoles(groupId), [billing]);
        const error = await copy.create(inputs({ roles: ["Nope"] })).then(() => undefined, (e: Error) => e);
        assert.match(String(error?.message), /no Auth0 role is named "Nope"/);
    });
});
