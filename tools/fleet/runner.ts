/**
 * Runs one command over many customer stacks: at most `concurrency` at a time, each stack on its own
 * (a failure is recorded and the others go on), then a summary table and optionally a JSON report.
 * The exit code is 1 when any stack failed, or, for `health`, is unhealthy.
 *
 * Pulumi is reached only through StackOperations, the vendors only through the injected health check,
 * so the whole runner is tested with fakes. Every text printed or written goes through one Masker.
 */
import type { HealthReport } from "../health/health";
import { renderHealth } from "../health/report";
import { countChanges, type ChangeCounts, type ProgressEvent, type StackConfig, type StackOperations, type StackOutputs } from "./operations";
import { resourceCount, type PlanStack } from "./plan";
import { createReporter, formatSeconds, type Output, type ProgressReporter } from "./progress";
import { Masker } from "./secrets";
import { renderTable, type Column } from "./table";
import { formatExpiry, tokenExpiry, type TokenExpiry } from "./token";

export const COMMANDS = ["plan", "preview", "up", "refresh", "health"] as const;
export type FleetCommand = (typeof COMMANDS)[number];

export interface FleetOptions {
    readonly command: FleetCommand;
    /** The stacks to consider, in order. */
    readonly stacks: readonly string[];
    readonly concurrency: number;
    /** Keep only stacks whose SCIM token is inside its rotation window. */
    readonly rotationDue?: boolean;
    readonly reportFile?: string;
    readonly projectDir: string;
}

export interface HealthInput {
    readonly stack: string;
    readonly outputs: StackOutputs;
    readonly config: StackConfig;
    /** Secrets the check holds beyond the stack's own (e.g. an Azure credential from the environment), to mask. */
    readonly addSecrets: (values: readonly string[]) => void;
}

export interface FleetDeps {
    readonly ops: StackOperations;
    /** Where progress and the summary go (process.stdout). */
    readonly out: Output;
    readonly now?: () => Date;
    /** Default: TTY or plain lines, by `out.isTTY`. */
    readonly reporter?: ProgressReporter;
    /** `health`: checks one stack (tools/health with production clients, or emulator-backed in tests). */
    readonly health?: (input: HealthInput) => Promise<HealthReport>;
    /** `plan`: tools/plan's planStack. */
    readonly plan?: PlanStack;
    readonly writeFile?: (file: string, text: string) => Promise<void>;
    /** `--json`: the report, masked, as JSON (stdout). */
    readonly printJson?: (text: string) => void;
    /**
     * Ctrl-C. `subscribe` calls the handler on each interrupt (SIGINT) until the returned function is
     * called. The first interrupt stops new stacks from starting and asks the running operations to
     * stop gracefully, and waits for them; the second terminates them. Default: none (tests, library use).
     */
    readonly interrupts?: Interrupts;
}

export interface Interrupts {
    subscribe(handler: () => void): () => void;
}

/** process.on("SIGINT"): while subscribed, Ctrl-C no longer ends the process (and so never SIGTERMs its children). */
export const processInterrupts: Interrupts = {
    subscribe(handler) {
        process.on("SIGINT", handler);
        return () => process.removeListener("SIGINT", handler);
    },
};

/** `interrupted`: never started, or stopped, because of Ctrl-C. */
export type StackOutcome = "succeeded" | "failed" | "interrupted";

export interface StackResult {
    readonly stack: string;
    readonly result: StackOutcome;
    readonly changes?: ChangeCounts;
    /** `plan`: resources the program registers. */
    readonly resources?: number;
    readonly problems?: readonly string[];
    readonly durationMs: number;
    readonly token?: TokenExpiry;
    readonly health?: "healthy" | "unhealthy";
    readonly findings?: HealthReport["findings"];
    readonly error?: string;
}

export interface FleetReport {
    /** The JSON report's version. */
    readonly schemaVersion: 1;
    readonly command: FleetCommand;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly concurrency: number;
    /** With `--rotation-due`: the stacks left out because their token is not inside its window. */
    readonly notDue?: readonly string[];
    /** Ctrl-C: once (graceful stop asked) or twice (terminated). */
    readonly interrupted?: "graceful" | "terminated";
    readonly exitCode: number;
    readonly stacks: readonly StackResult[];
}

interface StackInfo {
    readonly outputs: StackOutputs;
    readonly config: StackConfig;
}

export async function runFleet(options: FleetOptions, deps: FleetDeps): Promise<FleetReport> {
    const now = deps.now ?? (() => new Date());
    const masker = new Masker();
    const startedAt = now();
    const concurrency = Math.max(1, Math.floor(options.concurrency));
    const results = new Map<string, StackResult>();

    // Ctrl-C: the first asks every running operation to stop gracefully, once, and lets it finish; no
    // new stack starts. Only the second terminates them. The summary is printed either way.
    const graceful = new AbortController();
    let interrupts = 0;
    const running = new Set<string>();
    const unsubscribe = deps.interrupts?.subscribe(() => {
        interrupts++;
        if (interrupts === 1) {
            deps.out.write(
                `\nCtrl-C: asking ${running.size} running operation(s) to stop gracefully and waiting for them; no other stack starts. ` +
                    "Press Ctrl-C again to terminate them now (an update cut short leaves pending operations: pulumi refresh, pulumi cancel).\n",
            );
            graceful.abort();
        } else if (interrupts === 2) {
            deps.out.write(`\nCtrl-C again: terminating ${running.size} running operation(s) now.\n`);
            deps.ops.terminate?.();
        }
    });
    const stopped = () => interrupts > 0;

    const info = new Map<string, Promise<StackInfo>>();
    const loadInfo = (stack: string): Promise<StackInfo> => {
        let loading = info.get(stack);
        if (!loading) {
            loading = (async () => {
                // Config first: its secrets must be known before anything else about the stack is shown.
                const config = await deps.ops.config(stack);
                masker.addConfig(config);
                const outputs = await deps.ops.outputs(stack);
                masker.addOutputs(outputs);
                return { config, outputs };
            })();
            info.set(stack, loading);
        }
        return loading;
    };

    let selected = [...options.stacks];
    let notDue: string[] | undefined;
    if (options.rotationDue) {
        notDue = [];
        const due = new Set<string>();
        await forEachLimited(selected, concurrency, async (stack) => {
            try {
                const { outputs, config } = await loadInfo(stack);
                if (tokenExpiry(outputs, config, now())?.rotationDue) due.add(stack);
                else notDue!.push(stack);
            } catch (error) {
                // Unknown is not "not due": it is reported as a failure below, so it gets looked at.
                results.set(stack, { stack, result: "failed", durationMs: 0, error: describeError(error, [], masker) });
            }
        });
        notDue.sort((a, b) => options.stacks.indexOf(a) - options.stacks.indexOf(b));
        selected = selected.filter((s) => due.has(s));
        deps.out.write(
            `--rotation-due: ${selected.length} of ${options.stacks.length} stack(s) have a SCIM token inside its rotation window` +
                (selected.length ? `: ${selected.join(", ")}` : "") +
                "\n",
        );
    }

    const reporter = deps.reporter ?? createReporter(deps.out, now, selected.length);
    await forEachLimited(selected, concurrency, async (stack) => {
        if (stopped()) {
            results.set(stack, { stack, result: "interrupted", durationMs: 0, error: "not started: interrupted (Ctrl-C)" });
            return;
        }
        running.add(stack);
        const began = now().getTime();
        const errors: string[] = [];
        reporter.start(stack, options.command);
        const onProgress = (event: ProgressEvent) => {
            if (event.type === "diagnostic") {
                const message = masker.mask(event.message);
                if (event.severity === "error") errors.push(message);
                reporter.event(stack, { ...event, message });
            } else {
                reporter.event(stack, event);
            }
        };
        let result: StackResult;
        try {
            result = { ...(await runOne(stack, options, deps, loadInfo, onProgress, masker, now, graceful.signal)), durationMs: now().getTime() - began };
        } catch (error) {
            const outcome: StackOutcome = stopped() ? "interrupted" : "failed";
            result = { stack, result: outcome, durationMs: now().getTime() - began, error: describeError(error, errors, masker) };
        } finally {
            running.delete(stack);
        }
        results.set(stack, result);
        reporter.finish(stack, result.result === "succeeded" && result.health !== "unhealthy", masker.mask(oneLine(result, options.command)));
    });
    reporter.close();
    unsubscribe?.();

    const ordered = options.stacks.filter((s) => results.has(s)).map((s) => results.get(s)!);
    const exitCode = stopped() ? 130 : ordered.some((r) => r.result === "failed" || r.health === "unhealthy") ? 1 : 0;
    const report: FleetReport = {
        schemaVersion: 1,
        command: options.command,
        startedAt: startedAt.toISOString(),
        finishedAt: now().toISOString(),
        concurrency,
        ...(notDue ? { notDue } : {}),
        ...(stopped() ? { interrupted: interrupts > 1 ? ("terminated" as const) : ("graceful" as const) } : {}),
        exitCode,
        stacks: ordered,
    };

    deps.out.write("\n" + masker.mask(renderSummary(report)) + "\n");
    if (options.reportFile) {
        const write = deps.writeFile ?? (async (file: string, text: string) => (await import("node:fs/promises")).writeFile(file, text));
        await write(options.reportFile, masker.mask(JSON.stringify(report, null, 2)) + "\n");
    }
    deps.printJson?.(masker.mask(JSON.stringify(report, null, 2)) + "\n");
    return report;
}

async function runOne(
    stack: string,
    options: FleetOptions,
    deps: FleetDeps,
    loadInfo: (stack: string) => Promise<StackInfo>,
    onProgress: (event: ProgressEvent) => void,
    masker: Masker,
    now: () => Date,
    signal: AbortSignal,
): Promise<Omit<StackResult, "durationMs">> {
    switch (options.command) {
        case "plan": {
            if (!deps.plan) throw new Error("plan is not available");
            const outcome = await deps.plan(stack, { projectDir: options.projectDir });
            // Outputs and config are only known when --rotation-due already read them.
            const known = options.rotationDue ? await loadInfo(stack) : undefined;
            return {
                stack,
                result: outcome.ok ? "succeeded" : "failed",
                resources: resourceCount(outcome),
                problems: outcome.problems.map((p) => masker.mask(p)),
                ...(known ? { token: tokenExpiry(known.outputs, known.config, now()) } : {}),
            };
        }
        case "health": {
            if (!deps.health) throw new Error("health is not available");
            const { outputs, config } = await loadInfo(stack);
            const report = await deps.health({ stack, outputs, config, addSecrets: (values) => masker.add(values) });
            return {
                stack,
                result: "succeeded",
                token: tokenExpiry(outputs, config, now()),
                health: report.healthy ? "healthy" : "unhealthy",
                findings: report.findings.map((f) => ({
                    ...f,
                    finding: masker.mask(f.finding),
                    ...(f.action !== undefined ? { action: masker.mask(f.action) } : {}),
                    ...(f.commands ? { commands: f.commands.map((c) => masker.mask(c)) } : {}),
                })),
            };
        }
        default: {
            const { outputs, config } = await loadInfo(stack);
            const operation = await deps.ops[options.command](stack, onProgress, signal);
            masker.addOutputs(operation.outputs);
            return {
                stack,
                result: "succeeded",
                changes: countChanges(operation.changes),
                token: tokenExpiry(operation.outputs ?? outputs, config, now()),
            };
        }
    }
}

/** Bounded parallelism: `limit` workers take the next item until none is left. `fn` must not throw. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) await fn(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

/**
 * The engine's own error diagnostics say best what went wrong; failing those, the `error:` lines of an
 * Automation API CommandError (whose message carries the whole stdout and stderr), else its first line.
 */
function describeError(error: unknown, diagnostics: readonly string[], masker: Masker): string {
    let text: string;
    const name = (error as { name?: unknown })?.name;
    if (name === "StackNotFoundError") {
        text = "the stack does not exist in this backend (pulumi stack init, or pulumi login to the right backend)";
    } else if (name === "ConcurrentUpdateError") {
        text = "another update is running on this stack; try again when it is done (pulumi cancel only if it is stuck)";
    } else if (diagnostics.length > 0) {
        text = diagnostics.join("\n");
    } else {
        const e = error as { message?: unknown; commandResult?: { stderr?: unknown } };
        const message = typeof e?.message === "string" ? e.message : String(error);
        const source = typeof e?.commandResult?.stderr === "string" && e.commandResult.stderr.trim() ? e.commandResult.stderr : message;
        const errorLines = source
            .split("\n")
            .map((l) => /\berror:.*$/i.exec(l)?.[0].trim())
            .filter((l): l is string => !!l);
        text = errorLines.length > 0 ? errorLines.join("\n") : source.trim().split("\n")[0];
        if (/spawn pulumi ENOENT/.test(source)) text += " (the Pulumi CLI is not installed or not on PATH)";
    }
    const masked = masker.mask(text);
    return masked.length > 1000 ? `${masked.slice(0, 1000)}…` : masked;
}

function oneLine(result: StackResult, command: FleetCommand): string {
    if (result.result === "interrupted") return `${command} interrupted: ${(result.error ?? "").split("\n")[0]}`;
    if (result.result === "failed") return `${command} failed: ${(result.error ?? result.problems?.join("; ") ?? "").split("\n")[0]}`;
    const parts: string[] = [];
    if (result.changes) parts.push(describeChanges(result.changes));
    if (result.resources !== undefined) parts.push(`${result.resources} resources`);
    if (result.health) parts.push(result.health);
    parts.push(formatSeconds(result.durationMs));
    return `${command} ${parts.join(", ")}`;
}

function describeChanges(c: ChangeCounts): string {
    const parts = [
        c.create && `+${c.create} create`,
        c.update && `~${c.update} update`,
        c.replace && `+-${c.replace} replace`,
        c.delete && `-${c.delete} delete`,
    ].filter(Boolean);
    return parts.length ? parts.join(" ") : "no changes";
}

export function renderSummary(report: FleetReport): string {
    const withChanges = report.command === "preview" || report.command === "up" || report.command === "refresh";
    const columns: Column[] = [{ header: "STACK" }, { header: "RESULT" }];
    if (withChanges) {
        columns.push(
            { header: "CREATE", align: "right" },
            { header: "UPDATE", align: "right" },
            { header: "REPLACE", align: "right" },
            { header: "DELETE", align: "right" },
        );
    }
    if (report.command === "plan") columns.push({ header: "RESOURCES", align: "right" });
    columns.push({ header: "DURATION", align: "right" }, { header: "TOKEN EXPIRES" });
    if (report.command === "health") columns.push({ header: "HEALTH" });

    const rows = report.stacks.map((r) => {
        const row = [r.stack, r.result === "succeeded" ? "ok" : r.result === "interrupted" ? "INTERRUPTED" : "FAILED"];
        if (withChanges) {
            const c = r.changes;
            row.push(...(c ? [c.create, c.update, c.replace, c.delete].map(String) : ["-", "-", "-", "-"]));
        }
        if (report.command === "plan") row.push(r.resources === undefined ? "-" : String(r.resources));
        row.push(formatSeconds(r.durationMs), formatExpiry(r.token));
        if (report.command === "health") row.push(r.health ?? "-");
        return row;
    });

    const sections = [renderTable(columns, rows)];
    // A table for each stack with something to do; a line for the others (the JSON report has every finding).
    const allClear = report.stacks.filter((r) => r.findings && r.findings.every((f) => f.severity === "ok" || f.severity === "info"));
    for (const r of report.stacks) {
        if (r.findings && !allClear.includes(r)) sections.push(renderHealth({ stack: r.stack, healthy: r.health === "healthy", findings: r.findings }));
    }
    if (allClear.length > 0) sections.push(`Healthy, every check ok: ${allClear.map((r) => r.stack).join(", ")}`);
    const failures = report.stacks.filter((r) => r.result === "failed");
    if (failures.length > 0) {
        sections.push(
            "Failures:\n" +
                failures
                    .map((r) => {
                        const lines = [...(r.error ? [r.error] : []), ...(r.problems ?? [])];
                        return `  ${r.stack}:\n${lines.map((l) => l.split("\n").map((x) => `    ${x}`).join("\n")).join("\n")}`;
                    })
                    .join("\n"),
        );
    }
    const failed = failures.length;
    const interrupted = report.stacks.filter((r) => r.result === "interrupted");
    if (interrupted.length > 0) {
        sections.push(
            `Interrupted (Ctrl-C${report.interrupted === "terminated" ? " twice: terminated" : ": stopped gracefully"}): ` +
                interrupted.map((r) => `${r.stack} (${(r.error ?? "").split("\n")[0]})`).join(", "),
        );
    }
    const unhealthy = report.stacks.filter((r) => r.health === "unhealthy").length;
    sections.push(
        `${report.command}: ${report.stacks.length} stack(s), ${report.stacks.length - failed - interrupted.length} ok, ${failed} failed` +
            (interrupted.length ? `, ${interrupted.length} interrupted` : "") +
            (report.command === "health" ? `, ${unhealthy} unhealthy` : "") +
            (report.notDue ? `; ${report.notDue.length} not due for rotation, left out` : "") +
            `; exit ${report.exitCode}`,
    );
    return sections.join("\n\n");
}
