/**
 * The sandbox's emulators, in one long-lived background process so that their tenants outlive one
 * `npm run sandbox` command (`up`, then `refresh`, then `destroy` see the same Auth0 and Entra).
 * Started by cli.ts, stopped by `npm run sandbox -- down`.
 *
 * It writes `<state>/emulators.json` (mode 0600): the emulators' URLs, the engine's environment and
 * config overrides, and a control endpoint on 127.0.0.1 (bearer in the same file) that runs one
 * provisioning cycle, reports what each side holds, and shuts the process down.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { startSandboxEmulators, type SandboxEmulators } from "./emulators/sandbox";
import { sandboxTls } from "./tls";

export interface DaemonInfo {
    readonly pid: number;
    readonly control: string;
    readonly bearer: string;
    readonly env: Record<string, string>;
    readonly config: Record<string, unknown>;
}

export const daemonFile = (stateDir: string) => path.join(stateDir, "emulators.json");

async function main(stateDir: string, stackFile: string): Promise<void> {
    const tls = sandboxTls(stateDir);
    const emulators: SandboxEmulators = await startSandboxEmulators({ tls, stackFile });
    const bearer = randomBytes(24).toString("hex");
    const server = http.createServer(async (req, res) => {
        const reply = (status: number, body: unknown) => {
            res.writeHead(status, { "content-type": "application/json" });
            res.end(JSON.stringify(body));
        };
        if (req.headers.authorization !== `Bearer ${bearer}`) return reply(401, { error: "unauthorized" });
        try {
            if (req.method === "POST" && req.url === "/cycle") return reply(200, await emulators.provisioningCycle());
            if (req.method === "GET" && req.url === "/summary") return reply(200, emulators.summary());
            if (req.method === "POST" && req.url === "/shutdown") {
                reply(200, { stopping: true });
                await emulators.close();
                server.close();
                fs.rmSync(daemonFile(stateDir), { force: true });
                return;
            }
            reply(404, { error: "not found" });
        } catch (error) {
            reply(500, { error: (error as Error).message });
        }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const info: DaemonInfo = {
        pid: process.pid,
        control: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        bearer,
        env: emulators.env,
        config: emulators.config,
    };
    fs.writeFileSync(daemonFile(stateDir), JSON.stringify(info, null, 2), { mode: 0o600 });
}

if (require.main === module) {
    const [stateDir, stackFile] = process.argv.slice(2);
    main(stateDir, stackFile).catch((error: Error) => {
        fs.writeFileSync(path.join(stateDir, "emulators.error"), error.stack ?? error.message);
        process.exit(1);
    });
}
