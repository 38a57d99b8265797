/**
 * A throwaway certificate authority for the sandbox's emulators. The providers build `https://` URLs
 * from a domain (go-auth0 and our Auth0 providers prepend `https://` to `auth0:domain`; Graph and the
 * login endpoints are https), so the emulators serve TLS for 127.0.0.1 and localhost, and every Node
 * process the engine starts trusts this certificate through NODE_EXTRA_CA_CERTS. Made with the
 * machine's `openssl`, once per state folder; never leaves it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export interface SandboxTls {
    readonly key: string;
    readonly cert: string;
    /** The certificate's path, for NODE_EXTRA_CA_CERTS. */
    readonly certPath: string;
}

export function sandboxTls(dir: string): SandboxTls {
    const keyPath = path.join(dir, "emulators.key.pem");
    const certPath = path.join(dir, "emulators.cert.pem");
    if (!fs.existsSync(keyPath) || !fs.existsSync(certPath)) {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        try {
            execFileSync(
                "openssl",
                ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                    "-subj", "/CN=auth0-entra-scim sandbox", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", keyPath, "-out", certPath],
                { stdio: "pipe" },
            );
        } catch (error) {
            const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "openssl is not installed" : String((error as { stderr?: Buffer }).stderr ?? error);
            throw new Error(`The sandbox needs a local TLS certificate for its emulators, and making one failed: ${reason}`);
        }
        fs.chmodSync(keyPath, 0o600);
    }
    return { key: fs.readFileSync(keyPath, "utf8"), cert: fs.readFileSync(certPath, "utf8"), certPath };
}
