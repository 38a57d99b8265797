/**
 * `npm run fleet -- <plan|preview|up|refresh|health> [--stacks a,b | --all] [--concurrency N]
 * [--report FILE] [--rotation-due] [--project-dir DIR]`, and which stacks that means.
 *
 * Stacks are the `Pulumi.<stack>.yaml` files of the project directory. The read-only commands (plan,
 * preview, health) default to all of them; `up` and `refresh` write state, so they need `--stacks` or
 * `--all` spelled out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readYamlFile } from "../shared/yamlFile";
import { COMMANDS, type FleetCommand } from "./runner";

export const DEFAULT_CONCURRENCY = 4;

export interface FleetArgs {
    readonly command: FleetCommand;
    /** Undefined: every stack (`--all`, or a read-only command without `--stacks`). */
    readonly stacks?: readonly string[];
    readonly concurrency: number;
    readonly reportFile?: string;
    readonly rotationDue: boolean;
    readonly projectDir?: string;
}

export const USAGE = `usage: npm run fleet -- <${COMMANDS.join("|")}> [--stacks a,b | --all] [--concurrency N] [--report FILE] [--rotation-due] [--project-dir DIR]`;

export class UsageError extends Error {
    constructor(message: string) {
        super(`${message}\n${USAGE}`);
        this.name = "UsageError";
    }
}

export function parseArgs(argv: readonly string[]): FleetArgs {
    const [command, ...rest] = argv;
    if (!command || !(COMMANDS as readonly string[]).includes(command)) {
        throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : "no command given");
    }
    let stacks: string[] | undefined;
    let all = false;
    let concurrency = DEFAULT_CONCURRENCY;
    let reportFile: string | undefined;
    let rotationDue = false;
    let projectDir: string | undefined;

    for (let i = 0; i < rest.length; i++) {
        const [flag, inline] = rest[i].startsWith("--") && rest[i].includes("=") ? splitOnce(rest[i]) : [rest[i], undefined];
        const value = () => {
            const v = inline ?? rest[++i];
            if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--stacks":
                stacks = [...(stacks ?? []), ...value().split(",").map((s) => s.trim()).filter(Boolean)];
                break;
            case "--all":
                all = true;
                break;
            case "--concurrency": {
                const raw = value();
                concurrency = Number(raw);
                if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency ${JSON.stringify(raw)} is not a whole number of 1 or more`);
                break;
            }
            case "--report":
                reportFile = value();
                break;
            case "--rotation-due":
                rotationDue = true;
                break;
            case "--project-dir":
                projectDir = value();
                break;
            default:
                throw new UsageError(`unknown option ${JSON.stringify(rest[i])}`);
        }
    }
    if (all && stacks) throw new UsageError("give --stacks or --all, not both");
    if (stacks && stacks.length === 0) throw new UsageError("--stacks lists no stack");
    if (!all && !stacks && (command === "up" || command === "refresh")) {
        throw new UsageError(`${command} changes stacks: name them with --stacks a,b or say --all`);
    }
    return { command: command as FleetCommand, stacks: all ? undefined : stacks, concurrency, reportFile, rotationDue, projectDir };
}

function splitOnce(arg: string): [string, string] {
    const at = arg.indexOf("=");
    return [arg.slice(0, at), arg.slice(at + 1)];
}

/**
 * The stack names of the `Pulumi.<stack>.yaml` files, sorted: in the project directory, or in the
 * `stackConfigDir` Pulumi.yaml names.
 */
export function discoverStacks(projectDir: string): string[] {
    let dir = projectDir;
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
    if (projectFile) {
        const project = readYamlFile(projectFile) as { stackConfigDir?: unknown } | undefined;
        if (typeof project?.stackConfigDir === "string") dir = path.resolve(projectDir, project.stackConfigDir);
    }
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((name): name is string => !!name)
        .sort();
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
