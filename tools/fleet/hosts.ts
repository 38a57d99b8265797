/**
 * Where the Pulumi engine finds the plugins fleet relies on, and the two Node hosts laid out when they
 * are missing.
 *
 * The engine looks for a plugin beside the `pulumi` binary, on the PATH, and in the plugin cache
 * (`$PULUMI_HOME/plugins`, default `~/.pulumi/plugins`). A Pulumi CLI release ships the Node language
 * host (`pulumi-language-nodejs`) and the dynamic-provider and policy-pack hosts beside `pulumi`; a
 * CLI built from Pulumi's Go module has none of them.
 *
 * - Without `pulumi-language-nodejs`, the CLI cannot run the project's `Pulumi.yaml` program, and every
 *   stack would fail with "no language plugin 'pulumi-language-nodejs' found": the preflight says so
 *   once, and points at `--in-process`.
 * - In-process (the fleet's Node process runs the program), only the dynamic-provider host is needed
 *   (`pulumi-resource-pulumi-nodejs`, the policy host for `--policy-pack`). When missing, two-line
 *   launchers of @pulumi/pulumi's own hosts are written to a private folder put on the engine's PATH.
 *   They are the hosts a release ships, run with this Node and this project's @pulumi/pulumi.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isExecutable } from "../shared/executable";

export const LANGUAGE_HOST = "pulumi-language-nodejs";
export const DYNAMIC_PROVIDER_HOST = "pulumi-resource-pulumi-nodejs";
export const POLICY_HOST = "pulumi-analyzer-policy-nodejs";

/** Each host and the @pulumi/pulumi entry point it runs (as the CLI release's own scripts do). */
const NODE_HOSTS: ReadonlyArray<readonly [string, string]> = [
    [DYNAMIC_PROVIDER_HOST, "cmd/dynamic-provider"],
    [POLICY_HOST, "cmd/run-policy-pack"],
];

function realpath(file: string): string {
    try {
        return fs.realpathSync(file);
    } catch {
        return file;
    }
}

/** `kind-name-v*` folders of the plugin cache (`language-nodejs-v3.248.0`). */
function inPluginCache(plugin: string, env: NodeJS.ProcessEnv): boolean {
    const home = env.PULUMI_HOME || path.join(os.homedir(), ".pulumi");
    const [, kind, name] = /^pulumi-(language|resource|analyzer)-(.+)$/.exec(plugin) ?? [];
    if (!kind) return false;
    try {
        return fs.readdirSync(path.join(home, "plugins")).some((dir) => dir.startsWith(`${kind}-${name}-v`));
    } catch {
        return false;
    }
}

/** Whether the engine of `cli` would find `plugin`: beside it, on `env.PATH`, or in the plugin cache. */
export function findsPlugin(plugin: string, cli: string, env: NodeJS.ProcessEnv): boolean {
    // Beside the binary as Pulumi finds itself (os.Executable: symlinks resolved), and beside the link.
    const beside = path.isAbsolute(cli) ? [path.dirname(cli), path.dirname(realpath(cli))] : [];
    const dirs = [...beside, ...(env.PATH ?? "").split(path.delimiter).filter(Boolean)];
    return dirs.some((dir) => isExecutable(path.join(dir, plugin))) || inPluginCache(plugin, env);
}

/** The `pulumi` the engine runs: absolute already, or the first on the PATH. */
export function resolveCli(command: string, env: NodeJS.ProcessEnv): string {
    if (path.isAbsolute(command)) return command;
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        if (isExecutable(path.join(dir, command))) return path.join(dir, command);
    }
    return command;
}

/**
 * A private folder (0700) with launchers for the Node hosts, to put first on the engine's PATH; its
 * path. `sdkDir` is the @pulumi/pulumi package the program uses.
 */
export function layOutNodeHosts(sdkDir: string, node: string = process.execPath): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-hosts-"));
    for (const [host, entry] of NODE_HOSTS) {
        const target = path.join(sdkDir, entry);
        fs.writeFileSync(path.join(dir, host), `#!/bin/sh\nexec ${shellQuote(node)} ${shellQuote(target)} "$@"\n`, { mode: 0o700 });
    }
    return dir;
}

function shellQuote(text: string): string {
    return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The @pulumi/pulumi package folder as the project at `projectDir` resolves it, else the fleet's own. */
export function pulumiSdkDir(projectDir: string): string {
    try {
        return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [projectDir] }));
    } catch {
        return path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    }
}
