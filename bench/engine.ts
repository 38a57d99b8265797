/**
 * `npm run bench -- --parts engine`: the program under the real Pulumi engine (sandbox/engine.ts), through
 * the end-to-end harness (test/e2e/harness.ts: fresh emulators and a fresh local backend per stack, the
 * stand-ins for auth0 and azuread), for N assigned users. Per N, in order on one fresh stack:
 *
 *   1. `preview` of the empty stack (what the first `up` would do), next to the offline
 *      `npm run plan -- --stack dev --config-file <the same config>` (mocks, no engine), timed as a whole
 *      command;
 *   2. the first `up`;
 *   3. the no-op `up` after it.
 *
 * Each is timed (wall, from the Automation API call to its answer) and its vendor requests counted by
 * vendor and method, writes (anything but GET, sign-ins left out) apart. The stack is Pulumi.dev.yaml
 * with `assignedUsers` set to N users (the two the stack file assigns first; the rest seeded into the
 * Entra emulator's directory before the preview), no assigned groups (so N is the number of principals),
 * and the first user provisioned on demand (Graph allows at most 5).
 *
 * The harness trusts the emulators' certificate only when the process was started through
 * sandbox/withCa.ts (NODE_EXTRA_CA_CERTS is read at start); run.ts does that:
 *
 *   node -r ts-node/register/transpile-only sandbox/withCa.ts \
 *     node -r ts-node/register/transpile-only bench/engine.ts [--sizes 1,10,100] [--write]
 *
 * Prints a markdown section; with --write puts it into BENCHMARKS.md between the engine markers.
 * Exits 1 when a step fails, the no-op `up` writes anything, or the engine cannot be had.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as yaml from "js-yaml";
import type { RecordedRequest } from "../sandbox/emulators/harness";
import { PROJECT_ROOT } from "../sandbox/engine";
import { byMethod, e2eEngine, openSandbox, writes } from "../test/e2e/harness";

const BENCHMARKS_MD = path.join(PROJECT_ROOT, "BENCHMARKS.md");
export const ENGINE_BEGIN = "<!-- bench:engine:begin -->";
export const ENGINE_END = "<!-- bench:engine:end -->";
const NS = "auth0-entra-scim";

const devConfig = (yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
const DEV_USERS = devConfig[`${NS}:assignedUsers`] as string[];

/** N user object ids: the stack file's first, then made-up v4 GUIDs. */
export function assignedUsers(n: number): string[] {
    const made = (i: number) => `b0000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
    return Array.from({ length: n }, (_, i) => DEV_USERS[i] ?? made(i));
}

/** The config that differs from Pulumi.dev.yaml for N users. */
export function configFor(n: number): Record<string, unknown> {
    const users = assignedUsers(n);
    return { [`${NS}:assignedUsers`]: users, [`${NS}:assignedGroups`]: [], [`${NS}:provisionOnDemand`]: users.slice(0, 1) };
}

interface Traffic {
    readonly auth0: readonly RecordedRequest[];
    readonly graph: readonly RecordedRequest[];
}

interface Measured {
    readonly step: string;
    readonly seconds: number;
    readonly traffic: Traffic;
    /** The engine's resource changes (preview: planned), without `same` unless nothing else. */
    readonly changes: Record<string, number>;
}

export interface SizeResult {
    readonly principals: number;
    readonly steps: Measured[];
    /** The offline plan of the same config: the whole command's wall time, its exit code. */
    readonly plan: { seconds: number; code: number };
}

function timePlan(n: number): { seconds: number; code: number } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-bench-plan-"));
    try {
        const file = path.join(dir, "Pulumi.dev.yaml");
        fs.writeFileSync(file, yaml.dump({ config: { ...devConfig, ...configFor(n) } }));
        const started = performance.now();
        const result = spawnSync(process.execPath, [path.join(PROJECT_ROOT, "tools", "cli", "bin.js"), "plan", "--stack", "dev", "--config-file", file], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            timeout: 300_000,
        });
        const seconds = (performance.now() - started) / 1000;
        if (result.status !== 0) process.stderr.write(`  plan (n=${n}) exited ${result.status}:\n${(result.stdout + result.stderr).split("\n").slice(-15).join("\n")}\n`);
        return { seconds, code: result.status ?? -1 };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export async function measureSize(n: number): Promise<SizeResult> {
    const engine = await e2eEngine();
    if (!engine) throw new Error("no engine (see above)");
    const sandbox = await openSandbox(engine, { config: configFor(n) });
    try {
        // The sandbox seeded the stack file's users; the others are added here.
        for (const [i, id] of assignedUsers(n).entries()) {
            if (sandbox.emulators.graph.user(id)) continue;
            sandbox.emulators.graph.seedUser({ id, userPrincipalName: `bench${i + 1}@contoso.onmicrosoft.com`, displayName: `Bench User ${i + 1}` });
        }
        const steps: Measured[] = [];
        const run = async (step: string, fn: () => Promise<Record<string, number> | undefined>) => {
            const started = performance.now();
            const { result, auth0, graph } = await sandbox.traffic(fn);
            const seconds = (performance.now() - started) / 1000;
            const changes = result ?? {};
            steps.push({ step, seconds, traffic: { auth0, graph }, changes });
            process.stderr.write(`  n=${n} ${step}: ${seconds.toFixed(1)} s, ${auth0.length} Auth0 + ${graph.length} Graph requests, ${JSON.stringify(changes)}\n`);
        };
        await run("preview", async () => (await sandbox.stack.preview()).changeSummary as Record<string, number>);
        await run("first up", async () => {
            const r = await sandbox.stack.up();
            if (r.summary.result !== "succeeded") throw new Error(`up: ${r.summary.result}`);
            return r.summary.resourceChanges as Record<string, number>;
        });
        await run("no-op up", async () => {
            const r = await sandbox.stack.up();
            if (r.summary.result !== "succeeded") throw new Error(`no-op up: ${r.summary.result}`);
            return r.summary.resourceChanges as Record<string, number>;
        });
        const plan = timePlan(n);
        process.stderr.write(`  n=${n} offline plan: ${plan.seconds.toFixed(1)} s, exit ${plan.code}\n`);
        return { principals: n, steps, plan };
    } finally {
        await sandbox.close();
    }
}

// ---------------------------------------------------------------- report

const SIGN_IN = (r: RecordedRequest) => !byMethodKeys(r);
/** True for a vendor API request (not a sign-in): byMethod's own filter, applied to one request. */
function byMethodKeys(r: RecordedRequest): boolean {
    return Object.keys(byMethod([r])).length > 0;
}

function methods(requests: readonly RecordedRequest[]): string {
    const counts = byMethod(requests);
    const order = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    const keys = Object.keys(counts).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return keys.length === 0 ? "0" : keys.map((k) => `${counts[k]} ${k}`).join(" + ");
}

/** Writes by method and what they address, e.g. `3 POST appRoleAssignments`. */
function writeList(requests: readonly RecordedRequest[]): string {
    const counts: Record<string, number> = {};
    for (const r of writes(requests)) {
        const p = r.path.split("?")[0].replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}/gi, "/{id}");
        const what = p.split("/").filter((s) => s && s !== "{id}" && !/^(v1\.0|beta|api|v2)$/.test(s)).slice(-1)[0] ?? p;
        const key = `${r.method} ${what}`;
        counts[key] = (counts[key] ?? 0) + 1;
    }
    const keys = Object.keys(counts).sort();
    return keys.length === 0 ? "0" : keys.map((k) => `${counts[k]} ${k}`).join(", ");
}

const changeText = (c: Record<string, number>) => {
    const entries = Object.entries(c).filter(([, n]) => n > 0);
    return entries.length === 0 ? "–" : entries.map(([op, n]) => `${n} ${op}`).join(", ");
};
const table = (head: string[], rows: string[][]) =>
    [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

export function report(results: SizeResult[], engineNote: string): { markdown: string; failures: string[] } {
    const failures: string[] = [];
    const rows: string[][] = [];
    for (const r of results) {
        for (const s of r.steps) {
            const all = [...s.traffic.auth0, ...s.traffic.graph];
            const w = writes(all).length;
            if (s.step === "no-op up" && w > 0) failures.push(`n=${r.principals}: the no-op up wrote ${w} times`);
            rows.push([
                String(r.principals), s.step, s.seconds.toFixed(1), changeText(s.changes),
                methods(s.traffic.auth0), methods(s.traffic.graph),
                String(w), writeList(s.traffic.auth0) + " / " + writeList(s.traffic.graph),
                String(all.filter(SIGN_IN).length),
            ]);
        }
        if (r.plan.code !== 0) failures.push(`n=${r.principals}: npm run plan exited ${r.plan.code}`);
    }
    const planRows = results.map((r) => {
        const preview = r.steps.find((s) => s.step === "preview")!;
        return [String(r.principals), preview.seconds.toFixed(1), r.plan.seconds.toFixed(1), r.plan.code === 0 ? "0" : `**${r.plan.code}**`];
    });
    const markdown = [
        `Run ${new Date().toISOString()}: ${os.availableParallelism()} CPUs (nproc) ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}; ${engineNote}.`,
        "",
        table(
            ["principals", "step", "wall, s", "engine's resource changes", "Auth0 requests", "Graph requests", "writes", "writes: Auth0 / Graph", "sign-in requests (not counted)"],
            rows,
        ),
        "",
        table(["principals", "engine `preview` (fresh stack), s", "offline `npm run plan -- --stack dev --config-file …` (whole command), s", "plan exit"], planRows),
        "",
        "**Failures:** " + (failures.length ? failures.join("; ") : "none") + ".",
    ].join("\n");
    return { markdown, failures };
}

// ---------------------------------------------------------------- main

async function main(argv: string[]): Promise<number> {
    const sizesAt = argv.indexOf("--sizes");
    const sizes = sizesAt >= 0 ? argv[sizesAt + 1].split(",").map(Number) : [1, 10, 100];
    if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1 || n > 1000)) throw new Error("--sizes: whole numbers from 1 to 1000");
    const write = argv.includes("--write");
    const engine = await e2eEngine();
    if (!engine) return 1;
    const results: SizeResult[] = [];
    for (const n of sizes) {
        process.stderr.write(`engine: ${n} assigned users\n`);
        results.push(await measureSize(n));
    }
    const { markdown, failures } = report(results, `engine ${engine.binary} (${engine.source ?? "found"})`);
    process.stdout.write(`\n${markdown}\n`);
    if (write) {
        const current = fs.readFileSync(BENCHMARKS_MD, "utf8");
        const [begin, end] = [current.indexOf(ENGINE_BEGIN), current.indexOf(ENGINE_END)];
        if (begin < 0 || end < begin) process.stderr.write(`warning: BENCHMARKS.md has no ${ENGINE_BEGIN} … ${ENGINE_END} markers; not written\n`);
        else {
            fs.writeFileSync(BENCHMARKS_MD, `${current.slice(0, begin + ENGINE_BEGIN.length)}\n${markdown}\n${current.slice(end)}`);
            process.stderr.write("engine tables written to BENCHMARKS.md\n");
        }
    }
    return failures.length ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (error) => {
            process.stderr.write(`bench engine: ${error instanceof Error ? error.stack : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
