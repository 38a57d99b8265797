/**
 * The plugins the engine finds on its PATH: the hosts for dynamic providers and policy packs (launchers
 * of @pulumi/pulumi's own), and the project-written STAND-INS for the bridged auth0 and azuread
 * providers — only for a provider whose real plugin, at the version package.json pins, is not
 * installed (`pulumi plugin ls`). A stand-in serves just the resource types this program uses, against
 * the sandbox's emulators; it is labelled as such wherever it runs.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Engine } from "./engine";
import { PROJECT_ROOT } from "./engine";

const LAUNCHERS = path.join(PROJECT_ROOT, "sandbox", "bin");
const HOSTS = ["pulumi-resource-pulumi-nodejs", "pulumi-analyzer-policy-nodejs"];
/** The bridged providers the program uses, by plugin name and the npm package that pins their version. */
export const BRIDGED = [
    { plugin: "auth0", npm: "@pulumi/auth0" },
    { plugin: "azuread", npm: "@pulumi/azuread" },
] as const;

export interface PluginPath {
    /** Prepend to the engine's PATH. */
    readonly dir: string;
    /** The bridged providers served by a stand-in (the others by their real plugin). */
    readonly standIns: string[];
}

function pinnedVersion(npm: string): string {
    return (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "node_modules", npm, "package.json"), "utf8")) as { version: string }).version;
}

/** The real plugins installed for the engine, as `name@version`. */
async function installedPlugins(engine: Engine, env: NodeJS.ProcessEnv): Promise<Set<string>> {
    try {
        const { stdout } = await promisify(execFile)(engine.binary, ["plugin", "ls", "--json"], { env, timeout: 60_000 });
        const plugins = JSON.parse(stdout || "[]") as Array<{ name: string; kind: string; version: string }>;
        return new Set(plugins.filter((p) => p.kind === "resource").map((p) => `${p.name}@${p.version}`));
    } catch {
        return new Set();
    }
}

/** Lays out `<stateDir>/path` and says which providers are stood in for. */
export async function pluginPath(engine: Engine, stateDir: string, env: NodeJS.ProcessEnv = process.env): Promise<PluginPath> {
    const dir = path.join(stateDir, "path");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const link = (name: string) => fs.symlinkSync(path.join(LAUNCHERS, name), path.join(dir, name));
    HOSTS.forEach(link);
    const installed = await installedPlugins(engine, env);
    const standIns: string[] = [];
    for (const { plugin, npm } of BRIDGED) {
        if (installed.has(`${plugin}@${pinnedVersion(npm)}`)) continue;
        link(`pulumi-resource-${plugin}`);
        standIns.push(plugin);
    }
    return { dir, standIns };
}
