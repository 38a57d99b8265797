/**
 * `auth0-entra-scim plan` (`npm run plan --`): what the stacks' programs would create, offline (no
 * credentials, no Pulumi CLI).
 *
 *   auth0-entra-scim plan --stack contoso         one stack, as a tree
 *   auth0-entra-scim plan --all                   every Pulumi.<stack>.yaml (the default)
 *   auth0-entra-scim plan --all --json            the same as data
 *   auth0-entra-scim plan --diff origin/main      what the working tree changes, per stack, as markdown
 *
 * Exit code (tools/cli/common.ts EXIT): 0 when every plan ran; 3 with --diff when a change needs
 * attention (a protected replacement or deletion, a refused change, a SCIM token rotation); 1 when a
 * stack's plan failed in the working tree (a config problem or a crash) or two stacks share a
 * connection name or an Entra tenant id (duplicates.ts); 2 for a usage or git error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { addStackOptions, concurrencyOption, EXIT, processIo, runCommand, selectedStacks, timeoutSeconds, UsageError, type CliIo } from "../cli/common";
import { diffAll, renderDiff, renderDiffJson } from "./diff";
import { findDuplicates, fleetPolicyConfig, projectClaims, renderDuplicates, type DuplicateFinding } from "./duplicates";
import { withBaseTree } from "./git";
import { PACKAGE_DIR, planStacks, type PlanOptions } from "./plan";
import { renderPlans, renderPlansJson } from "./render";
import { listStacks, readProject } from "./stackConfig";
import type { StackPlan } from "./types";

export interface Args {
    stacks: string[];
    all: boolean;
    json: boolean;
    diff?: string;
    projectDir: string;
    configFile?: string;
    concurrency?: number;
    timeoutMs?: number;
}

interface RawOptions {
    stack?: string[];
    stacks?: string[];
    all?: boolean;
    json?: boolean;
    diff?: string;
    projectDir?: string;
    configFile?: string;
    policyConfig?: string;
    concurrency?: number;
    timeout?: number;
}

/** The project directory must exist and hold a Pulumi.yaml: a one-line usage error otherwise. */
export function checkProjectDir(dir: string): string {
    const resolved = path.resolve(dir);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) throw new UsageError(`--project-dir ${dir}: no such directory`);
    if (!["Pulumi.yaml", "Pulumi.yml"].some((f) => fs.existsSync(path.join(resolved, f)))) throw new UsageError(`--project-dir ${dir}: no Pulumi.yaml there`);
    return resolved;
}

/** The `plan` subcommand; its action leaves the exit code in `result.code`. */
export function planCommand(result: { code?: number }, io: CliIo = processIo): Command {
    const command = new Command("plan")
        .description("plan stacks offline under Pulumi mocks (no credentials, no Pulumi CLI); --diff compares with a git ref")
        .addOption(new Option("--json", "print the plans (or the diff) as JSON"))
        .addOption(new Option("--diff <base-ref>", "plan each stack at BASE_REF (a git worktree in a private temp dir) and in the working tree, and print what changes, as markdown for a PR comment"))
        .addOption(new Option("--project-dir <dir>", "the Pulumi project (default: this package)"))
        .addOption(new Option("--cwd <dir>", "same as --project-dir").hideHelp())
        .addOption(new Option("--config-file <file>", "read the stack's config from FILE instead of Pulumi.NAME.yaml (one --stack only)"))
        .addOption(new Option("--policy-config <file>", "also write policy/policy-config.json plus the fleet's duplicated connection names (from every stack file) to FILE, for --policy-pack-config"))
        .addOption(concurrencyOption("up to 4, by CPU"))
        .addOption(new Option("--timeout <seconds>", "give up on a stack's program after this long (default 60)").argParser(timeoutSeconds));
    addStackOptions(command, { description: "plan this stack (Pulumi.<name>.yaml); repeatable, or a,b" });
    command.addHelpText(
        "after",
        "\nExit codes: 0 every plan ran; 1 a stack's plan failed; 2 usage or git error; 3 (--diff) a change needs attention.\n" +
            "Examples:\n  auth0-entra-scim plan --stack contoso\n  auth0-entra-scim plan --all --json\n  auth0-entra-scim plan --diff origin/main --all",
    );
    command.action(async (raw: RawOptions & { cwd?: string }) => {
        const stacks = selectedStacks(raw, io.stderr) ?? [];
        const dir = raw.projectDir ?? raw.cwd;
        const args: Args = {
            stacks,
            all: !!raw.all,
            json: !!raw.json,
            diff: raw.diff,
            projectDir: dir === undefined ? PACKAGE_DIR : checkProjectDir(dir),
            configFile: raw.configFile ? path.resolve(raw.configFile) : undefined,
            concurrency: raw.concurrency,
            timeoutMs: raw.timeout,
        };
        if (args.configFile && args.stacks.length !== 1) throw new UsageError("--config-file needs exactly one --stack");
        if (args.configFile && args.diff) throw new UsageError("--config-file cannot be combined with --diff");
        if (raw.policyConfig) writePolicyConfig(path.resolve(raw.policyConfig), args.projectDir);
        result.code = await runPlan(args, io);
    });
    return command;
}

/** `plan` with the user's arguments (after `plan`): the exit code. */
export function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
    const result: { code?: number } = {};
    return runCommand(planCommand(result, io), argv, io, result);
}

function stacksOf(projectDir: string, args: Args): string[] {
    const all = listStacks(readProject(projectDir));
    if (args.stacks.length > 0 && !args.all) return args.stacks;
    return [...new Set([...all, ...args.stacks])].sort();
}

async function plan(projectDir: string, stacks: readonly string[], args: Args, io: CliIo): Promise<StackPlan[]> {
    const options = (): PlanOptions => ({ projectDir, configFile: args.configFile, timeoutMs: args.timeoutMs });
    const plans = await planStacks(stacks.map((stack) => ({ stack, options: options() })), args.concurrency);
    for (const p of plans) {
        const where = projectDir === args.projectDir ? "" : " (base)";
        io.stderr(`planned ${p.stack}${where}: ${p.ok ? `${p.resources.filter((r) => r.custom).length} resources` : "FAILED"} in ${((p.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
    }
    return plans;
}

export async function runPlan(args: Args, io: CliIo = processIo): Promise<number> {
    if (!args.diff) {
        const stacks = stacksOf(args.projectDir, args);
        if (stacks.length === 0) {
            io.stderr(`no Pulumi.<stack>.yaml in ${args.projectDir}\n`);
            return EXIT.USAGE;
        }
        const plans = await plan(args.projectDir, stacks, args, io);
        const duplicates = duplicatesOf(args, stacks);
        io.stdout(args.json ? withDuplicates(renderPlansJson(plans), duplicates) : renderPlans(plans) + renderDuplicates(duplicates));
        return plans.every((p) => p.ok) && duplicates.length === 0 ? EXIT.OK : EXIT.FAILURE;
    }

    const ref = args.diff;
    let headPlans: StackPlan[] = [];
    let basePlans: StackPlan[] = [];
    let commit = "";
    try {
        await withBaseTree(
            args.projectDir,
            ref,
            async (base) => {
                commit = base.commit;
                const baseStacks = (() => {
                    try {
                        return stacksOf(base.projectDir, args);
                    } catch {
                        return []; // no Pulumi project at the base: every stack is new
                    }
                })().filter((s) => args.all || args.stacks.length === 0 || args.stacks.includes(s));
                const inWorkingTree = new Set(listStacksSafe(args.projectDir));
                const headStacks = stacksOf(args.projectDir, args).filter((s) => inWorkingTree.has(s));
                // Both sides in one pool; the base's stack files must exist (a stack new in the working tree
                // has none there).
                const existing = new Set(listStacksSafe(base.projectDir));
                const both = await planStacks(
                    [
                        ...baseStacks.filter((s) => existing.has(s)).map((stack) => ({ stack, options: { projectDir: base.projectDir, timeoutMs: args.timeoutMs } })),
                        ...headStacks.map((stack) => ({ stack, options: { projectDir: args.projectDir, timeoutMs: args.timeoutMs } })),
                    ],
                    args.concurrency,
                );
                const baseCount = baseStacks.filter((s) => existing.has(s)).length;
                basePlans = both.slice(0, baseCount);
                headPlans = both.slice(baseCount);
                for (const [side, plans] of [["base", basePlans], ["working tree", headPlans]] as const) {
                    for (const p of plans) {
                        io.stderr(`planned ${p.stack} (${side}): ${p.ok ? `${p.resources.filter((r) => r.custom).length} resources` : "FAILED"} in ${((p.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
                    }
                }
            },
            (message) => io.stderr(`${message}\n`),
        );
    } catch (error) {
        io.stderr(`${(error as Error).message}\n`);
        return EXIT.USAGE;
    }
    const diff = diffAll(basePlans, headPlans, { base: `${ref}` + (commit && !commit.startsWith(ref) ? ` (${commit.slice(0, 7)})` : ""), head: "working tree" });
    const duplicates = duplicatesOf(args, headPlans.map((p) => p.stack));
    io.stdout(args.json ? withDuplicates(renderDiffJson(diff), duplicates) : renderDiff(diff) + renderDuplicates(duplicates, true));
    if (!headPlans.every((p) => p.ok) || duplicates.length > 0) return EXIT.FAILURE;
    return diff.stacks.some((s) => s.flags.length > 0) ? EXIT.ATTENTION : EXIT.OK;
}

/**
 * Stacks of the working tree that share a connection name or an Entra tenant, pairs with at least one
 * planned stack (every pair with --all). None with --config-file (the stack file is stood in for).
 */
function duplicatesOf(args: Args, planned: readonly string[]): DuplicateFinding[] {
    if (args.configFile) return [];
    try {
        return findDuplicates(projectClaims(args.projectDir), args.all || args.stacks.length === 0 ? undefined : planned);
    } catch {
        return []; // no readable project: the plans say so
    }
}

/**
 * The project's policy/policy-config.json with every stack file's claims added, as one file: the CLI
 * takes one --policy-pack-config per pack. Not secret: stack and connection names.
 */
function writePolicyConfig(file: string, projectDir: string): void {
    const base = path.join(projectDir, "policy", "policy-config.json");
    const settings = fs.existsSync(base) ? (JSON.parse(fs.readFileSync(base, "utf8")) as Record<string, unknown>) : {};
    fs.writeFileSync(file, JSON.stringify({ ...settings, ...fleetPolicyConfig(findDuplicates(projectClaims(projectDir))) }, null, 2) + "\n");
}

/** The JSON output with `duplicates` (always present, so a consumer need not guess). */
function withDuplicates(json: string, duplicates: readonly DuplicateFinding[]): string {
    const data = JSON.parse(json) as Record<string, unknown>;
    return JSON.stringify({ ...data, duplicates: duplicates.map((d) => ({ kind: d.kind, key: d.key, value: d.value, stacks: d.stacks, message: d.message })) }, null, 2) + "\n";
}

function listStacksSafe(projectDir: string): string[] {
    try {
        return listStacks(readProject(projectDir));
    } catch {
        return [];
    }
}
