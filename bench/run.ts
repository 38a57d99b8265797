/**
 * `npm run bench`: what the program and the custom providers cost, next to the floor.
 *
 *   1. Program cost under Pulumi mocks: the full stack (index.ts) against a raw flat program registering
 *      the same resources with the same inputs (bench/rawProgram.ts), for 1, 100 and 1,000 assigned
 *      principals; each (variant, size, repetition) in a fresh Node process, interleaved.
 *   2. API calls per lifecycle step of the custom providers (ScimToken, ScimTokenConfirmation,
 *      ScimTokenRevocation, ProvisioningSchema, ProvisionOnDemandCheck,
 *      ProvisioningStart) and of the Entra secrets PUT azuread's SynchronizationSecret makes, against the
 *      test emulators, next to the floor (bench/providers.ts). Exits non-zero when a step is above its
 *      floor or leaves the wrong result.
 *   3. `npm test` and `tsc --noEmit` wall time.
 *
 * Prints the tables and writes them into BENCHMARKS.md between the bench markers.
 *
 * Part `engine` (bench/engine.ts: the real Pulumi engine against the emulators, minutes) runs only when
 * named: `--parts engine [--engine-sizes 1,10,100]`; it writes its own section of BENCHMARKS.md.
 *
 * Flags: --parts=programs,providers,tests (default all three), --reps=N (program repetitions, default 7),
 *        --sizes=1,100,1000, --test-reps=N (default 3), --no-write (leave BENCHMARKS.md alone; implied
 *        when not all parts run, so the file always holds one complete run).
 */
import { spawn, spawnSync } from "node:child_process";
import { type Options, PARTS } from "./cli";
import { TLS_DIR_ENV } from "../sandbox/withCa";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { ProgramResult, Variant } from "./program";
import { type Counts, formatCounts, RESOURCE_LABELS, runProviderBench, type StepRow, sumCounts } from "./providers";

const ROOT = path.resolve(__dirname, "..");
const BENCHMARKS_MD = path.join(ROOT, "BENCHMARKS.md");
const BEGIN = "<!-- bench:results:begin -->";
const END = "<!-- bench:results:end -->";

const TARGET_FULL_OVER_RAW = 1.2;
const TARGET_GROWTH_1000_OVER_100 = 12;
const TARGET_NPM_TEST_S = 60;



// ---------------------------------------------------------------- statistics and formatting

const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const spread = (xs: number[], digits: number, unit = "") =>
    `${median(xs).toFixed(digits)}${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
const mb = (bytes: number) => bytes / 2 ** 20;
const table = (head: string[], rows: string[][]) =>
    [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

// ---------------------------------------------------------------- part 1: program cost

/** Compiles the project (bench included) once, so the timed children run plain JavaScript. */
function compile(): string {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-bench-"));
    const tsc = require.resolve("typescript/bin/tsc");
    const result = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json"), "--outDir", outDir, "--sourceMap", "false"], {
        cwd: ROOT,
        encoding: "utf8",
    });
    if (!fs.existsSync(path.join(outDir, "bench", "program.js"))) {
        throw new Error(`compiling for the bench failed:\n${result.stdout}${result.stderr}`);
    }
    if (result.status !== 0) {
        // Emitted anyway; a type error is npm test's to report, not a reason to skip measuring.
        console.warn(`warning: tsc reported errors (the bench runs what it emitted):\n${result.stdout.split("\n").slice(0, 5).join("\n")}`);
    }
    return outDir;
}

interface Sample extends ProgramResult {
    readonly rep: number;
    /** Spawn to exit, as the parent saw it. */
    readonly wallMs: number;
}

function runChild(outDir: string, variant: Variant, n: number, rep: number): Promise<Sample> {
    return new Promise((resolve, reject) => {
        const started = performance.now();
        const child = spawn(process.execPath, ["--expose-gc", path.join(outDir, "bench", "program.js"), variant, String(n)], {
            cwd: ROOT,
            // The compiled tree lives outside the repo: resolve packages from the repo's node_modules.
            env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = performance.now() - started;
            const line = stdout.split("\n").find((l) => l.startsWith("RESULT "));
            if (code !== 0 || !line) return reject(new Error(`${variant} ${n}: exit ${code}\n${stderr}${stdout}`));
            resolve({ ...(JSON.parse(line.slice("RESULT ".length)) as ProgramResult), rep, wallMs });
        });
    });
}

async function measurePrograms(options: Options): Promise<Sample[]> {
    const outDir = compile();
    try {
        // One discarded pair first: the file cache and CPU frequency settle. Its registrations are
        // compared at once, so a raw program that no longer matches the full one stops the bench here,
        // not after every timed run.
        const warmUp = [await runChild(outDir, "full", options.sizes[0], -1), await runChild(outDir, "raw", options.sizes[0], -1)];
        assertSameWork(warmUp, [options.sizes[0]]);
        const samples: Sample[] = [];
        for (let rep = 0; rep < options.reps; rep++) {
            for (const n of options.sizes) {
                // Interleaved, and alternating which goes first, so drift and noise hit both alike.
                const order: Variant[] = rep % 2 === 0 ? ["full", "raw"] : ["raw", "full"];
                for (const variant of order) {
                    const sample = await runChild(outDir, variant, n, rep);
                    samples.push(sample);
                    process.stderr.write(`  rep ${rep + 1}/${options.reps} ${variant.padEnd(4)} n=${String(n).padEnd(5)} ${sample.programMs.toFixed(0)} ms\n`);
                }
            }
        }
        return samples;
    } finally {
        fs.rmSync(outDir, { recursive: true, force: true });
    }
}

/** Both variants must register the same resources with the same inputs, and answer the same invokes. */
function assertSameWork(samples: Sample[], sizes: number[]): void {
    for (const n of sizes) {
        const ofSize = samples.filter((s) => s.principals === n);
        const reference = ofSize.find((s) => s.variant === "full")!;
        const expected = JSON.stringify({ r: sortKeys(reference.resources), i: sortKeys(reference.invokes), o: reference.outputs });
        const prints = JSON.stringify(sortKeys(reference.fingerprints));
        for (const s of ofSize) {
            const got = JSON.stringify({ r: sortKeys(s.resources), i: sortKeys(s.invokes), o: s.outputs });
            if (got !== expected) throw new Error(`n=${n}: ${s.variant} registered different resources or invokes:\n${got}\nvs full:\n${expected}`);
            const gotPrints = JSON.stringify(sortKeys(s.fingerprints));
            if (gotPrints !== prints) {
                const differ = Object.keys(reference.fingerprints).filter((t) => reference.fingerprints[t] !== s.fingerprints[t]);
                throw new Error(`n=${n}: ${s.variant} registered different names or inputs for ${differ.join(", ")}`);
            }
        }
        const assignments = reference.resources["azuread:index/appRoleAssignment:AppRoleAssignment"];
        if (assignments !== 2 * n) throw new Error(`n=${n}: expected ${2 * n} app role assignments, got ${assignments}`);
    }
}

const sortKeys = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

interface ProgramReport {
    readonly markdown: string;
    readonly missed: string[];
}

function reportPrograms(samples: Sample[], options: Options): ProgramReport {
    const { sizes } = options;
    const pick = (variant: Variant, n: number) =>
        samples.filter((s) => s.variant === variant && s.principals === n).sort((a, b) => a.rep - b.rep);
    const missed: string[] = [];

    const costRows: string[][] = [];
    for (const n of sizes) {
        for (const variant of ["full", "raw"] as const) {
            const s = pick(variant, n);
            const resources = Object.values(s[0].resources).reduce((a, b) => a + b, 0);
            costRows.push([
                String(n),
                variant,
                `${resources} + ${s[0].components} components`,
                spread(s.map((x) => x.programMs), 0),
                spread(s.map((x) => x.wallMs), 0),
                spread(s.map((x) => mb(x.peakRss)), 0),
                spread(s.map((x) => mb(x.rssGrowth)), 1),
            ]);
        }
    }

    const ratioRows = sizes.map((n) => {
        const [full, raw] = [pick("full", n), pick("raw", n)];
        const paired = full.map((f, i) => f.programMs / raw[i].programMs);
        const ratio = median(full.map((x) => x.programMs)) / median(raw.map((x) => x.programMs));
        const rss = median(full.map((x) => x.peakRss)) / median(raw.map((x) => x.peakRss));
        const growth = median(full.map((x) => x.rssGrowth)) / median(raw.map((x) => x.rssGrowth));
        const ok = ratio <= TARGET_FULL_OVER_RAW;
        if (!ok) missed.push(`full/raw time at ${n} principals is ${ratio.toFixed(2)} (target ≤ ${TARGET_FULL_OVER_RAW})`);
        return [String(n), `${ratio.toFixed(2)} (paired ${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`,
            ok ? "met" : "**missed**", rss.toFixed(2), growth.toFixed(2)];
    });

    // t(1000)/t(100) includes the fixed cost (it flatters linearity), so the cost per added principal
    // over each interval is shown too: equal slopes are linear growth, a rising slope is superlinear.
    const growthRows: string[][] = [];
    const [small, mid, large] = [sizes[0], 100, 1000];
    if (sizes.includes(mid) && sizes.includes(large) && small < mid) {
        for (const variant of ["full", "raw"] as const) {
            const t = (n: number) => median(pick(variant, n).map((x) => x.programMs));
            const [a, b] = [pick(variant, mid), pick(variant, large)];
            const paired = b.map((x, i) => x.programMs / a[i].programMs);
            const ratio = t(large) / t(mid);
            const [slopeLow, slopeHigh] = [(t(mid) - t(small)) / (mid - small), (t(large) - t(mid)) / (large - mid)];
            const ok = ratio <= TARGET_GROWTH_1000_OVER_100;
            if (!ok) missed.push(`${variant} t(1000)/t(100) is ${ratio.toFixed(2)} (target ≤ ${TARGET_GROWTH_1000_OVER_100})`);
            growthRows.push([variant, `${ratio.toFixed(2)} (paired ${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)})`,
                ok ? "met" : "**missed**", t(small).toFixed(0), slopeLow.toFixed(2), slopeHigh.toFixed(2), (slopeHigh / slopeLow).toFixed(2)]);
        }
    }

    const markdown = [
        `### 1. Program cost under Pulumi mocks (${options.reps} repetitions each, fresh process per run; median (min–max))`,
        "",
        table(
            ["principals", "variant", "resources registered", "construct → settled, ms", "process wall, ms", "peak RSS, MB", "RSS growth while constructing, MB"],
            costRows,
        ),
        "",
        table(["principals", "full/raw time (medians; paired per repetition)", `target ≤ ${TARGET_FULL_OVER_RAW}`, "full/raw peak RSS", "full/raw RSS growth"], ratioRows),
        "",
        growthRows.length
            ? table(
                  ["variant", "t(1000)/t(100) (medians; paired per repetition)", `target ≤ ${TARGET_GROWTH_1000_OVER_100}`,
                      `t(${small}), ms`, `ms per added principal, ${small}→${mid}`, `ms per added principal, ${mid}→${large}`, "slope ratio"],
                  growthRows,
              )
            : "(t(1000)/t(100) needs sizes 100 and 1000)",
    ].join("\n");
    return { markdown, missed };
}

// ---------------------------------------------------------------- part 2: provider API calls

function reportProviders(rows: StepRow[]): { markdown: string; failures: string[] } {
    const failures: string[] = [];
    const steps = [...new Set(rows.map((r) => r.step))];
    const measured = (r: StepRow) => r.notMeasured === undefined;

    // Per step: everything the stack sent, by vendor, next to the sum of the floors.
    const summary = steps.map((step) => {
        const of = rows.filter((r) => r.step === step && measured(r));
        const side = (vendor: StepRow["vendor"]) => of.filter((r) => r.vendor === vendor);
        const total = (pick: (r: StepRow) => Counts, list = of) => sumCounts(list.map(pick));
        const n = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0);
        const above = of.filter((r) => r.aboveFloor).map((r) => r.resource);
        const wrong = of.find((r) => r.effectProblem)?.effectProblem;
        const verdict = [above.length ? `**above floor** (${above.join(", ")})` : "", wrong ? `**wrong result: ${wrong}**` : ""]
            .filter(Boolean).join(" ") || "at floor";
        return [
            step,
            formatCounts(total((r) => r.actual, side("Auth0"))),
            formatCounts(total((r) => r.actual, side("Graph"))),
            `${n(total((r) => r.actual))} (floor ${n(total((r) => r.floor))})`,
            String(of.reduce((a, r) => a + (r.oauthToken ?? 0), 0)),
            verdict,
        ];
    });

    const body = rows.map((r) => {
        if (!measured(r)) return [r.step, RESOURCE_LABELS[r.resource], r.methods, "–", "–", "–", `not measured: ${r.notMeasured}`];
        const problems = [r.aboveFloor ? "**above floor**" : "", r.effectProblem ? `**wrong result: ${r.effectProblem}**` : ""].filter(Boolean);
        if (r.aboveFloor) failures.push(`${r.step} / ${r.resource}: ${formatCounts(r.actual)} > floor ${formatCounts(r.floor)}`);
        if (r.effectProblem) failures.push(`${r.step}: ${r.effectProblem}`);
        return [r.step, RESOURCE_LABELS[r.resource], r.methods, formatCounts(r.actual), formatCounts(r.floor),
            r.oauthToken === undefined ? "–" : String(r.oauthToken), problems.join(" ") || "at floor"];
    });
    const markdown = [
        "### 2. API calls of the custom providers per lifecycle step (requests by operation, against the test emulators)",
        "",
        "Per step, all resources together (Graph requests named by what they address):",
        "",
        table(["step", "Auth0 Management API", "Graph", "requests (floor)", "Auth0 POST /oauth/token (not in requests)", "verdict"], summary),
        "",
        "Per resource, in the engine's dependency order:",
        "",
        table(["step", "resource", "provider methods the engine calls", "requests", "floor", "Auth0 POST /oauth/token (not in requests)", "verdict"], body),
    ].join("\n");
    return { markdown, failures };
}

// ---------------------------------------------------------------- part 3: test suite

interface Timed {
    readonly seconds: number[];
    readonly exitCodes: number[];
}

function timeCommand(command: string, args: string[], reps: number): Timed {
    const seconds: number[] = [];
    const exitCodes: number[] = [];
    for (let i = 0; i < reps; i++) {
        const started = performance.now();
        const result = spawnSync(command, args, { cwd: ROOT, stdio: "ignore", env: process.env });
        seconds.push((performance.now() - started) / 1000);
        exitCodes.push(result.status ?? -1);
        process.stderr.write(`  ${[path.basename(command), ...args].join(" ")}: ${seconds[i].toFixed(1)} s, exit ${exitCodes[i]}\n`);
    }
    return { seconds, exitCodes };
}

function measureTests(reps: number): { markdown: string; missed: string[] } {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const tsc = require.resolve("typescript/bin/tsc");
    const npmTest = timeCommand(npm, ["test"], reps);
    const typecheck = timeCommand(process.execPath, [tsc, "--noEmit"], reps);
    const missed: string[] = [];
    const npmMedian = median(npmTest.seconds);
    if (npmMedian >= TARGET_NPM_TEST_S) missed.push(`npm test takes ${npmMedian.toFixed(1)} s (target < ${TARGET_NPM_TEST_S} s)`);
    if (npmTest.exitCodes.some((c) => c !== 0)) missed.push(`npm test failed (exit codes ${npmTest.exitCodes.join(", ")})`);
    const markdown = [
        `### 3. Test suite wall time (${reps} runs each; median (min–max))`,
        "",
        table(["command", "wall, s", "exit codes", "target"], [
            ["`npm test` (mocha, then tsc --noEmit)", spread(npmTest.seconds, 1), npmTest.exitCodes.join(", "),
                `< ${TARGET_NPM_TEST_S} s: ${npmMedian < TARGET_NPM_TEST_S ? "met" : "**missed**"}`],
            ["`tsc --noEmit`", spread(typecheck.seconds, 1), typecheck.exitCodes.join(", "), "–"],
        ]),
    ].join("\n");
    return { markdown, missed };
}

// ---------------------------------------------------------------- main

function machine(): string {
    const cpus = os.cpus();
    const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
    const dirty = spawnSync("git", ["status", "--porcelain", "--", "index.ts", "components", "providers", "test"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
    return [
        `Run ${new Date().toISOString()} on commit ${commit || "?"}${dirty ? " with uncommitted changes in the measured code" : ""}: ` +
            `${os.availableParallelism()} CPUs (nproc) ${cpus[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
            `Node ${process.version}, ${os.platform()} ${os.release()}.`,
    ].join("\n");
}

/** Runs the parts `options` name; resolves the exit code (1 when a provider step is above its floor). */
export async function runBench(options: Options): Promise<number> {
    let code = 0;
    if (PARTS.some((p) => options.parts.has(p))) {
        // The main tables are written only by a run of all three, so the file always holds one complete run.
        code = await runMainParts(options, options.write && PARTS.every((p) => options.parts.has(p)));
    }
    if (options.parts.has("engine")) code = Math.max(code, runEngineBench(options));
    return code;
}

/**
 * Part `engine` (bench/engine.ts), in a child process started through sandbox/withCa.ts, which trusts
 * the emulators' certificate (a throwaway one in a temp dir, so a sandbox in .sandbox/ is left alone).
 */
function runEngineBench(options: Options): number {
    process.stderr.write(`part engine: the real engine, ${options.engineSizes.join(", ")} assigned users (minutes)\n`);
    const tlsDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-bench-tls-"));
    try {
        const tsNode = ["-r", "ts-node/register/transpile-only"];
        const result = spawnSync(
            process.execPath,
            [...tsNode, path.join(ROOT, "sandbox", "withCa.ts"), process.execPath, ...tsNode, path.join(ROOT, "bench", "engine.ts"),
                "--sizes", options.engineSizes.join(","), ...(options.write ? ["--write"] : [])],
            { cwd: ROOT, stdio: "inherit", env: { ...process.env, [TLS_DIR_ENV]: tlsDir } },
        );
        return result.status ?? 1;
    } finally {
        fs.rmSync(tlsDir, { recursive: true, force: true });
    }
}

async function runMainParts(options: Options, write: boolean): Promise<number> {
    const sections: string[] = [machine()];
    const missed: string[] = [];

    if (options.parts.has("programs")) {
        process.stderr.write(`part 1: program cost, ${options.reps} repetitions of sizes ${options.sizes.join(", ")}\n`);
        const samples = await measurePrograms(options);
        assertSameWork(samples, options.sizes);
        const programs = reportPrograms(samples, options);
        sections.push(programs.markdown);
        missed.push(...programs.missed);
    }

    let floorFailures: string[] = [];
    if (options.parts.has("providers")) {
        process.stderr.write("part 2: provider API calls\n");
        const providers = reportProviders(await runProviderBench());
        sections.push(providers.markdown);
        floorFailures = providers.failures;
    }

    if (options.parts.has("tests")) {
        process.stderr.write(`part 3: npm test and tsc --noEmit, ${options.testReps} runs each\n`);
        const tests = measureTests(options.testReps);
        sections.push(tests.markdown);
        missed.push(...tests.missed);
    }

    const summary = [
        "**Targets:** " + (missed.length ? missed.join("; ") : "all met") + ".",
        "**Floors:** " + (floorFailures.length ? floorFailures.join("; ") : "every step at or below its floor") + ".",
    ].join("\n");
    sections.push(summary);
    const markdown = sections.join("\n\n");
    process.stdout.write(`\n${markdown}\n`);

    if (write) {
        const current = fs.existsSync(BENCHMARKS_MD) ? fs.readFileSync(BENCHMARKS_MD, "utf8") : "";
        const [begin, end] = [current.indexOf(BEGIN), current.indexOf(END)];
        if (begin < 0 || end < begin) {
            console.warn(`warning: ${path.relative(ROOT, BENCHMARKS_MD)} has no ${BEGIN} … ${END} markers; not written`);
        } else {
            fs.writeFileSync(BENCHMARKS_MD, `${current.slice(0, begin + BEGIN.length)}\n${markdown}\n${current.slice(end)}`);
            process.stderr.write(`tables written to ${path.relative(ROOT, BENCHMARKS_MD)}\n`);
        }
    }
    if (floorFailures.length > 0) {
        console.error(`\nFAIL: provider steps above their floor or with a wrong result:\n  ${floorFailures.join("\n  ")}`);
        return 1;
    }
    return 0;
}
