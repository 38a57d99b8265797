/**
 * runProvisioningCycle: Entra's cycle for a started job, against a tiny SCIM server (the harness),
 * asserting the SCIM bodies: externalId = objectId with our schema edit, = mailNickname with the
 * template's default; a paused job does nothing; a 401 moves the job toward quarantine.
 */
import * as assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { startEmulator, type Emulator } from "../../sandbox/emulators/harness";
import { startGraphEmulator, type GraphEmulator } from "../../sandbox/emulators/graph";
import { runProvisioningCycle } from "../../sandbox/emulators/provisioningCycle";

describe("sandbox provisioning cycle (Graph emulator → SCIM)", () => {
    let graph: GraphEmulator;
    let scim: Emulator;
    let status = 201;
    let existing: Record<string, string> = {};
    let sp: string;
    let jobId: string;
    let user: { id: string; mailNickname: string };

    before(async () => {
        scim = await startEmulator((req) => {
            if (status === 401) return { status: 401, body: { detail: "Unauthorized" } };
            if (req.method === "GET") {
                const externalId = /externalId eq "([^"]+)"/.exec(decodeURIComponent(req.path))?.[1] ?? "";
                return { status: 200, body: { totalResults: existing[externalId] ? 1 : 0, Resources: existing[externalId] ? [{ id: existing[externalId] }] : [] } };
            }
            return { status: req.method === "POST" ? 201 : 200, body: { id: randomUUID(), ...JSON.parse(req.body) } };
        });
        graph = await startGraphEmulator();
        const token = graph.issueToken();
        const call = async (method: string, path: string, body?: unknown) => {
            const r = await fetch(`${graph.url}/v1.0${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
            return r.status === 204 ? undefined : r.json();
        };
        const made = await call("POST", "/applicationTemplates/8adf8e6e-67b2-4cf2-a259-e3dc5476c621/instantiate", { displayName: "SCIM" });
        sp = made.servicePrincipal.id;
        const role = made.servicePrincipal.appRoles.find((r: { displayName: string }) => r.displayName === "User");
        user = graph.seedUser({ userPrincipalName: "ada@contoso.example", mailNickname: "ada", displayName: "Ada Lovelace" });
        const bob = graph.seedUser({ userPrincipalName: "bob@contoso.example" });
        const group = graph.seedGroup({ displayName: "Engineers", members: [user.id, bob.id] });
        await call("POST", `/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: role.id, principalId: user.id, resourceId: sp });
        await call("POST", `/servicePrincipals/${sp}/appRoleAssignedTo`, { appRoleId: role.id, principalId: group.id, resourceId: sp });
        jobId = (await call("POST", `/servicePrincipals/${sp}/synchronization/jobs`, { templateId: "scim" })).id;
        await call("PUT", `/servicePrincipals/${sp}/synchronization/secrets`, { value: [
            { key: "BaseAddress", value: `${scim.url}/scim/v2/connections/con_1?aadOptscim062020` },
            { key: "SecretToken", value: "scim-token" },
            { key: "SyncAll", value: "false" },
        ] });
    });
    after(async () => {
        await graph.close();
        await scim.close();
    });
    beforeEach(() => {
        scim.reset();
        status = 201;
        existing = {};
    });

    it("a paused job (as created) does nothing", async () => {
        const summary = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.equal(summary.ran, false);
        assert.equal(scim.requests.length, 0);
    });

    it("template default: externalId = mailNickname; users POSTed with the bearer, groups with members", async () => {
        graph.patchJob(sp, jobId, { status: { code: "Active" } });
        const summary = await runProvisioningCycle(graph, { servicePrincipalId: sp });
        assert.deepEqual({ users: summary.usersSent, groups: summary.groupsSent, errors: summary.errors }, { users: 2, groups: 1, errors: [] });
        assert.ok(scim.requests.every((r) => r.headers.authorization === "Bearer scim-token" && r.path.startsWith("/scim/v2/connections/con_1/") && !r.path.includes("aadOptscim062020")));
        const posted = scim.requests.filter((r) => r.method === "POST").map((r) => JSON.parse(r.body));
        const ada = posted.find((b) => b.userName === "ada@contoso.example");
        assert.equal(ada.externalId, "ada");
        assert.deepEqual(ada.emails, [{ type: "work", primary: true, value: "ada@contoso.example" }]);
        assert.equal(ada.displayName, "Ada Lovelace");
        assert.equal(ada.active, true);
        // Microsoft's documented group requests: query by displayName without members, create without
        // members, then add the provisioned members by PATCH.
        const group = posted.find((b) => b.displayName === "Engineers");
        assert.equal(group.members, undefined, "groups are created with an empty members list");
        assert.equal(group.externalId, graph.groups()[0].id, "externalId ← objectId (the template's default)");
        const query = scim.requests.find((r) => r.method === "GET" && r.path.startsWith("/scim/v2/connections/con_1/Groups"))!;
        assert.equal(decodeURIComponent(query.path.split("?")[1]), 'excludedAttributes=members&filter=displayName eq "Engineers"');
        const addMembers = scim.requests.filter((r) => r.method === "PATCH" && r.path.includes("/Groups/")).map((r) => JSON.parse(r.body));
        assert.equal(addMembers.length, 1);
        assert.equal(addMembers[0].Operations[0].op, "Add");
        assert.equal(addMembers[0].Operations[0].path, "members");
        assert.equal(addMembers[0].Operations[0].value.length, 2);
        const job = graph.job(sp, jobId)!;
        assert.equal(job.status!.lastExecution!.state, "Succeeded");
        assert.equal(job.status!.lastSuccessfulExecution!.countExported, 3);
    });

    it("with our schema edit (externalId ← objectId) and groups off: PATCH when the user exists", async () => {
        const schema = graph.schema(sp, jobId)!;
        const rule = schema.synchronizationRules![0];
        const users = rule.objectMappings!.find((m) => m.sourceObjectName === "User")!;
        const externalId = users.attributeMappings!.find((a) => a.targetAttributeName === "externalId")!;
        externalId.source = { ...externalId.source, expression: "[objectId]", name: "objectId", type: "Attribute" };
        rule.objectMappings!.find((m) => m.sourceObjectName === "Group")!.enabled = false;
        graph.setSchema(sp, jobId, schema);
        existing = { [user.id]: "scim-ada" };
        const summary = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.equal(summary.groupsSent, 0);
        const patch = scim.requests.find((r) => r.method === "PATCH")!;
        assert.equal(patch.path, "/scim/v2/connections/con_1/Users/scim-ada");
        assert.ok(JSON.parse(patch.body).Operations.some((o: { path: string; value: string }) => o.path === "externalId" && o.value === user.id));
        assert.ok(!scim.requests.some((r) => r.path.includes("/Groups")));
        // What `health` reads: the synchronized count per enabled mapping, the disabled Group mapping absent.
        const counts = graph.job(sp, jobId)!.status!.synchronizedEntryCountByType!;
        assert.deepEqual(counts.map((c) => c.key), [`user to ${users.targetObjectName}`]);
        assert.equal(counts[0].value, summary.usersSent);
        assert.ok(summary.usersSent > 0);
    });

    it("a 401 from the SCIM endpoint: the cycle fails and the job goes to quarantine", async () => {
        status = 401;
        const summary = await runProvisioningCycle(graph, { servicePrincipalId: sp, jobId });
        assert.equal(summary.usersSent, 0);
        assert.match(summary.errors[0], /401/);
        const job = graph.job(sp, jobId)!;
        assert.equal(job.status!.code, "Quarantine");
        assert.equal(job.status!.quarantine!.reason, "EncounteredQuarantineException");
        assert.equal(job.status!.lastExecution!.state, "Failed");
    });
});
