/**
 * `auth0-entra-scim fleet <plan|preview|up|refresh|health> …` (`npm run fleet --`), and
 * `auth0-entra-scim health …` (the same as `fleet health`): the CLI around runner.ts with the
 * production pieces: the Automation API over the project directory, tools/plan for `plan`,
 * tools/health with Graph and Auth0 clients built from each stack's config for `health`.
 */
import * as path from "node:path";
import { Command, Option } from "commander";
import { addStackOptions, concurrencyOption, EXIT, processIo, runCommand, selectedStacks, UsageError, type CliIo } from "../cli/common";
import { checkHealth } from "../health/health";
import { productionHealthClients } from "../health/clients";
import { checkSelection, DEFAULT_CONCURRENCY, defaultProjectDir, discoverStacks, selectStacks, type FleetArgs } from "./args";
import { automationStackOperations } from "./automation";
import { loadPlanStack } from "./plan";
import { processInterrupts, runFleet, type FleetCommand, type FleetDeps } from "./runner";

const DESCRIPTIONS: Record<FleetCommand, string> = {
    plan: "plan every selected stack offline (as `plan`), with a summary table",
    preview: "pulumi preview of every selected stack (default: all)",
    up: "pulumi up of the stacks named with --stack, or --all",
    refresh: "pulumi refresh of the stacks named with --stack, or --all",
    health: "check each stack's deployed connection, token and provisioning job (default: all)",
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
        .addOption(new Option("--policy-pack-config <file>", "the pack's config, as pulumi's --policy-pack-config (repeatable)").argParser(collect))
        .addHelpText("after", "\nExit codes: 0 all ok; 1 a stack failed or is unhealthy; 2 usage error; 130 interrupted (Ctrl-C).\nCtrl-C once asks every running update to stop gracefully and waits; a second Ctrl-C terminates them.")
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

/** The production run of a parsed fleet command. */
export async function runFleetCli(args: FleetArgs, io: CliIo): Promise<number> {
    const projectDir = path.resolve(args.projectDir ?? defaultProjectDir());
    let stacks: string[];
    try {
        stacks = selectStacks(args.stacks, discoverStacks(projectDir), projectDir);
    } catch (error) {
        throw new UsageError((error as Error).message);
    }
    if (stacks.length === 0) throw new UsageError(`no Pulumi.<stack>.yaml in ${projectDir}`);

    // With --json, stdout carries the report only.
    const stream = args.json ? process.stderr : process.stdout;
    const deps: FleetDeps = {
        ops: automationStackOperations(projectDir, { policyPacks: args.policyPacks?.map((p) => path.resolve(p)), policyPackConfigs: args.policyPackConfigs?.map((p) => path.resolve(p)) }),
        out: {
            write: (text: string) => stream.write(text),
            // Live lines only on a real terminal; CI logs get plain timestamped lines even on a pseudo-TTY.
            isTTY: !!stream.isTTY && !process.env.CI,
            get columns() {
                return stream.columns;
            },
            get rows() {
                return stream.rows;
            },
        },
        plan: loadPlanStack(),
        health: ({ stack, outputs, config, addSecrets }) => {
            const { clients, secrets } = productionHealthClients(config);
            addSecrets(secrets);
            return checkHealth({ stack, outputs, config }, clients);
        },
        interrupts: processInterrupts,
        ...(args.json ? { printJson: io.stdout } : {}),
    };
    const report = await runFleet(
        { command: args.command, stacks, concurrency: args.concurrency, rotationDue: args.rotationDue, reportFile: args.reportFile, projectDir },
        deps,
    );
    return report.exitCode === 130 ? EXIT.INTERRUPTED : report.exitCode;
}
