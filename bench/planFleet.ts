/**
 * `npm run plan -- --all` at fleet size (issue 17): N copies of the example stack in a temp copy of the
 * project, planned by the real command, next to one stack's plan. Not part of `npm run bench`.
 *
 *     node -r ts-node/register/transpile-only bench/planFleet.ts [--stacks 100] [--reps 1] [--keep]
 *
 * Each copy is Pulumi.dev.yaml without its "example stack, never deployed" marker (which --all skips),
 * with a connection name and an Entra tenant id of its own (plan refuses duplicates). The first run
 * is `--all` on the fresh copy, whose files the plan's transpile cache has not seen (as in a CI job
 * with an empty temp dir); then, per repetition, one stack and `--all` again, cache warm. Prints wall
 * times, the load average before and after each run (other work on the machine slows it), and checks
 * that every stack was planned.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as yaml from "js-yaml";

const PACKAGE_DIR = path.resolve(__dirname, "..");
const CLI = path.join(PACKAGE_DIR, "tools", "cli", "bin.js");
const MARKER = /^#\s*auth0-entra-scim: example stack, never deployed\s*$/m;
/** Not copied: installed packages (linked instead), build output, git, the Go engine, the example stacks. */
const SKIP = new Set(["node_modules", ".git", "bin", "engine", ".engine"]);

/** A copy of the project's program files in a private temp dir, node_modules linked, no stack files. */
export function projectCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-fleet-")); // mode 0700
    for (const entry of fs.readdirSync(PACKAGE_DIR)) {
        if (SKIP.has(entry) || /^Pulumi\..+\.ya?ml$/.test(entry)) continue;
        fs.cpSync(path.join(PACKAGE_DIR, entry), path.join(dir, entry), { recursive: true, dereference: false });
    }
    fs.symlinkSync(path.join(PACKAGE_DIR, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** The example stack as stack `name`: no marker, its own connection name and Entra tenant id. */
export function fleetStack(example: string, index: number): { name: string; text: string } {
    const name = `fleet-${String(index).padStart(3, "0")}`;
    const doc = yaml.load(example.replace(MARKER, "")) as { config: Record<string, unknown> };
    const h = createHash("sha256").update(name).digest("hex");
    doc.config["auth0-entra-scim:connectionName"] = `${name}-entra`;
    doc.config["azuread:tenantId"] = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return { name, text: yaml.dump(doc) };
}

/**
 * CPU seconds (user + system) of this process's reaped children and theirs (Linux: /proc/self/stat
 * cutime + cstime); undefined elsewhere. Less sensitive to other load than wall time.
 */
function childrenCpu(): number | undefined {
    try {
        const fields = fs.readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
        const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
        return (Number(fields[13]) + Number(fields[14])) / ticks;
    } catch {
        return undefined;
    }
}

interface Run {
    readonly label: string;
    readonly seconds: number;
    /** CPU seconds of the command and its workers. */
    readonly cpu?: number;
    readonly code: number | null;
    readonly planned: number;
    readonly failed: number;
    readonly loadBefore: number;
    readonly loadAfter: number;
}

function timed(label: string, args: string[]): Run {
    const loadBefore = os.loadavg()[0];
    const cpu0 = childrenCpu();
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, "plan", ...args], { cwd: PACKAGE_DIR, encoding: "utf8", maxBuffer: 1 << 30 });
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = childrenCpu();
    const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    const planned = (r.stderr.match(/^planned \S+: \d+ resources/gm) ?? []).length;
    const failed = (r.stderr.match(/^planned \S+: FAILED/gm) ?? []).length;
    if (r.status !== 0) process.stderr.write(r.stderr.split("\n").slice(-20).join("\n"));
    return { label, seconds, cpu, code: r.status, planned, failed, loadBefore, loadAfter: os.loadavg()[0] };
}

function main(argv: string[]): number {
    const flag = (name: string, fallback: number) => {
        const i = argv.indexOf(name);
        return i >= 0 ? Number(argv[i + 1]) : fallback;
    };
    const stacks = flag("--stacks", 100);
    const reps = flag("--reps", 1);
    const dir = projectCopy();
    const example = fs.readFileSync(path.join(PACKAGE_DIR, "Pulumi.dev.yaml"), "utf8");
    for (let i = 0; i < stacks; i++) {
        const { name, text } = fleetStack(example, i);
        fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text, { flag: "wx" });
    }
    console.log(`${stacks} copies of Pulumi.dev.yaml in ${dir}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}`);
    const runs: Run[] = [];
    try {
        runs.push(timed(`--all (${stacks} stacks), transpile cache cold`, ["--all", "--project-dir", dir]));
        for (let rep = 0; rep < reps; rep++) {
            runs.push(timed("one stack (--stack fleet-000)", ["--stack", "fleet-000", "--project-dir", dir]));
            runs.push(timed(`--all (${stacks} stacks)`, ["--all", "--project-dir", dir]));
        }
    } finally {
        if (!argv.includes("--keep")) fs.rmSync(dir, { recursive: true, force: true });
    }
    console.log("\n| run | wall, s | CPU (user + sys), s | exit | planned | failed | load avg (1 min) before → after |\n|---|---|---|---|---|---|---|");
    for (const r of runs) console.log(`| ${r.label} | ${r.seconds.toFixed(1)} | ${r.cpu?.toFixed(1) ?? "n/a"} | ${r.code} | ${r.planned} | ${r.failed} | ${r.loadBefore.toFixed(1)} → ${r.loadAfter.toFixed(1)} |`);
    const bad = runs.filter((r) => r.code !== 0 || r.failed > 0 || r.planned !== (r.label.startsWith("one") ? 1 : stacks));
    return bad.length === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
