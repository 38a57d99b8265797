/**
 * The plan's worker processes (tools/plan/pool.ts, worker.ts): a stack that hangs, exits the process,
 * leaves work pending or rejects a promise fails alone, and the stacks after it are planned; the
 * program's own modules are loaded afresh for each stack, the project's providers/ once per worker.
 *
 * The programs are small ones in a temp project (node_modules linked to this package's), one stack file
 * per behaviour: the program reads its stack name.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { newPlanPool, PACKAGE_DIR, planInPool, type StackPlan } from "../../../tools/plan/plan";
import { outputOf, type Running, type WorkerPool } from "../../../tools/plan/pool";
import { JOB_MARK } from "../../../tools/plan/worker";

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { next } from "./counter";
import { kept } from "./providers/kept";

const stack = pulumi.getStack();
if (stack === "noisy") console.error("printed by noisy");
if (stack === "exits") {
    console.error("last words of " + stack);
    process.exit(3);
}
if (stack === "timer") setTimeout(() => undefined, 60_000);
if (stack === "rejects") void Promise.reject(new Error("rejected in " + stack));
if (stack === "throws") throw new Error("thrown in " + stack);

new pulumi.CustomResource("test:index:Thing", "thing-" + stack, { size: new pulumi.Config().requireNumber("size") });
/** 1 for every stack: this module and ./counter are evaluated afresh each time. */
export const loads = next();
/** Counts up within a worker: providers/ stays loaded. */
export const keptLoads = kept();
export const never = stack === "hangs" ? new Promise(() => undefined) : undefined;
`;

const COUNTER = "let n = 0;\nexport function next(): number {\n    return ++n;\n}\n";

function project(stacks: readonly string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-pool-test-"));
    fs.symlinkSync(path.join(PACKAGE_DIR, "node_modules"), path.join(dir, "node_modules"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: pooltest\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
    fs.writeFileSync(path.join(dir, "counter.ts"), COUNTER);
    fs.mkdirSync(path.join(dir, "providers"));
    fs.writeFileSync(path.join(dir, "providers", "kept.ts"), COUNTER.replace("next", "kept"));
    stacks.forEach((stack, i) => fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n  pooltest:size: "${i + 1}"\n`));
    return dir;
}

describe("plan workers (tools/plan/pool.ts, worker.ts)", function () {
    this.timeout(180_000);
    let dir: string;
    let pool: WorkerPool | undefined;
    before(() => {
        dir = project(["ok", "ok2", "exits", "hangs", "timer", "rejects", "throws", "noisy"]);
    });
    afterEach(async () => {
        await pool?.close();
        pool = undefined;
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const plan = (stack: string, timeoutMs?: number): Promise<StackPlan> => planInPool(pool!, stack, { projectDir: dir, ...(timeoutMs ? { timeoutMs } : {}) });

    it("loads the program's modules afresh for each stack, and the project's providers/ once per worker", async () => {
        pool = newPlanPool(1, dir);
        const first = await plan("ok");
        const second = await plan("ok2");
        assert.equal(first.ok, true, first.error);
        assert.equal(second.ok, true, second.error);
        assert.equal(pool.started, 1, "one worker planned both");
        assert.deepEqual([first.outputs.loads, second.outputs.loads], [1, 1]);
        assert.deepEqual([first.outputs.keptLoads, second.outputs.keptLoads], [1, 2]);
        // Each with its own config and nothing of the other's.
        assert.deepEqual(first.resources.map((r) => [r.name, r.inputs.size]), [["thing-ok", 1]]);
        assert.deepEqual(second.resources.map((r) => [r.name, r.inputs.size]), [["thing-ok2", 2]]);
    });

    it("a stack that exits the process or hangs fails alone; the next stack is planned by a new worker", async () => {
        pool = newPlanPool(1, dir);
        const [exits, hangs, after] = [await plan("exits"), await plan("hangs", 3_000), await plan("ok")];
        assert.equal(exits.ok, false);
        assert.deepEqual(exits.problems, ["the plan process exited with code 3"]);
        assert.equal(hangs.ok, false);
        assert.deepEqual(hangs.problems, ["the program did not finish within 3 s"]);
        assert.equal(after.ok, true, after.error);
        assert.deepEqual(after.resources.map((r) => r.name), ["thing-ok"]);
        assert.equal(pool.started, 3, "a worker for each: the first exited, the second was killed");
    });

    it("a crash report shows what that stack's program printed, never what an earlier stack's did", async () => {
        pool = newPlanPool(1, dir);
        const noisy = await plan("noisy");
        const exits = await plan("exits");
        assert.equal(noisy.ok, true, noisy.error);
        assert.match(exits.error ?? "", /last words of exits/);
        assert.doesNotMatch(exits.error ?? "", /printed by noisy/);
    });

    it("a stack that leaves a timer pending retires its worker once planned, so nothing of it runs during the next", async () => {
        pool = newPlanPool(1, dir);
        const timer = await plan("timer");
        const after = await plan("ok");
        assert.equal(timer.ok, true, timer.error);
        assert.equal(after.ok, true, after.error);
        assert.equal(pool.started, 2);
    });

    it("an unhandled rejection fails its own stack only", async () => {
        pool = newPlanPool(1, dir);
        const rejects = await plan("rejects");
        const after = await plan("ok");
        assert.equal(rejects.ok, false);
        assert.deepEqual(rejects.problems, ["Error: rejected in rejects"]);
        assert.equal(after.ok, true, after.error);
        assert.equal(after.error, undefined);
        assert.equal(pool.started, 1, "the worker carried on");
    });

    it("a program that throws is reported with its own frames only, not the plan's loader or runner", async () => {
        pool = newPlanPool(1, dir);
        const throws = await plan("throws");
        assert.equal(throws.ok, false);
        assert.deepEqual(throws.problems, ["Error: thrown in throws"]);
        assert.match(throws.error ?? "", /^Error: thrown in throws\n\s+at .*\(index\.ts:\d+:\d+\)$/);
    });

    it("plans stacks in parallel workers, at most the pool's size, in the order asked", async () => {
        pool = newPlanPool(2, dir);
        const plans = await Promise.all(["ok", "ok2", "ok", "ok2"].map((s) => plan(s)));
        assert.deepEqual(plans.map((p) => [p.stack, p.ok]), [["ok", true], ["ok2", true], ["ok", true], ["ok2", true]]);
        assert.equal(pool.started, 2);
        assert.deepEqual(plans.map((p) => p.outputs.loads), [1, 1, 1, 1]);
    });
});

describe("outputOf (tools/plan/pool.ts): a worker's output, job by job", () => {
    const job = (seq: number) => ({ seq, stderr: "" }) as unknown as Running;

    it("gives a job only what follows its mark, even when an earlier job's output arrives late or a mark is split", () => {
        const worker: { running?: Running } = { running: job(1) };
        const feed = outputOf(worker);
        feed("starting\n" + JOB_MARK + "first's own\n");
        assert.equal(worker.running!.stderr, "starting\nfirst's own\n", "the worker's start and the first job's output");
        // The first job answered; the second starts before the first's last output is read.
        worker.running = job(2);
        feed("first's late output\n" + JOB_MARK.slice(0, 4));
        feed(JOB_MARK.slice(4) + "second's own\n");
        assert.equal(worker.running.stderr, "second's own\n");
    });
});
