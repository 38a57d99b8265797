/**
 * No credential in any error: vendors (or the gateways in front of them) that echo the request's
 * Authorization header back, as JSON, as text or in a WAF page, never get a bearer into the message
 * the engine prints. The Auth0 Management API token here is minted at run time from M2M credentials,
 * so nobody configured its value: the provider must remember it (errors.ts holdSecret).
 */
import * as assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ScimTokenProvider } from "../../providers/auth0/scimTokenProvider";
import { heldSecrets, redact } from "../../providers/errors";
import { type Emulator, type RecordedRequest, startEmulator } from "../../sandbox/emulators/harness";

const DOMAIN = "acme.eu.auth0.com";
const CLIENT_ID = "m2m-client-id";
const CLIENT_SECRET = "m2m-client-secret-value";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";

type Echo = "json" | "text" | "waf";

/** An Auth0 that mints an opaque token and answers every API call 403, echoing the Authorization header. */
async function echoingAuth0(echo: Echo): Promise<{ emulator: Emulator; minted: () => string }> {
    let minted = "";
    const emulator = await startEmulator((req: RecordedRequest) => {
        if (req.path === "/oauth/token") {
            minted = `opaque-${randomBytes(16).toString("hex")}`; // not a JWT: only its value identifies it
            return { status: 200, body: { access_token: minted, token_type: "Bearer", expires_in: 86400 } };
        }
        const header = String(req.headers.authorization ?? "");
        const raw = header.replace(/^Bearer /, "");
        if (echo === "json") return { status: 403, body: { statusCode: 403, error: "Forbidden", message: `Insufficient scope for token ${raw}`, request: { authorization: header } } };
        if (echo === "text") return { status: 403, headers: { "content-type": "text/plain" }, body: `forbidden; you sent authorization=${header}` };
        return { status: 403, headers: { "content-type": "text/html" }, body: `<html><body><h1>Request blocked</h1><p>Reference token: ${raw}</p></body></html>` };
    });
    return { emulator, minted: () => minted };
}

describe("no credential in any error", () => {
    for (const echo of ["json", "text", "waf"] as const) {
        it(`an Auth0 answer that echoes the minted Management API token (${echo}) is reported without it`, async () => {
            const { emulator, minted } = await echoingAuth0(echo);
            try {
                const toEmulator = (input: RequestInfo | URL, init?: RequestInit) => fetch(String(input).replace(`https://${DOMAIN}`, emulator.url), init);
                const provider = new ScimTokenProvider({ clientSettings: { fetch: toEmulator, retry: { maxAttempts: 1 }, timeoutSeconds: 2 } });
                const values: Record<string, string> = { "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET };
                await provider.configure({ config: { get: (key: string) => values[key], require: (key: string) => values[key] } });
                const error: Error = await provider.create({ connectionId: CONNECTION, scopes: ["get:users"] }).then(
                    () => assert.fail("expected a rejection"),
                    (e: Error) => e,
                );
                assert.ok(minted().length > 0, "a token was minted");
                assert.match(error.message, /HTTP 403/);
                assert.ok(!error.message.includes(minted()), error.message);
                assert.ok(!error.message.includes(CLIENT_SECRET), error.message);
                assert.ok(heldSecrets().includes(minted()));
            } finally {
                await emulator.close();
            }
        });
    }

    it("redact blots out held bearers, JWTs and whatever follows Bearer, longest first", () => {
        const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzb21lb25lIn0.c2lnbmF0dXJlLWJ5dGVz";
        assert.equal(redact(`a ${jwt} b`, []), "a [redacted] b");
        assert.equal(redact("authorization: Bearer abc.def-ghi", []), "authorization: Bearer [redacted]");
        assert.equal(redact("x secret-long secret y", ["secret", "secret-long"]), "x [redacted] [redacted] y");
    });
});
