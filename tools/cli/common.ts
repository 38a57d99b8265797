/**
 * What every subcommand of `auth0-entra-scim` shares: the exit codes, the common flags (`--stack`
 * repeatable, `--all`, `--json`, `--concurrency`, the deprecated `--stacks a,b`), their checks, and
 * running a commander Command to an exit code without ever calling process.exit.
 *
 * Errors name the flag but never echo its value (a secret pasted into the wrong flag must not reach a
 * log), except stack names, which are checked to be plain names first.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";

/** The process exit codes of every subcommand (docs/cli.md has the same table). */
export const EXIT = {
    /** All is well (a plan ran, an update succeeded, every stack is healthy). */
    OK: 0,
    /** Something failed: a stack's plan or update, a health check found a problem, a tool error. */
    FAILURE: 1,
    /** Usage error: an unknown flag or subcommand, a bad or missing value. Nothing was done. */
    USAGE: 2,
    /**
     * It ran, and found something that needs a person's attention: `plan --diff` (a protected
     * replacement or deletion, a token rotation), `health` / `fleet health` (no stack unhealthy, but
     * some could not be checked), `handoff` (a sheet for a stack never deployed, with placeholders).
     */
    ATTENTION: 3,
    /** Interrupted by Ctrl-C (SIGINT), as shells report it (128 + 2). */
    INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** A Pulumi stack name: letters, digits, `-`, `_`, `.`; never `.` or `..`, never a path. */
const STACK_NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;
/** `org/project/stack` as Pulumi spells a fully qualified stack (handoff and ticket accept it). */
const QUALIFIED_SEGMENT = "(?!\\.\\.?(?:/|$))[A-Za-z0-9_.-]{1,100}";
const QUALIFIED_STACK = new RegExp(`^(?:${QUALIFIED_SEGMENT}/){0,2}${QUALIFIED_SEGMENT}$`);

/** Checks one stack name; throws a UsageError for a path (`../x`, `a/b`) or anything else that is not a name. */
export function checkStackName(name: string, options: { qualified?: boolean } = {}): string {
    const ok = options.qualified ? QUALIFIED_STACK.test(name) : STACK_NAME.test(name);
    if (!ok) {
        throw new UsageError(
            `--stack ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)} is not a stack name ` +
                `(letters, digits, "-", "_", "."${options.qualified ? "; optionally org/project/stack" : "; no path"})`,
        );
    }
    return name;
}

/** commander's argument parser for a repeatable `--stack`, which also takes `a,b` (as `--stacks` did). */
export function stackList(options: { qualified?: boolean } = {}): (value: string, previous: string[] | undefined) => string[] {
    return (value, previous) => {
        const names = value.split(",").map((s) => s.trim()).filter(Boolean);
        if (names.length === 0) throw new InvalidArgumentError("it names no stack");
        try {
            for (const n of names) checkStackName(n, options);
        } catch (error) {
            throw new InvalidArgumentError((error as Error).message);
        }
        return [...(previous ?? []), ...names];
    };
}

/** A whole number from `min` to `max`. */
export function wholeNumber(flag: string, min: number, max: number): (value: string) => number {
    return (value) => {
        const n = Number(value);
        if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
            throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max}`);
        }
        return n;
    };
}

/** setTimeout's longest delay (2^31 - 1 ms, 24.8 days): a longer one fires after 1 ms. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const MAX_TIMEOUT_SECONDS = Math.floor(MAX_TIMEOUT_MS / 1000);

/** `--timeout SECONDS` as milliseconds: more than 0, at most setTimeout's limit. */
export function timeoutSeconds(value: string): number {
    const seconds = Number(value);
    if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || !(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS) {
        throw new InvalidArgumentError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS} (24.8 days)`);
    }
    return Math.max(1, Math.round(seconds * 1000));
}

/** The common stack-selection flags: `--stack NAME` (repeatable, `a,b`), `--stacks a,b` (deprecated), `--all`. */
export function addStackOptions(command: Command, options: { qualified?: boolean; description?: string } = {}): Command {
    return command
        .addOption(new Option("-s, --stack <name>", options.description ?? "a stack (Pulumi.<name>.yaml); repeatable, or a,b").argParser(stackList(options)))
        .addOption(new Option("--stacks <a,b>", "deprecated: use --stack a --stack b").argParser(stackList(options)).hideHelp())
        .addOption(new Option("--all", "every Pulumi.<stack>.yaml in the project"));
}

export function concurrencyOption(defaultText: string): Option {
    return new Option("--concurrency <n>", `stacks worked on at once (default: ${defaultText})`).argParser(wholeNumber("--concurrency", 1, 256));
}

export interface StackSelection {
    readonly stack?: string[];
    readonly stacks?: string[];
    readonly all?: boolean;
}

/** `--stack` and the deprecated `--stacks`, merged; a warning for the latter. Undefined when neither was given. */
export function selectedStacks(options: StackSelection, warn: (text: string) => void): string[] | undefined {
    if (options.stacks) warn("warning: --stacks is deprecated; use --stack NAME (repeatable, or --stack a,b)\n");
    const all = [...(options.stack ?? []), ...(options.stacks ?? [])];
    return all.length > 0 ? [...new Set(all)] : undefined;
}

export interface CliIo {
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
}

export const processIo: CliIo = {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
};

/**
 * Every command in the tree: errors and help through `io`, no process.exit (a CommanderError
 * instead), usage errors shown with a hint to `--help`.
 */
export function configureTree(command: Command, io: CliIo): Command {
    command
        .exitOverride()
        .configureOutput({
            writeOut: io.stdout,
            writeErr: io.stderr,
            // commander quotes the rejected value; a secret pasted into the wrong flag must not reach a log.
            outputError: (text, write) => write(text.replace(/ argument '[\s\S]*?' is invalid\./, " has an invalid value:")),
        })
        .showHelpAfterError(usageLine(command));
    for (const sub of command.commands) configureTree(sub, io);
    return command;
}

/** `auth0-entra-scim fleet up [options]`, and where the rest is. */
export function usageLine(command: Command): string {
    const names: string[] = [];
    for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
    return `Usage: ${names.join(" ")} ${command.usage()}\nRun it with --help for the options.`;
}

/**
 * Parses `argv` (the user's arguments, without node and the script) with `command`, runs its action,
 * and resolves the exit code: the action's, 0 for `--help`, EXIT.USAGE for commander's own usage
 * errors and for a UsageError thrown by an action.
 */
export async function runCommand(command: Command, argv: readonly string[], io: CliIo, result: { code?: number }): Promise<number> {
    configureTree(command, io);
    let acting: Command = command;
    command.hook("preAction", (_root, actionCommand) => {
        acting = actionCommand;
    });
    try {
        await command.parseAsync([...argv], { from: "user" });
    } catch (error) {
        if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
        if (error instanceof UsageError) {
            io.stderr(`${acting.name()}: ${error.message}\n${usageLine(acting)}\n`);
            return EXIT.USAGE;
        }
        throw error;
    }
    return result.code ?? EXIT.OK;
}

/** The JSON outputs' version: bump it when a field changes meaning or goes away. */
export const SCHEMA_VERSION = 1;
