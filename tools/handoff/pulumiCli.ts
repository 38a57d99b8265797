/**
 * The two things the tools ask the Pulumi CLI, behind injectable functions so tests never need it:
 * a stack's outputs (`pulumi stack output --json --show-secrets=false`: secret outputs arrive as
 * "[secret]", never their values) and, for the ticket tool's Auth0 credentials only, one decrypted
 * config value (`pulumi config get`), which is used in memory and never printed.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export type StackOutputs = Readonly<Record<string, unknown>>;

/**
 * Resolves undefined when the stack has not run yet (no outputs); rejects when they cannot be read,
 * with a NoSuchStackError when the backend has no such stack at all.
 */
export type StackOutputsReader = (stack: string) => Promise<StackOutputs | undefined>;

/** One decrypted config value, undefined when it cannot be had. */
export type SecretConfigReader = (stack: string, key: string) => Promise<string | undefined>;

/** The `pulumi` executable on PATH, if any. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
    const names = process.platform === "win32" ? ["pulumi.exe", "pulumi.cmd"] : ["pulumi"];
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        for (const name of names) {
            const candidate = path.join(dir, name);
            try {
                fs.accessSync(candidate, fs.constants.X_OK);
                if (fs.statSync(candidate).isFile()) return candidate;
            } catch {
                // not here
            }
        }
    }
    return undefined;
}

export const NO_CLI_MESSAGE =
    "The Pulumi CLI (pulumi) is not on PATH, so the stack's outputs cannot be read. " +
    "Install it (https://www.pulumi.com/docs/install/) and log in to the stack's backend (pulumi login).";

/** The backend answered that it has no stack of that name (`pulumi stack init` was never run there). */
export class NoSuchStackError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "NoSuchStackError";
    }
}

function run(cli: string, args: string[], projectDir: string, env: NodeJS.ProcessEnv): Promise<string> {
    return new Promise((resolve, reject) => {
        execFile(cli, args, { cwd: projectDir, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
            if (error) {
                // The CLI's own first line of complaint (no stack, not logged in); never the command's stdout.
                const reason = String(stderr).split("\n").map((l) => l.trim()).find(Boolean) ?? error.message;
                const message = `pulumi ${args.slice(0, 2).join(" ")} failed: ${reason.replace(/^error:\s*/i, "")}`;
                // The CLI's words (pkg/backend: "no stack named 'x' found").
                reject(/\bno stack named\b/i.test(reason) ? new NoSuchStackError(message) : new Error(message));
            } else {
                resolve(String(stdout));
            }
        });
    });
}

export function pulumiCliOutputsReader(projectDir: string, env: NodeJS.ProcessEnv = process.env): StackOutputsReader {
    return async (stack) => {
        const cli = findPulumiCli(env);
        if (!cli) throw new Error(NO_CLI_MESSAGE);
        const text = await run(cli, ["stack", "output", "--json", "--show-secrets=false", "--stack", stack], projectDir, env);
        let outputs: unknown;
        try {
            outputs = JSON.parse(text || "{}");
        } catch {
            throw new Error(`pulumi stack output --json for ${stack} did not answer JSON`);
        }
        if (!outputs || typeof outputs !== "object" || Array.isArray(outputs)) return undefined;
        return Object.keys(outputs).length === 0 ? undefined : (outputs as StackOutputs);
    };
}

/** Decrypts one config key with the CLI (which knows the stack's secrets provider); undefined without a CLI. */
export function pulumiCliSecretConfigReader(projectDir: string, env: NodeJS.ProcessEnv = process.env): SecretConfigReader {
    return async (stack, key) => {
        const cli = findPulumiCli(env);
        if (!cli) return undefined;
        const value = await run(cli, ["config", "get", key, "--stack", stack], projectDir, env);
        return value.replace(/\r?\n$/, "") || undefined;
    };
}

/** Secret outputs' values whatever the backend's flag (the masked "[secret]" placeholder excluded). */
export function secretOutputValues(outputs: StackOutputs | undefined): string[] {
    const values: string[] = [];
    for (const [key, value] of Object.entries(outputs ?? {})) {
        if (/secret|token$/i.test(key) && typeof value === "string" && value !== "[secret]") values.push(value);
    }
    return values;
}
