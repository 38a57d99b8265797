/**
 * Entra's cycle pushing assigned groups (sandbox/emulators/provisioningCycle.ts) into the Auth0 tenant
 * emulator's SCIM endpoint, seen through the Management API: the group arrives with external_id = the
 * Entra objectId and the provisioned members; a later cycle renames it and adds and removes members
 * with PATCH; a no-change cycle writes no group; with the Group mapping off, no group is sent.
 */
import * as assert from "node:assert/strict";
import { type GraphEmulator, NON_GALLERY_TEMPLATE_ID, startGraphEmulator } from "../../sandbox/emulators/graph";
import { runProvisioningCycle } from "../../sandbox/emulators/provisioningCycle";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { api, scimConnection } from "./auth0Fixtures";

describe("sandbox provisioning cycle: groups into the Auth0 tenant emulator", () => {
    let graph: GraphEmulator;
    let tenant: Auth0TenantEmulator;
    let connectionId: string;
    let sp: string;
    let jobId: string;
    let ids: { ada: string; bob: string; cy: string; group: string };

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        const acme = await scimConnection(tenant);
        connectionId = acme.connectionId;
        graph = await startGraphEmulator();
        const token = graph.issueToken();
        const call = async (method: string, path: string, body?: unknown) => {
            const r = await fetch(`${graph.url}/v1.0${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
            return r.status === 204 ? undefined : r.json();
        };
        const made = await call("POST", `/applicationTemplates/${NON_GALLERY_TEMPLATE_ID}/instantiate`, { displayName: "SCIM" });
        sp = made.servicePrincipal.id;
        const role = made.servicePrincipal.appRoles.find((r: { displayName: string }) => r.displayName === "User");
        const ada = graph.seedUser({ userPrincipalName: "ada@contoso.example", mail: "ada@contoso.example" });
        const bob = graph.seedUser({ userPrincipalName: "bob@contoso.example", mail: "bob@contoso.example" });
        const cy = graph.seedUser({ userPrincipalName: "cy@contoso.example", mail: "cy@contoso.example" });
        const group = graph.seedGroup({ displayName: "Finance", members: [ada.id, bob.id] });
        ids = { ada: ada.id, bob: bob.id, cy: cy.id, group: group.id };
        await call("POST", `/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: role.id, principalId: group.id, resourceId: sp });
        await call("POST", `/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: role.id, principalId: cy.id, resourceId: sp });
        jobId = (await call("POST", `/servicePrincipals/${sp}/synchronization/jobs`, { templateId: "scim" })).id;
        // Our schema edit: users keyed by objectId, so the Auth0 user ids are waad|{objectId}.
        const schema = graph.schema(sp, jobId)!;
        const users = schema.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === "User")!;
        const externalId = users.attributeMappings!.find((a) => a.targetAttributeName === "externalId")!;
        externalId.source = { ...externalId.source, expression: "[objectId]", name: "objectId", type: "Attribute" };
        graph.setSchema(sp, jobId, schema);
        await call("PUT", `/servicePrincipals/${sp}/synchronization/secrets`, { value: [
            { key: "BaseAddress", value: `${tenant.scimEndpointUrl(connectionId)}?aadOptscim062020` },
            { key: "SecretToken", value: acme.token },
            { key: "SyncAll", value: "false" },
        ] });
        graph.patchJob(sp, jobId, { status: { code: "Active" } });
    });
    afterEach(async () => {
        await graph.close();
        await tenant.close();
    });

    const managementGroup = async () => {
        const listed = await api(tenant, "GET", `/groups?connection_id=${connectionId}&external_id=${ids.group}&include_totals=true&take=50`);
        assert.equal(listed.status, 200);
        return listed.body.groups as Array<{ id: string; name: string; external_id: string }>;
    };
    const members = async (groupId: string) => (await api(tenant, "GET", `/groups/${groupId}/members`)).body.members.map((m: { id: string }) => m.id).sort();

    it("creates the group with externalId = objectId and its provisioned members, then renames it and syncs members by PATCH", async () => {
        assert.deepEqual(await managementGroup(), [], "nothing before the first cycle");
        const first = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.deepEqual({ users: first.usersSent, groups: first.groupsSent, errors: first.errors }, { users: 3, groups: 1, errors: [] });
        const [group] = await managementGroup();
        assert.equal(group.name, "Finance");
        assert.equal(group.external_id, ids.group, "the Auth0 group's external_id is the Entra objectId");
        assert.deepEqual(await members(group.id), [`waad|${ids.ada}`, `waad|${ids.bob}`].sort());
        assert.ok(first.requests.includes("POST /Groups") && first.requests.includes(`PATCH /Groups/${group.id}`));

        tenant.reset();
        const quiet = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.equal(quiet.groupsSent, 1);
        assert.deepEqual(tenant.calls().filter((c) => c.includes("/Groups") && !c.startsWith("GET ")), [], "no change, no group write");

        graph.updateGroup(ids.group, { displayName: "Finance EU", members: [ids.bob, ids.cy] });
        tenant.reset();
        const second = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.deepEqual(second.errors, []);
        const ops = tenant.requests.filter((r) => r.method === "PATCH" && r.path.endsWith(`/Groups/${group.id}`)).map((r) => JSON.parse(r.body).Operations[0]);
        assert.deepEqual(ops.map((op) => [op.op, op.path, Array.isArray(op.value) ? op.value.map((v: { value: string }) => v.value) : op.value]), [
            ["Replace", "displayName", "Finance EU"],
            ["Add", "members", [`waad|${ids.cy}`]],
            ["Remove", "members", [`waad|${ids.ada}`]],
        ]);
        const groups = await managementGroup();
        assert.deepEqual(groups.map((g) => [g.id, g.name]), [[group.id, "Finance EU"]], "renamed in place: the same Auth0 group");
        assert.deepEqual(await members(group.id), [`waad|${ids.bob}`, `waad|${ids.cy}`].sort());
    });

    it("matches a group it never exported by displayName (Microsoft's matching attribute) and adds its members", async () => {
        const acmeToken = (await api(tenant, "POST", `/connections/${connectionId}/scim-configuration/tokens`, { scopes: ["post:groups"] })).body.token;
        const made = await fetch(`${tenant.scimEndpointUrl(connectionId)}/Groups`, {
            method: "POST",
            headers: { authorization: `Bearer ${acmeToken}`, "content-type": "application/scim+json" },
            body: JSON.stringify({ displayName: "Finance" }),
        });
        const byHand = (await made.json()).id;
        tenant.reset();
        const cycle = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.deepEqual(cycle.errors, []);
        assert.ok(!tenant.calls().includes(`POST /scim/v2/connections/${connectionId}/Groups`), "found, not created");
        const ops = tenant.requests.filter((r) => r.method === "PATCH" && r.path.endsWith(`/Groups/${byHand}`)).map((r) => JSON.parse(r.body).Operations);
        assert.deepEqual(ops[0], [{ op: "Replace", path: "externalId", value: ids.group }]);
        assert.equal(ops[1][0].op, "Add");
        assert.deepEqual((await managementGroup()).map((g) => g.id), [byHand]);
        assert.deepEqual(await members(byHand), [`waad|${ids.ada}`, `waad|${ids.bob}`].sort());
    });

    it("sends no group when the Group mapping is off", async () => {
        const schema = graph.schema(sp, jobId)!;
        schema.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === "Group")!.enabled = false;
        graph.setSchema(sp, jobId, schema);
        const cycle = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.equal(cycle.groupsSent, 0);
        assert.deepEqual(await managementGroup(), []);
        assert.ok(!tenant.calls().some((c) => c.includes("/Groups")));
    });
});
