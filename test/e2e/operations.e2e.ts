/**
 * What operators run against a deployed stack, under the engine: `health` against the emulators (the
 * Graph job, Auth0's SCIM endpoint with the stack's token), and `pulumi preview --policy-pack policy`
 * with the project's own pack (its analyzer host is a launcher of @pulumi/pulumi's, like the dynamic
 * providers').
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../sandbox/engine";
import { productionHealthClients } from "../../tools/health/clients";
import { checkHealth } from "../../tools/health/health";
import { openDeployedSandbox, requireEngine, type Sandbox } from "./harness";

const POLICY_PACK = path.join(PROJECT_ROOT, "policy");

/** The Automation API's config map as the health check takes it (every value a string). */
const stackConfig = (config: Record<string, { value: string; secret?: boolean }>) =>
    Object.fromEntries(Object.entries(config).map(([key, { value, secret }]) => [key, { value, secret: !!secret }]));

describe("e2e: operating a deployed stack under the engine", function () {
    let sandbox: Sandbox;

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openDeployedSandbox(engine);
    });
    after(async () => sandbox?.close());

    it("health: the job is running and Auth0's SCIM endpoint holds the provisioned users", async () => {
        const outputs = await sandbox.stack.outputs();
        const config = stackConfig(await sandbox.stack.getAllConfig());
        const { clients } = productionHealthClients(config, sandbox.env());
        const report = await checkHealth({ stack: "dev", outputs, config }, clients);
        assert.equal(report.status, "healthy", JSON.stringify(report.findings, null, 2));
        assert.equal(report.jobStatus?.code, "Active");
        assert.equal(report.scimUsers, sandbox.emulators.summary().auth0.users.length);
    });

    it("health: a job quarantined by Entra is reported unhealthy, with what to do", async () => {
        const [job] = sandbox.emulators.summary().entra.jobs;
        sandbox.emulators.graph.patchJob(job.servicePrincipalId, job.jobId, { status: { code: "Quarantine", quarantine: { reason: "EncounteredQuarantineException" } } as never });
        const outputs = await sandbox.stack.outputs();
        const config = stackConfig(await sandbox.stack.getAllConfig());
        const report = await checkHealth({ stack: "dev", outputs, config }, productionHealthClients(config, sandbox.env()).clients);
        assert.equal(report.status, "unhealthy");
        assert.ok(report.findings.some((f) => f.severity === "error" && /quarantin/i.test(f.finding)), JSON.stringify(report.findings));
        sandbox.emulators.graph.patchJob(job.servicePrincipalId, job.jobId, { status: { code: "Active" } as never });
    });

    it("health without our Azure credentials: the Entra side could not be checked, which is not unhealthy", async () => {
        const outputs = await sandbox.stack.outputs();
        const config = stackConfig(await sandbox.stack.getAllConfig());
        const noAzure = Object.fromEntries(Object.entries(sandbox.env()).filter(([key]) => !key.startsWith("ARM_")));
        const report = await checkHealth({ stack: "dev", outputs, config }, productionHealthClients(config, { ...noAzure, ARM_USE_CLI: "false" }).clients);
        assert.equal(report.status, "unknown", JSON.stringify(report.findings, null, 2));
        assert.deepEqual(report.findings.filter((f) => f.severity === "unknown").map((f) => f.check), ["job", "credentials"]);
        assert.equal(report.findings.find((f) => f.check === "scim")?.severity, "ok", "Auth0's side is still checked");
    });

    it("health of the vendor's side only (mode vendor): Auth0 checked, Graph never called", async () => {
        const outputs = await sandbox.stack.outputs();
        const config = { ...stackConfig(await sandbox.stack.getAllConfig()), "auth0-entra-scim:mode": { value: "vendor", secret: false } };
        const graphBefore = sandbox.emulators.graph.requests.length;
        const report = await checkHealth({ stack: "dev", outputs, config }, productionHealthClients(config, { ARM_USE_CLI: "false" }).clients);
        assert.equal(report.status, "healthy", JSON.stringify(report.findings, null, 2));
        assert.deepEqual(report.findings.map((f) => f.check), ["token", "scim"]);
        assert.equal(sandbox.emulators.graph.requests.length, graphBefore);
    });

    it("preview with the policy pack: the stack passes every mandatory policy", async () => {
        const preview = await sandbox.stack.preview({ policyPacks: [POLICY_PACK] });
        assert.match(preview.stdout, /auth0-entra-scim@v/);
        assert.doesNotMatch(preview.stdout, /mandatory/i);
    });

    it("preview with the policy pack refuses a token that never expires", async () => {
        await sandbox.configure({ "auth0-entra-scim:scimTokenLifetimeDays": "0" });
        try {
            const refused = await sandbox.stack.preview({ policyPacks: [POLICY_PACK] }).then(() => "passed", (e: Error) => e.message);
            assert.match(refused, /scim-token-lifetime/);
        } finally {
            await sandbox.restore(["auth0-entra-scim:scimTokenLifetimeDays"]);
        }
    });
});
