/**
 * Runs one command over many customer stacks: at most `concurrency` at a time, each stack on its own
 * (a failure is recorded and the others go on), then a summary table and optionally a JSON report.
 *
 * - Before any stack, once: the Pulumi CLI and a backend login (`StackOperations.preflight`).
 * - `up` previews every stack first, shows the plan summary and asks (`confirm`), unless `yes`;
 *   with `dryRun` it stops after the summary. Without a terminal to ask on, such an `up` is refused.
 * - Exit code: 1 when a stack failed, or, for `health`, is unhealthy; 3 when, for `health`, none is
 *   unhealthy but some could not be checked; 130 when interrupted (docs/cli.md).
 *
 * Pulumi is reached only through StackOperations, the vendors only through the injected health check,
 * so the whole runner is tested with fakes. Every text printed or written goes through one Masker.
 */
import type { Mode } from "../../components/modes";
import { EXIT, UsageError } from "../cli/common";
import { describePending, pendingGroups, type HealthReport, type HealthStatus } from "../health/health";
import { countChanges, PreflightError, type ChangeCounts, type OpCounts, type PreflightInfo, type ProgressEvent, type StackConfig, type StackOperations, type StackOutputs } from "./operations";
import { resourceCount, type PlanStack } from "./plan";
import { createReporter, type Output, type ProgressReporter } from "./progress";
import { Masker } from "./secrets";
import { describeChanges, oneLine, renderPlan, renderSummary, totalChanges } from "./summary";
import { tokenExpiry, type TokenExpiry } from "./token";

export { renderSummary };

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
    /** `up`: no plan summary, no question (CI; the caller has decided). */
    readonly yes?: boolean;
    /** `up`: the plan summary only, from a preview of each stack; nothing changes. */
    readonly dryRun?: boolean;
    /** `preview`: a stack whose preview proposes any change fails (drift detection, with the ops' `refresh`). */
    readonly expectNoChanges?: boolean;
}

export interface HealthInput {
    readonly stack: string;
    readonly outputs: StackOutputs;
    readonly config: StackConfig;
    /** Secrets the check holds beyond the stack's own (e.g. an Azure credential from the environment), to mask. */
    readonly addSecrets: (values: readonly string[]) => void;
}

/** The answer to "run pulumi up on these stacks?". */
export type Answer = "yes" | "no" | "interrupted";

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
     * `up` without `yes`: asks the question (a terminal prompt) and resolves the answer; `signal` aborts
     * on Ctrl-C. Absent when there is no terminal: such an `up` is refused (a usage error) before
     * anything runs, so that CI never waits on a question nobody sees.
     */
    readonly confirm?: (question: string, signal: AbortSignal) => Promise<Answer>;
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

/** `interrupted`: never started, or stopped, because of Ctrl-C. `skipped`: not run, the `up` was not confirmed. */
export type StackOutcome = "succeeded" | "failed" | "interrupted" | "skipped";

export interface StackResult {
    readonly stack: string;
    readonly result: StackOutcome;
    /** Resources created / updated / replaced / deleted, counted as `plan` counts resources. */
    readonly changes?: ChangeCounts;
    /** The engine's own step counts by op, which also count the Stack, component resources and providers. */
    readonly engineChanges?: OpCounts;
    /** `plan`: custom resources the program declares (what `plan` prints as "N resources"). */
    readonly resources?: number;
    readonly problems?: readonly string[];
    readonly durationMs: number;
    readonly token?: TokenExpiry;
    /** `health`: unknown = could not check (never deployed, no credentials of ours, no answer). */
    readonly health?: HealthStatus;
    /** `health`: the stack's mode, whose side was checked. */
    readonly mode?: Mode;
    readonly findings?: HealthReport["findings"];
    /**
     * Output `groupRolesPending`, one line per group: "pending: waiting for Entra to provision group X".
     * A note, never a failure: the stack's result and health (and the exit code) are as without it.
     */
    readonly pending?: readonly string[];
    readonly error?: string;
}

export interface FleetReport {
    /** The JSON report's version. */
    readonly schemaVersion: 1;
    readonly command: FleetCommand;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly concurrency: number;
    /** `up --dry-run`: the stacks' results are their previews. */
    readonly dryRun?: true;
    /** `up` without `yes`: each stack's preview, as the plan summary showed it. */
    readonly plan?: readonly StackResult[];
    /** `up`: the question was answered no; nothing was changed. */
    readonly declined?: true;
    /** Who ran it, and where (the preflight's `pulumi whoami`). */
    readonly backend?: { readonly user: string; readonly url?: string };
    /** Nothing was run: the preflight's one line (no Pulumi CLI, no login). */
    readonly error?: string;
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

type Operation = FleetCommand;

export async function runFleet(options: FleetOptions, deps: FleetDeps): Promise<FleetReport> {
    const gated = options.command === "up" && !options.yes;
    if (gated && !options.dryRun && !deps.confirm) {
        throw new UsageError(
            "up asks before it changes stacks, and there is no terminal to ask on: add --yes to go ahead without asking " +
                "(CI: the environment's reviewers are the confirmation), or --dry-run for the plan summary only",
        );
    }
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

    const finish = async (extra: Partial<Pick<FleetReport, "dryRun" | "plan" | "declined" | "error" | "notDue" | "backend">>): Promise<FleetReport> => {
        unsubscribe?.();
        const ordered = options.stacks.filter((s) => results.has(s)).map((s) => results.get(s)!);
        const report: FleetReport = {
            schemaVersion: 1,
            command: options.command,
            startedAt: startedAt.toISOString(),
            finishedAt: now().toISOString(),
            concurrency,
            ...extra,
            ...(stopped() ? { interrupted: interrupts > 1 ? ("terminated" as const) : ("graceful" as const) } : {}),
            exitCode: extra.error ? EXIT.FAILURE : exitCodeOf(ordered, stopped(), !!extra.declined),
            stacks: ordered,
        };
        deps.out.write("\n" + masker.mask(renderSummary(report)) + "\n");
        if (options.reportFile) {
            const write = deps.writeFile ?? (async (file: string, text: string) => (await import("node:fs/promises")).writeFile(file, text));
            await write(options.reportFile, masker.mask(JSON.stringify(report, null, 2)) + "\n");
        }
        deps.printJson?.(masker.mask(JSON.stringify(report, null, 2)) + "\n");
        return report;
    };

    // Once, before any stack: the CLI and a login (plan alone needs neither, unless it reads outputs).
    let backend: FleetReport["backend"];
    if (deps.ops.preflight && (options.command !== "plan" || options.rotationDue)) {
        try {
            const info = await deps.ops.preflight({ runsProgram: options.command === "preview" || options.command === "up" || options.command === "refresh" });
            backend = { user: info.user, ...(info.url ? { url: info.url } : {}) };
            deps.out.write(masker.mask(describePreflight(info)));
        } catch (error) {
            const message = masker.mask(error instanceof PreflightError ? error.message : describeError(error, [], masker));
            deps.out.write(`fleet ${options.command}: ${message}\n`);
            return finish({ error: message });
        }
    }

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
    const common = { ...(notDue ? { notDue } : {}), ...(backend ? { backend } : {}) };

    /** One operation over `stacks`, a few at a time; each result into `into`. */
    const runPhase = async (operation: Operation, stacks: readonly string[], into: Map<string, StackResult>) => {
        const reporter = deps.reporter ?? createReporter(deps.out, now, stacks.length);
        await forEachLimited(stacks, concurrency, async (stack) => {
            if (stopped()) {
                into.set(stack, { stack, result: "interrupted", durationMs: 0, error: "not started: interrupted (Ctrl-C)" });
                return;
            }
            running.add(stack);
            const began = now().getTime();
            const errors: string[] = [];
            reporter.start(stack, operation);
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
                result = { ...(await runOne(stack, operation, options, deps, loadInfo, onProgress, masker, now, graceful.signal)), durationMs: now().getTime() - began };
            } catch (error) {
                const outcome: StackOutcome = stopped() ? "interrupted" : "failed";
                result = { stack, result: outcome, durationMs: now().getTime() - began, error: describeError(error, errors, masker) };
            } finally {
                running.delete(stack);
            }
            into.set(stack, result);
            reporter.finish(stack, result.result === "succeeded" && result.health !== "unhealthy", masker.mask(oneLine(result, operation)));
        });
        reporter.close();
    };

    if (gated) {
        // The plan summary: a preview of every stack, then the question (or, with --dry-run, the end).
        const previews = new Map<string, StackResult>();
        await runPhase("preview", selected, previews);
        const plan = selected.map((s) => previews.get(s)!);
        deps.out.write("\n" + masker.mask(renderPlan(plan)) + "\n");
        if (options.dryRun || stopped()) {
            for (const r of plan) results.set(r.stack, r);
            return finish({ ...common, ...(options.dryRun ? { dryRun: true as const } : {}), plan });
        }
        for (const r of plan) if (r.result !== "succeeded") results.set(r.stack, { ...r, error: `preview failed, not run: ${r.error ?? ""}` });
        const ready = plan.filter((r) => r.result === "succeeded").map((r) => r.stack);
        if (ready.length === 0) return finish({ ...common, plan });
        const total = totalChanges(plan.filter((r) => r.result === "succeeded"));
        const question =
            `Run pulumi up on ${ready.length} stack(s) (${total.create} to create, ${total.update} to update, ` +
            `${total.replace} to replace, ${total.delete} to delete)` +
            (ready.length < plan.length ? `, leaving out ${plan.length - ready.length} whose preview failed` : "") +
            "?";
        const interrupted = new Promise<Answer>((resolve) => graceful.signal.addEventListener("abort", () => resolve("interrupted"), { once: true }));
        const answer = await Promise.race([deps.confirm!(question, graceful.signal), interrupted]);
        if (answer !== "yes") {
            // Ctrl-C at the question reached readline, not the process: it counts as an interrupt all the same.
            if (answer === "interrupted") interrupts = Math.max(interrupts, 1);
            for (const stack of ready) {
                results.set(stack, answer === "interrupted"
                    ? { stack, result: "interrupted", durationMs: 0, error: "not started: interrupted (Ctrl-C) at the question" }
                    : { stack, result: "skipped", durationMs: 0, error: "not confirmed" });
            }
            return finish({ ...common, plan, ...(answer === "no" ? { declined: true as const } : {}) });
        }
        selected = ready;
        await runPhase(options.command, selected, results);
        return finish({ ...common, plan });
    }

    await runPhase(options.command, selected, results);
    return finish(common);
}

/** 130 interrupted; 1 a stack failed or is unhealthy, or the up was declined; 3 health could not check some; else 0. */
function exitCodeOf(stacks: readonly StackResult[], interrupted: boolean, declined: boolean): number {
    if (interrupted) return EXIT.INTERRUPTED;
    if (declined || stacks.some((r) => r.result === "failed" || r.health === "unhealthy")) return EXIT.FAILURE;
    if (stacks.some((r) => r.health === "unknown")) return EXIT.ATTENTION;
    return EXIT.OK;
}

function describePreflight(info: PreflightInfo): string {
    const lines = [`Pulumi CLI ${info.version ? `v${info.version} ` : ""}(${info.cli}), logged in as ${info.user}${info.url ? ` to ${info.url}` : ""}`, ...(info.notes ?? [])];
    return lines.map((l) => `${l}\n`).join("");
}

async function runOne(
    stack: string,
    operation: Operation,
    options: FleetOptions,
    deps: FleetDeps,
    loadInfo: (stack: string) => Promise<StackInfo>,
    onProgress: (event: ProgressEvent) => void,
    masker: Masker,
    now: () => Date,
    signal: AbortSignal,
): Promise<Omit<StackResult, "durationMs">> {
    switch (operation) {
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
            let loaded: StackInfo;
            try {
                loaded = await loadInfo(stack);
            } catch (error) {
                // The stack cannot be read: nothing is known about the customer's provisioning.
                return { stack, result: "succeeded", health: "unknown", findings: [unreadableFinding(stack, error, masker)] };
            }
            const { outputs, config } = loaded;
            const report = await deps.health({ stack, outputs, config, addSecrets: (values) => masker.add(values) });
            return {
                stack,
                result: "succeeded",
                ...pendingOf(outputs, masker),
                ...(report.token ? { token: report.token } : {}),
                health: report.status,
                mode: report.mode,
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
            const result = await deps.ops[operation](stack, onProgress, signal);
            masker.addOutputs(result.outputs);
            const changes = countChanges(result.changes);
            if (operation === "preview" && options.expectNoChanges) {
                const engine = countChanges(result.engineChanges);
                const changed = (c: ChangeCounts) => c.create + c.update + c.replace + c.delete > 0;
                // A group role binding waiting for Entra keeps proposing its update until it binds: pending, not drift.
                const onlyPending =
                    pendingGroups(outputs).length > 0 &&
                    result.changedUrns !== undefined &&
                    changes.create + changes.replace + changes.delete === 0 &&
                    result.changedUrns.every((urn) => urn.split("::")[2]?.endsWith(GROUP_ROLES_TYPE));
                if (!onlyPending && (changed(changes) || changed(engine))) {
                    return {
                        stack,
                        result: "failed",
                        changes,
                        ...(result.engineChanges ? { engineChanges: result.engineChanges } : {}),
                        error:
                            `changes where none were expected (${describeChanges(changed(changes) ? changes : engine)}): the stack drifted ` +
                            "(a change made outside Pulumi, a token revoked out of band) or main is not deployed to it yet",
                    };
                }
            }
            return {
                stack,
                result: "succeeded",
                ...pendingOf(result.outputs ?? outputs, masker),
                changes,
                ...(result.engineChanges ? { engineChanges: result.engineChanges } : {}),
                token: tokenExpiry(result.outputs ?? outputs, config, now()),
            };
        }
    }
}

/** `pending`, when output `groupRolesPending` lists a group (after an up, its new outputs; else the state's). */
/** The type token of providers/auth0/groupRoles.ts's dynamic resource, as it ends a URN's type chain. */
const GROUP_ROLES_TYPE = "pulumi-nodejs:dynamic/auth0:GroupRoles";

function pendingOf(outputs: StackOutputs, masker: Masker): Pick<StackResult, "pending"> {
    const groups = pendingGroups(outputs);
    return groups.length ? { pending: groups.map((g) => masker.mask(describePending(g))) } : {};
}

/** Health of a stack whose config or outputs cannot be read: could not check, with why. */
function unreadableFinding(stack: string, error: unknown, masker: Masker): HealthReport["findings"][number] {
    if ((error as { name?: unknown })?.name === "StackNotFoundError") {
        return {
            check: "stack",
            severity: "unknown",
            finding: "never deployed: this backend has no such stack (or another backend is logged in)",
            action: "create and deploy it, or log in to the backend that holds it",
            commands: [`pulumi stack init ${stack}`, `pulumi up --stack ${stack}`],
        };
    }
    return { check: "stack", severity: "unknown", finding: `could not read the stack's config and outputs: ${describeError(error, [], masker)}` };
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

