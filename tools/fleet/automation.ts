/**
 * StackOperations over the Pulumi Automation API: one LocalWorkspace stack per customer, selected in the
 * project directory (the CLI reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` there). Kept thin: all the
 * fleet logic is in runner.ts, which the tests drive with a fake.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import type { OperationResult, ProgressEvent, StackConfig, StackOperations, StackOutputs } from "./operations";

/** The SDK's (internal) result of one CLI run, which its error classes and callers expect. */
interface CommandResult {
    readonly stdout: string;
    readonly stderr: string;
    readonly code: number;
}
const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as {
    CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => CommandResult;
};
// The SDK's own error classes for a failed command (StackNotFoundError, ConcurrentUpdateError, …).
const { createCommandError } = require("@pulumi/pulumi/automation/errors") as { createCommandError(result: CommandResult): Error };

/**
 * The Pulumi CLI as the Automation API runs it, except that each `pulumi` runs in a process group of
 * its own. The Automation API's own runner leaves it in ours, so a terminal's Ctrl-C reaches every
 * `pulumi` directly, and when Node then exits its clean-up sends SIGTERM after it: Pulumi takes the
 * second signal as "terminate now". Here Ctrl-C reaches only the fleet, which asks each `pulumi` to
 * stop with exactly one SIGINT (the operation's abort signal), and kills them only on `terminate()`.
 */
export class FleetPulumiCommand {
    private readonly children = new Set<ChildProcess>();
    constructor(
        readonly command: string,
        readonly version: PulumiCommand["version"],
        private readonly spawnChild: typeof spawn = spawn,
    ) {}

    static async get(): Promise<FleetPulumiCommand> {
        const real = await PulumiCommand.get();
        return new FleetPulumiCommand(real.command, real.version);
    }

    /** The PulumiCommand interface the workspace calls (internal in the SDK, so shaped after cmd.js). */
    run(
        args: string[],
        cwd: string,
        additionalEnv: { [key: string]: string },
        onOutput?: (data: string) => void,
        onError?: (data: string) => void,
        signal?: AbortSignal,
    ): Promise<CommandResult> {
        if (!args.includes("--non-interactive")) args.push("--non-interactive");
        const env: NodeJS.ProcessEnv = { ...process.env, ...additionalEnv, PULUMI_AUTOMATION_API: "true" };
        if (path.isAbsolute(this.command)) {
            env.PATH = path.dirname(this.command) + (os.platform() === "win32" ? ";" : ":") + (additionalEnv.PATH || process.env.PATH);
        }
        return new Promise((resolve, reject) => {
            const child = this.spawnChild(this.command, args, { cwd, env, detached: os.platform() !== "win32", stdio: ["ignore", "pipe", "pipe"] });
            this.children.add(child);
            let stdout = "";
            let stderr = "";
            child.stdout?.on("data", (d: Buffer) => {
                stdout += d.toString();
                onOutput?.(d.toString());
            });
            child.stderr?.on("data", (d: Buffer) => {
                stderr += d.toString();
                onError?.(d.toString());
            });
            const stop = () => {
                // One SIGINT: Pulumi finishes the steps in flight, writes the state, and exits.
                if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
            };
            if (signal?.aborted) stop();
            signal?.addEventListener("abort", stop, { once: true });
            child.on("error", (error) => {
                this.children.delete(child);
                signal?.removeEventListener("abort", stop);
                reject(createCommandError(new CommandResult("", error.message, -2, error)));
            });
            child.on("close", (code, sig) => {
                this.children.delete(child);
                signal?.removeEventListener("abort", stop);
                const result = new CommandResult(stdout, stderr, code ?? (sig ? 128 : -2));
                if (code === 0) resolve(result);
                else reject(createCommandError(result));
            });
        });
    }

    /** The second Ctrl-C: every running `pulumi`, with its plugins (its process group), now. */
    terminate(): void {
        for (const child of this.children) {
            if (child.pid === undefined) continue;
            try {
                if (os.platform() === "win32") child.kill("SIGKILL");
                else process.kill(-child.pid, "SIGKILL");
            } catch {
                // already gone
            }
        }
    }
}

export interface PolicyOptions {
    readonly policyPacks?: readonly string[];
    readonly policyPackConfigs?: readonly string[];
}

export function automationStackOperations(projectDir: string, policy: PolicyOptions = {}): StackOperations {
    const packs = {
        ...(policy.policyPacks?.length ? { policyPacks: [...policy.policyPacks] } : {}),
        ...(policy.policyPackConfigs?.length ? { policyPackConfigs: [...policy.policyPackConfigs] } : {}),
    };
    let pulumiCommand: Promise<FleetPulumiCommand> | undefined;
    let command: FleetPulumiCommand | undefined;
    const selected = new Map<string, Promise<Stack>>();
    const select = (stackName: string): Promise<Stack> => {
        let stack = selected.get(stackName);
        if (!stack) {
            pulumiCommand ??= FleetPulumiCommand.get().then((c) => (command = c));
            stack = pulumiCommand.then((c) =>
                LocalWorkspace.selectStack({ stackName, workDir: projectDir }, { pulumiCommand: c as unknown as PulumiCommand }),
            );
            selected.set(stackName, stack);
        }
        return stack;
    };
    const listen = (onProgress: (event: ProgressEvent) => void, signal?: AbortSignal) => ({
        signal,
        // The raw text is Pulumi's own rendering; progress comes from the structured events instead.
        onOutput: () => undefined,
        onEvent: (event: EngineEvent) => {
            const progress = toProgress(event);
            if (progress) onProgress(progress);
        },
        color: "never" as const,
    });

    return {
        async preview(stack, onProgress, signal): Promise<OperationResult> {
            const result = await (await select(stack)).preview({ ...listen(onProgress, signal), ...packs });
            return { changes: result.changeSummary };
        },
        async up(stack, onProgress, signal): Promise<OperationResult> {
            const result = await (await select(stack)).up({ ...listen(onProgress, signal), ...packs });
            return { changes: result.summary.resourceChanges ?? {}, outputs: result.outputs };
        },
        async refresh(stack, onProgress, signal): Promise<OperationResult> {
            const result = await (await select(stack)).refresh(listen(onProgress, signal));
            return { changes: result.summary.resourceChanges ?? {} };
        },
        async outputs(stack): Promise<StackOutputs> {
            return (await select(stack)).outputs();
        },
        async config(stack): Promise<StackConfig> {
            const config = await (await select(stack)).getAllConfig();
            return Object.fromEntries(Object.entries(config).map(([key, c]) => [key, { value: c.value, secret: c.secret ?? false }]));
        },
        terminate(): void {
            command?.terminate();
        },
    };
}

/** Engine events to progress: resource steps (not the stack itself or default providers) and diagnostics. */
export function toProgress(event: EngineEvent): ProgressEvent | undefined {
    const step = event.resourcePreEvent ?? event.resOutputsEvent ?? event.resOpFailedEvent;
    if (step) {
        const { op, urn } = step.metadata;
        if (urn.includes("::pulumi:pulumi:Stack::") || urn.includes("::pulumi:providers:")) return undefined;
        const phase = event.resourcePreEvent ? "start" : event.resOutputsEvent ? "done" : "failed";
        return { type: "step", op, urn, phase };
    }
    const diagnostic = event.diagnosticEvent;
    if (diagnostic && !diagnostic.ephemeral) {
        const severity = diagnostic.severity === "error" ? "error" : diagnostic.severity === "warning" ? "warning" : "info";
        return { type: "diagnostic", severity, message: diagnostic.message.trim() };
    }
    return undefined;
}
