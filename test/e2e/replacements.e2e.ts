/**
 * The standard Pulumi moves that force a replacement (`up --replace`, the same as `--target-replace`
 * and `state taint` for the engine): the order-dependent resources say deleteBeforeReplace in their
 * options, so the engine deletes the old one first even though it never asks the provider's diff.
 * Run on an unprotected stack (`protect: false`), since protected resources cannot be replaced.
 */
import * as assert from "node:assert/strict";
import type { SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { openSandbox, requireEngine, stateResources, urnOfType, type Sandbox } from "./harness";

/** The source of the User mapping's externalId in the job's live schema. */
function externalIdSource(schema: SynchronizationSchema | undefined): string | undefined {
    for (const rule of schema?.synchronizationRules ?? []) {
        for (const mapping of rule.objectMappings ?? []) {
            if (mapping.sourceObjectName !== "User") continue;
            const attribute = mapping.attributeMappings?.find((m) => m.targetAttributeName === "externalId");
            if (attribute) return attribute.source?.expression ?? attribute.source?.name ?? undefined;
        }
    }
    return undefined;
}

describe("e2e: forced replacements under the engine", function () {
    let sandbox: Sandbox;
    const job = () => {
        const [only] = sandbox.emulators.summary().entra.jobs;
        return { ...only, schema: sandbox.emulators.graph.schema(only.servicePrincipalId, only.jobId) };
    };

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openSandbox(engine, { config: { "auth0-entra-scim:protect": "false" } });
        const up = await sandbox.stack.up();
        assert.equal(up.summary.result, "succeeded");
    });
    after(async () => sandbox?.close());

    it("up --replace of the ProvisioningSchema: deleted first, our edits on the job, the template's values kept as the originals, the job running", async () => {
        const urn = await urnOfType(sandbox.stack, "ProvisioningSchema");
        const { result, graph } = await sandbox.traffic(() => sandbox.stack.up({ replace: [urn] }));
        assert.equal(result.summary.result, "succeeded");
        assert.equal(result.summary.resourceChanges?.replace, 1, JSON.stringify(result.summary.resourceChanges));
        const current = job();
        assert.match(externalIdSource(current.schema) ?? "", /objectId/);
        assert.equal(current.status, "Active");
        const [schema] = (await stateResources(sandbox.stack)).filter((r) => r.type.endsWith(":ProvisioningSchema"));
        const original = schema.outputs?.originals?.mappings?.find((m: { targetAttributeName: string }) => m.targetAttributeName === "externalId");
        assert.match(JSON.stringify(original?.mapping ?? {}), /mailNickname/, "the template's externalId source is what a teardown restores");
        // The old schema's delete (restore the template) came before the new one's write.
        const schemaWrites = graph.filter((r) => r.method === "PUT" && /\/schema$/.test(r.path.split("?")[0]));
        assert.ok(schemaWrites.length >= 2, `restore then edit, got ${schemaWrites.length}`);
        assert.match(schemaWrites.at(-1)!.body, /objectId/);
    });

    it("up --replace of ProvisioningStart: the up ends with the job running", async () => {
        const urn = await urnOfType(sandbox.stack, "ProvisioningStart");
        const result = await sandbox.stack.up({ replace: [urn] });
        assert.equal(result.summary.result, "succeeded");
        assert.equal(job().status, "Active");
    });

    it("up --replace of the SynchronizationJob: a new job, our edits on it, running", async () => {
        const before = job().jobId;
        const urn = await urnOfType(sandbox.stack, "SynchronizationJob");
        const result = await sandbox.stack.up({ replace: [urn] });
        assert.equal(result.summary.result, "succeeded");
        const after = job();
        assert.notEqual(after.jobId, before);
        assert.equal(after.status, "Active");
        assert.match(externalIdSource(after.schema) ?? "", /objectId/);
        assert.ok(after.tenantUrl?.endsWith("?aadOptscim062020"));
    });

    it("up --replace of the StackGuard leaves no pending delete: the next up is a no-op and a destroy succeeds", async () => {
        const urn = await urnOfType(sandbox.stack, "StackGuard");
        const replaced = await sandbox.stack.up({ replace: [urn] });
        assert.equal(replaced.summary.result, "succeeded");
        assert.deepEqual((await stateResources(sandbox.stack)).filter((r) => r.delete).map((r) => r.urn), []);
        const again = await sandbox.stack.up();
        assert.deepEqual(Object.keys(again.summary.resourceChanges ?? {}).filter((op) => op !== "same"), []);
        const destroyed = await sandbox.stack.destroy();
        assert.equal(destroyed.summary.result, "succeeded");
        const held = sandbox.emulators.summary();
        assert.deepEqual(held.auth0.connections, []);
        assert.deepEqual(held.entra.jobs, []);
    });
});
