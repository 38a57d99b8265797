/**
 * Credentials: read in the provider process from the Auth0 provider's config keys or env vars, used
 * for the SDK's client-credentials flow, never echoed. The emulator stands in for the tenant through
 * a fetch that sends `https://<domain>` to loopback.
 */
import * as assert from "node:assert/strict";
import { lookupCredentials, requireCredentials } from "../../../providers/auth0/managementClient";
import type { ScimTokenOutputs } from "../../../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../../../providers/auth0/scimTokenProvider";
import { type Auth0Emulator, startAuth0Emulator } from "../../emulators/auth0";

const DOMAIN = "acme.eu.auth0.com";
const CLIENT_ID = "m2m-client-id";
const CLIENT_SECRET = "m2m-client-secret-value";
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

    it("when missing, fail naming each config key and env var", () => {
        assert.throws(
            () => requireCredentials(lookupCredentials(config({ "auth0:clientSecret": CLIENT_SECRET }), {})),
            (e: Error) =>
                /auth0:domain \(or env AUTH0_DOMAIN\), auth0:clientId \(or env AUTH0_CLIENT_ID\)/.test(e.message) &&
                !e.message.includes("AUTH0_CLIENT_SECRET") &&
                !e.message.includes(CLIENT_SECRET),
        );
    });

    describe("client-credentials flow", () => {
        let emulator: Auth0Emulator;
        let provider: ScimTokenProvider;
        beforeEach(async () => {
            emulator = await startAuth0Emulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
            provider = new ScimTokenProvider({
                clientSettings: {
                    fetch: (input, init) => fetch(String(input).replace(`https://${DOMAIN}`, emulator.url), init),
                    retry: { maxAttempts: 2, baseDelayMs: 1 },
                    timeoutSeconds: 2,
                },
            });
            await provider.configure({
                config: config({ "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET }),
            });
        });
        afterEach(() => emulator.close());

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
});
