/**
 * The Graph emulator as a whole tenant for our real Entra sign-in: azuread's metadata host path
 * (ARM_METADATA_HOSTNAME → /metadata/endpoints → Graph and login on the emulator), @azure/identity's
 * ClientSecretCredential against the emulator's authority over TLS, and the JWT it issues accepted by
 * the Graph routes. NODE_EXTRA_CA_CERTS is read at process start, so the TLS client runs in a child.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { sandboxTls } from "../../sandbox/tls";
import { startGraphEmulator, type GraphEmulator } from "../../sandbox/emulators/graph";

const ROOT = path.join(__dirname, "../..");
const CLIENT_ID = "3d4c5b6a-7980-4a1b-9c2d-3e4f5a6b7c8d";
const SECRET = "sandbox~client-secret";

const CHILD = `
const { readAzureSettings } = require(${JSON.stringify(path.join(ROOT, "providers/entra/credentials"))});
const { graphClientFactory } = require(${JSON.stringify(path.join(ROOT, "providers/entra/graphAccess"))});
(async () => {
    const factory = graphClientFactory(readAzureSettings(undefined, process.env));
    const found = await factory().api("/servicePrincipals").filter("appId eq '00000003-0000-0000-c000-000000000000'").get();
    const again = await factory().api("/servicePrincipals/" + found.value[0].id).get();
    process.stdout.write(JSON.stringify({ displayName: again.displayName, scopes: again.oauth2PermissionScopes.map((s) => s.value) }));
})().catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); });
`;

describe("sandbox Graph emulator: sign-in and metadata with the real Entra graph client", function () {
    this.timeout(60_000);
    let dir: string;
    let graph: GraphEmulator;
    let certPath: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "graph-login-"));
        const tls = sandboxTls(dir);
        certPath = tls.certPath;
        graph = await startGraphEmulator({ tls, client: { id: CLIENT_ID, secret: SECRET } });
    });
    after(async () => {
        await graph?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const runChild = (env: Record<string, string>) =>
        promisify(execFile)(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", CHILD], {
            cwd: ROOT,
            env: { PATH: process.env.PATH ?? "", HOME: os.tmpdir(), NODE_EXTRA_CA_CERTS: certPath, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"), ...env },
        });

    it("ARM_METADATA_HOSTNAME + a client secret: metadata, authority metadata, token, then Graph with the issued bearer", async () => {
        graph.reset();
        const { stdout } = await runChild({ ARM_METADATA_HOSTNAME: graph.metadataHost, ARM_TENANT_ID: graph.tenantId, ARM_CLIENT_ID: CLIENT_ID, ARM_CLIENT_SECRET: SECRET });
        assert.deepEqual(JSON.parse(stdout), { displayName: "Microsoft Graph", scopes: ["openid", "profile", "email", "offline_access", "User.Read", "User.Read.All"] });
        const calls = graph.calls();
        assert.deepEqual(calls, [
            "GET /metadata/endpoints",
            `GET /${graph.tenantId}/v2.0/.well-known/openid-configuration`,
            `POST /${graph.tenantId}/oauth2/v2.0/token`,
            "GET /v1.0/servicePrincipals",
            `GET /v1.0/servicePrincipals/${graph.graphServicePrincipalId}`,
        ], "one metadata read and one sign-in per factory; no instance discovery at login.microsoftonline.com");
        const tokenRequest = new URLSearchParams(graph.requests[2].body);
        assert.equal(tokenRequest.get("grant_type"), "client_credentials");
        assert.equal(tokenRequest.get("scope"), `${graph.url}/.default`);
        const bearer = graph.requests[3].headers.authorization!.replace(/^Bearer /, "");
        const claims = JSON.parse(Buffer.from(bearer.split(".")[1], "base64url").toString("utf8"));
        assert.equal(claims.oid, graph.callerObjectId);
        assert.equal(claims.tid, graph.tenantId);
        assert.equal(claims.appid, CLIENT_ID);
    });

    it("a wrong client secret is refused with Entra's AADSTS error, and no Graph call is made", async () => {
        graph.reset();
        await assert.rejects(
            runChild({ ARM_METADATA_HOSTNAME: graph.metadataHost, ARM_TENANT_ID: graph.tenantId, ARM_CLIENT_ID: CLIENT_ID, ARM_CLIENT_SECRET: "wrong" }),
            (e: Error & { stderr?: string }) => /AADSTS7000215|invalid_client/.test(e.stderr ?? ""),
        );
        assert.ok(!graph.calls().some((c) => c.includes("/v1.0/")));
    });
});
