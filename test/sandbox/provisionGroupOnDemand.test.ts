/**
 * The Graph emulator's `provisionOnDemand` of a Group subject (sandbox/emulators/provisioningCycle.ts,
 * `provisionGroupOnDemand`): the group really arrives at the job's SCIM endpoint (the Auth0 tenant
 * emulator), with external_id = the Entra objectId and the members picked in `links.members` (none
 * unless picked, at most five), on a job not yet started;
 * Graph's 200 says Success, or Failure with the SCIM error; a User subject still sends nothing.
 */
import * as assert from "node:assert/strict";
import { type GraphEmulator, NON_GALLERY_TEMPLATE_ID, startGraphEmulator } from "../../sandbox/emulators/graph";
import { runProvisioningCycle } from "../../sandbox/emulators/provisioningCycle";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { api, scimConnection } from "./auth0Fixtures";

describe("sandbox Graph emulator: provision on demand of a group pushes it to SCIM", () => {
    let graph: GraphEmulator;
    let tenant: Auth0TenantEmulator;
    let connectionId: string;
    let scimToken: string;
    let sp: string;
    let jobId: string;
    let ruleId: string;
    let token: string;
    let members: string[];
    let groupId: string;
    let outsider: string;

    const call = async (method: string, path: string, body?: unknown) => {
        const r = await fetch(`${graph.url}/v1.0${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
        return { status: r.status, body: r.status === 204 ? undefined : await r.json() };
    };
    const onDemand = async (subject: Record<string, unknown>) => {
        const answer = await call("POST", `/servicePrincipals/${sp}/synchronization/jobs/${jobId}/provisionOnDemand`, { parameters: [{ ruleId, subjects: [subject] }] });
        return { status: answer.status, key: answer.body.key && JSON.parse(answer.body.key), value: answer.body.value && JSON.parse(answer.body.value), error: answer.body.error };
    };
    const auth0Group = async () =>
        (await api(tenant, "GET", `/groups?connection_id=${connectionId}&external_id=${groupId}&include_totals=true&take=50`)).body.groups as Array<{ id: string; name: string; external_id: string }>;
    const auth0Members = async (id: string) => (await api(tenant, "GET", `/groups/${id}/members`)).body.members.map((m: { id: string }) => m.id).sort();

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        const acme = await scimConnection(tenant);
        connectionId = acme.connectionId;
        scimToken = acme.token;
        graph = await startGraphEmulator();
        token = graph.issueToken();
        const made = (await call("POST", `/applicationTemplates/${NON_GALLERY_TEMPLATE_ID}/instantiate`, { displayName: "SCIM" })).body;
        sp = made.servicePrincipal.id;
        const role = made.servicePrincipal.appRoles.find((r: { displayName: string }) => r.displayName === "User");
        members = Array.from({ length: 6 }, (_, i) => graph.seedUser({ userPrincipalName: `m${i}@contoso.example` }).id);
        outsider = graph.seedUser({ userPrincipalName: "outsider@contoso.example" }).id;
        groupId = graph.seedGroup({ displayName: "Finance", members: members.slice(0, 2) }).id;
        await call("POST", `/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: role.id, principalId: groupId, resourceId: sp });
        jobId = (await call("POST", `/servicePrincipals/${sp}/synchronization/jobs`, { templateId: "scim" })).body.id;
        // Users keyed by objectId, as our schema edit makes them: Auth0 user ids are waad|{objectId}.
        const schema = graph.schema(sp, jobId)!;
        ruleId = schema.synchronizationRules![0].id!;
        const users = schema.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === "User")!;
        const externalId = users.attributeMappings!.find((a) => a.targetAttributeName === "externalId")!;
        externalId.source = { ...externalId.source, expression: "[objectId]", name: "objectId", type: "Attribute" };
        graph.setSchema(sp, jobId, schema);
        await call("PUT", `/servicePrincipals/${sp}/synchronization/secrets`, { value: [
            { key: "BaseAddress", value: `${tenant.scimEndpointUrl(connectionId)}?aadOptscim062020` },
            { key: "SecretToken", value: scimToken },
        ] });
        // The job stays paused, as it is when our ProvisionOnDemandCheck runs (before ProvisioningStart).
    });
    afterEach(async () => {
        await graph.close();
        await tenant.close();
    });

    it("sends the group with external_id = objectId and its picked members, on a paused job, and answers Success", async () => {
        assert.equal(graph.job(sp, jobId)!.status!.code, "Paused");
        const answer = await onDemand({ objectId: groupId, objectTypeName: "Group", links: { members: members.slice(0, 2).map((objectId) => ({ objectId, objectTypeName: "User" })) } });
        assert.equal(answer.status, 200);
        assert.equal(answer.key.result, "Success");
        assert.equal(answer.value.statusInfo.status, "Success");
        const [group] = await auth0Group();
        assert.ok(group, "the group is in Auth0 after the on-demand run alone");
        assert.equal(group.name, "Finance");
        assert.equal(group.external_id, groupId);
        assert.deepEqual(await auth0Members(group.id), members.slice(0, 2).map((m) => `waad|${m}`).sort());
        const scim = tenant.calls().filter((c) => c.includes("/scim/v2/")).map((c) => c.replace(/^.*\/scim\/v2\/connections\/[^/]+/, c.split(" ")[0] + " "));
        assert.deepEqual(scim.filter((c) => c.includes("Groups")).map((c) => c.replace(/grp_\w+/, "{id}")), ["GET /Groups", "POST /Groups", "PATCH /Groups/{id}"]);

        // The next cycle reads it back by its id: no second group, no member change.
        graph.patchJob(sp, jobId, { status: { code: "Active" } });
        tenant.reset();
        const cycle = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.deepEqual(cycle.errors, []);
        assert.deepEqual((await auth0Group()).map((g) => g.id), [group.id]);
        assert.deepEqual(tenant.calls().filter((c) => c.includes("/Groups") && !c.startsWith("GET ")), []);
    });

    it("sends no member unless picked; adds picks (users of the group only) and keeps earlier ones; refuses six picks", async () => {
        graph.updateGroup(groupId, { members: [...members.slice(0, 5), outsider] });
        assert.equal((await onDemand({ objectId: groupId, objectTypeName: "Group" })).key.result, "Success");
        const [group] = await auth0Group();
        assert.deepEqual(await auth0Members(group.id), [], "no members picked: the group alone");
        assert.ok(!tenant.calls().some((c) => c.includes("/Users")), "no user sent");

        const pick = (ids: string[]) => onDemand({ objectId: groupId, objectTypeName: "Group", links: { members: ids.map((objectId) => ({ objectId, objectTypeName: "User" })) } });
        assert.equal((await pick(members.slice(0, 5))).key.result, "Success");
        assert.deepEqual(await auth0Members(group.id), members.slice(0, 5).map((m) => `waad|${m}`).sort());
        assert.equal((await pick([outsider, members[5]])).key.result, "Success");
        assert.deepEqual(await auth0Members(group.id), [...members.slice(0, 5), outsider].map((m) => `waad|${m}`).sort(), "the pick is added, earlier members stay; a non-member is not");

        const six = await onDemand({ objectId: groupId, objectTypeName: "Group", links: { members: members.map((objectId) => ({ objectId, objectTypeName: "User" })) } });
        assert.equal(six.status, 400);
        assert.match(six.error.message, /at most 5 members/);
    });

    it("answers Failure with the SCIM error when the endpoint refuses the token, and creates nothing", async () => {
        await call("PUT", `/servicePrincipals/${sp}/synchronization/secrets`, { value: [
            { key: "BaseAddress", value: tenant.scimEndpointUrl(connectionId) },
            { key: "SecretToken", value: "not-the-token" },
        ] });
        const answer = await onDemand({ objectId: groupId, objectTypeName: "Group" });
        assert.equal(answer.status, 200);
        assert.equal(answer.key.result, "Failure");
        assert.equal(answer.key.details.errorCode, "SystemForCrossDomainIdentityManagementServiceUnauthorized");
        assert.match(answer.value.statusInfo.reason, /answered 401/);
        assert.doesNotMatch(JSON.stringify(answer), /not-the-token/);
        assert.deepEqual(await auth0Group(), []);
    });

    it("skips a group when the Group mapping is off; a User subject and a set outcome still send nothing", async () => {
        const schema = graph.schema(sp, jobId)!;
        schema.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === "Group")!.enabled = false;
        graph.setSchema(sp, jobId, schema);
        assert.equal((await onDemand({ objectId: groupId, objectTypeName: "Group" })).key.result, "Skipped");
        assert.equal((await onDemand({ objectId: members[0], objectTypeName: "User" })).key.result, "Success");
        schema.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === "Group")!.enabled = true;
        graph.setSchema(sp, jobId, schema);
        graph.setOnDemandOutcome(sp, groupId, { result: "Success" });
        assert.equal((await onDemand({ objectId: groupId, objectTypeName: "Group" })).key.result, "Success");
        assert.ok(!tenant.calls().some((c) => c.includes("/scim/v2/")), "nothing reached SCIM");
    });
});
