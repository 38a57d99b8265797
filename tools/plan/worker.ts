/**
 * A plan worker: one process that plans many stacks, one after another, so that node's start, loading
 * @pulumi/pulumi and the providers' packages, and the dynamic providers' closure serialisation are paid
 * once per worker rather than once per stack. pool.ts starts it as `node -r <tsHook.js> worker.ts`;
 * jobs and results go over the IPC channel, one job at a time.
 *
 * Each stack still starts from fresh program state:
 * - a Pulumi run of its own (runner.ts): the SDK's per-run store, with this stack's config, mocks and
 *   monitor, and nothing registered yet;
 * - the project's own modules are required again (index.ts registers its resources when it is loaded),
 *   except node_modules and the project's `providers/` (below);
 * - what the program raises asynchronously (unhandled rejections, uncaught exceptions) is this stack's
 *   error only, and a stack that leaves anything pending (a timer, a socket, a file read) retires the
 *   worker once its result is sent, so none of it can run while another stack does.
 *
 * Kept loaded from one stack to the next: node_modules (no per-stack state outside the SDK's store) and
 * the project's `providers/`, whose modules hold the dynamic providers as module-level objects.
 * @pulumi/pulumi serialises a provider's closure once per provider object (dynamic/index.js,
 * `providerCache`), about a second of CPU for the first stack; kept modules mean the later stacks reuse
 * it. The plan drops the serialised `__provider` input, and a serialisation error is cached with the
 * rest and fails every stack alike. Provider modules read no config and keep no state during a program
 * run (test/tools/plan/worker.test.ts plans stacks in one worker and compares each with its own plan).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { scrubText } from "./mask";
import { runStack, type RunnerRequest, type RunnerResult } from "./runner";
import type { TsHookApi } from "./tsHook";

/** Project directories whose modules stay loaded between stacks (see above). */
export const KEPT_DIRS = ["providers"];

export interface WorkerJob {
    readonly id: number;
    readonly request: RunnerRequest;
    /** The project's tsconfig.json, for the loader (tsHook.ts); absent when it has none. */
    readonly tsConfig?: string;
}

/**
 * Written to stdout and stderr as a job starts: what the worker prints after it belongs to that job, so
 * the parent never gives a job output that an earlier job printed but the pipe delivered late.
 */
export const JOB_MARK = "\u0000plan-job\n";

export type WorkerReply =
    | { readonly id: number; readonly result: RunnerResult; readonly retire?: string }
    /** Not run: the worker is retiring (something of an earlier stack was still live); run it elsewhere. */
    | { readonly id: number; readonly requeue: true };

/** What is pending in this process, by kind (`Timeout`, `TCPSocketWrap`, `FSReqCallback`, …). */
function pending(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    return counts;
}

/** What `after` has more of than `before`, e.g. `2 Timeout`; empty when nothing was left behind. */
export function leftBehind(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string {
    return [...after]
        .filter(([kind, n]) => n > (before.get(kind) ?? 0))
        .map(([kind, n]) => `${n - (before.get(kind) ?? 0)} ${kind}`)
        .join(", ");
}

/** The directories a request's program files live in (links resolved, as require resolves them). */
function projectRoots(request: RunnerRequest): string[] {
    const roots = new Set<string>();
    const main = (() => {
        try {
            return path.dirname(require.resolve(request.main));
        } catch {
            return undefined; // no main: runStack reports it as the program's crash
        }
    })();
    for (const dir of [request.projectDir, main]) {
        if (dir === undefined) continue;
        try {
            roots.add(fs.realpathSync(dir));
        } catch {
            roots.add(path.resolve(dir));
        }
    }
    return [...roots];
}

/**
 * Drops the project's own modules from require's cache so the next require evaluates them afresh:
 * every module under one of `roots`, except node_modules, KEPT_DIRS and this tool's own files. The
 * modules that stay forget them as children too (runner.ts requires the main each time: its
 * `children` would otherwise keep every stack's program, outputs and all, alive).
 */
export function forgetProjectModules(roots: readonly string[], cache: NodeJS.Dict<NodeJS.Module> = require.cache): string[] {
    const own = __dirname + path.sep;
    const forgotten: string[] = [];
    for (const file of Object.keys(cache)) {
        if (file.startsWith(own) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
        const root = roots.find((r) => file.startsWith(r + path.sep));
        if (!root) continue;
        if (KEPT_DIRS.some((d) => file.startsWith(path.join(root, d) + path.sep))) continue;
        delete cache[file];
        forgotten.push(file);
    }
    for (const module of Object.values(cache)) {
        if (module?.children?.some((child) => cache[child.id] !== child)) module.children = module.children.filter((child) => cache[child.id] === child);
    }
    return forgotten;
}

/** The run in progress, whose errors the process-wide handlers collect. */
let current: unknown[] | undefined;
/** Why this worker must not run another stack (an error arrived while none was running). */
let tainted: string | undefined;

function onError(error: unknown): void {
    if (current) current.push(error);
    else tainted = "an error arrived after a stack's plan had finished";
}

async function handle(job: WorkerJob): Promise<WorkerReply> {
    process.stdout.write(JOB_MARK);
    process.stderr.write(JOB_MARK);
    if (tainted) return { id: job.id, requeue: true };
    const before = pending();
    const errors: unknown[] = [];
    let result: RunnerResult;
    try {
        // The loader (tsHook.ts, preloaded with -r) compiles with this project's tsconfig from here on.
        (globalThis as unknown as Record<symbol, TsHookApi | undefined>)[Symbol.for("auth0-entra-scim.plan.tsHook")]?.setTsConfig(job.tsConfig);
        forgetProjectModules(projectRoots(job.request));
        current = errors;
        result = await runStack(job.request, errors);
    } catch (error) {
        // The plan itself could not start (no SDK in the project, no main): a crash of this stack.
        const message = scrubText(`plan worker: ${(error as Error)?.message ?? String(error)}`, job.request.scrub);
        result = { ok: false, kind: "crash", problems: [message], message, resources: [], cpuMs: 0 };
    } finally {
        current = undefined;
    }
    const left = leftBehind(before, pending());
    return { id: job.id, result, ...(left ? { retire: `the program left ${left} pending` } : {}) };
}

/** Loads the SDK before the first job arrives (the parent is reading stack files meanwhile). */
function preload(projectDir: string | undefined): void {
    if (!projectDir) return;
    for (const id of ["@pulumi/pulumi", "@pulumi/pulumi/runtime/settings", "@pulumi/pulumi/runtime/state"]) {
        try {
            require(require.resolve(id, { paths: [projectDir] }));
        } catch {
            return; // the job reports it
        }
    }
}

function start(): void {
    process.on("unhandledRejection", onError);
    process.on("uncaughtException", onError);
    process.on("disconnect", () => process.exit(0));
    preload(process.env.PLAN_PRELOAD);
    let queue = Promise.resolve();
    process.on("message", (job: WorkerJob) => {
        queue = queue.then(async () => {
            const reply = await handle(job);
            await new Promise<void>((resolve) => process.send!(reply, undefined, undefined, () => resolve()));
            if ("requeue" in reply || reply.retire) process.exit(0);
        });
    });
}

if (require.main === module && process.send) start();
