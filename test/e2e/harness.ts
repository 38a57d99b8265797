/**
 * The end-to-end harness: the real program under the real Pulumi engine (sandbox/engine.ts), as an
 * Automation API inline program, against the sandbox's emulators running in this process, with the
 * stand-ins for the bridged providers. Each scenario gets fresh emulators and a fresh local backend.
 *
 * When the engine cannot be had (no Go, no module proxy), every scenario is skipped and the reason is
 * printed once: the run never passes silently.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RecordedRequest } from "../../sandbox/emulators/harness";
import { startSandboxEmulators, type SandboxEmulators } from "../../sandbox/emulators/sandbox";
import { type Engine, EngineUnavailable, findEngine, PROJECT_ROOT } from "../../sandbox/engine";
import { pluginPath } from "../../sandbox/plugins";
import { sandboxTls } from "../../sandbox/tls";
import { TLS_DIR_ENV } from "../../sandbox/withCa";
import { sandboxStack } from "../../sandbox/workspace";

let engine: Engine | undefined;
let unavailable: string | undefined;

/** The engine, or `undefined` with the reason (printed once) when there is none. */
export async function e2eEngine(): Promise<Engine | undefined> {
    if (engine || unavailable) return engine;
    try {
        engine = await findEngine({ log: (line) => process.stderr.write(`      ${line}\n`) });
    } catch (error) {
        if (!(error instanceof EngineUnavailable)) throw error;
        unavailable = error.message;
        process.stderr.write(`\n  END-TO-END TESTS SKIPPED: ${unavailable}\n\n`);
    }
    return engine;
}

/** Skips the suite (with the reason) when there is no engine. Call in a `before`. */
export async function requireEngine(context: Mocha.Context): Promise<Engine> {
    const found = await e2eEngine();
    if (!found) context.skip();
    return found!;
}

/** Requests to one emulator, as `METHOD path` with ids kept, without the sign-in calls. */
export type Vendor = "auth0" | "graph";

export interface StepTraffic {
    readonly auth0: readonly RecordedRequest[];
    readonly graph: readonly RecordedRequest[];
}

const SIGN_IN = /^\/(oauth\/token|metadata\/endpoints|[^/]+\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration)|common\/discovery\/instance)/;

/** The vendor writes among requests (not GETs, not sign-ins). */
export const writes = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method !== "GET" && !SIGN_IN.test(r.path));
/** `METHOD path` without the query, sign-ins left out. */
export const calls = (requests: readonly RecordedRequest[]) =>
    requests.filter((r) => !SIGN_IN.test(r.path)).map((r) => `${r.method} ${r.path.split("?")[0]}`);
/** Requests counted by method, e.g. `{ GET: 3, PUT: 1 }`. */
export function byMethod(requests: readonly RecordedRequest[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of requests.filter((r) => !SIGN_IN.test(r.path))) counts[r.method] = (counts[r.method] ?? 0) + 1;
    return counts;
}

export interface Sandbox {
    readonly emulators: SandboxEmulators;
    readonly stack: Stack;
    readonly stateDir: string;
    /** The stack's work folder (Pulumi.yaml and the stack file), for running the CLI by hand. */
    readonly workDir: string;
    readonly engineBinary: string;
    /** The engine's environment, as the stack is run with it. */
    env(): Record<string, string>;
    /** Runs `fn` and returns what it sent to each vendor. */
    traffic<T>(fn: () => Promise<T>): Promise<{ result: T } & StepTraffic>;
    /** Runs another program from the next operation on (an upgrade: the previous release, then this one). */
    setProgram(program: (() => Promise<Record<string, unknown>>) | undefined, projectRoot?: string): Promise<void>;
    /** Sets stack config (full keys) for the next operation; `undefined` removes a key. Also picks up a moved clock. */
    configure(values?: Record<string, unknown>): Promise<void>;
    /** Drops overrides of these keys: they take the stack file's values again. */
    restore(keys: readonly string[]): Promise<void>;
    close(): Promise<void>;
}

export interface SandboxOptions {
    /** Config on top of Pulumi.dev.yaml and the emulators' overrides. */
    readonly config?: Record<string, unknown>;
    readonly stackName?: string;
    /** The program to run instead of the project's index.ts (an older release's, say). */
    readonly program?: () => Promise<Record<string, unknown>>;
    /** The checkout whose Pulumi.yaml goes with `program` (default this one). */
    readonly projectRoot?: string;
}

/** Fresh emulators and a fresh stack on a fresh local backend. */
export async function openSandbox(found: Engine, options: SandboxOptions = {}): Promise<Sandbox> {
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-e2e-"));
    // The certificate this process trusts (npm run test:e2e starts mocha through sandbox/withCa.ts).
    const tlsDir = process.env[TLS_DIR_ENV];
    if (!tlsDir || !process.env.NODE_EXTRA_CA_CERTS) throw new Error("run the end-to-end tests with `npm run test:e2e` (it trusts the emulators' certificate)");
    const tls = sandboxTls(tlsDir);
    const stackFile = path.join(PROJECT_ROOT, "Pulumi.dev.yaml");
    const emulators = await startSandboxEmulators({ tls, stackFile });
    const plugins = await pluginPath(found, stateDir);
    let config: Record<string, unknown> = { ...emulators.config, ...options.config };
    const env = () => ({
        ...emulators.env,
        PATH: `${plugins.dir}${path.delimiter}${path.dirname(found.binary)}${path.delimiter}${process.env.PATH}`,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
    let program = options.program;
    let projectRoot = options.projectRoot;
    const open = () => sandboxStack({ engine: found, stateDir, stackName: options.stackName ?? "dev", stackFile, config, env: env(), program, projectRoot });
    let stack = await open();
    const sandbox: Sandbox = {
        emulators,
        get stack() {
            return stack;
        },
        stateDir,
        workDir: path.join(stateDir, "project"),
        engineBinary: found.binary,
        env: () => ({ PULUMI_CONFIG_PASSPHRASE: "sandbox", ...env() }),
        async traffic(fn) {
            const auth0From = emulators.auth0.requests.length;
            const graphFrom = emulators.graph.requests.length;
            const result = await fn();
            return { result, auth0: emulators.auth0.requests.slice(auth0From), graph: emulators.graph.requests.slice(graphFrom) };
        },
        async setProgram(next, root) {
            program = next;
            projectRoot = root;
            stack = await open();
        },
        async configure(values = {}) {
            config = { ...config, ...values };
            stack = await open();
        },
        async restore(keys) {
            config = Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key) || key in emulators.config));
            stack = await open();
        },
        async close() {
            await emulators.close();
            if (!process.env.AUTH0_ENTRA_SCIM_E2E_KEEP) fs.rmSync(stateDir, { recursive: true, force: true });
        },
    };
    return sandbox;
}

/** The resources in the stack's state (the checkpoint), as the engine wrote them. */
export async function stateResources(stack: Stack): Promise<Array<{ urn: string; type: string; outputs?: Record<string, any>; delete?: boolean; protect?: boolean }>> {
    const deployment = await stack.exportStack();
    return (deployment.deployment?.resources ?? []) as Array<{ urn: string; type: string; outputs?: Record<string, any>; delete?: boolean; protect?: boolean }>;
}

/** The URN of the one resource whose type ends with `:<name>` (e.g. `ProvisioningSchema`). */
export async function urnOfType(stack: Stack, name: string): Promise<string> {
    const found = (await stateResources(stack)).filter((r) => r.type.endsWith(`:${name}`) && !r.delete);
    if (found.length !== 1) throw new Error(`expected one ${name} in the state, found ${found.length}`);
    return found[0].urn;
}

/** A preview's steps other than `same`, as `op urn [changed keys]`: what an assertion should show. */
export async function previewSteps(stack: Stack, options: Parameters<Stack["preview"]>[0] = {}): Promise<string[]> {
    const steps: string[] = [];
    await stack.preview({
        ...options,
        onEvent: (event) => {
            const meta = event.resourcePreEvent?.metadata;
            if (meta && meta.op !== "same") steps.push(`${meta.op} ${meta.urn.split("::").slice(-2).join("::")} [${(meta.diffs ?? []).join(", ")}]`);
        },
    });
    return steps;
}

/** A sandbox whose stack is deployed (`up` succeeded) and whose users Entra's first cycle has sent. */
export async function openDeployedSandbox(found: Engine, options: SandboxOptions = {}): Promise<Sandbox> {
    const sandbox = await openSandbox(found, options);
    const up = await sandbox.stack.up();
    if (up.summary.result !== "succeeded") throw new Error(`the first up did not succeed: ${up.summary.result}`);
    const cycle = await sandbox.emulators.provisioningCycle();
    if (cycle.errors.length > 0) throw new Error(`the first provisioning cycle failed: ${cycle.errors.join("; ")}`);
    return sandbox;
}
