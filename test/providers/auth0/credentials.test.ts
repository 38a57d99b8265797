/**
 * Credentials: read in the provider process from the Auth0 provider's config keys or env vars, as the
 * Auth0 provider takes them (a Management API token, which wins, or M2M client credentials with a
 * secret or a private key JWT, and an optional audience), never echoed. The emulator stands in for the
 * tenant through a fetch that sends `https://<domain>` to loopback.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import {
    auth0SecretValues,
    credentialsClientFactory,
    lookupCredentials,
    requireCredentials,
} from "../../../providers/auth0/managementClient";
import { redact } from "../../../providers/errors";
import type { ScimTokenOutputs } from "../../../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../../../providers/auth0/scimTokenProvider";
import { type Auth0Emulator, startAuth0Emulator } from "../../../sandbox/emulators/auth0";

const DOMAIN = "acme.eu.auth0.com";
const CLIENT_ID = "m2m-client-id";
const CLIENT_SECRET = "m2m-client-secret-value";
const API_TOKEN = "eyJhbGciOiJSUzI1NiJ9.management-api-token.sig";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const config = (values: Record<string, string>) => ({
    get: (key: string) => values[key],
    require: (key: string) => values[key],
});

describe("Auth0 credentials", () => {
    it("come from auth0:* config first, then AUTH0_* env vars", () => {
        const found = lookupCredentials(config({ "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID }), {
            AUTH0_DOMAIN: "ignored.auth0.com",
            AUTH0_CLIENT_SECRET: CLIENT_SECRET,
        });
        assert.deepEqual(found, { domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    });

    it("read the API token, audience and private key JWT settings from the Auth0 provider's keys too", () => {
        const keys = {
            apiToken: ["auth0:apiToken", "AUTH0_API_TOKEN"],
            audience: ["auth0:audience", "AUTH0_AUDIENCE"],
            clientAssertionPrivateKey: ["auth0:clientAssertionPrivateKey", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY"],
            clientAssertionSigningAlg: ["auth0:clientAssertionSigningAlg", "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"],
        } as const;
        for (const [name, [key, envVar]] of Object.entries(keys)) {
            assert.deepEqual(lookupCredentials(config({ [key]: "from-config" }), { [envVar]: "from-env" }), { [name]: "from-config" });
            assert.deepEqual(lookupCredentials(undefined, { [envVar]: "from-env" }), { [name]: "from-env" });
        }
    });

    it("when missing, fail naming each config key and env var", () => {
        assert.throws(
            () => requireCredentials(lookupCredentials(config({ "auth0:clientSecret": CLIENT_SECRET }), {})),
            (e: Error) =>
                /auth0:domain \(or env AUTH0_DOMAIN\), auth0:clientId \(or env AUTH0_CLIENT_ID\)/.test(e.message) &&
                !e.message.includes("AUTH0_CLIENT_SECRET") &&
                !e.message.includes(CLIENT_SECRET),
        );
    });

    it("when half-configured, fail naming what is missing, as the Auth0 provider does", () => {
        const fails = (found: Record<string, string>, expected: RegExp) =>
            assert.throws(() => requireCredentials(found), (e: Error) => expected.test(e.message) && !Object.values(found).some((v) => v.length > 8 && e.message.includes(v)));
        fails({}, /missing: auth0:domain \(or env AUTH0_DOMAIN\), auth0:apiToken \(or env AUTH0_API_TOKEN\) or auth0:clientId \(or env AUTH0_CLIENT_ID\) with its secret\./);
        fails({ apiToken: API_TOKEN }, /missing: auth0:domain \(or env AUTH0_DOMAIN\)\./);
        fails({ domain: DOMAIN, clientId: CLIENT_ID }, /missing: auth0:clientSecret \(or env AUTH0_CLIENT_SECRET\) or both auth0:clientAssertionPrivateKey \(or env AUTH0_CLIENT_ASSERTION_PRIVATE_KEY\) and auth0:clientAssertionSigningAlg/);
        fails({ domain: DOMAIN, clientId: CLIENT_ID, clientAssertionPrivateKey: "-----BEGIN PRIVATE KEY-----x" }, /missing: auth0:clientAssertionSigningAlg \(or env AUTH0_CLIENT_ASSERTION_SIGNING_ALG\)\./);
        assert.deepEqual(requireCredentials({ domain: DOMAIN, apiToken: API_TOKEN }), { domain: DOMAIN, apiToken: API_TOKEN });
    });

    it("put the API token, the client secret and the assertion key in the redaction list", () => {
        const found = lookupCredentials(config({ "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID }), {
            AUTH0_API_TOKEN: API_TOKEN,
            AUTH0_CLIENT_SECRET: CLIENT_SECRET,
            AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: "private-key-pem",
        });
        const secrets = auth0SecretValues(found);
        assert.deepEqual([...secrets].sort(), [API_TOKEN, CLIENT_SECRET, "private-key-pem"].sort());
        assert.ok(!secrets.includes(DOMAIN) && !secrets.includes(CLIENT_ID));
        assert.equal(redact(`Bearer ${API_TOKEN} / ${CLIENT_SECRET}`, secrets), "Bearer [redacted] / [redacted]");
        assert.deepEqual(auth0SecretValues(undefined), []);
    });

    describe("against the emulator", () => {
        let emulator: Auth0Emulator;
        const toEmulator = (input: RequestInfo | URL, init?: RequestInit) => fetch(String(input).replace(`https://${DOMAIN}`, emulator.url), init);
        const providerWith = async (values: Record<string, string>) => {
            const provider = new ScimTokenProvider({
                clientSettings: { fetch: toEmulator, retry: { maxAttempts: 2, baseDelayMs: 1 }, timeoutSeconds: 2 },
            });
            await provider.configure({ config: config(values) });
            return provider;
        };
        afterEach(() => emulator.close());

        describe("client-credentials flow", () => {
            let provider: ScimTokenProvider;
            beforeEach(async () => {
                emulator = await startAuth0Emulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
                provider = await providerWith({ "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET });
            });

            it("gets one Management API token for several operations", async () => {
                const { outs } = await provider.create({ connectionId: CONNECTION, scopes: ["get:users"] });
                await provider.read((outs as ScimTokenOutputs).tokenId, outs as ScimTokenOutputs);
                assert.deepEqual(emulator.calls(), [
                    "POST /oauth/token",
                    `POST /api/v2/connections/${CONNECTION}/scim-configuration/tokens`,
                    `GET /api/v2/connections/${CONNECTION}/scim-configuration/tokens`,
                ]);
                const form = new URLSearchParams(emulator.requests[0].body);
                assert.equal(form.get("audience"), `https://${DOMAIN}/api/v2/`);
            });

            it("keeps the client secret out of a failed token request's error", async () => {
                emulator.inject({
                    pathIncludes: "/oauth/token",
                    response: { status: 401, body: { error: "access_denied", error_description: `Unknown client secret ${CLIENT_SECRET}` } },
                });
                const error: Error = await provider.create({ connectionId: CONNECTION, scopes: ["get:users"] }).then(
                    () => assert.fail("expected a rejection"),
                    (e) => e,
                );
                assert.match(error.message, /HTTP 401/);
                assert.match(error.message, /token request failed: Unknown client secret \[redacted\]/);
                assert.ok(!error.message.includes(CLIENT_SECRET));
            });
        });

        it("auth0:audience (a custom domain's tenant audience) is the token request's audience", async () => {
            emulator = await startAuth0Emulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
            const provider = await providerWith({
                "auth0:domain": DOMAIN,
                "auth0:clientId": CLIENT_ID,
                "auth0:clientSecret": CLIENT_SECRET,
                "auth0:audience": "https://acme-tenant.eu.auth0.com/api/v2/",
            });
            await provider.create({ connectionId: CONNECTION, scopes: ["get:users"] });
            assert.equal(new URLSearchParams(emulator.requests[0].body).get("audience"), "https://acme-tenant.eu.auth0.com/api/v2/");
        });

        it("auth0:apiToken is the bearer as it is: no /oauth/token request, even with client credentials set", async () => {
            emulator = await startAuth0Emulator({ bearer: API_TOKEN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
            const provider = await providerWith({ "auth0:domain": DOMAIN, "auth0:apiToken": API_TOKEN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET });
            const { outs } = await provider.create({ connectionId: CONNECTION, scopes: ["get:users"] });
            await provider.read((outs as ScimTokenOutputs).tokenId, outs as ScimTokenOutputs);
            await provider.delete((outs as ScimTokenOutputs).tokenId, outs as ScimTokenOutputs);
            assert.deepEqual(emulator.calls(), [
                `POST /api/v2/connections/${CONNECTION}/scim-configuration/tokens`,
                `GET /api/v2/connections/${CONNECTION}/scim-configuration/tokens`,
                `DELETE /api/v2/connections/${CONNECTION}/scim-configuration/tokens/${(outs as ScimTokenOutputs).tokenId}`,
            ]);
            assert.ok(emulator.requests.every((r) => r.headers.authorization === `Bearer ${API_TOKEN}`));
        });

        it("AUTH0_API_TOKEN from the environment wins over client credentials in config, setting by setting as in the Auth0 provider", async () => {
            emulator = await startAuth0Emulator({ bearer: API_TOKEN });
            const factory = credentialsClientFactory(
                requireCredentials(lookupCredentials(config({ "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET }), { AUTH0_API_TOKEN: API_TOKEN })),
                { fetch: toEmulator, retry: { maxAttempts: 1 } },
            );
            assert.deepEqual(await factory(() => undefined).get(CONNECTION), []);
            assert.deepEqual(emulator.calls(), [`GET /api/v2/connections/${CONNECTION}/scim-configuration/tokens`]);
        });

        it("private key JWT: the token request carries a client assertion signed with auth0:clientAssertionPrivateKey", async () => {
            emulator = await startAuth0Emulator();
            const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
            let form: URLSearchParams | undefined;
            const fetchWithTokenEndpoint = async (input: RequestInfo | URL, init?: RequestInit) => {
                if (String(input) === `https://${DOMAIN}/oauth/token`) {
                    form = new URLSearchParams(String(init?.body));
                    return Response.json({ access_token: emulator.bearer, expires_in: 86400, token_type: "Bearer" });
                }
                return toEmulator(input, init);
            };
            const factory = credentialsClientFactory(
                requireCredentials(lookupCredentials(undefined, {
                    AUTH0_DOMAIN: DOMAIN,
                    AUTH0_CLIENT_ID: CLIENT_ID,
                    AUTH0_CLIENT_ASSERTION_PRIVATE_KEY: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
                    AUTH0_CLIENT_ASSERTION_SIGNING_ALG: "RS256",
                })),
                { fetch: fetchWithTokenEndpoint, retry: { maxAttempts: 1 } },
            );
            await factory(() => undefined).get(CONNECTION);
            assert.equal(form?.get("client_assertion_type"), "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            assert.equal(form?.get("client_secret"), null);
            const [header, payload, signature] = String(form?.get("client_assertion")).split(".");
            assert.equal(JSON.parse(Buffer.from(header, "base64url").toString()).alg, "RS256");
            assert.equal(JSON.parse(Buffer.from(payload, "base64url").toString()).sub, CLIENT_ID);
            assert.ok(crypto.verify("sha256", Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url")));
            assert.equal(emulator.requests[0].headers.authorization, `Bearer ${emulator.bearer}`);
        });
    });
});
