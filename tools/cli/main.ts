/**
 * `auth0-entra-scim`: the one command line of the package, on commander.
 *
 *   auth0-entra-scim plan [--stack NAME]... [--all] [--json] [--diff BASE_REF]
 *   auth0-entra-scim fleet <preview|up|refresh|plan|health> [--stack NAME]... [--all] [--json] [--concurrency N]
 *   auth0-entra-scim health [--stack NAME]... [--all] [--json]            (the same as fleet health)
 *   auth0-entra-scim handoff --stack NAME [--mode customer|vendor] [--out FILE [--force]] [--offline]
 *   auth0-entra-scim ticket --stack NAME [--ttl SECONDS | --revoke TICKET_ID]
 *   auth0-entra-scim new-customer NAME [--mode M] [--entra-tenant-domain D] [--entra-tenant-id GUID] [...]
 *   auth0-entra-scim bench [--parts programs,providers,tests,engine]
 *   auth0-entra-scim sandbox [up|preview|refresh|destroy|down]             (sandbox/cli.ts)
 *
 * Exit codes: EXIT in common.ts, the table in docs/cli.md. The npm scripts (`npm run plan -- …`) call
 * this with the subcommand first.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { Command } from "commander";
import { benchCommand } from "../../bench/cli";
import { fleetCommand, fleetOperationCommand, type FleetRun } from "../fleet/main";
import { handoffCommand, lazyPlan } from "../handoff/handoff";
import { newCustomerCommand, type NewCustomerDeps } from "../newCustomer/newCustomer";
import { pulumiCliOutputsReader, pulumiCliSecretConfigReader } from "../handoff/pulumiCli";
import { planCommand } from "../plan/cli";
import { ticketCommand } from "../ticket/ticket";
import { EXIT, processIo, runCommand, type CliIo } from "./common";

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const SANDBOX_CLI = path.join(PROJECT_DIR, "sandbox", "cli.ts");

export interface MainDeps {
    readonly io?: CliIo;
    /** fleet and health: what a parsed command runs (tests give a fake). */
    readonly fleetRun?: FleetRun;
    /** sandbox: runs sandbox/cli.ts with these arguments, resolves its exit code. */
    readonly sandbox?: (args: readonly string[]) => Promise<number>;
    /** new-customer: prompts, terminal detection and the plan (tests give fakes). */
    readonly newCustomer?: NewCustomerDeps;
}

/** sandbox/cli.ts in a child Node (it parses process.argv when loaded), with this terminal. */
function runSandbox(args: readonly string[]): Promise<number> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", SANDBOX_CLI, ...args], { cwd: PROJECT_DIR, stdio: "inherit" });
        // Ctrl-C reaches the child too (same process group): let it decide, and report its exit.
        const ignore = () => undefined;
        process.on("SIGINT", ignore);
        child.on("error", () => resolve(EXIT.FAILURE));
        child.on("close", (code, signal) => {
            process.removeListener("SIGINT", ignore);
            resolve(code ?? (signal === "SIGINT" ? EXIT.INTERRUPTED : EXIT.FAILURE));
        });
    });
}

export function program(result: { code?: number }, deps: MainDeps = {}): Command {
    const io = deps.io ?? processIo;
    const root = new Command("auth0-entra-scim")
        .description("Auth0 inbound SCIM for Microsoft Entra ID, one Pulumi stack per customer: plan, deploy, check and hand off")
        .enablePositionalOptions()
        .addHelpText("after", "\nExit codes: 0 ok; 1 failure; 2 usage error; 3 needs attention (plan --diff: a change; handoff: a stack never deployed; health: a stack could not be checked); 130 interrupted.\nSee docs/cli.md.");
    root.addCommand(planCommand(result, io));
    root.addCommand(fleetCommand(result, io, deps.fleetRun));
    root.addCommand(fleetOperationCommand("health", result, io, deps.fleetRun).description("check each deployed stack's health (the same as fleet health)"));
    root.addCommand(
        handoffCommand(
            {
                projectDir: PROJECT_DIR,
                env: process.env,
                stdout: io.stdout,
                stderr: io.stderr,
                readOutputs: pulumiCliOutputsReader(PROJECT_DIR),
                loadPlan: lazyPlan(),
            },
            result,
        ),
    );
    root.addCommand(
        ticketCommand(
            {
                projectDir: PROJECT_DIR,
                env: process.env,
                stdout: io.stdout,
                stderr: io.stderr,
                readOutputs: pulumiCliOutputsReader(PROJECT_DIR),
                readSecretConfig: pulumiCliSecretConfigReader(PROJECT_DIR),
            },
            result,
        ),
    );
    root.addCommand(benchCommand(result));
    const sandbox = new Command("sandbox")
        .description("the real program under the real Pulumi engine against emulators (sandbox/cli.ts; its own --help)")
        .helpOption(false)
        .allowUnknownOption()
        .allowExcessArguments()
        .passThroughOptions()
        .argument("[args...]", "passed to sandbox/cli.ts")
        .action(async (args: string[]) => {
            result.code = await (deps.sandbox ?? runSandbox)(args);
        });
    root.addCommand(sandbox);
    root.addCommand(newCustomerCommand(result, { ...deps.newCustomer, io }));
    return root;
}

/** The whole CLI with the user's arguments: the exit code. */
export async function main(argv: readonly string[], deps: MainDeps = {}): Promise<number> {
    const io = deps.io ?? processIo;
    const result: { code?: number } = {};
    const root = program(result, deps);
    if (argv.length === 0) {
        io.stderr(root.helpInformation());
        return EXIT.USAGE;
    }
    return runCommand(root, argv, io, result);
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        // Each subcommand reports its own errors; this is only reached by a bug, and must not print a
        // stack trace that could carry a request body.
        (error) => {
            process.stderr.write(`auth0-entra-scim: internal error: ${String((error as Error)?.message ?? error).split("\n")[0]}\n`);
            process.exitCode = EXIT.FAILURE;
        },
    );
}
