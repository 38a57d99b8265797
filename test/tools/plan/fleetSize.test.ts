/**
 * `plan --all` at fleet size (issue 17): 100 copies of the example stack, planned by the real command
 * in a temp copy of the project, in under a minute on a machine not loaded past its CPUs. bench/planFleet.ts
 * measures the same with repetitions for BENCHMARKS.md.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fleetStack, projectCopy } from "../../../bench/planFleet";

const PACKAGE_DIR = path.resolve(__dirname, "..", "..", "..");
const STACKS = 100;

/** CPU seconds (user + system) of this process's reaped children (Linux /proc; undefined elsewhere). */
function childrenCpu(): number | undefined {
    try {
        const fields = fs.readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
        return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ, 100 on Linux
    } catch {
        return undefined;
    }
}

describe("plan --all over 100 stacks (issue 17)", function () {
    this.timeout(300_000);
    let dir: string;
    before(() => {
        dir = projectCopy();
        const example = fs.readFileSync(path.join(PACKAGE_DIR, "Pulumi.dev.yaml"), "utf8");
        for (let i = 0; i < STACKS; i++) {
            const { name, text } = fleetStack(example, i);
            fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
        }
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("plans every stack to the same resources, in under 60 s of CPU (and of wall time when the machine is not busier than its CPUs)", () => {
        const load = os.loadavg()[0];
        const cpuBefore = childrenCpu();
        const started = performance.now();
        const run = spawnSync(process.execPath, [path.join(PACKAGE_DIR, "tools", "cli", "bin.js"), "plan", "--all", "--json", "--project-dir", dir], {
            encoding: "utf8",
            maxBuffer: 256 * 1024 * 1024,
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        });
        const seconds = (performance.now() - started) / 1000;
        const cpu = cpuBefore === undefined ? undefined : childrenCpu()! - cpuBefore;
        assert.equal(run.status, 0, run.stderr.slice(-2000));
        const report = JSON.parse(run.stdout) as { schemaVersion: number; stacks: Array<{ stack: string; ok: boolean; resources: unknown[] }> };
        assert.equal(report.stacks.length, STACKS);
        assert.deepEqual(report.stacks.filter((p) => !p.ok).map((p) => p.stack), []);
        const counts = new Set(report.stacks.map((p) => p.resources.length));
        assert.equal(counts.size, 1, `the copies planned to different resource counts: ${[...counts]}`);
        console.log(`      ${STACKS} stacks: ${seconds.toFixed(1)} s wall, ${cpu?.toFixed(1) ?? "?"} s CPU (load ${load.toFixed(1)} on ${os.cpus().length} CPUs)`);
        // CPU is steadier than wall time under other load: under a minute of it, so under a minute even on one core.
        if (cpu !== undefined) assert.ok(cpu < 60, `planning ${STACKS} stacks took ${cpu.toFixed(1)} s of CPU`);
        // Wall time depends on what else the machine runs; on a machine not loaded past its CPUs it must fit.
        if (load <= os.cpus().length) assert.ok(seconds < 60, `planning ${STACKS} stacks took ${seconds.toFixed(1)} s`);
    });
});
