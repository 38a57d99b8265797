/**
 * `npm run sandbox [-- preview|up|refresh|destroy|down]`: the real program under the real Pulumi
 * engine, with no tenant. Emulators of Auth0 and Entra run on 127.0.0.1 in one background process;
 * the engine is the Pulumi CLI at the SDK's release (found or built); the bridged auth0 and azuread
 * providers are stand-ins when their real plugins are not installed. After `up`, the Entra emulator
 * runs one provisioning cycle and the command prints what each side holds.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Argument, Command, Option } from "commander";
import { daemonFile, type DaemonInfo } from "./daemon";
import { EngineUnavailable, findEngine, PROJECT_ROOT } from "./engine";
import { pluginPath } from "./plugins";
import { printSummary, type SandboxSummary } from "./summary";
import { sandboxTls } from "./tls";
import { sandboxStack } from "./workspace";

const ACTIONS = ["up", "preview", "refresh", "destroy", "down"] as const;
type Action = (typeof ACTIONS)[number];

interface Options {
    readonly stackFile: string;
    readonly state: string;
    /** destroy: the deliberate teardown, protect false, up, then destroy. */
    readonly unprotect?: boolean;
}

const say = (line = "") => process.stdout.write(`${line}\n`);

async function control<T>(info: DaemonInfo, method: "GET" | "POST", route: string): Promise<T> {
    const response = await fetch(`${info.control}${route}`, { method, headers: { authorization: `Bearer ${info.bearer}` } });
    if (!response.ok) throw new Error(`the emulators answered ${response.status} to ${route}: ${await response.text()}`);
    return (await response.json()) as T;
}

function alive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** The running emulators, started in the background if they are not. */
async function emulators(stateDir: string, stackFile: string): Promise<DaemonInfo> {
    const file = daemonFile(stateDir);
    if (fs.existsSync(file)) {
        const info = JSON.parse(fs.readFileSync(file, "utf8")) as DaemonInfo;
        if (alive(info.pid)) return info;
        fs.rmSync(file);
        if (fs.existsSync(path.join(stateDir, "backend"))) {
            say("note: the emulators had stopped; they start again with empty tenants, so the sandbox's state no longer matches them.");
            say("      `npm run sandbox -- down` starts afresh.");
        }
    }
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    fs.rmSync(path.join(stateDir, "emulators.error"), { force: true });
    // The emulators' own provisioning cycle calls Auth0's SCIM endpoint over TLS: trust the sandbox CA.
    const { certPath } = sandboxTls(stateDir);
    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "daemon.ts"), stateDir, stackFile], {
        cwd: PROJECT_ROOT,
        detached: true,
        stdio: "ignore",
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath },
    });
    child.unref();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
        if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as DaemonInfo;
        const error = path.join(stateDir, "emulators.error");
        if (fs.existsSync(error)) throw new Error(`the emulators failed to start: ${fs.readFileSync(error, "utf8").split("\n")[0]}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error("the emulators did not start within 30 s");
}

async function down(stateDir: string): Promise<void> {
    const file = daemonFile(stateDir);
    if (fs.existsSync(file)) {
        const info = JSON.parse(fs.readFileSync(file, "utf8")) as DaemonInfo;
        if (alive(info.pid)) await control(info, "POST", "/shutdown").catch(() => process.kill(info.pid));
    }
    fs.rmSync(stateDir, { recursive: true, force: true });
    say(`Emulators stopped; ${path.relative(process.cwd(), stateDir) || stateDir} removed (the sandbox's state and its certificate).`);
}

async function run(action: Action, options: Options): Promise<void> {
    const stateDir = path.resolve(options.state);
    if (action === "down") return down(stateDir);
    const stackFile = path.resolve(options.stackFile);
    const info = await emulators(stateDir, stackFile);
    const engine = await findEngine({ log: (line) => say(line) });
    const plugins = await pluginPath(engine, stateDir);
    say(`Sandbox: the real program and the real Pulumi engine v${engine.version} (${engine.source}), on a local backend in ${stateDir}.`);
    say(`         Auth0 and Entra are emulators on 127.0.0.1.`);
    for (const provider of plugins.standIns) say(`         STAND-IN for the ${provider} provider: project-written, serving only this program's resource types.`);
    say();
    const stack = await sandboxStack({
        engine,
        stateDir,
        stackName: path.basename(stackFile).replace(/^Pulumi\.|\.yaml$/g, ""),
        stackFile,
        config: { ...info.config, ...(action === "destroy" && options.unprotect ? { "auth0-entra-scim:protect": "false" } : {}) },
        env: { ...info.env, PATH: `${plugins.dir}${path.delimiter}${path.dirname(engine.binary)}${path.delimiter}${process.env.PATH}`, PULUMI_SKIP_UPDATE_CHECK: "true" },
    });
    const onOutput = (out: string) => process.stdout.write(out);
    if (action === "preview") await stack.preview({ onOutput, diff: false });
    if (action === "refresh") await stack.refresh({ onOutput });
    if (action === "destroy") {
        // The one deliberate teardown: protection off (an up that changes nothing else), then destroy.
        if (options.unprotect) await stack.up({ onOutput });
        try {
            await stack.destroy({ onOutput });
        } catch (error) {
            if (!options.unprotect && /protect/i.test((error as Error).message)) {
                say("\nThe stack is protected (protect: true): nothing that reaches a live user was deleted.");
                say("The deliberate teardown is protect false, up, then destroy: `npm run sandbox -- destroy --unprotect`.");
                process.exitCode = 1;
                return;
            }
            throw error;
        }
    }
    if (action === "up") {
        await stack.up({ onOutput });
        say("\nThe Entra emulator runs one provisioning cycle ...");
        await control(info, "POST", "/cycle");
    }
    printSummary(await control<SandboxSummary>(info, "GET", "/summary"), say);
}

const program = new Command("sandbox")
    .description("Run the real program under the real Pulumi engine against emulators of Auth0 and Entra (no tenant needed)")
    .addArgument(new Argument("[action]", "what to do").choices(ACTIONS).default("up"))
    .addOption(new Option("--stack-file <file>", "the stack file whose config the sandbox runs").default(path.join(PROJECT_ROOT, "Pulumi.dev.yaml")))
    .addOption(new Option("--state <dir>", "the sandbox's folder: emulators, certificate, backend").default(path.join(PROJECT_ROOT, ".sandbox")))
    .addOption(new Option("--unprotect", "with destroy: the deliberate teardown (protect false, up, destroy)"))
    .showHelpAfterError()
    .action(async (action: Action, options: Options) => {
        try {
            await run(action, options);
        } catch (error) {
            const message = error instanceof EngineUnavailable ? error.message : (error as Error).message;
            process.stderr.write(`\nsandbox ${action}: ${message.split("\n").slice(-12).join("\n")}\n`);
            process.exitCode = 1;
        }
    });

program.parseAsync();
