/**
 * `auth0-entra-scim fleet <plan|preview|up|refresh|health> …` (`npm run fleet --`), and
 * `auth0-entra-scim health …` (the same as `fleet health`): the CLI around runner.ts with the
 * production pieces: the Automation API over the project directory, tools/plan for `plan`,
 * tools/health with Graph and Auth0 clients built from each stack's config for `health`.
 */
import * as path from "node:path";
import { Command, Option } from "commander";
import { addStackOptions, concurrencyOption, processIo, runCommand, selectedStacks, UsageError, type CliIo } from "../cli/common";
import { checkHealth } from "../health/health";
import { productionHealthClients } from "../health/clients";
import { checkSelection, DEFAULT_CONCURRENCY, defaultProjectDir, discoverStacks, selectStacks, type FleetArgs } from "./args";
import { automationStackOperations } from "./automation";
import { canAsk, terminalConfirm } from "./confirm";
import { loadPlanStack } from "./plan";
import type { Output } from "./progress";
import { processInterrupts, runFleet, type FleetCommand, type FleetDeps } from "./runner";

const DESCRIPTIONS: Record<FleetCommand, string> = {
    plan: "plan every selected stack offline (as `plan`), with a summary table",
    preview: "pulumi preview of every selected stack (default: all)",
    up: "pulumi up of the stacks named with --stack, or --all",
    refresh: "pulumi refresh of the stacks named with --stack, or --all",
    health: "check each stack's deployed connection, token and provisioning job (default: all)",
};

const CTRL_C = "Ctrl-C once asks every running update to stop gracefully and waits; a second Ctrl-C terminates them.";
const EXIT_HELP = {
    health: `\nExit codes: 0 every stack healthy; 1 a stack is unhealthy (or failed); 3 none unhealthy, but some could not be checked; 2 usage error; 130 interrupted (Ctrl-C).\n${CTRL_C}`,
    up:
        "\nWithout --yes, every stack is previewed first, the plan summary shown, and you are asked; without a terminal (CI), --yes or --dry-run is required.\n" +
        `Exit codes: 0 all ok; 1 a stack failed, or not confirmed; 2 usage error; 130 interrupted (Ctrl-C).\n${CTRL_C}`,
    other: `\nExit codes: 0 all ok; 1 a stack failed; 2 usage error; 130 interrupted (Ctrl-C).\n${CTRL_C}`,
};

interface RawOptions {
    stack?: string[];
    stacks?: string[];
    all?: boolean;
    json?: boolean;
    concurrency?: number;
    report?: string;
    rotationDue?: boolean;
    projectDir?: string;
    policyPack?: string[];
    policyPackConfig?: string[];
    yes?: boolean;
    dryRun?: boolean;
    inProcess?: boolean;
    refresh?: boolean;
    expectNoChanges?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Injectable for tests: what a parsed command runs (default: the production runner). */
export type FleetRun = (args: FleetArgs, io: CliIo) => Promise<number>;

/** One fleet operation as a commander subcommand (`up`, `health`, …). */
export function fleetOperationCommand(command: FleetCommand, result: { code?: number }, io: CliIo, run: FleetRun = runFleetCli, name: string = command): Command {
    const sub = new Command(name).description(DESCRIPTIONS[command]);
    addStackOptions(sub);
    sub.addOption(new Option("--json", "print the JSON report on stdout (the table and progress go to stderr)"))
        .addOption(concurrencyOption(String(DEFAULT_CONCURRENCY)))
        .addOption(new Option("--report <file>", "also write the JSON report to FILE"))
        .addOption(new Option("--rotation-due", "only the stacks whose SCIM token is inside its rotation window"))
        .addOption(new Option("--project-dir <dir>", "the Pulumi project (default: this package)"))
        .addOption(new Option("--policy-pack <dir>", "preview and up: run this policy pack (repeatable)").argParser(collect))
        .addOption(new Option("--policy-pack-config <file>", "the pack's config, as pulumi's --policy-pack-config (repeatable)").argParser(collect));
    if (command === "up") {
        sub.addOption(new Option("-y, --yes", "no plan summary, no question: go ahead (needed without a terminal, e.g. in CI)"))
            .addOption(new Option("--dry-run", "the plan summary only: preview each stack, change nothing"));
    }
    if (command === "preview") {
        sub.addOption(new Option("--refresh", "refresh each stack's state from the providers first (pulumi preview --refresh)"))
            .addOption(new Option("--expect-no-changes", "fail a stack whose preview proposes any change: drift detection, with --refresh"));
    }
    if (command === "preview" || command === "up" || command === "refresh") {
        sub.addOption(new Option("--in-process", "run the project's program in this process (an inline program): no Node language host (pulumi-language-nodejs) needed"));
    }
    sub.addHelpText("after", EXIT_HELP[command === "health" ? "health" : command === "up" ? "up" : "other"])
        .action(async (raw: RawOptions) => {
            const stacks = checkSelection(command, selectedStacks(raw, io.stderr), !!raw.all);
            result.code = await run(
                {
                    command,
                    stacks,
                    concurrency: raw.concurrency ?? DEFAULT_CONCURRENCY,
                    reportFile: raw.report,
                    rotationDue: !!raw.rotationDue,
                    projectDir: raw.projectDir,
                    json: !!raw.json,
                    policyPacks: raw.policyPack,
                    policyPackConfigs: raw.policyPackConfig,
                    ...(command === "up" ? { yes: !!raw.yes, dryRun: !!raw.dryRun } : {}),
                    ...(raw.inProcess ? { inProcess: true } : {}),
                    ...(raw.refresh ? { refresh: true } : {}),
                    ...(raw.expectNoChanges ? { expectNoChanges: true } : {}),
                },
                io,
            );
        });
    return sub;
}

/** `fleet` with its five operations. */
export function fleetCommand(result: { code?: number }, io: CliIo = processIo, run: FleetRun = runFleetCli): Command {
    const fleet = new Command("fleet").description("run one operation over many customer stacks, a few at a time, with a summary table");
    for (const command of ["preview", "up", "refresh", "plan", "health"] as const) fleet.addCommand(fleetOperationCommand(command, result, io, run));
    return fleet;
}

/** `fleet …` with the user's arguments (after `fleet`): the exit code. */
export function main(argv: readonly string[], io: CliIo = processIo, run: FleetRun = runFleetCli): Promise<number> {
    const result: { code?: number } = {};
    return runCommand(fleetCommand(result, io, run), argv, io, result);
}

/** What the production run takes from its surroundings (tests and the e2e give their own). */
export interface FleetContext {
    /** The environment of the health checks and of every `pulumi` run. */
    readonly env: NodeJS.ProcessEnv;
    /** Progress and the summary (stderr with --json). */
    readonly stdout: NodeJS.WriteStream | Output;
    readonly stderr: NodeJS.WriteStream | Output;
    readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
    /** A folder with `bin/pulumi` instead of the `pulumi` on the PATH. */
    readonly pulumiRoot?: string;
    /** Instead of the terminal prompt (a test's answers). */
    readonly confirm?: FleetDeps["confirm"];
    readonly interrupts?: FleetDeps["interrupts"];
}

const processContext = (): FleetContext => ({ env: process.env, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, interrupts: processInterrupts });

/** The production run of a parsed fleet command. */
export async function runFleetCli(args: FleetArgs, io: CliIo, context: FleetContext = processContext()): Promise<number> {
    const projectDir = path.resolve(args.projectDir ?? defaultProjectDir());
    let stacks: string[];
    try {
        stacks = selectStacks(args.stacks, discoverStacks(projectDir), projectDir);
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (stacks.length === 0) throw new UsageError(`no Pulumi.<stack>.yaml in ${projectDir}`);

    // With --json, stdout carries the report only.
    const stream = args.json ? context.stderr : context.stdout;
    const ask = context.confirm ?? (canAsk(context.stdin, context.stderr) ? terminalConfirm(context.stdin, context.stderr as NodeJS.WritableStream) : undefined);
    const env = context.env;
    const deps: FleetDeps = {
        ops: automationStackOperations(projectDir, {
            policyPacks: args.policyPacks?.map((p) => path.resolve(p)),
            policyPackConfigs: args.policyPackConfigs?.map((p) => path.resolve(p)),
            inProcess: !!args.inProcess,
            ...(args.refresh ? { refresh: true } : {}),
            ...(context.env !== process.env ? { envVars: definedOnly(context.env) } : {}),
            ...(context.pulumiRoot ? { pulumiRoot: context.pulumiRoot } : {}),
        }),
        out: {
            write: (text: string) => stream.write(text),
            // Live lines only on a real terminal; CI logs get plain timestamped lines even on a pseudo-TTY.
            isTTY: !!stream.isTTY && !env.CI,
            get columns() {
                return stream.columns;
            },
            get rows() {
                return stream.rows;
            },
        },
        plan: loadPlanStack(),
        health: ({ stack, outputs, config, addSecrets }) => {
            const { clients, secrets } = productionHealthClients(config, env);
            addSecrets(secrets);
            return checkHealth({ stack, outputs, config }, clients);
        },
        ...(ask ? { confirm: ask } : {}),
        ...(context.interrupts ? { interrupts: context.interrupts } : {}),
        ...(args.json ? { printJson: io.stdout } : {}),
    };
    const report = await runFleet(
        {
            command: args.command,
            stacks,
            concurrency: args.concurrency,
            rotationDue: args.rotationDue,
            reportFile: args.reportFile,
            projectDir,
            yes: args.yes,
            dryRun: args.dryRun,
            ...(args.expectNoChanges ? { expectNoChanges: true } : {}),
        },
        deps,
    );
    return report.exitCode;
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
}
