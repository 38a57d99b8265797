/**
 * ProvisionOnDemandCheck and ProvisioningStart, called directly with the real Graph SDK pointed at the
 * Graph emulator: the check fails with a readable per-principal reason, and the start/pause calls.
 */
import * as assert from "node:assert/strict";
import { ProvisionOnDemandCheckProvider, type ProvisionOnDemandCheckInputs } from "../../../providers/entra/onDemandCheckProvider";
import { ProvisioningStartProvider } from "../../../providers/entra/provisioningStartProvider";
import { Harness, JOB_ID, SP_ID, startHarness, USER_RULE_ID } from "./setup";

const ALICE = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const BOB = "7a2d3f5b-1c8e-4d2f-8b66-3a4c9e0f1d22";
const JOB = `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}`;

const checkInputs = (subjects = [{ objectId: ALICE, kind: "User" as const }]): ProvisionOnDemandCheckInputs => ({
    servicePrincipalId: SP_ID,
    jobId: JOB_ID,
    ruleId: USER_RULE_ID,
    subjects,
    covers: { tokenId: "tok_1", mappingEdits: "[]" },
});

describe("entra activation providers against the Graph emulator", () => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness();
        h.graph.addJob(SP_ID, JOB_ID);
    });
    afterEach(() => h.graph.close());

    describe("ProvisionOnDemandCheck", () => {
        const provider = () => new ProvisionOnDemandCheckProvider(h.clientFactory);

        it("provisions each subject with the user rule, one POST each, and records the results", async () => {
            const { outs } = await provider().create(checkInputs([{ objectId: ALICE, kind: "User" }, { objectId: BOB, kind: "User" }]));
            assert.deepEqual(h.graph.calls(), [`POST ${JOB}/provisionOnDemand`, `POST ${JOB}/provisionOnDemand`]);
            assert.deepEqual(JSON.parse(h.graph.requests[0].body), {
                parameters: [{ ruleId: USER_RULE_ID, subjects: [{ objectId: ALICE, objectTypeName: "User" }] }],
            });
            assert.deepEqual(outs!.results, [
                { objectId: ALICE, kind: "User", result: "Success" },
                { objectId: BOB, kind: "User", result: "Success" },
            ]);
        });

        it("fails the up for an unassigned user, saying why, per principal (Graph answered 200)", async () => {
            h.graph.setOnDemandOutcome(SP_ID, BOB, {
                result: "Skipped",
                errorCode: "NotEffectivelyEntitled",
                reason: "The user is not assigned to the application",
                steps: [
                    { name: "EntryImport", type: "Import", status: "Success", description: "Retrieved User" },
                    { name: "EntrySynchronizationScoping", type: "Scoping", status: "Skipped", description: "User is not in scope", details: { Assigned: "False" } },
                ],
            });
            const error = await provider().create(checkInputs([{ objectId: ALICE, kind: "User" }, { objectId: BOB, kind: "User" }])).then(
                () => assert.fail("expected a failure"),
                (e: Error) => e,
            );
            assert.match(error.message, /did not provision 1 of 2 principals; the provisioning job was not started/);
            assert.match(error.message, new RegExp(`User ${ALICE}: provisioned`));
            assert.match(error.message, new RegExp(`User ${BOB}: Skipped, not in scope: not assigned to the app`));
            assert.match(error.message, /Scoping: Skipped \(User is not in scope\)/);
        });

        it("fails on a failed export with Graph's error code (e.g. a token Auth0 refuses)", async () => {
            h.graph.setOnDemandOutcome(SP_ID, ALICE, { result: "Failure", errorCode: "SystemForCrossDomainIdentityManagementServiceIncompatible", reason: "401 Unauthorized from the SCIM endpoint" });
            await assert.rejects(provider().create(checkInputs()), /Failure, Export step failed: 401 Unauthorized from the SCIM endpoint; error SystemForCrossDomainIdentityManagementServiceIncompatible/);
        });

        it("reads Graph's verdict without regard to case, and a Warning provisioned the principal", async () => {
            h.graph.setOnDemandOutcome(SP_ID, ALICE, { result: "success" as "Success" });
            h.graph.setOnDemandOutcome(SP_ID, BOB, { result: "Warning" as "Success" });
            await provider().create(checkInputs([{ objectId: ALICE, kind: "User" }, { objectId: BOB, kind: "User" }]));
        });

        it("a user already in sync (Skipped, RedundantExport) passes a rerun", async () => {
            h.graph.setOnDemandOutcome(SP_ID, ALICE, { result: "Skipped", errorCode: "RedundantExport", reason: "The state of the user in both the source and target systems already match." });
            const { outs } = await provider().update("id", { ...checkInputs(), results: [] }, { ...checkInputs(), covers: { tokenId: "tok_2" } });
            assert.deepEqual(outs!.results, [{ objectId: ALICE, kind: "User", result: "Skipped" }]);
        });

        it("reruns (an update, never a replacement) only when what it tests changes; diff calls nothing", async () => {
            const olds = { ...checkInputs(), results: [] };
            const p = provider();
            assert.deepEqual(await p.diff("id", olds, checkInputs()), { changes: false, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(await p.diff("id", olds, { ...checkInputs(), covers: { tokenId: "tok_2", mappingEdits: "[]" } }), { changes: true, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(await p.diff("id", olds, { ...checkInputs(), jobId: "scim.other" }), { changes: true, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(h.graph.requests, []);
        });
    });

    describe("ProvisioningStart", () => {
        const provider = () => new ProvisioningStartProvider(h.clientFactory);

        it("create starts the job (Provisioning Status On)", async () => {
            await provider().create({ servicePrincipalId: SP_ID, jobId: JOB_ID });
            assert.deepEqual(h.graph.calls(), [`POST ${JOB}/start`]);
            assert.equal(h.graph.job(SP_ID, JOB_ID)!.status!.code, "Active");
        });

        it("delete pauses it; a job already gone counts as paused", async () => {
            h.graph.patchJob(SP_ID, JOB_ID, { status: { code: "Active" } });
            await provider().delete("id", { servicePrincipalId: SP_ID, jobId: JOB_ID });
            assert.equal(h.graph.job(SP_ID, JOB_ID)!.status!.code, "Paused");
            await provider().delete("id", { servicePrincipalId: SP_ID, jobId: "scim.gone" });
        });

        it("refresh reads the job but records nothing of its state: no drift whether it runs or not", async () => {
            const props = { servicePrincipalId: SP_ID, jobId: JOB_ID };
            h.graph.patchJob(SP_ID, JOB_ID, { status: { code: "Quarantine" } });
            assert.deepEqual(await provider().read("id", props), { id: "id", props });
            assert.deepEqual(await provider().read("id", { ...props, jobId: "scim.gone" }), { id: "" });
        });

        it("starts the job again, in place, after a replaced schema paused it", async () => {
            const olds = { servicePrincipalId: SP_ID, jobId: JOB_ID, restartAfter: "schema-1" };
            const news = { ...olds, restartAfter: "schema-2" };
            assert.deepEqual(await provider().diff("id", olds, news), { changes: true, replaces: [], deleteBeforeReplace: false });
            h.graph.patchJob(SP_ID, JOB_ID, { status: { code: "Paused" } });
            await provider().update("id", olds, news);
            assert.equal(h.graph.job(SP_ID, JOB_ID)!.status!.code, "Active");
        });

        it("a replaced job is started anew; nothing else changes", async () => {
            const olds = { servicePrincipalId: SP_ID, jobId: JOB_ID };
            assert.deepEqual(await provider().diff("id", olds, olds), { changes: false, replaces: [], deleteBeforeReplace: false });
            // Pause the old, then start the new: a replacement never ends with the job paused.
            assert.deepEqual(await provider().diff("id", olds, { ...olds, jobId: "scim.new" }), { changes: true, replaces: ["jobId"], deleteBeforeReplace: false });
        });
    });
});
