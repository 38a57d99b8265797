/**
 * The real program (`index.ts`) as an Automation API inline program, under the real engine, on a local
 * file backend: what `npm run sandbox` and `npm run test:e2e` drive.
 *
 * An inline program needs no language host (this Node process serves it). The project's Pulumi.yaml
 * and one stack file are copied into a work folder of their own (`<state>/project`), with the
 * sandbox's overrides applied to the copy, so the user's stack files are never written. The engine
 * finds the dynamic-provider and policy hosts, and the stand-ins for the bridged providers, on the PATH
 * this module lays out (see plugins.ts).
 */
import { LocalWorkspace, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { Engine } from "./engine";
import { PROJECT_ROOT } from "./engine";

export const PROJECT_NAME = "auth0-entra-scim";

export interface SandboxStackOptions {
    readonly engine: Engine;
    /** The sandbox's folder: the backend, the work folder and the passphrase live here. */
    readonly stateDir: string;
    /** The stack's name (default `dev`). */
    readonly stackName?: string;
    /** The stack file whose config is the starting point (default `Pulumi.<stackName>.yaml`, else Pulumi.dev.yaml). */
    readonly stackFile?: string;
    /** Config values to set on top, `key: value` (full keys, e.g. `auth0:domain`); `undefined` removes one. */
    readonly config?: Readonly<Record<string, unknown>>;
    /** The engine's environment on top of this process's: the PATH of plugins, credentials, CA. */
    readonly env: Readonly<Record<string, string>>;
    /** The program; default the project's index.ts, loaded afresh for every operation. */
    readonly program?: () => Promise<Record<string, unknown>>;
    /** The checkout whose Pulumi.yaml (declared keys and defaults) goes with `program`; default this one. */
    readonly projectRoot?: string;
}

/**
 * The program of the project checked out at `root` (default this one), loaded afresh each run: a
 * second `up` must run it again, not reuse a module cache.
 */
export function programFrom(root: string): () => Promise<Record<string, unknown>> {
    return async () => {
        for (const id of Object.keys(require.cache)) {
            if (id.startsWith(root + path.sep) && !id.includes(`${path.sep}node_modules${path.sep}`) && !id.startsWith(path.join(PROJECT_ROOT, "sandbox") + path.sep) && !id.startsWith(path.join(PROJECT_ROOT, "test") + path.sep)) {
                delete require.cache[id];
            }
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return { ...(require(path.join(root, "index.ts")) as Record<string, unknown>) };
    };
}

export const projectProgram = programFrom(PROJECT_ROOT);

/** Writes the work folder and returns the stack, created or selected. */
export async function sandboxStack(options: SandboxStackOptions): Promise<Stack> {
    const stackName = options.stackName ?? "dev";
    const workDir = path.join(options.stateDir, "project");
    const backendDir = path.join(options.stateDir, "backend");
    fs.mkdirSync(workDir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(backendDir, { recursive: true, mode: 0o700 });
    // Serialised dynamic providers require their modules (auth0, the Graph client) from the work folder.
    const modules = path.join(workDir, "node_modules");
    if (!fs.existsSync(modules)) fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), modules, "dir");

    const project = yaml.load(fs.readFileSync(path.join(options.projectRoot ?? PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    fs.writeFileSync(path.join(workDir, "Pulumi.yaml"), yaml.dump({ ...project, backend: { url: `file://${backendDir}` } }));
    writeStackFile(workDir, stackName, options);

    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(path.dirname(options.engine.binary)), version: undefined });
    const workspace = await LocalWorkspace.create({
        workDir,
        pulumiCommand,
        program: options.program ?? projectProgram,
        envVars: { PULUMI_CONFIG_PASSPHRASE: "sandbox", ...options.env },
    });
    return Stack.createOrSelect(stackName, workspace);
}

/** The stack file: the chosen file's config with the overrides. */
function writeStackFile(workDir: string, stackName: string, options: SandboxStackOptions): void {
    const source = options.stackFile ?? [path.join(PROJECT_ROOT, `Pulumi.${stackName}.yaml`), path.join(PROJECT_ROOT, "Pulumi.dev.yaml")].find((f) => fs.existsSync(f))!;
    const target = path.join(workDir, `Pulumi.${stackName}.yaml`);
    const existing = fs.existsSync(target) ? (yaml.load(fs.readFileSync(target, "utf8")) as Record<string, unknown>) : {};
    const config = { ...((yaml.load(fs.readFileSync(source, "utf8")) as { config?: Record<string, unknown> }).config ?? {}) };
    for (const [key, value] of Object.entries(options.config ?? {})) {
        if (value === undefined) delete config[key];
        else config[key] = value;
    }
    // Keep what the engine wrote (the encryption salt) and replace the config.
    fs.writeFileSync(target, yaml.dump({ ...existing, config }));
}
