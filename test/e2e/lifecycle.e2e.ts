/**
 * The lifecycle of one customer stack under the real engine: first up, the no-op up, refresh then
 * preview, a mapping change, a rename of the customer. Each step checks what the engine did, the
 * vendor requests it caused (by vendor and method), and what the emulators hold afterwards.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT_ROOT } from "../../sandbox/engine";
import { byMethod, calls, openSandbox, previewSteps, requireEngine, writes, type Sandbox } from "./harness";

const devConfig = (yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
const ASSIGNED_USERS = devConfig["auth0-entra-scim:assignedUsers"] as string[];

/** Resource changes other than `same`. */
const changed = (summary: Record<string, number> | undefined) => Object.fromEntries(Object.entries(summary ?? {}).filter(([op]) => op !== "same"));

describe("e2e: one customer stack's lifecycle under the engine", function () {
    let sandbox: Sandbox;

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openSandbox(engine);
    });
    after(async () => sandbox?.close());

    it("first up: everything is created, the job is started last, and a cycle brings the users to Auth0 with externalId = objectId", async () => {
        const { result, graph, auth0 } = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(result.summary.result, "succeeded");
        assert.ok((result.summary.resourceChanges?.create ?? 0) > 20, JSON.stringify(result.summary.resourceChanges));
        const graphWrites = calls(writes(graph));
        assert.match(graphWrites.at(-1)!, /^POST \/v1\.0\/servicePrincipals\/[^/]+\/synchronization\/jobs\/[^/]+\/start$/, graphWrites.join("\n"));
        assert.ok(graphWrites.some((c) => /PUT .*\/synchronization\/jobs\/[^/]+\/schema$/.test(c)));
        assert.ok(graphWrites.some((c) => /PUT .*\/synchronization\/secrets$/.test(c)));
        assert.ok(calls(writes(auth0)).some((c) => /^POST \/api\/v2\/connections\/[^/]+\/scim-configuration\/tokens$/.test(c)));

        const cycle = await sandbox.emulators.provisioningCycle();
        assert.deepEqual(cycle.errors, []);
        const held = sandbox.emulators.summary();
        assert.equal(held.entra.jobs.length, 1);
        assert.equal(held.entra.jobs[0].status, "Active");
        // The assigned users, and the members of the assigned groups, each under its Entra objectId.
        const inScope = sandbox.emulators.graph.users().map((u) => u.id).sort();
        assert.deepEqual(held.auth0.users.map((u: { externalId?: string }) => u.externalId).sort(), inScope);
        for (const id of ASSIGNED_USERS) assert.ok(inScope.includes(id));
        const groups = (devConfig["auth0-entra-scim:assignedGroups"] as string[]).sort();
        assert.deepEqual(held.auth0.groups.map((g: { externalId?: string }) => g.externalId).sort(), groups);
        assert.equal(held.auth0.tokens.length, 1);
        assert.ok(held.auth0.tokens[0].lastUsedAt, "Entra's cycle used the token");
    });

    it("second up: no steps, and no vendor write", async () => {
        const { result, graph, auth0 } = await sandbox.traffic(() => sandbox.stack.up());
        assert.deepEqual(changed(result.summary.resourceChanges), {});
        assert.deepEqual(calls(writes(graph)), []);
        assert.deepEqual(calls(writes(auth0)), []);
    });

    it("refresh then preview: no drift, no diff, no write", async () => {
        const { result: refresh, graph, auth0 } = await sandbox.traffic(() => sandbox.stack.refresh());
        assert.equal(refresh.summary.result, "succeeded");
        assert.deepEqual(calls(writes(graph)), []);
        assert.deepEqual(calls(writes(auth0)), []);
        assert.deepEqual(await previewSteps(sandbox.stack), []);
    });

    it("a mapping change: one schema write, and the job is never left paused", async () => {
        await sandbox.configure({
            "auth0-entra-scim:additionalEntraMappings": [{ object: "User", targetAttributeName: "nickName", source: { expression: "[mailNickname]", name: "mailNickname", type: "Attribute" } }],
        });
        const { result, graph } = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(result.summary.result, "succeeded");
        const schemaWrites = calls(writes(graph)).filter((c) => /\/schema$/.test(c));
        assert.equal(schemaWrites.length, 1, calls(writes(graph)).join("\n"));
        assert.ok(!calls(writes(graph)).some((c) => /\/pause$/.test(c)) || calls(writes(graph)).at(-1)!.endsWith("/start"), calls(writes(graph)).join("\n"));
        assert.equal(sandbox.emulators.summary().entra.jobs[0].status, "Active");
        assert.equal(result.summary.resourceChanges?.replace ?? 0, 0);
    });

    it("renaming the customer: display names change in place, nothing is replaced", async () => {
        await sandbox.configure({ "auth0-entra-scim:customerName": "Contoso Renamed" });
        const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(result.summary.result, "succeeded");
        assert.equal(result.summary.resourceChanges?.replace ?? 0, 0, JSON.stringify(result.summary.resourceChanges));
        assert.equal(result.summary.resourceChanges?.delete ?? 0, 0);
        assert.ok((result.summary.resourceChanges?.update ?? 0) > 0);
        const held = sandbox.emulators.summary();
        assert.equal(held.auth0.connections.length, 1);
        assert.equal(held.auth0.tokens.length, 1);
        assert.ok(byMethod(auth0).PATCH, "the connection's display name is patched");
        assert.ok(byMethod(graph).PATCH, "the Entra apps' display names are patched");
    });
});
