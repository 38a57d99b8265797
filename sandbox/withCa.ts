/**
 * Runs a command with the sandbox's certificate authority trusted: makes the throwaway certificate
 * (tls.ts) under `<state>/tls` and starts the command with NODE_EXTRA_CA_CERTS pointing at it, which
 * Node reads only at start. `npm run test:e2e` runs mocha through it, so the test process itself (the
 * provisioning cycle, the health checks) trusts the emulators, as the engine's plugins do.
 *
 *   node -r ts-node/register/transpile-only sandbox/withCa.ts <command> [args...]
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT } from "./engine";
import { sandboxTls } from "./tls";

export const TLS_DIR_ENV = "AUTH0_ENTRA_SCIM_SANDBOX_TLS_DIR";

if (require.main === module) {
    const [command, ...args] = process.argv.slice(2);
    const dir = process.env[TLS_DIR_ENV] || path.join(PROJECT_ROOT, ".sandbox", "tls");
    const { certPath } = sandboxTls(dir);
    const child = spawn(command, args, { stdio: "inherit", env: { ...process.env, NODE_EXTRA_CA_CERTS: certPath, [TLS_DIR_ENV]: dir } });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward).on("SIGTERM", forward);
    child.on("exit", (code, signal) => (process.exitCode = code ?? (signal ? 128 + 1 : 1)));
}
