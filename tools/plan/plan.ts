/**
 * `npm run plan`'s core: what one stack's program would register, without credentials or the Pulumi
 * CLI. The real program (the project's main, e.g. index.ts) runs under Pulumi mocks in preview mode,
 * with the config the CLI would give it, in a child process of its own (the program registers its
 * resources when it is loaded, so each stack needs fresh module state).
 *
 *     import { planStack, renderPlan } from "./tools/plan/plan";
 *     const plan = await planStack("contoso");            // { stack, ok, problems, resources, outputs }
 *     console.log(renderPlan(plan));
 *
 * Secrets never reach the returned plan: they are masked in the child (see mask.ts).
 */
import { fork } from "node:child_process";
import { createHash, createHmac, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { scrubText } from "./mask";
import type { RunnerRequest, RunnerResult } from "./runner";
import { listStacks, loadStackConfig, readProject, stackFile } from "./stackConfig";
import type { StackPlan } from "./types";

export type { PlannedResource, StackPlan } from "./types";
export { SECRET, UNKNOWN } from "./types";
export { renderPlan, renderPlans, renderPlansJson, planToJson } from "./render";
export { diffPlans, renderDiff, renderDiffJson, type StackDiff, type PlanDiff } from "./diff";
export { listStacks, readProject } from "./stackConfig";

/** The package this tool belongs to: the default project. */
export const PACKAGE_DIR = path.resolve(__dirname, "..", "..");

export interface PlanOptions {
    /** The Pulumi project (holding Pulumi.yaml and the stack files). Default: this package. */
    readonly projectDir?: string;
    /** A stack file other than `Pulumi.<stack>.yaml` (as `pulumi --config-file`). */
    readonly configFile?: string;
    /** Kill the program after this long. Default 60 s. */
    readonly timeoutMs?: number;
    /** The environment the providers would read (AUTH0_DOMAIN, …). Default: process.env. */
    readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Key of the digests that let two plans compare secrets they only hold masked. It lives in this process
 * only: a digest means nothing outside it, and so reveals nothing.
 */
const DIGEST_KEY = randomBytes(32).toString("hex");

/** The stand-in the program reads for a `secure:` value (nothing offline can decrypt it). */
function securePlaceholder(ciphertext: string): string {
    return `[secret ${createHmac("sha256", DIGEST_KEY).update(ciphertext).digest("hex").slice(0, 12)}]`;
}

const RUNNER = path.join(__dirname, "runner.ts");
/**
 * Transpiled program files, by content hash (see tsHook.ts): code the children run. So it must be
 * ours alone: a per-user directory under the temp dir, created with mode 0700 and checked (a real
 * directory, not a link, owned by this user, no access for group or others). If another user made
 * that path first, a fresh private directory (mkdtemp, 0700) for this process instead.
 */
export function privateCacheDir(tmp: string = os.tmpdir()): string {
    const uid = process.getuid?.() ?? os.userInfo().uid;
    const wanted = path.join(tmp, `auth0-entra-scim-plan-cache-${uid}`);
    try {
        fs.mkdirSync(wanted, { mode: 0o700 });
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (isPrivateDir(wanted, uid)) return wanted;
    const fresh = fs.mkdtempSync(path.join(tmp, "auth0-entra-scim-plan-cache-"));
    fs.chmodSync(fresh, 0o700);
    if (!isPrivateDir(fresh, uid)) throw new Error(`cannot make a private directory for the plan's cache in ${tmp}`);
    return fresh;
}

function isPrivateDir(dir: string, uid: number): boolean {
    const st = fs.lstatSync(dir);
    if (process.platform === "win32") return st.isDirectory();
    return st.isDirectory() && !st.isSymbolicLink() && st.uid === uid && (st.mode & 0o077) === 0;
}

const cacheDirs = new Map<string, string>();
/** The cache directory for the current temp dir (checked once per process and temp dir). */
function tsCache(): string {
    const tmp = os.tmpdir();
    let dir = cacheDirs.get(tmp);
    if (!dir || !fs.existsSync(dir)) {
        dir = privateCacheDir(tmp);
        cacheDirs.set(tmp, dir);
        hookFile = undefined;
    }
    return dir;
}

let hookFile: string | undefined;
/** tsHook.ts as JavaScript, for `node -r` in each child (written once into the cache). */
function loaderHook(): string {
    const cache = tsCache();
    if (hookFile && fs.existsSync(hookFile)) return hookFile;
    const source = fs.readFileSync(path.join(__dirname, "tsHook.ts"), "utf8");
    const ts = require(require.resolve("typescript", { paths: [__dirname] })) as typeof import("typescript");
    const key = createHash("sha256").update(ts.version).update(source).digest("hex").slice(0, 16);
    const file = path.join(cache, `hook-${key}.js`);
    if (!fs.existsSync(file)) {
        const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
                const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, js);
        fs.renameSync(tmp, file);
    }
    hookFile = file;
    return file;
}

export async function planStack(stack: string, options: PlanOptions = {}): Promise<StackPlan> {
    const started = performance.now();
    const projectDir = path.resolve(options.projectDir ?? PACKAGE_DIR);
    const project = readProject(projectDir);
    const configFile = options.configFile ? path.resolve(options.configFile) : stackFile(project, stack);
    const config = loadStackConfig(project, stack, securePlaceholder, configFile, { env: options.env ?? process.env });
    const base = {
        stack,
        configFile: path.relative(projectDir, configFile) || configFile,
        warnings: config.warnings,
        ...(Object.keys(config.sources).length > 0 ? { configSources: config.sources } : {}),
    };
    const elapsed = () => Math.round(performance.now() - started);

    if (config.problems.length > 0) {
        // The CLI stops here, before running the program.
        return { ...base, ok: false, problems: config.problems, error: config.problems.join("\n"), resources: [], outputs: {}, durationMs: elapsed() };
    }

    const request: RunnerRequest = {
        projectDir,
        project: project.name,
        stack,
        main: project.main,
        digestKey: DIGEST_KEY,
        scrub: config.scrub,
    };
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(PULUMI_|TS_NODE_|PLAN_|NODE_OPTIONS$)/.test(k)) env[k] = v;
    Object.assign(env, {
        PULUMI_CONFIG: JSON.stringify(config.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys),
        PLAN_REQUEST: JSON.stringify(request),
        PLAN_TS_CACHE: tsCache(),
        ...(fs.existsSync(path.join(projectDir, "tsconfig.json")) ? { PLAN_TS_CONFIG: path.join(projectDir, "tsconfig.json") } : {}),
    });

    const outcome = await runChild(env, projectDir, options.timeoutMs ?? 60_000);
    const clean = (text: string) => scrubText(text, config.scrub);
    if (!outcome.result) {
        const detail = clean(outcome.stderr.trim().split("\n").slice(-15).join("\n"));
        const problem = outcome.timedOut
            ? `the program did not finish within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s`
            : `the plan process exited with code ${outcome.code}${outcome.signal ? ` (${outcome.signal})` : ""}`;
        return { ...base, ok: false, problems: [problem], error: [problem, detail].filter(Boolean).join("\n"), resources: [], outputs: {}, durationMs: elapsed() };
    }
    const result = outcome.result;
    if (!result.ok) {
        return { ...base, ok: false, problems: result.problems, error: result.message, resources: result.resources, outputs: {}, durationMs: elapsed(), cpuMs: result.cpuMs };
    }
    return {
        ...base,
        ok: true,
        problems: [],
        resources: result.resources,
        outputs: result.outputs,
        ...(Object.keys(result.outputDigests).length > 0 ? { outputDigests: result.outputDigests } : {}),
        durationMs: elapsed(),
        cpuMs: result.cpuMs,
    };
}

interface ChildOutcome {
    readonly result?: RunnerResult;
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stderr: string;
    readonly timedOut: boolean;
}

function runChild(env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<ChildOutcome> {
    return new Promise((resolve) => {
        const child = fork(RUNNER, [], { cwd, env, execArgv: ["-r", loaderHook()], stdio: ["ignore", "pipe", "pipe", "ipc"] });
        let result: RunnerResult | undefined;
        let stderr = "";
        let timedOut = false;
        const keep = (chunk: Buffer) => {
            stderr = (stderr + chunk.toString("utf8")).slice(-20_000);
        };
        child.stderr?.on("data", keep);
        child.stdout?.on("data", keep); // the program's own console output: kept for a crash report only
        child.on("message", (message) => (result = message as RunnerResult));
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, timeoutMs);
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            resolve({ result, code, signal, stderr, timedOut });
        });
        child.on("error", (error) => {
            clearTimeout(timer);
            resolve({ result, code: null, signal: null, stderr: stderr + String(error), timedOut });
        });
    });
}

/** Plans several stacks, a few at a time (each is a process of its own). Results in the given order. */
export async function planStacks(
    stacks: readonly { stack: string; options?: PlanOptions }[],
    concurrency = Math.max(1, Math.min(4, os.cpus().length)),
): Promise<StackPlan[]> {
    const results: StackPlan[] = new Array(stacks.length);
    let next = 0;
    const worker = async () => {
        while (next < stacks.length) {
            const index = next++;
            const { stack, options } = stacks[index];
            try {
                results[index] = await planStack(stack, options);
            } catch (error) {
                const problem = (error as Error).message;
                results[index] = { stack, ok: false, problems: [problem], error: problem, resources: [], outputs: {} };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, stacks.length) }, worker));
    return results;
}

/** Every stack of a project (`Pulumi.*.yaml`). */
export function projectStacks(projectDir: string = PACKAGE_DIR): string[] {
    return listStacks(readProject(projectDir));
}
