/**
 * Which stacks a `fleet` command means. Stacks are the `Pulumi.<stack>.yaml` files of the project
 * directory. The read-only commands (plan, preview, health) default to all of them; `up` and
 * `refresh` write state, so they need `--stack` or `--all` spelled out. (The flags themselves are
 * parsed by commander, in main.ts.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "../cli/common";
import { findProjectFile, listStacks, readProjectFile, stackFile } from "../shared/stackFiles";
import type { FleetCommand } from "./runner";

export { UsageError };

export const DEFAULT_CONCURRENCY = 4;

export interface FleetArgs {
    readonly command: FleetCommand;
    /** Undefined: every stack (`--all`, or a read-only command without `--stack`). */
    readonly stacks?: readonly string[];
    readonly concurrency: number;
    readonly reportFile?: string;
    readonly rotationDue: boolean;
    readonly projectDir?: string;
    readonly json?: boolean;
    /** preview and up: policy packs to run, and their config files (pulumi's --policy-pack, --policy-pack-config). */
    readonly policyPacks?: readonly string[];
    readonly policyPackConfigs?: readonly string[];
    /** up: no plan summary, no question. */
    readonly yes?: boolean;
    /** up: the plan summary only (a preview of each stack). */
    readonly dryRun?: boolean;
    /** preview: refresh the state first (pulumi preview --refresh). */
    readonly refresh?: boolean;
    /** preview: fail a stack whose preview proposes a change (drift). */
    readonly expectNoChanges?: boolean;
    /** preview, up, refresh: run the project's program in the fleet's own process (no Node language host needed). */
    readonly inProcess?: boolean;
}

/** The selection rules: `--stack` or `--all`, not both; `up` and `refresh` need one of them. */
export function checkSelection(command: FleetCommand, stacks: readonly string[] | undefined, all: boolean): readonly string[] | undefined {
    if (all && stacks) throw new UsageError("give --stack or --all, not both");
    if (!all && !stacks && (command === "up" || command === "refresh")) {
        throw new UsageError(`${command} changes stacks: name them with --stack NAME (repeatable) or say --all`);
    }
    return all ? undefined : stacks;
}

/**
 * The stack names of the `Pulumi.<stack>.yaml` files, sorted: in the project directory, or in the
 * `stackConfigDir` Pulumi.yaml names.
 */
export function discoverStacks(projectDir: string): string[] {
    const project = { stackConfigDir: findProjectFile(projectDir) ? readProjectFile(projectDir).stackConfigDir : path.resolve(projectDir) };
    return listStacks(project).filter((stack) => !isExampleStack(stackFile(project, stack)));
}

/** The line that marks a stack file as an example (Pulumi.dev.yaml): never deployed, never in `--all`. */
export const EXAMPLE_STACK_MARKER = "# auth0-entra-scim: example stack, never deployed";

function isExampleStack(file: string): boolean {
    try {
        return fs.readFileSync(file, "utf8").split(/\r?\n/).includes(EXAMPLE_STACK_MARKER);
    } catch {
        return false;
    }
}

/** The requested stacks, each checked against the stack files (a typo must not pass silently). */
export function selectStacks(requested: readonly string[] | undefined, available: readonly string[], projectDir: string): string[] {
    if (!requested) return [...available];
    const unknown = requested.filter((s) => !available.includes(s));
    if (unknown.length > 0) {
        throw new UsageError(
            `no stack file for ${unknown.map((s) => JSON.stringify(s)).join(", ")} in ${projectDir} ` +
                `(stacks: ${available.join(", ") || "none"})`,
        );
    }
    return [...new Set(requested)];
}

export function defaultProjectDir(): string {
    return path.resolve(__dirname, "..", "..");
}
