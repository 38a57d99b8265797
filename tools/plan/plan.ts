/**
 * `npm run plan`'s core: what one stack's program would register, without credentials or the Pulumi
 * CLI. The real program (the project's main, e.g. index.ts) runs under Pulumi mocks in preview mode,
 * with the config the CLI would give it, in worker processes (pool.ts, worker.ts) that each plan many
 * stacks one after another, every stack in a Pulumi run of its own with the program's modules loaded
 * afresh.
 *
 *     import { planStack, renderPlan } from "./tools/plan/plan";
 *     const plan = await planStack("contoso");            // { stack, ok, problems, resources, outputs }
 *     console.log(renderPlan(plan));
 *
 * Secrets never reach the returned plan: they are masked in the worker (see mask.ts).
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { scrubText } from "./mask";
import { WorkerPool, type PoolOutcome } from "./pool";
import type { RunnerRequest } from "./runner";
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
    /** Give up on the stack's program after this long (its worker is killed). Default 60 s. */
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

const WORKER = path.join(__dirname, "worker.ts");
/**
 * Transpiled program files, by content hash (see tsHook.ts): code the workers run. So it must be
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
/** tsHook.ts as JavaScript, for `node -r` in each worker (written once into the cache). */
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

/**
 * A pool of `size` plan workers, preloading `projectDir`'s SDK (other projects' stacks may be planned in
 * it too). `close()` it when done.
 */
export function newPlanPool(size: number, projectDir: string): WorkerPool {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(PULUMI_|TS_NODE_|PLAN_|NODE_OPTIONS$)/.test(k)) env[k] = v;
    Object.assign(env, { PLAN_TS_CACHE: tsCache(), PLAN_PRELOAD: projectDir });
    return new WorkerPool({ size, script: WORKER, execArgv: ["-r", loaderHook()], env, cwd: projectDir });
}

/** One stack's plan, its program run in one of `pool`'s workers. Throws when the project cannot be read. */
export async function planInPool(pool: WorkerPool, stack: string, options: PlanOptions): Promise<StackPlan> {
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
    const prepMs = performance.now() - started;

    if (config.problems.length > 0) {
        // The CLI stops here, before running the program.
        return { ...base, ok: false, problems: config.problems, error: config.problems.join("\n"), resources: [], outputs: {}, durationMs: Math.round(prepMs) };
    }

    const request: RunnerRequest = {
        projectDir,
        project: project.name,
        stack,
        main: project.main,
        digestKey: DIGEST_KEY,
        scrub: config.scrub,
        config: config.config,
        secretKeys: config.secretKeys,
    };
    const tsConfig = path.join(projectDir, "tsconfig.json");
    const timeoutMs = options.timeoutMs ?? 60_000;
    const outcome: PoolOutcome = await pool.run(request, timeoutMs, fs.existsSync(tsConfig) ? tsConfig : undefined);
    // The stack's own time: reading its config and its run in a worker, not the wait for a free worker.
    const elapsed = () => Math.round(prepMs + outcome.runMs);
    const clean = (text: string) => scrubText(text, config.scrub);
    if (!outcome.result) {
        const detail = clean(outcome.stderr.trim().split("\n").slice(-15).join("\n"));
        const problem = outcome.timedOut
            ? `the program did not finish within ${Math.round(timeoutMs / 1000)} s`
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

/** One stack's plan (a worker of its own). Throws when the project cannot be read. */
export async function planStack(stack: string, options: PlanOptions = {}): Promise<StackPlan> {
    const pool = newPlanPool(1, path.resolve(options.projectDir ?? PACKAGE_DIR));
    try {
        return await planInPool(pool, stack, options);
    } finally {
        await pool.close();
    }
}

/**
 * Plans several stacks in `concurrency` worker processes (default: one per CPU, up to 4), each
 * planning one stack after another. Results in the given order; a stack that cannot be planned at all
 * (no project) is a failed plan, not an exception.
 */
export async function planStacks(
    stacks: readonly { stack: string; options?: PlanOptions }[],
    concurrency = Math.max(1, Math.min(4, os.cpus().length)),
): Promise<StackPlan[]> {
    if (stacks.length === 0) return [];
    const pool = newPlanPool(Math.max(1, Math.min(concurrency, stacks.length)), path.resolve(stacks[0].options?.projectDir ?? PACKAGE_DIR));
    try {
        return await Promise.all(
            stacks.map(async ({ stack, options }): Promise<StackPlan> => {
                try {
                    return await planInPool(pool, stack, options ?? {});
                } catch (error) {
                    const problem = (error as Error).message;
                    return { stack, ok: false, problems: [problem], error: problem, resources: [], outputs: {} };
                }
            }),
        );
    } finally {
        await pool.close();
    }
}

/** Every stack of a project (`Pulumi.*.yaml`). */
export function projectStacks(projectDir: string = PACKAGE_DIR): string[] {
    return listStacks(readProject(projectDir));
}
