/**
 * Progress while stacks run. On a terminal: one live line per running stack, rewritten in place with
 * ANSI cursor moves, and a final line per finished stack printed above them (so the live block never
 * grows past the concurrency, whatever the number of stacks). Elsewhere (CI, a pipe, a file): plain
 * timestamped lines, one per event worth keeping in a log.
 *
 * Texts reaching a reporter are already masked by the runner.
 */
import { describeUrn, type ProgressEvent } from "./operations";

export interface ProgressReporter {
    /** A stack's operation begins (`what`: up, preview, health, …). */
    start(stack: string, what: string): void;
    event(stack: string, event: ProgressEvent): void;
    /** The stack is done; `summary` is its one-line outcome. */
    finish(stack: string, ok: boolean, summary: string): void;
    /** Leaves the terminal clean before the summary is printed. */
    close(): void;
}

/** The part of a writable stream the reporters use (process.stdout, or a test's capture). */
export interface Output {
    write(text: string): unknown;
    readonly isTTY?: boolean;
    readonly columns?: number;
    readonly rows?: number;
}

export function createReporter(out: Output, now: () => Date, total: number): ProgressReporter {
    return out.isTTY ? new TtyReporter(out, now, total) : new PlainReporter(out, now);
}

interface StackState {
    what: string;
    startedAt: number;
    steps: number;
    current: string;
}

const VERBS: Record<string, string> = {
    create: "created",
    update: "updated",
    delete: "deleted",
    replace: "replaced",
    "create-replacement": "created replacement",
    "delete-replaced": "deleted replaced",
    refresh: "refreshed",
    read: "read",
    import: "imported",
};

function resourceText(urn: string): string {
    const { type, name } = describeUrn(urn);
    return `${name} (${type})`;
}

export class PlainReporter implements ProgressReporter {
    private readonly steps = new Map<string, number>();

    constructor(
        private readonly out: Output,
        private readonly now: () => Date,
    ) {}

    private line(stack: string, text: string): void {
        this.out.write(`${this.now().toISOString()} ${stack}: ${text}\n`);
    }

    start(stack: string, what: string): void {
        this.steps.set(stack, 0);
        this.line(stack, `${what} started`);
    }

    event(stack: string, event: ProgressEvent): void {
        if (event.type === "diagnostic") {
            if (event.severity !== "info") this.line(stack, `${event.severity}: ${event.message}`);
            return;
        }
        if (event.phase === "start") return;
        this.steps.set(stack, (this.steps.get(stack) ?? 0) + 1);
        // A log line per change; unchanged resources would drown them.
        if (event.phase === "failed") this.line(stack, `failed to ${event.op}: ${resourceText(event.urn)}`);
        else if (event.op !== "same") this.line(stack, `${VERBS[event.op] ?? event.op}: ${resourceText(event.urn)}`);
    }

    finish(stack: string, ok: boolean, summary: string): void {
        this.line(stack, `${ok ? "done" : "NOT OK"}: ${summary}`);
    }

    close(): void {}
}

const CSI = "\x1b[";

export class TtyReporter implements ProgressReporter {
    private readonly running = new Map<string, StackState>();
    /** Final lines not yet printed above the live block. */
    private finished: string[] = [];
    private liveLines = 0;
    private done = 0;
    private failed = 0;
    private timer?: NodeJS.Timeout;

    constructor(
        private readonly out: Output,
        private readonly now: () => Date,
        private readonly total: number,
    ) {}

    start(stack: string, what: string): void {
        this.running.set(stack, { what, startedAt: this.now().getTime(), steps: 0, current: "starting" });
        // A ticking clock on the live lines even when no event arrives.
        this.timer ??= setInterval(() => this.render(), 1000).unref();
        this.render();
    }

    event(stack: string, event: ProgressEvent): void {
        const state = this.running.get(stack);
        if (!state) return;
        if (event.type === "diagnostic") {
            if (event.severity === "error") state.current = `error: ${event.message.split("\n")[0]}`;
        } else if (event.phase === "start") {
            state.current = `${event.op} ${resourceText(event.urn)}`;
        } else {
            state.steps++;
            const verb = event.phase === "failed" ? `failed to ${event.op}` : VERBS[event.op] ?? event.op;
            state.current = `${verb}: ${resourceText(event.urn)}`;
        }
        this.render();
    }

    finish(stack: string, ok: boolean, summary: string): void {
        this.running.delete(stack);
        this.done++;
        if (!ok) this.failed++;
        this.finished.push(`${ok ? "✓" : "✗"} ${stack}  ${summary}`);
        this.render();
    }

    close(): void {
        if (this.timer) clearInterval(this.timer);
        this.timer = undefined;
        this.render();
        // Drop the counter line: the summary follows.
        this.out.write(`${CSI}1F${CSI}2K`);
        this.liveLines = 0;
    }

    private render(): void {
        const width = Math.max(20, (this.out.columns ?? 100) - 1);
        // A wrapped line would break the cursor arithmetic, so every line is cut to the width.
        const fit = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
        let frame = this.liveLines > 0 ? `${CSI}${this.liveLines}F` : "";
        for (const line of this.finished) frame += `${CSI}2K${fit(line)}\n`;
        this.finished = [];
        const now = this.now().getTime();
        const running = [...this.running.entries()];
        // The live block must fit the screen, or the cursor cannot get back to its top.
        const room = Math.max(2, (this.out.rows ?? 50) - 3); // running lines; the counter line comes on top
        const shown = running.length > room ? running.slice(0, room - 1) : running;
        const live = shown.map(([stack, s]) => `… ${stack}  ${s.what} ${formatSeconds(now - s.startedAt)}  ${s.steps} steps  ${s.current}`);
        if (shown.length < running.length) live.push(`… and ${running.length - shown.length} more running`);
        const queued = this.total - this.done - this.running.size;
        live.push(`${this.done}/${this.total} done${this.failed ? `, ${this.failed} failed` : ""}, ${this.running.size} running, ${queued} queued`);
        for (const line of live) frame += `${CSI}2K${fit(line)}\n`;
        frame += `${CSI}J`;
        this.liveLines = live.length;
        this.out.write(frame);
    }
}

export function formatSeconds(ms: number): string {
    const seconds = Math.max(0, Math.round(ms / 1000));
    return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}
