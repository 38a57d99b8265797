/**
 * `auth0-entra-scim handoff --stack NAME [--format md|html] [--mode vendor|customer] [--out FILE] [--offline]`
 *
 * Writes the sheet for the other party of a split deployment: the customer's Entra administrator
 * (from a vendor or full stack) or the vendor (from the customer's stack). Values come from the
 * stack's config, its outputs once it has been deployed, and the offline plan (tools/plan/plan.ts,
 * loaded lazily), which also checks the stack's config the way `pulumi up` would.
 *
 * What it refuses, writing nothing (exit 1): outputs it could not read (it says why); a stack whose
 * config has problems (listed on stderr, for the stack's owner, never in the other party's sheet).
 * A stack that has never been deployed gets its sheet with placeholders for the ids, and exit 3.
 *
 * No secret reaches the sheet: secrets are never read (outputs come with `--show-secrets=false`,
 * `--secret` config is not decrypted), the sheet is built from named non-secret facts only, and the
 * rendered text is checked against every secret value the tool has seen before it is written.
 */
import * as path from "node:path";
import { Command, Option } from "commander";
import { addStackOptions, EXIT, runCommand, selectedStacks, UsageError } from "../cli/common";
import { type PlanOutcome, sheetFacts } from "./facts";
import { NoSuchStackError, type StackOutputs, type StackOutputsReader } from "./pulumiCli";
import { type Format, render } from "./render";
import { assertNoSecret, secretValues } from "./secrets";
import { buildSheet, type Reader, type SheetFacts } from "./sheet";
import { readStackConfig, type StackMode, stackSettings } from "./stack";
import { writePrivateFile } from "./writeFile";

export type { PlanOutcome, PlanResource } from "./facts";
export { assertNoSecret } from "./secrets";

export const DESCRIPTION = `write the hand-off sheet for the other party of a split deployment: from a vendor (or full) stack for the
customer's Entra administrator, from a customer stack for the vendor. To stdout, or to FILE with --out
(mode 0600; never through a symlink; --force to overwrite). It never contains a token or a client secret.`;

export type PlanStack = (stack: string, options: { projectDir: string }) => PlanOutcome | Promise<PlanOutcome>;

export interface HandoffDeps {
    readonly projectDir: string;
    readonly env: NodeJS.ProcessEnv;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    readonly readOutputs: StackOutputsReader;
    /** The offline plan (undefined in tests that do without it). */
    readonly loadPlan: () => PlanStack | undefined;
    /** Default: writePrivateFile (0600, no symlink, no overwrite without force). */
    readonly writeFile?: (file: string, text: string, options: { force: boolean }) => void;
}

interface HandoffOptions {
    stack?: string[];
    stacks?: string[];
    all?: boolean;
    format: string;
    mode?: string;
    out?: string;
    force?: boolean;
    offline?: boolean;
}

/** Stops the sheet: the message goes to stderr, nothing is written, exit 1. */
export class HandoffRefused extends Error {
    constructor(message: string, readonly details: readonly string[] = []) {
        super(message);
        this.name = "HandoffRefused";
    }
}

/** The `handoff` subcommand; its action leaves the exit code in `result.code`. */
export function handoffCommand(deps: HandoffDeps, result: { code?: number }): Command {
    const command = new Command("handoff").description(DESCRIPTION);
    addStackOptions(command, { qualified: true, description: "the stack (Pulumi.<name>.yaml, or org/project/stack)" });
    command
        .addOption(new Option("--format <format>", "the sheet's format").choices(["md", "html"]).default("md"))
        .addOption(new Option("--mode <reader>", "who reads it (default: the other party of the stack's mode)").choices(["customer", "vendor"]))
        .addOption(new Option("--out <file>", "write the sheet to FILE (mode 0600) instead of stdout"))
        .addOption(new Option("--force", "with --out: overwrite FILE if it exists (never through a symlink)"))
        .addOption(new Option("--offline", "do not ask the Pulumi CLI for the stack's outputs (before its first pulumi up): ids are placeholders, exit 3"))
        .addHelpText(
            "after",
            "\nExit codes: 0 written from a deployed stack; 3 written, but the stack has never been deployed (ids are placeholders);\n" +
                "1 nothing written (outputs unreadable, the stack's config has problems, a file refused); 2 usage error.\n" +
                "Example:\n  auth0-entra-scim handoff --stack fabrikam --out fabrikam-handoff.md",
        )
        .action(async (options: HandoffOptions) => {
            result.code = await handoffAction(options, deps);
        });
    return command;
}

async function handoffAction(options: HandoffOptions, deps: HandoffDeps): Promise<number> {
    const stacks = selectedStacks(options, deps.stderr);
    if (options.all) throw new UsageError("--all: a hand-off sheet is for one stack; name it with --stack");
    if (!stacks) throw new UsageError("--stack is required");
    if (stacks.length !== 1) throw new UsageError("--stack: give exactly one stack");
    if (options.force && !options.out) throw new UsageError("--force only goes with --out");
    const [stack] = stacks;
    try {
        const sheet = await handoffSheet(stack, { format: options.format as Format, reader: options.mode as Reader | undefined, offline: options.offline }, deps);
        if (options.out) {
            (deps.writeFile ?? writePrivateFile)(path.resolve(options.out), sheet.text, { force: !!options.force });
            sheet.notes.push(`wrote ${options.out}`);
        } else {
            deps.stdout(sheet.text);
        }
        deps.stderr(`handoff: ${sheet.notes.join("; ")}\n`);
        if (sheet.notDeployed) {
            deps.stderr(`handoff: ${sheet.notDeployed}, so the sheet has placeholders for the ids it makes (exit ${EXIT.ATTENTION}); write it again after its pulumi up\n`);
            return EXIT.ATTENTION;
        }
        return EXIT.OK;
    } catch (error) {
        if (error instanceof UsageError) throw error;
        deps.stderr(`handoff: ${(error as Error).message}\n`);
        for (const line of error instanceof HandoffRefused ? error.details : []) deps.stderr(`  - ${line}\n`);
        return EXIT.FAILURE;
    }
}

/** The offline plan (tools/plan/plan.ts), loaded on first use. */
export function lazyPlan(): () => PlanStack {
    return () => async (stack, options) => (await import("../plan/plan")).planStack(stack, options);
}

/** `handoff` with the user's arguments (after `handoff`): the exit code (0, 1, 2 or 3; see the help). */
export async function runHandoff(argv: readonly string[], deps: HandoffDeps): Promise<number> {
    const result: { code?: number } = {};
    return runCommand(handoffCommand(deps, result), argv, { stdout: deps.stdout, stderr: deps.stderr }, result);
}

/** Who reads a stack's sheet: the other party of its mode. A reader that would duplicate the stack's own side is refused. */
export function sheetReader(stack: string, mode: StackMode, asked: Reader | undefined): Reader {
    const reader = asked ?? (mode === "customer" ? "vendor" : "customer");
    if (mode === reader) {
        throw new UsageError(`--mode ${reader}: stack ${stack} is itself the ${reader}'s (mode ${mode}); write the ${reader}'s sheet from the other party's stack`);
    }
    if (mode === "full" && reader === "vendor") {
        throw new UsageError(`--mode vendor: stack ${stack} (mode full) runs the Auth0 side itself; a vendor stack for the same customer would create a second connection`);
    }
    return reader;
}

/**
 * Problems the reader of this sheet is about to resolve: a vendor stack waits for the customer's
 * sign-in app (oidcClientId, oidcClientSecret) until the customer has done step 1 of the sheet.
 */
function awaitedFromReader(problem: string, mode: StackMode, reader: Reader): boolean {
    return mode === "vendor" && reader === "customer" && /^(?:[\w.-]+:)?(?:oidcClientId|oidcClientSecret) is required in a vendor stack\b/.test(problem);
}

export interface HandoffSheet {
    readonly text: string;
    readonly facts: SheetFacts;
    readonly notes: string[];
    /** Why the stack counts as never deployed (its sheet then has placeholders); undefined when it has outputs. */
    readonly notDeployed?: string;
}

/** The rendered sheet, where its values came from, and whether the stack was deployed. Throws rather than render a secret. */
export async function handoffSheet(
    stack: string,
    options: { format: Format; reader?: Reader; offline?: boolean },
    deps: Pick<HandoffDeps, "projectDir" | "env" | "readOutputs" | "loadPlan">,
): Promise<HandoffSheet> {
    const config = readStackConfig(stack, deps.projectDir);
    const settings = stackSettings(config);
    const reader = sheetReader(stack, settings.mode, options.reader);
    const notes: string[] = [];

    let outputs: StackOutputs | undefined;
    let notDeployed: string | undefined;
    if (options.offline) {
        notDeployed = "--offline: the stack's outputs were not read";
    } else {
        try {
            outputs = await deps.readOutputs(stack);
            if (!outputs) notDeployed = `stack ${stack} has no outputs: it has never been deployed (no pulumi up yet)`;
        } catch (error) {
            if (!(error instanceof NoSuchStackError)) {
                throw new HandoffRefused(
                    `could not read the outputs of stack ${stack} (${(error as Error).message}); nothing was written. ` +
                        "Before the stack's first pulumi up, --offline writes the sheet from its config alone.",
                );
            }
            notDeployed = `the backend you are logged in to has no stack ${stack}: it has never been deployed there (if it has, pulumi login to its backend and run this again)`;
        }
    }
    notes.push(outputs ? "values from the stack's outputs" : "not deployed: no outputs");

    let plan: PlanOutcome | undefined;
    const planStack = deps.loadPlan();
    if (planStack) {
        try {
            plan = await planStack(stack, { projectDir: deps.projectDir });
            notes.push("config checked by the offline plan");
        } catch (error) {
            notes.push(`offline plan failed (${(error as Error).message}): config checked by the sheet's own reader only`);
        }
    } else {
        notes.push("no offline plan: config checked by the sheet's own reader only");
    }

    // The sheet's reader and the plan share components/organizationConfig.ts: a problem both see is listed once.
    const problems = [...new Set([...settings.problems, ...(plan && !plan.ok ? plan.problems : [])])].filter((p) => !awaitedFromReader(p, settings.mode, reader));
    if (problems.length > 0) {
        throw new HandoffRefused(
            `stack ${stack}'s config has ${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before a sheet goes to the ${reader}; nothing was written:`,
            problems,
        );
    }

    const facts = sheetFacts(config, outputs, plan?.ok ? plan : undefined, reader);
    const text = render(buildSheet(facts), options.format);
    assertNoSecret(text, secretValues(config, outputs, plan, deps.env));
    return { text, facts, notes, notDeployed };
}
