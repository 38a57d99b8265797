import * as assert from "node:assert/strict";
import { SEED_MAPPING_EDITS } from "../../../providers/entra/defaults";
import type { MappingEdit } from "../../../providers/entra/mappingEdits";
import { ProvisioningSchemaProvider } from "../../../providers/entra/provisioningSchemaProvider";
import type {
    ProvisioningSchemaInputs, ProvisioningSchemaOutputs,
} from "../../../providers/entra/provisioningSchemaProvider";
import {
    attributeMapping, EMAIL, Harness, JOB_ID, objectMapping, SP_ID, startHarness, templateSchema, TOKEN, USER_RULE_ID,
} from "./setup";

const seedInputs = (provisionGroups: boolean, extra: MappingEdit[] = []): ProvisioningSchemaInputs => ({
    servicePrincipalId: SP_ID,
    jobId: JOB_ID,
    provisionGroups,
    mappingEdits: [...SEED_MAPPING_EDITS, ...extra],
});

/** A Pulumi state round trip: JSON only, undefined dropped. */
const asState = (outs: ProvisioningSchemaOutputs): ProvisioningSchemaOutputs => JSON.parse(JSON.stringify(outs));

describe("entra ProvisioningSchema provider against the Graph emulator", () => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness();
    });
    afterEach(async () => {
        await h.graph.close();
    });

    async function create(inputs: ProvisioningSchemaInputs): Promise<ProvisioningSchemaOutputs> {
        const { id, outs } = await h.provider.create(inputs);
        assert.equal(id, `${SP_ID}/${JOB_ID}`);
        return asState(outs!);
    }

    for (const provisionGroups of [true, false]) {
        it(`create applies both seed edits and sets groups to ${provisionGroups}, in 1 GET + 1 PUT`, async () => {
            if (provisionGroups) {
                // The template has groups on; start from off so that `true` is a change too.
                const schema = templateSchema();
                objectMapping(schema, "Group").enabled = false;
                h.graph.setSchema(SP_ID, JOB_ID, schema);
            }
            const outs = await create(seedInputs(provisionGroups));

            assert.deepEqual(h.graph.calls(), [
                `GET /v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}/schema`,
                `PUT /v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}/schema`,
            ]);
            assert.ok(h.graph.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
            const live = h.graph.schema(SP_ID, JOB_ID)!;
            assert.deepEqual(attributeMapping(live, "User", "externalId")!.source,
                { expression: "[objectId]", name: "objectId", type: "Attribute", parameters: [] });
            assert.equal(attributeMapping(live, "User", EMAIL)!.matchingPriority, 2);
            assert.deepEqual(attributeMapping(live, "User", EMAIL)!.source, attributeMapping(templateSchema(), "User", EMAIL)!.source);
            assert.equal(objectMapping(live, "Group").enabled, provisionGroups);

            assert.equal(outs.userRuleId, USER_RULE_ID);
            assert.equal(outs.liveProvisionGroups, provisionGroups);
            assert.deepEqual(outs.liveMappings.map((m) => [m.targetAttributeName, m.source?.expression, m.matchingPriority]),
                [["externalId", "[objectId]", 0], [EMAIL, "[mail]", 2]]);
        });
    }

    it("changes nothing else: every other rule, mapping, directory and field is PUT back as it was", async () => {
        const before = templateSchema();
        // Foreign content the template does not have: a second rule and a portal customisation.
        const foreignRule = structuredClone(before.synchronizationRules![0]);
        Object.assign(foreignRule, { id: "9d1f6c1e-0000-4000-8000-000000000001", name: "SOMEONE_ELSES_RULE", priority: 2 });
        foreignRule.objectMappings = foreignRule.objectMappings!.map((m) => ({ ...m, sourceObjectName: "Contact" }));
        before.synchronizationRules!.push(foreignRule);
        attributeMapping(before, "User", "title")!.defaultValue = "Employee";
        h.graph.setSchema(SP_ID, JOB_ID, before);

        await create(seedInputs(false));

        const put = JSON.parse(h.graph.requests.find((r) => r.method === "PUT")!.body);
        assert.ok(!("@odata.context" in put), "response annotations are not sent back");
        // Undo exactly our three changes; what remains must equal what was there.
        attributeMapping(put, "User", "externalId")!.source = attributeMapping(before, "User", "externalId")!.source;
        attributeMapping(put, "User", EMAIL)!.matchingPriority = 0;
        objectMapping(put, "Group").enabled = true;
        assert.deepEqual(put, before);
    });

    it("sends no PUT when the schema already holds everything (1 GET + 0 PUT)", async () => {
        await create(seedInputs(false));
        h.graph.reset();

        const again = await create(seedInputs(false));

        assert.deepEqual([h.count("GET"), h.count("PUT")], [1, 0]);
        assert.equal(again.liveProvisionGroups, false);
    });

    it("applies extra edits from config: changes an existing mapping and adds a missing one", async () => {
        const extra: MappingEdit[] = [
            { object: "User", targetAttributeName: "displayName", source: { expression: "[givenName]", name: "givenName", type: "Attribute" } },
            { object: "User", targetAttributeName: "nickName", source: { expression: "[mailNickname]", name: "mailNickname", type: "Attribute" } },
            { object: "Group", targetAttributeName: "externalId", matchingPriority: 2 },
        ];
        const outs = await create(seedInputs(true, extra));

        assert.deepEqual([h.count("GET"), h.count("PUT")], [1, 1]);
        const live = h.graph.schema(SP_ID, JOB_ID)!;
        assert.equal(attributeMapping(live, "User", "displayName")!.source!.expression, "[givenName]");
        assert.deepEqual(attributeMapping(live, "User", "nickName"), {
            defaultValue: null, exportMissingReferences: false, flowBehavior: "FlowWhenChanged", flowType: "Always",
            matchingPriority: 0, targetAttributeName: "nickName",
            source: { expression: "[mailNickname]", name: "mailNickname", type: "Attribute", parameters: [] },
        });
        assert.equal(attributeMapping(live, "Group", "externalId")!.matchingPriority, 2);
        assert.equal(outs.liveMappings.length, 5);
    });

    it("update applies a changed edit list in 1 GET + 1 PUT and gives back a dropped edit's original", async () => {
        const olds = await create(seedInputs(false));
        h.graph.reset();
        const news: ProvisioningSchemaInputs = {
            ...seedInputs(true),
            mappingEdits: [SEED_MAPPING_EDITS[0], { object: "User", targetAttributeName: "title", matchingPriority: 3 }],
        };

        const { outs } = await h.provider.update(`${SP_ID}/${JOB_ID}`, olds, news);

        assert.deepEqual([h.count("GET"), h.count("PUT")], [1, 1]);
        const live = h.graph.schema(SP_ID, JOB_ID)!;
        assert.equal(attributeMapping(live, "User", EMAIL)!.matchingPriority, 0, "dropped edit restored");
        assert.equal(attributeMapping(live, "User", "title")!.matchingPriority, 3);
        assert.equal(attributeMapping(live, "User", "externalId")!.source!.expression, "[objectId]");
        assert.equal(objectMapping(live, "Group").enabled, true);
        assert.equal(outs!.liveProvisionGroups, true);
    });

    it("read (refresh) reports drift made behind our back, in 1 GET", async () => {
        const state = await create(seedInputs(false));
        const drifted = h.graph.schema(SP_ID, JOB_ID)!;
        attributeMapping(drifted, "User", "externalId")!.source =
            { expression: "[mailNickname]", name: "mailNickname", type: "Attribute", parameters: [] };
        objectMapping(drifted, "Group").enabled = true;
        h.graph.setSchema(SP_ID, JOB_ID, drifted);
        h.graph.reset();

        const { id, props } = await h.provider.read(`${SP_ID}/${JOB_ID}`, state);

        assert.deepEqual(h.graph.calls().length, 1);
        assert.equal(id, `${SP_ID}/${JOB_ID}`);
        assert.equal(props!.liveProvisionGroups, true);
        assert.equal(props!.liveMappings[0].source!.expression, "[mailNickname]");
        assert.equal(props!.schemaVersion, drifted.version);
        assert.deepEqual(props!.mappingEdits, state.mappingEdits, "desired inputs stay as declared");
        // …so the next preview proposes an update back to what we declared.
        const diff = await h.provider.diff(id!, asState(props!), seedInputs(false));
        assert.equal(diff.changes, true);
        assert.deepEqual(diff.replaces, []);
    });

    it("a mapping changed in the portal alone (groups untouched) is drift the next diff repairs", async () => {
        const state = await create(seedInputs(false));
        const drifted = h.graph.schema(SP_ID, JOB_ID)!;
        attributeMapping(drifted, "User", 'emails[type eq "work"].value')!.matchingPriority = 0;
        h.graph.setSchema(SP_ID, JOB_ID, drifted);

        const { id, props } = await h.provider.read(`${SP_ID}/${JOB_ID}`, state);
        assert.equal(props!.liveProvisionGroups, false);
        const diff = await h.provider.diff(id!, asState(props!), seedInputs(false));
        assert.deepEqual([diff.changes, diff.replaces], [true, []]);
    });

    it("read of a job that no longer exists reports the resource gone", async () => {
        const state = await create(seedInputs(false));
        const result = await h.provider.read(`${SP_ID}/${JOB_ID}`, { ...state, jobId: "scim.gone" });
        assert.equal(result.id, undefined);
    });

    describe("diff (no requests)", () => {
        let state: ProvisioningSchemaOutputs;
        beforeEach(async () => {
            state = await create(seedInputs(false));
            h.graph.reset();
        });
        afterEach(() => assert.equal(h.graph.requests.length, 0));

        it("no change when inputs and live values match", async () => {
            assert.deepEqual(await h.provider.diff("id", state, seedInputs(false)),
                { changes: false, replaces: [], deleteBeforeReplace: false });
        });
        it("update when provisionGroups or an edit differs", async () => {
            assert.equal((await h.provider.diff("id", state, seedInputs(true))).changes, true);
            const edits = [{ ...SEED_MAPPING_EDITS[1], matchingPriority: 3 }];
            const diff = await h.provider.diff("id", state, { ...seedInputs(false), mappingEdits: edits });
            assert.deepEqual([diff.changes, diff.replaces], [true, []]);
        });
        it("replacement (delete first by resource option, not here) when the service principal or job changes", async () => {
            const sp = await h.provider.diff("id", state, { ...seedInputs(false), servicePrincipalId: "6a1b7a0e-3c2d-4e8f-9a6b-1c2d3e4f5a6b" });
            assert.deepEqual([sp.changes, sp.replaces, sp.deleteBeforeReplace], [true, ["servicePrincipalId"], false]);
            const job = await h.provider.diff("id", state, { ...seedInputs(false), jobId: "scim.other" });
            assert.deepEqual(job.replaces, ["jobId"]);
        });
    });

    it("delete restores the template's values in 1 GET + 1 PUT", async () => {
        const state = await create(seedInputs(false));
        h.graph.reset();

        await h.provider.delete(`${SP_ID}/${JOB_ID}`, state);

        assert.deepEqual([h.count("GET"), h.count("PUT")], [1, 1]);
        const live = h.graph.schema(SP_ID, JOB_ID)!;
        const { version: _v1, ...restored } = live;
        const { version: _v2, ...template } = templateSchema();
        assert.deepEqual(restored, template);
        assert.deepEqual(attributeMapping(live, "User", "externalId")!.source!.expression, "[mailNickname]");
    });

    it("delete falls back to the documented template values when state recorded no originals", async () => {
        const state = await create(seedInputs(false));
        await h.provider.delete(`${SP_ID}/${JOB_ID}`, { ...state, originals: { mappings: [] } });

        const live = h.graph.schema(SP_ID, JOB_ID)!;
        assert.equal(attributeMapping(live, "User", "externalId")!.source!.expression, "[mailNickname]");
        assert.equal(attributeMapping(live, "User", EMAIL)!.matchingPriority, 0);
        assert.equal(objectMapping(live, "Group").enabled, true);
    });

    it("delete removes a mapping we added and nothing else", async () => {
        const added: MappingEdit = { object: "User", targetAttributeName: "nickName", source: { expression: "[mailNickname]", name: "mailNickname", type: "Attribute" } };
        const state = await create(seedInputs(true, [added]));
        await h.provider.delete("id", state);
        assert.equal(attributeMapping(h.graph.schema(SP_ID, JOB_ID)!, "User", "nickName"), undefined);
    });

    it("delete of a job that is gone (404) counts as done, after the pause and 1 GET", async () => {
        const state = await create(seedInputs(false));
        h.graph.reset();
        await h.provider.delete("id", { ...state, jobId: "scim.deleted-job" });
        const job = `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/scim.deleted-job`;
        assert.deepEqual(h.graph.calls(), [`POST ${job}/pause`, `GET ${job}/schema`]);
    });

    it("gives each created resource a new instance id and keeps it through updates (a replacement is told apart)", async () => {
        const first = await create(seedInputs(false));
        assert.match(first.instanceId!, /^[0-9a-f-]{36}$/);
        const { outs } = await h.provider.update("id", first, seedInputs(true));
        assert.equal(outs!.instanceId, first.instanceId);
        const again = await create(seedInputs(false));
        assert.notEqual(again.instanceId, first.instanceId);
    });

    it("a create over a schema that already carries our edits records the template's values, not ours (issue 14, item 1)", async () => {
        // What the old instance leaves when the new one is created first, or after `pulumi state delete` of it.
        const first = await create(seedInputs(false));
        const second = await create(seedInputs(false));
        const original = (key: string) => second.originals.mappings.find((m) => m.targetAttributeName === key)!.mapping!;
        assert.equal(original("externalId").source!.expression, "[mailNickname]");
        assert.equal(original(EMAIL).matchingPriority, 0);
        assert.equal(second.originals.groupsEnabled, true);
        await h.provider.delete("id", second);
        const live = h.graph.schema(SP_ID, JOB_ID)!;
        assert.equal(attributeMapping(live, "User", "externalId")!.source!.expression, "[mailNickname]");
        assert.equal(attributeMapping(live, "User", EMAIL)!.matchingPriority, 0);
        assert.equal(objectMapping(live, "Group").enabled, true);
        assert.ok(first.instanceId);
    });

    it("delete pauses a running job before putting the template's mappings back", async () => {
        const state = await create(seedInputs(false));
        h.graph.patchJob(SP_ID, JOB_ID, { status: { code: "Active" } });
        h.graph.reset();
        await h.provider.delete("id", state);
        const job = `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}`;
        assert.deepEqual(h.graph.calls(), [`POST ${job}/pause`, `GET ${job}/schema`, `PUT ${job}/schema`]);
        assert.equal(h.graph.job(SP_ID, JOB_ID)!.status!.code, "Paused");
    });

    it("create waits out the 404 of a job Entra is still replicating, within a bound", async () => {
        h.graph.inject({ method: "GET", pathIncludes: "/schema", times: 2, response: { status: 404, body: { error: { code: "ResourceNotFound", message: "not yet" } } } });
        const slept: number[] = [];
        const provider = new ProvisioningSchemaProvider(h.clientFactory, { sleep: async (ms) => { slept.push(ms); } });
        await provider.create(seedInputs(false));
        assert.deepEqual(slept, [1_000, 2_000]);
        h.graph.inject({ method: "GET", pathIncludes: "/schema", times: 50, response: { status: 404, body: { error: { code: "ResourceNotFound", message: "never" } } } });
        const bounded = new ProvisioningSchemaProvider(h.clientFactory, { sleep: async () => undefined, replicationWaitMs: 10_000 });
        await assert.rejects(bounded.create(seedInputs(false)), /404/);
    });
});
