/**
 * StackOperations over the Pulumi Automation API: one LocalWorkspace stack per customer, selected in the
 * project directory (the CLI reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` there). The program runs
 * under the CLI's Node language host, or, with `inProcess`, in this process as an inline program
 * (inProcess.ts). Kept thin: all the fleet logic is in runner.ts, which the tests drive with a fake.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { DYNAMIC_PROVIDER_HOST, findsPlugin, LANGUAGE_HOST, layOutNodeHosts, pulumiSdkDir, resolveCli } from "./hosts";
import { inlineProgram } from "./inProcess";
import { PreflightError, type OperationResult, type PreflightInfo, type ProgressEvent, type StackConfig, type StackOperations, type StackOutputs } from "./operations";
import { ResourceSteps } from "./resourceSteps";

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

    /** The `pulumi` on the PATH, or `<root>/bin/pulumi`. */
    static async get(root?: string): Promise<FleetPulumiCommand> {
        const real = await PulumiCommand.get(root ? { root } : undefined);
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

export interface AutomationOptions {
    /** preview and up: policy packs, and their config files (pulumi's --policy-pack, --policy-pack-config). */
    readonly policyPacks?: readonly string[];
    readonly policyPackConfigs?: readonly string[];
    /** preview: refresh the state from the providers first (pulumi preview --refresh), as a drift check does. */
    readonly refresh?: boolean;
    /** Run the project's program in this Node process (inProcess.ts) instead of the CLI's language host. */
    readonly inProcess?: boolean;
    /** The environment of every `pulumi` run, on top of this process's (tests: the emulators'). */
    readonly envVars?: Readonly<Record<string, string>>;
    /** A folder with `bin/pulumi` to run instead of the `pulumi` on the PATH. */
    readonly pulumiRoot?: string;
}

export function automationStackOperations(projectDir: string, options: AutomationOptions = {}): StackOperations {
    const packs = {
        ...(options.policyPacks?.length ? { policyPacks: [...options.policyPacks] } : {}),
        ...(options.policyPackConfigs?.length ? { policyPackConfigs: [...options.policyPackConfigs] } : {}),
    };
    const envVars: Record<string, string> = { ...options.envVars };
    const program = options.inProcess ? inlineProgram(projectDir) : undefined;
    let pulumiCommand: Promise<FleetPulumiCommand> | undefined;
    let command: FleetPulumiCommand | undefined;
    const getCommand = () => (pulumiCommand ??= FleetPulumiCommand.get(options.pulumiRoot).then((c) => (command = c)));
    const workspaceOptions = async () => ({ pulumiCommand: (await getCommand()) as unknown as PulumiCommand, envVars, ...(program ? { program } : {}) });
    const selected = new Map<string, Promise<Stack>>();
    const select = (stackName: string): Promise<Stack> => {
        let stack = selected.get(stackName);
        if (!stack) {
            stack = workspaceOptions().then((opts) => LocalWorkspace.selectStack({ stackName, workDir: projectDir }, opts));
            selected.set(stackName, stack);
        }
        return stack;
    };
    const listen = (onProgress: (event: ProgressEvent) => void, signal?: AbortSignal, steps?: ResourceSteps) => ({
        signal,
        // The raw text is Pulumi's own rendering; progress comes from the structured events instead.
        onOutput: () => undefined,
        onEvent: (event: EngineEvent) => {
            steps?.observe(event);
            const progress = toProgress(event);
            if (progress) onProgress(progress);
        },
        color: "never" as const,
    });

    return {
        async preflight({ runsProgram }): Promise<PreflightInfo> {
            const env = { ...process.env, ...envVars };
            let cli: FleetPulumiCommand;
            try {
                cli = await getCommand();
            } catch (error) {
                throw new PreflightError(describeMissingCli(error, options.pulumiRoot));
            }
            const binary = resolveCli(cli.command, env);
            const notes: string[] = [];
            if (runsProgram && !program && !findsPlugin(LANGUAGE_HOST, binary, env)) {
                throw new PreflightError(
                    `the Pulumi CLI at ${binary} has no Node.js language host (${LANGUAGE_HOST} beside it, on the PATH or in the plugin cache), ` +
                        "so it cannot run this project: install a Pulumi CLI release, or run with --in-process (the fleet runs the program itself)",
                );
            }
            if (runsProgram && program && !findsPlugin(DYNAMIC_PROVIDER_HOST, binary, env)) {
                const dir = layOutNodeHosts(pulumiSdkDir(projectDir));
                process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
                envVars.PATH = `${dir}${path.delimiter}${env.PATH ?? ""}`;
                notes.push(`no ${DYNAMIC_PROVIDER_HOST} for this CLI: using @pulumi/pulumi's own dynamic-provider and policy hosts (launchers in ${dir})`);
            }
            try {
                const workspace = await LocalWorkspace.create({ workDir: projectDir, ...(await workspaceOptions()) });
                const who = await workspace.whoAmI();
                return { cli: binary, version: cli.version?.toString(), user: who.user, url: who.url, notes };
            } catch (error) {
                throw new PreflightError(describeNoLogin(error));
            }
        },
        async preview(stack, onProgress, signal): Promise<OperationResult> {
            const steps = new ResourceSteps();
            const result = await (await select(stack)).preview({ ...listen(onProgress, signal, steps), ...packs, ...(options.refresh ? { refresh: true } : {}) });
            return { changes: steps.counts(), engineChanges: result.changeSummary, changedUrns: steps.changedUrns() };
        },
        async up(stack, onProgress, signal): Promise<OperationResult> {
            const steps = new ResourceSteps();
            const result = await (await select(stack)).up({ ...listen(onProgress, signal, steps), ...packs });
            return { changes: steps.counts(), engineChanges: result.summary.resourceChanges ?? {}, outputs: result.outputs };
        },
        async refresh(stack, onProgress, signal): Promise<OperationResult> {
            // A refresh's steps are all `refresh`; what changed is only in the engine's summary.
            const result = await (await select(stack)).refresh(listen(onProgress, signal));
            const changes = result.summary.resourceChanges ?? {};
            return { changes, engineChanges: changes };
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

/** `pulumi` did not run: not installed, not on the PATH, or a version the Automation API refuses. */
export function describeMissingCli(error: unknown, root?: string): string {
    const text = String((error as { message?: unknown })?.message ?? error);
    const where = root ? `${path.join(root, "bin", "pulumi")}` : "pulumi on the PATH";
    if (/ENOENT/.test(text)) return `the Pulumi CLI was not found (${where}): install it (https://www.pulumi.com/docs/install/) or put it on the PATH`;
    const line = text.split("\n").map((l) => l.trim()).find((l) => /version|error/i.test(l)) ?? text.split("\n")[0].trim();
    return `the Pulumi CLI (${where}) cannot be used: ${line.slice(0, 300)}`;
}

/** `pulumi whoami` failed: no login, or the backend cannot be reached. The CLI's own `error:` line says which. */
export function describeNoLogin(error: unknown): string {
    const e = error as { message?: unknown; commandResult?: { stderr?: unknown } };
    const stderr = typeof e?.commandResult?.stderr === "string" ? e.commandResult.stderr : String(e?.message ?? error);
    const line = stderr.split("\n").map((l) => /\berror:\s*(.*)$/i.exec(l)?.[1]?.trim()).find(Boolean) ?? stderr.trim().split("\n")[0];
    return (
        `no Pulumi backend is logged in for this project (pulumi whoami: ${line.slice(0, 300)}): ` +
        "run `pulumi login` (or `pulumi login --local`, or set PULUMI_ACCESS_TOKEN / PULUMI_BACKEND_URL) and try again"
    );
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
