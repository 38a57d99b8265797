/**
 * The plan's worker processes (worker.ts): at most `size` of them, started when there is work, each
 * planning one stack at a time. `run` queues a job and resolves with its result, or with how its
 * worker ended (a crash, or the job's timeout, which kills the worker). A worker that ends or retires
 * is replaced for the jobs still queued; `close` ends them all.
 */
import { fork, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import type { RunnerRequest, RunnerResult } from "./runner";
import { JOB_MARK, type WorkerJob, type WorkerReply } from "./worker";

export interface PoolOutcome {
    /** Absent when the worker ended (or was killed) before answering. */
    readonly result?: RunnerResult;
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    /** What the worker printed while it ran this job (the program's console output too), the last 20 kB. */
    readonly stderr: string;
    readonly timedOut: boolean;
    /** From the job's start in a worker to its answer, ms (time spent queued is not in it). */
    readonly runMs: number;
}

export interface PoolOptions {
    /** Workers at most. */
    readonly size: number;
    /** worker.ts, and node's arguments to run it (the .ts loader). */
    readonly script: string;
    readonly execArgv: readonly string[];
    readonly env: NodeJS.ProcessEnv;
    readonly cwd: string;
}

export interface Queued {
    readonly request: RunnerRequest;
    readonly tsConfig?: string;
    readonly timeoutMs: number;
    readonly resolve: (outcome: PoolOutcome) => void;
}

export interface Running extends Queued {
    readonly id: number;
    /** The how-manieth job of its worker (1, 2, …): its output follows the worker's seq-th JOB_MARK. */
    readonly seq: number;
    readonly started: number;
    readonly timer: NodeJS.Timeout;
    stderr: string;
    timedOut: boolean;
}

interface Worker {
    readonly child: ChildProcess;
    running?: Running;
    /** Jobs given to it so far. */
    dispatched: number;
    /** Takes no more jobs: it asked to retire, or was killed. */
    retiring: boolean;
}

export class WorkerPool {
    private readonly queue: Queued[] = [];
    private readonly workers = new Set<Worker>();
    private readonly ended: Promise<void>[] = [];
    private nextId = 1;
    private closed = false;
    /** Workers started so far. */
    started = 0;

    constructor(private readonly options: PoolOptions) {}

    run(request: RunnerRequest, timeoutMs: number, tsConfig?: string): Promise<PoolOutcome> {
        if (this.closed) return Promise.reject(new Error("the plan's worker pool is closed"));
        return new Promise((resolve) => {
            this.queue.push({ request, tsConfig, timeoutMs, resolve });
            this.pump();
        });
    }

    /** Ends every worker (those still running a job are killed) and waits until they have exited. */
    async close(): Promise<void> {
        this.closed = true;
        for (const worker of this.workers) {
            worker.retiring = true;
            if (worker.running) worker.child.kill("SIGKILL");
            else if (worker.child.connected) worker.child.disconnect(); // worker.ts exits on disconnect
        }
        await Promise.all(this.ended);
    }

    private pump(): void {
        for (const worker of this.workers) {
            if (this.queue.length === 0) return;
            if (!worker.running && !worker.retiring) this.dispatch(worker, this.queue.shift()!);
        }
        while (this.queue.length > 0 && this.workers.size < this.options.size) this.dispatch(this.spawn(), this.queue.shift()!);
    }

    private dispatch(worker: Worker, job: Queued): void {
        const id = this.nextId++;
        const timer = setTimeout(() => {
            running.timedOut = true;
            worker.retiring = true;
            worker.child.kill("SIGKILL");
        }, job.timeoutMs);
        const running: Running = { ...job, id, seq: ++worker.dispatched, started: performance.now(), timer, stderr: "", timedOut: false };
        worker.running = running;
        const message: WorkerJob = { id, request: job.request, ...(job.tsConfig ? { tsConfig: job.tsConfig } : {}) };
        worker.child.send(message, (error) => {
            if (error) worker.child.kill("SIGKILL"); // the worker is gone: its close reports the job
        });
    }

    private spawn(): Worker {
        const child = fork(this.options.script, [], {
            cwd: this.options.cwd,
            env: this.options.env,
            execArgv: [...this.options.execArgv],
            stdio: ["ignore", "pipe", "pipe", "ipc"],
        });
        this.started++;
        const worker: Worker = { child, retiring: false, dispatched: 0 };
        this.workers.add(worker);
        for (const stream of [child.stdout, child.stderr]) {
            stream?.setEncoding("utf8");
            stream?.on("data", outputOf(worker));
        }
        child.on("message", (reply: WorkerReply) => {
            const running = worker.running;
            if (!running || reply.id !== running.id) return;
            clearTimeout(running.timer);
            worker.running = undefined;
            if ("requeue" in reply) {
                worker.retiring = true;
                this.queue.unshift(running);
            } else {
                if (reply.retire) worker.retiring = true;
                running.resolve({ result: reply.result, code: null, signal: null, stderr: running.stderr, timedOut: false, runMs: performance.now() - running.started });
            }
            this.pump();
        });
        let settle: () => void = () => undefined;
        this.ended.push(new Promise<void>((resolve) => (settle = resolve)));
        const end = (code: number | null, signal: NodeJS.Signals | null, extra = "") => {
            if (!this.workers.delete(worker)) return;
            settle();
            const running = worker.running;
            worker.running = undefined;
            if (running) {
                clearTimeout(running.timer);
                running.resolve({ code, signal, stderr: running.stderr + extra, timedOut: running.timedOut, runMs: performance.now() - running.started });
            }
            if (!this.closed) this.pump();
        };
        // `close`, not `exit`: it comes after the last IPC message and the last output. But node emits no
        // `close` for a child whose channel this side disconnected (as `close()` does): `exit` then.
        child.on("close", (code, signal) => end(code, signal));
        child.on("exit", (code, signal) => {
            if (this.closed) end(code, signal);
        });
        child.on("error", (error) => {
            if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) return; // `close` follows
            end(null, null, String(error));
        });
        return worker;
    }
}

/**
 * A `data` handler for one of a worker's output streams: text after the n-th JOB_MARK is the n-th job's
 * (before the first, the worker's start: the first job's), kept while that job runs, dropped after.
 */
export function outputOf(worker: Pick<Worker, "running">): (chunk: string) => void {
    let marks = 0;
    let carry = ""; // the start of a mark split across chunks
    const give = (text: string) => {
        const running = worker.running;
        if (text && running && running.seq === Math.max(1, marks)) running.stderr = (running.stderr + text).slice(-20_000);
    };
    return (chunk) => {
        const parts = (carry + chunk).split(JOB_MARK);
        carry = "";
        const last = parts.pop()!;
        for (const part of parts) {
            give(part);
            marks++;
        }
        let keep = 0;
        for (let n = Math.min(last.length, JOB_MARK.length - 1); n > 0; n--) {
            if (JOB_MARK.startsWith(last.slice(-n))) {
                keep = n;
                break;
            }
        }
        carry = last.slice(last.length - keep);
        give(last.slice(0, last.length - keep));
    };
}
