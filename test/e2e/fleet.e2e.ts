/**
 * `fleet` over three customer stacks under the real engine: the real fleet code path (commander, the
 * runner, the Automation API adapter with `--in-process`, so the three programs run concurrently in
 * this Node process), against one pair of emulators that ends up holding three connections and three
 * provisioning jobs.
 *
 * - The first `fleet up --yes` creates all three, each with as many resources as `plan` counts for
 *   the same stack file (Pulumi.dev.yaml): the fleet's counts and plan's agree.
 * - A second `fleet up`, through the plan summary and an answered question, writes nothing to either
 *   vendor, and its summary lists the three stacks ok.
 * - `fleet health` finds the three healthy once Entra has run a cycle of each job.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT_ROOT, type Engine } from "../../sandbox/engine";
import { startSandboxEmulators, type SandboxEmulators } from "../../sandbox/emulators/sandbox";
import { runProvisioningCycle } from "../../sandbox/emulators/provisioningCycle";
import { pluginPath } from "../../sandbox/plugins";
import { sandboxTls } from "../../sandbox/tls";
import { TLS_DIR_ENV } from "../../sandbox/withCa";
import { sandboxStack } from "../../sandbox/workspace";
import { main as fleetMain, runFleetCli, type FleetContext } from "../../tools/fleet/main";
import type { FleetReport } from "../../tools/fleet/runner";
import { resourceCount } from "../../tools/fleet/plan";
import { planStack } from "../../tools/plan/plan";
import { requireEngine, writes } from "./harness";

const CUSTOMERS = ["contoso", "fabrikam", "northwind"];
const STACK_FILE = path.join(PROJECT_ROOT, "Pulumi.dev.yaml");

describe("e2e: fleet over three customer stacks under the engine", function () {
    let engine: Engine;
    let emulators: SandboxEmulators;
    let stateDir: string;
    let projectDir: string;
    let env: Record<string, string>;
    let planned: number;

    before(async function () {
        engine = await requireEngine(this);
        stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-e2e-fleet-"));
        const tlsDir = process.env[TLS_DIR_ENV];
        if (!tlsDir) throw new Error("run the end-to-end tests with `npm run test:e2e` (it trusts the emulators' certificate)");
        emulators = await startSandboxEmulators({ tls: sandboxTls(tlsDir), stackFile: STACK_FILE });
        const plugins = await pluginPath(engine, stateDir);
        env = {
            ...emulators.env,
            PATH: `${plugins.dir}${path.delimiter}${path.dirname(engine.binary)}${path.delimiter}${process.env.PATH}`,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_CONFIG_PASSPHRASE: "sandbox",
        };
        // Three stacks on one local backend, each a copy of the example with a name and connection of its own.
        for (const customer of CUSTOMERS) {
            await sandboxStack({
                engine,
                stateDir,
                stackName: customer,
                stackFile: STACK_FILE,
                config: { ...emulators.config, "auth0-entra-scim:customerName": customer, "auth0-entra-scim:connectionName": `${customer}-entra` },
                env,
            });
        }
        projectDir = path.join(stateDir, "project");
        // The work folder holds Pulumi.yaml and the stack files; the program is this package's (`main`).
        const projectFile = path.join(projectDir, "Pulumi.yaml");
        fs.writeFileSync(projectFile, yaml.dump({ ...(yaml.load(fs.readFileSync(projectFile, "utf8")) as object), main: PROJECT_ROOT }));
        const plan = await planStack("dev");
        assert.ok(plan.ok, plan.problems.join("\n"));
        planned = resourceCount(plan)!;
    });
    after(async () => {
        await emulators?.close();
        if (stateDir && !process.env.AUTH0_ENTRA_SCIM_E2E_KEEP) fs.rmSync(stateDir, { recursive: true, force: true });
    });

    /** `auth0-entra-scim fleet <argv>` as a user runs it, its output captured; the report from --report. */
    async function fleet(argv: string[], context: Partial<FleetContext> = {}): Promise<{ code: number; text: string; report: FleetReport }> {
        let text = "";
        const sink = { write: (t: string) => ((text += t), true), isTTY: false };
        const reportFile = path.join(stateDir, `report-${Date.now()}.json`);
        const full: FleetContext = { env, stdout: sink, stderr: sink, stdin: process.stdin, pulumiRoot: path.dirname(path.dirname(engine.binary)), ...context };
        const io = { stdout: (t: string) => void (text += t), stderr: (t: string) => void (text += t) };
        const code = await fleetMain([...argv, "--project-dir", projectDir, "--report", reportFile], io, (args, cliIo) => runFleetCli(args, cliIo, full));
        // What the fleet printed, beside its report (kept with AUTH0_ENTRA_SCIM_E2E_KEEP).
        fs.writeFileSync(`${reportFile}.log`, text);
        const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, "utf8")) as FleetReport) : ({} as FleetReport);
        return { code, text, report };
    }

    it("fleet up --yes --in-process creates all three stacks at once, each with plan's count of resources", async () => {
        const { code, text, report } = await fleet(["up", "--all", "--yes", "--in-process", "--concurrency", "3"]);
        assert.equal(code, 0, text);
        assert.match(text, /^Pulumi CLI v3\.248\.0 \(.*\), logged in as .* to file:\/\//m, "the one check before any stack");
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result]), CUSTOMERS.map((c) => [c, "succeeded"]));
        for (const s of report.stacks) {
            assert.deepEqual(s.changes, { create: planned, update: 0, replace: 0, delete: 0 }, `${s.stack}: fleet counts what plan counts (${planned})`);
            // The engine's own count, kept beside it, also has the Stack, the components and the providers.
            assert.ok((s.engineChanges?.create ?? 0) > planned, `${s.stack}: engine ${JSON.stringify(s.engineChanges)}`);
        }
        // Each program read its own stack's config, though all three ran in this process at once.
        const connections = emulators.auth0.connections().map((c) => c.name).sort();
        assert.deepEqual(connections, CUSTOMERS.map((c) => `${c}-entra`));
        const jobs = emulators.summary().entra.jobs;
        assert.equal(jobs.length, 3);
        assert.deepEqual(new Set(jobs.map((j) => j.tenantUrl)).size, 3, "each job points at its own connection");
        for (const customer of CUSTOMERS) assert.match(text, new RegExp(`\\n${customer}\\s+ok\\s+${planned}\\s+0\\s+0\\s+0\\s`));
    });

    it("a second fleet up, through the plan summary and the question, writes nothing, and lists the three stacks ok", async () => {
        const questions: string[] = [];
        const auth0From = emulators.auth0.requests.length;
        const graphFrom = emulators.graph.requests.length;
        const { code, text, report } = await fleet(["up", "--all", "--in-process"], { confirm: async (q) => (questions.push(q), "yes") });
        assert.equal(code, 0, text);
        assert.deepEqual(questions, ["Run pulumi up on 3 stack(s) (0 to create, 0 to update, 0 to replace, 0 to delete)?"]);
        assert.match(text, /Plan: pulumi up of 3 stack\(s\)/);
        assert.deepEqual(writes(emulators.auth0.requests.slice(auth0From)), [], "no Auth0 write");
        assert.deepEqual(writes(emulators.graph.requests.slice(graphFrom)), [], "no Graph write");
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result, s.changes]), CUSTOMERS.map((c) => [c, "succeeded", { create: 0, update: 0, replace: 0, delete: 0 }]));
        assert.match(text, /up: 3 stack\(s\), 3 ok, 0 failed; exit 0/);
    });

    it("fleet health: the three stacks healthy once Entra has run a cycle of each job", async () => {
        for (const job of emulators.summary().entra.jobs) {
            const cycle = await runProvisioningCycle(emulators.graph, { servicePrincipalId: job.servicePrincipalId, jobId: job.jobId });
            assert.deepEqual(cycle.errors, []);
        }
        const { code, text, report } = await fleet(["health", "--all"]);
        assert.equal(code, 0, text);
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.health]), CUSTOMERS.map((c) => [c, "healthy"]));
        assert.match(text, /health: 3 stack\(s\), 3 ok, 0 failed, 0 unhealthy, 0 could not be checked; exit 0/);
    });
});
