/**
 * Entra credentials: the azuread provider's sources (`azuread:*` config, then `ARM_*` env), its order
 * of methods (certificate, secret, OIDC token, OIDC token request, managed identity, Azure CLI), the
 * @azure/identity credential each one builds, the errors for half-configured methods, and the values
 * the providers must redact. Token requests go to loopback servers; nothing reaches Entra.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    AzureCliCredential,
    ClientAssertionCredential,
    ClientCertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    type TokenCredential,
} from "@azure/identity";
import {
    type AzureSettings,
    AZURE_CLOUDS,
    chooseCredential,
    cloudByName,
    createCredential,
    readAzureSettings,
    resolveCloud,
    secretValues,
} from "../../../providers/entra/credentials";
import { redact } from "../../../providers/errors";
import { type Emulator, startEmulator } from "../../../sandbox/emulators/harness";
import { roundTrip } from "../serialisation";

const TENANT = "7c6e1d3f-0a2b-4c5d-8e9f-00112233aabb";
const CLIENT = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const SECRET = "Zt9~client-secret.Qq";
const OIDC_TOKEN = "eyJhbGciOiJSUzI1NiJ9.oidc-token-one.sig";
const REQUEST_TOKEN = "ghs_request-token-for-github-oidc";

// A throwaway self-signed EC certificate with its PKCS#8 key, and the same pair as a PKCS#12 bundle
// (openssl pkcs12 -export, password Pa55w0rd123): test fixtures only, trusted by nothing.
const CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBljCCAT2gAwIBAgIUb/JOuMgyDB8O0cgzNCf1+OQYOwEwCgYIKoZIzj0EAwIw
IDEeMBwGA1UEAwwVYXV0aDAtZW50cmEtc2NpbSB0ZXN0MCAXDTI2MTEyOTE0MzYz
MVoYDzIxMjYxMTA1MTQzNjMxWjAgMR4wHAYDVQQDDBVhdXRoMC1lbnRyYS1zY2lt
IHRlc3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARSVje+okKiOJB90X/Z3wcp
d5x79jMT8xHyhHYb3sTgxWjJvM1oiDoE58kAB2SqjEHIfhbPbT9sCuKMYxK8pEUy
o1MwUTAdBgNVHQ4EFgQUOMAzkRqk81QhNTeDAfOstJA/FTswHwYDVR0jBBgwFoAU
OMAzkRqk81QhNTeDAfOstJA/FTswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQD
AgNHADBEAiAc5N0Bb5sXsprQEQVbWDeS5u4aWh696jENeFG4+ONHEAIgLsJasg7p
oO3X6GUktm5PyxEYoF/62EcIPUB9suD2ags=
-----END CERTIFICATE-----
`;
const KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgdQawj4AtrsqD3R5u
ZptVJuJQC77YJ7K6gDyT2bMxDm6hRANCAARSVje+okKiOJB90X/Z3wcpd5x79jMT
8xHyhHYb3sTgxWjJvM1oiDoE58kAB2SqjEHIfhbPbT9sCuKMYxK8pEUy
-----END PRIVATE KEY-----
`;
const PFX_BASE64 =
    "MIIELAIBAzCCA+IGCSqGSIb3DQEHAaCCA9MEggPPMIIDyzCCAoIGCSqGSIb3DQEHBqCCAnMwggJvAgEAMIICaAYJKoZIhvcNAQcBMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhv0E9kKuZejQICCAAwDAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEAKjQ9n7Y9xsf59j/bxeqN+AggIA/ZRmftYtwe18ySrfFcd8IrFF7kf3kUds6V6DI8ltP+r0og91rZuwi+ubw3EC+3gMJhK69OmGr51Xg8kLOUZhJhh7SU+BIeLfrGO43AeIrgoNDalMYbCbzuegFr7N9mE26fc5xL+RJStBiUNfE2iTI9mapulN1+5bKeQhBlUk3GrUTa/jjNtSR3HhYbskj/MCexgQTav1LAywEZ/EMN5Fr8lNU2Q/tzUtVD8SOFAkZO549/17l4QGqjTlMhfyr8DyGeh/oPdtqlvmwiBRBrIM/nSsAg94ncGa1vneKyukbR2O5L17oTGGim9Og4ayFXHluBzDuGPMmC059Z/ZWDI57ABrbG6n+u2q2ohbB8mxbjZ5gcan6LHJADOLpmo1wP/eRWWjqeqiZjM16o+QoIZr7d+rQwBodAmDKXx0NAGvpDboZBtJUMq1HGrMtEFm7mN65SjYIdb9QPy023+AKmG7mO5+R1wrkqlWDLqYjm19IK9sTWTDaCLrMeuK3e10vqgLnz0+4gsb7B6//ZATBXGSUYTrvzWpDPdiPcwxeI3J8R4c1WqHULDhpX/8VwX87BWFZ6pfmWqXw6DlQJHYV3V8rKLTOEhN8WYKjPo+Cc9EGhSbBC45sjHKMQBmYgRaQWGLT6J9AzWJDYaMKyOkdT5rQvU5AKOSpgzE+ctK6Wkogl0wggFBBgkqhkiG9w0BBwGgggEyBIIBLjCCASowggEmBgsqhkiG9w0BDAoBAqCB7zCB7DBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQIkY6KJgXs+44CAggAMAwGCCqGSIb3DQIJBQAwHQYJYIZIAWUDBAEqBBCQqJz5hQV44JjS3f5Hq6mGBIGQQuH9XVI4qe/0UR/C4VD4PodOxCh6CPHi41jTSLkuhgfhJfG1WYqTYW2RdZ0/gWhwTO1pmzhIKfWqSB4Qk3t4jSM5Ij1Y+/CrDdG7zBb6e0yEe67LHyhx73q6TnWwyrqZnfmeSCER0hIyBxz17MWWaQTC5z/B/Fcou4z+rBJ5sENQlhXDcamerz9BAbWhq3mPMSUwIwYJKoZIhvcNAQkVMRYEFLGgGK22cxgSLLIMB7CCzI3mtis7MEEwMTANBglghkgBZQMEAgEFAAQgFK5sl0rTozBJwZwbrXQhWL7kuPtAm4u2MionjQ4V7n4ECCSgp1kwPNGyAgIIAA==";
const CERT_PASSWORD = "Pa55w0rd123";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
/** Settings as the provider reads them: from config, or from the environment. */
const fromConfig = (values: Record<string, string>) => readAzureSettings(config(prefixed(values)), {});
const fromEnv = (env: Record<string, string>) => readAzureSettings(undefined, env);
const prefixed = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries(values).map(([k, v]) => [`azuread:${k}`, v]));

/** @azure/identity keeps what it was given in (TypeScript-)private fields; the version is pinned. */
const internals = (credential: TokenCredential) => credential as unknown as Record<string, any>;

describe("entra credentials (azuread sources)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-credentials-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: string | Buffer) => {
        const p = path.join(dir, name);
        fs.writeFileSync(p, content);
        return p;
    };

    describe("readAzureSettings", () => {
        const cases: Array<[keyof AzureSettings, string]> = [
            ["tenantId", "ARM_TENANT_ID"],
            ["clientId", "ARM_CLIENT_ID"],
            ["clientSecret", "ARM_CLIENT_SECRET"],
            ["clientIdFilePath", "ARM_CLIENT_ID_FILE_PATH"],
            ["clientSecretFilePath", "ARM_CLIENT_SECRET_FILE_PATH"],
            ["clientCertificate", "ARM_CLIENT_CERTIFICATE"],
            ["clientCertificatePath", "ARM_CLIENT_CERTIFICATE_PATH"],
            ["clientCertificatePassword", "ARM_CLIENT_CERTIFICATE_PASSWORD"],
            ["useOidc", "ARM_USE_OIDC"],
            ["oidcToken", "ARM_OIDC_TOKEN"],
            ["oidcTokenFilePath", "ARM_OIDC_TOKEN_FILE_PATH"],
            ["oidcRequestToken", "ARM_OIDC_REQUEST_TOKEN"],
            ["oidcRequestUrl", "ARM_OIDC_REQUEST_URL"],
            ["useMsi", "ARM_USE_MSI"],
            ["msiEndpoint", "ARM_MSI_ENDPOINT"],
            ["useCli", "ARM_USE_CLI"],
        ];
        for (const [name, envVar] of cases) {
            it(`${name}: azuread:${name} first, ${envVar} second`, () => {
                assert.equal(readAzureSettings(config({ [`azuread:${name}`]: "from-config" }), { [envVar]: "from-env" })[name], "from-config");
                assert.equal(readAzureSettings(config({}), { [envVar]: "from-env" })[name], "from-env");
                assert.equal(readAzureSettings(config({ [`azuread:${name}`]: "  " }), { [envVar]: "from-env" })[name], "from-env");
            });
        }

        it("the OIDC request falls back to GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_TOKEN/_URL, after ARM_OIDC_REQUEST_*", () => {
            const actions = { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "actions-token", ACTIONS_ID_TOKEN_REQUEST_URL: "https://actions.example/idtoken" };
            assert.deepEqual(
                [fromEnv(actions).oidcRequestToken, fromEnv(actions).oidcRequestUrl],
                ["actions-token", "https://actions.example/idtoken"],
            );
            const arm = { ...actions, ARM_OIDC_REQUEST_TOKEN: "arm-token", ARM_OIDC_REQUEST_URL: "https://arm.example/idtoken" };
            assert.deepEqual([fromEnv(arm).oidcRequestToken, fromEnv(arm).oidcRequestUrl], ["arm-token", "https://arm.example/idtoken"]);
        });

        it("has tenantId, clientId and clientSecret always, the other settings only when set", () => {
            assert.deepEqual(readAzureSettings(undefined, {}), { tenantId: undefined, clientId: undefined, clientSecret: undefined });
            assert.deepEqual(fromEnv({ ARM_USE_MSI: "true" }), { tenantId: undefined, clientId: undefined, clientSecret: undefined, useMsi: "true" });
        });
    });

    describe("client secret", () => {
        it("from config: ClientSecretCredential with the tenant, client id and secret", () => {
            const settings = fromConfig({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
            assert.deepEqual(chooseCredential(settings), { kind: "clientSecret", tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
            const credential = createCredential(settings);
            assert.ok(credential instanceof ClientSecretCredential);
            assert.equal(internals(credential).tenantId, TENANT);
            assert.equal(internals(credential).clientSecret, SECRET);
        });

        it("from env, the secret and the client id also from files (ARM_CLIENT_SECRET_FILE_PATH, ARM_CLIENT_ID_FILE_PATH)", () => {
            const settings = fromEnv({
                ARM_TENANT_ID: TENANT,
                ARM_CLIENT_ID_FILE_PATH: file("client-id", `${CLIENT}\n`),
                ARM_CLIENT_SECRET_FILE_PATH: file("secret", `${SECRET}\n`),
            });
            assert.deepEqual(chooseCredential(settings), { kind: "clientSecret", tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
            assert.ok(createCredential(settings) instanceof ClientSecretCredential);
        });

        it("a secret and a secret file that differ are refused, as azuread does", () => {
            const settings = fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_CLIENT_SECRET: SECRET, ARM_CLIENT_SECRET_FILE_PATH: file("s", "other") });
            assert.throws(() => createCredential(settings), /azuread:clientSecret \/ ARM_CLIENT_SECRET and the content of azuread:clientSecretFilePath \/ ARM_CLIENT_SECRET_FILE_PATH differ/);
        });
    });

    describe("client certificate", () => {
        it("from ARM_CLIENT_CERTIFICATE_PATH (PEM): ClientCertificateCredential with the PEM", () => {
            const settings = fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_CLIENT_CERTIFICATE_PATH: file("client.pem", CERT_PEM + KEY_PEM) });
            assert.deepEqual(chooseCredential(settings), { kind: "clientCertificate", tenantId: TENANT, clientId: CLIENT, certificate: CERT_PEM + KEY_PEM });
            const credential = createCredential(settings);
            assert.ok(credential instanceof ClientCertificateCredential);
            assert.equal(internals(credential).tenantId, TENANT);
            assert.deepEqual(internals(credential).certificateConfiguration, { certificate: CERT_PEM + KEY_PEM });
        });

        it("from azuread:clientCertificate (base64 of the PEM), with an encrypted key and azuread:clientCertificatePassword", () => {
            const encryptedKey = crypto.createPrivateKey(KEY_PEM).export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: CERT_PASSWORD });
            const pem = String(encryptedKey) + CERT_PEM;
            const settings = fromConfig({
                tenantId: TENANT,
                clientId: CLIENT,
                clientCertificate: Buffer.from(pem).toString("base64"),
                clientCertificatePassword: CERT_PASSWORD,
            });
            const credential = createCredential(settings);
            assert.ok(credential instanceof ClientCertificateCredential);
            assert.deepEqual(internals(credential).certificateConfiguration, { certificate: pem, certificatePassword: CERT_PASSWORD });

            const { clientCertificatePassword: _password, ...noPassword } = settings;
            assert.throws(() => createCredential(noPassword), /encrypted and azuread:clientCertificatePassword \/ ARM_CLIENT_CERTIFICATE_PASSWORD is not set/);
            assert.throws(() => createCredential({ ...settings, clientCertificatePassword: "wrong" }), /ARM_CLIENT_CERTIFICATE_PASSWORD is wrong/);
        });

        it("a PKCS#12 (.pfx) bundle is refused with the openssl command that converts it", () => {
            const settings = fromEnv({
                ARM_TENANT_ID: TENANT,
                ARM_CLIENT_ID: CLIENT,
                ARM_CLIENT_CERTIFICATE_PATH: file("client.pfx", Buffer.from(PFX_BASE64, "base64")),
                ARM_CLIENT_CERTIFICATE_PASSWORD: CERT_PASSWORD,
            });
            assert.throws(
                () => createCredential(settings),
                (e: Error) =>
                    /azuread:clientCertificatePath \/ ARM_CLIENT_CERTIFICATE_PATH is a PKCS#12 \(\.pfx\) bundle/.test(e.message) &&
                    e.message.includes("openssl pkcs12 -in client.pfx -out client.pem -nodes") &&
                    !e.message.includes(CERT_PASSWORD),
            );
            assert.throws(() => createCredential({ ...settings, clientCertificatePath: undefined, clientCertificate: PFX_BASE64 }), /azuread:clientCertificate \/ ARM_CLIENT_CERTIFICATE is a PKCS#12/);
        });

        it("a PEM without its key, or with a key of another certificate, is refused", () => {
            const base = { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT };
            assert.throws(() => createCredential(fromEnv({ ...base, ARM_CLIENT_CERTIFICATE_PATH: file("c.pem", CERT_PEM) })), /lacks the private key/);
            const otherKey = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey.export({ type: "pkcs8", format: "pem" });
            assert.throws(
                () => createCredential(fromEnv({ ...base, ARM_CLIENT_CERTIFICATE_PATH: file("c.pem", CERT_PEM + String(otherKey)) })),
                /private key in azuread:clientCertificatePath \/ ARM_CLIENT_CERTIFICATE_PATH does not belong to its certificate/,
            );
            assert.throws(() => createCredential(fromEnv({ ...base, ARM_CLIENT_CERTIFICATE_PATH: path.join(dir, "missing.pem") })), /cannot read the client certificate at azuread:clientCertificatePath/);
        });
    });

    describe("OIDC (workload identity federation)", () => {
        it("from config: azuread:useOidc + azuread:oidcToken, ClientAssertionCredential asserting the token", async () => {
            const settings = fromConfig({ tenantId: TENANT, clientId: CLIENT, useOidc: "true", oidcToken: OIDC_TOKEN });
            assert.deepEqual(chooseCredential(settings), { kind: "oidcToken", tenantId: TENANT, clientId: CLIENT, token: OIDC_TOKEN });
            const credential = createCredential(settings);
            assert.ok(credential instanceof ClientAssertionCredential);
            assert.equal(internals(credential).tenantId, TENANT);
            assert.equal(await internals(credential).getAssertion(), OIDC_TOKEN);
        });

        it("from env: ARM_OIDC_TOKEN_FILE_PATH is read again for every assertion", async () => {
            const tokenFile = file("token", "first-token\n");
            const credential = createCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: tokenFile }));
            assert.ok(credential instanceof ClientAssertionCredential);
            const getAssertion: () => Promise<string> = internals(credential).getAssertion;
            assert.equal(await getAssertion(), "first-token");
            fs.writeFileSync(tokenFile, "second-token");
            assert.equal(await getAssertion(), "second-token");
            fs.rmSync(tokenFile);
            await assert.rejects(getAssertion(), /cannot read the OIDC token file azuread:oidcTokenFilePath \/ ARM_OIDC_TOKEN_FILE_PATH/);
        });

        it("useOidc accepts what Go's ParseBool accepts and refuses anything else, naming the key", () => {
            const base = { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_OIDC_TOKEN: OIDC_TOKEN };
            for (const yes of ["true", "True", "TRUE", "1", "t"]) assert.equal(chooseCredential(fromEnv({ ...base, ARM_USE_OIDC: yes })).kind, "oidcToken");
            for (const no of ["false", "0", "F"]) assert.equal(chooseCredential(fromEnv({ ...base, ARM_USE_OIDC: no })).kind, "azureCli");
            assert.throws(() => chooseCredential(fromEnv({ ...base, ARM_USE_OIDC: "yes" })), /azuread:useOidc \/ ARM_USE_OIDC must be true or false, got "yes"/);
        });

        it("an OIDC token without useOidc is ignored, as azuread ignores it", () => {
            assert.equal(chooseCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_OIDC_TOKEN: OIDC_TOKEN })).kind, "azureCli");
        });

        it("an oidcToken and a token file that differ are refused, as azuread does", () => {
            const settings = fromConfig({ tenantId: TENANT, clientId: CLIENT, useOidc: "true", oidcToken: OIDC_TOKEN, oidcTokenFilePath: file("t", "other") });
            assert.throws(() => chooseCredential(settings), /azuread:oidcToken \/ ARM_OIDC_TOKEN and azuread:oidcTokenFilePath \/ ARM_OIDC_TOKEN_FILE_PATH are both set and differ/);
        });

        describe("token request (GitHub Actions)", () => {
            let github: Emulator;
            let issued = 0;
            beforeEach(async () => {
                issued = 0;
                github = await startEmulator((req) =>
                    req.headers.authorization === `Bearer ${REQUEST_TOKEN}`
                        ? { status: 200, body: { count: 1, value: `github-id-token-${++issued}` } }
                        : { status: 401, body: `bad credentials ${req.headers.authorization}` },
                );
            });
            afterEach(() => github.close());

            it("from GitHub's ACTIONS_ID_TOKEN_REQUEST_*: a request per assertion, with the Entra audience and the bearer", async () => {
                const requestUrl = `${github.url}/_apis/distributedtask/hubs/build/plans/p/jobs/j/idtoken?api-version=2.0`;
                const settings = fromEnv({
                    ARM_TENANT_ID: TENANT,
                    ARM_CLIENT_ID: CLIENT,
                    ARM_USE_OIDC: "true",
                    ACTIONS_ID_TOKEN_REQUEST_URL: requestUrl,
                    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
                });
                assert.deepEqual(chooseCredential(settings), { kind: "oidcRequest", tenantId: TENANT, clientId: CLIENT, requestUrl, requestToken: REQUEST_TOKEN });
                const credential = createCredential(settings);
                assert.ok(credential instanceof ClientAssertionCredential);
                const getAssertion: () => Promise<string> = internals(credential).getAssertion;
                assert.equal(await getAssertion(), "github-id-token-1");
                assert.equal(await getAssertion(), "github-id-token-2");

                assert.equal(github.requests.length, 2);
                for (const request of github.requests) {
                    assert.equal(request.method, "GET");
                    const url = new URL(request.path, github.url);
                    assert.equal(url.pathname, "/_apis/distributedtask/hubs/build/plans/p/jobs/j/idtoken");
                    assert.equal(url.searchParams.get("api-version"), "2.0");
                    assert.equal(url.searchParams.get("audience"), "api://AzureADTokenExchange");
                    assert.match(String(request.headers.authorization), new RegExp(`^bearer ${REQUEST_TOKEN}$`, "i"));
                }
            });

            it("from config: azuread:oidcRequestToken/Url win over the ACTIONS_ variables", async () => {
                const settings = readAzureSettings(
                    config(prefixed({ tenantId: TENANT, clientId: CLIENT, useOidc: "true", oidcRequestUrl: `${github.url}/cfg`, oidcRequestToken: REQUEST_TOKEN })),
                    { ACTIONS_ID_TOKEN_REQUEST_URL: `${github.url}/actions`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "actions-token" },
                );
                assert.equal(await internals(createCredential(settings)).getAssertion(), "github-id-token-1");
                assert.deepEqual(github.requests.map((r) => r.path), ["/cfg?audience=api%3A%2F%2FAzureADTokenExchange"]);
            });

            it("a refused request fails naming the status, with the request token blotted out", async () => {
                const settings = fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "true", ARM_OIDC_REQUEST_URL: `${github.url}/x`, ARM_OIDC_REQUEST_TOKEN: "wrong-request-token" });
                await assert.rejects(internals(createCredential(settings)).getAssertion(), (e: Error) =>
                    /OIDC token request to http:\/\/127\.0\.0\.1:\d+ \(azuread:oidcRequestUrl/.test(e.message) &&
                    /HTTP 401/.test(e.message) &&
                    e.message.includes("[redacted]") &&
                    !e.message.includes("wrong-request-token"));
            });

            it("a request URL over plain http to a non-loopback host is refused (the bearer would travel in clear)", () => {
                const settings = fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "true", ARM_OIDC_REQUEST_URL: "http://example.com/idtoken", ARM_OIDC_REQUEST_TOKEN: REQUEST_TOKEN });
                assert.throws(() => chooseCredential(settings), /azuread:oidcRequestUrl \/ ARM_OIDC_REQUEST_URL \/ ACTIONS_ID_TOKEN_REQUEST_URL must be an https URL/);
            });
        });
    });

    describe("managed identity", () => {
        it("from config: azuread:useMsi, with azuread:clientId as the user-assigned identity", () => {
            const settings = fromConfig({ useMsi: "true", clientId: CLIENT });
            assert.deepEqual(chooseCredential(settings), { kind: "managedIdentity", clientId: CLIENT });
            const credential = createCredential(settings);
            assert.ok(credential instanceof ManagedIdentityCredential);
            assert.equal(internals(credential).clientId, CLIENT);
        });

        it("from env: ARM_USE_MSI, system-assigned without a client id, no tenant needed", () => {
            const credential = createCredential(fromEnv({ ARM_USE_MSI: "true" }));
            assert.ok(credential instanceof ManagedIdentityCredential);
            assert.equal(internals(credential).clientId, undefined);
        });

        it("ARM_MSI_ENDPOINT: the token comes from that endpoint, as go-azure-sdk asks it, and is reused", async () => {
            const msi = await startEmulator(() => ({
                status: 200,
                body: { access_token: "msi-access-token", expires_on: String(Math.floor(Date.now() / 1000) + 3600), token_type: "Bearer" },
            }));
            try {
                const credential = createCredential(fromEnv({ ARM_USE_MSI: "true", ARM_CLIENT_ID: CLIENT, ARM_MSI_ENDPOINT: `${msi.url}/metadata/identity/oauth2/token` }));
                const first = await credential.getToken("https://graph.microsoft.com/.default");
                const second = await credential.getToken("https://graph.microsoft.com/.default");
                assert.equal(first?.token, "msi-access-token");
                assert.equal(second?.token, "msi-access-token");
                assert.equal(msi.requests.length, 1);
                const url = new URL(msi.requests[0].path, msi.url);
                assert.equal(url.pathname, "/metadata/identity/oauth2/token");
                assert.deepEqual(Object.fromEntries(url.searchParams), {
                    "api-version": "2018-02-01",
                    resource: "https://graph.microsoft.com/",
                    client_id: CLIENT,
                });
                assert.equal(msi.requests[0].headers.metadata, "true");
            } finally {
                await msi.close();
            }
        });
    });

    describe("Azure CLI", () => {
        it("is the default (useCli defaults to true), signed in to azuread:tenantId", () => {
            const credential = createCredential(fromConfig({ tenantId: TENANT }));
            assert.ok(credential instanceof AzureCliCredential);
            assert.equal(internals(credential).tenantId, TENANT);
            assert.ok(createCredential(readAzureSettings(undefined, {})) instanceof AzureCliCredential);
        });

        it("a client id without a secret, certificate or OIDC falls through to the CLI, as in azuread", () => {
            assert.deepEqual(chooseCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT })), { kind: "azureCli", tenantId: TENANT });
        });

        it("ARM_USE_CLI=false with nothing else configured fails, listing what to set", () => {
            assert.throws(() => createCredential(fromEnv({ ARM_USE_CLI: "false" })), (e: Error) =>
                /no credential is configured and azuread:useCli \/ ARM_USE_CLI is false/.test(e.message) &&
                e.message.includes("azuread:clientSecret / ARM_CLIENT_SECRET") &&
                e.message.includes("azuread:useOidc / ARM_USE_OIDC") &&
                e.message.includes("azuread:useMsi / ARM_USE_MSI"));
        });
    });

    describe("precedence (go-azure-sdk NewAuthorizerFromCredentials)", () => {
        const everything = () => ({
            ARM_TENANT_ID: TENANT,
            ARM_CLIENT_ID: CLIENT,
            ARM_CLIENT_CERTIFICATE_PATH: file("client.pem", CERT_PEM + KEY_PEM),
            ARM_CLIENT_SECRET: SECRET,
            ARM_USE_OIDC: "true",
            ARM_OIDC_TOKEN: OIDC_TOKEN,
            ARM_OIDC_REQUEST_TOKEN: REQUEST_TOKEN,
            ARM_OIDC_REQUEST_URL: "https://token.example/idtoken",
            ARM_USE_MSI: "true",
        });
        const without = (env: Record<string, string>, ...names: string[]) =>
            Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));

        it("certificate, then secret, then OIDC token, then OIDC request, then managed identity, then CLI", () => {
            let env: Record<string, string> = everything();
            const order: string[] = [];
            for (const next of [["ARM_CLIENT_CERTIFICATE_PATH"], ["ARM_CLIENT_SECRET"], ["ARM_OIDC_TOKEN"], ["ARM_OIDC_REQUEST_TOKEN", "ARM_OIDC_REQUEST_URL", "ARM_USE_OIDC"], ["ARM_USE_MSI"]]) {
                order.push(chooseCredential(fromEnv(env)).kind);
                env = without(env, ...next);
            }
            order.push(chooseCredential(fromEnv(env)).kind);
            assert.deepEqual(order, ["clientCertificate", "clientSecret", "oidcToken", "oidcRequest", "managedIdentity", "azureCli"]);
        });

        it("config beats env setting by setting: an azuread:clientSecret wins over ARM_CLIENT_SECRET", () => {
            const settings = readAzureSettings(config({ "azuread:clientSecret": SECRET }), { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_CLIENT_SECRET: "env-secret" });
            assert.deepEqual(chooseCredential(settings), { kind: "clientSecret", tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
        });
    });

    describe("half-configured methods fail naming what to set", () => {
        it("a client secret without a tenant or a client id", () => {
            assert.throws(() => createCredential(fromEnv({ ARM_CLIENT_ID: CLIENT, ARM_CLIENT_SECRET: SECRET })),
                /a client secret \(azuread:clientSecret \/ ARM_CLIENT_SECRET\) is configured but no tenant: set azuread:tenantId \/ ARM_TENANT_ID/);
            assert.throws(() => createCredential(fromConfig({ tenantId: TENANT, clientSecret: SECRET })),
                /is configured but no client id: set azuread:clientId \/ ARM_CLIENT_ID or azuread:clientIdFilePath \/ ARM_CLIENT_ID_FILE_PATH/);
        });

        it("a certificate without a tenant", () => {
            assert.throws(() => createCredential(fromEnv({ ARM_CLIENT_ID: CLIENT, ARM_CLIENT_CERTIFICATE_PATH: file("c.pem", CERT_PEM + KEY_PEM) })),
                /a client certificate \(azuread:clientCertificatePath \/ ARM_CLIENT_CERTIFICATE_PATH\) is configured but no tenant/);
        });

        it("useOidc without a client id, or without any token source", () => {
            assert.throws(() => createCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: OIDC_TOKEN })),
                /OIDC \(azuread:useOidc \/ ARM_USE_OIDC is true\) is configured but no client id/);
            assert.throws(() => createCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "true" })), (e: Error) =>
                /azuread:useOidc \/ ARM_USE_OIDC is true but there is no OIDC token/.test(e.message) &&
                ["azuread:oidcToken / ARM_OIDC_TOKEN", "azuread:oidcTokenFilePath / ARM_OIDC_TOKEN_FILE_PATH",
                    "azuread:oidcRequestToken / ARM_OIDC_REQUEST_TOKEN / ACTIONS_ID_TOKEN_REQUEST_TOKEN",
                    "azuread:oidcRequestUrl / ARM_OIDC_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_URL", "id-token: write"].every((s) => e.message.includes(s)));
        });

        it("an OIDC request token without its URL", () => {
            assert.throws(() => createCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "1", ARM_OIDC_REQUEST_TOKEN: REQUEST_TOKEN })),
                /OIDC token request is half-configured: azuread:oidcRequestUrl \/ ARM_OIDC_REQUEST_URL \/ ACTIONS_ID_TOKEN_REQUEST_URL is not set/);
        });

        it("a flag that is not a boolean", () => {
            assert.throws(() => createCredential(fromConfig({ useMsi: "on" })), /azuread:useMsi \/ ARM_USE_MSI must be true or false, got "on"/);
        });

        it("no error message carries a secret", () => {
            const attempts: Array<Record<string, string>> = [
                { ARM_CLIENT_SECRET: SECRET },
                { ARM_USE_OIDC: "true", ARM_TENANT_ID: TENANT, ARM_OIDC_TOKEN: OIDC_TOKEN },
                { ARM_USE_OIDC: "true", ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_OIDC_REQUEST_TOKEN: REQUEST_TOKEN },
            ];
            for (const env of attempts) {
                assert.throws(() => createCredential(fromEnv(env)), (e: Error) => ![SECRET, OIDC_TOKEN, REQUEST_TOKEN].some((s) => e.message.includes(s)));
            }
        });
    });

    describe("secretValues (the providers' redaction list)", () => {
        it("holds every secret setting, and the secret and token files' content, but no ids", () => {
            const settings = fromEnv({
                ARM_TENANT_ID: TENANT,
                ARM_CLIENT_ID: CLIENT,
                ARM_CLIENT_SECRET: SECRET,
                ARM_CLIENT_SECRET_FILE_PATH: file("secret", "secret-from-file\n"),
                ARM_CLIENT_CERTIFICATE: "YmFzZTY0LWNlcnRpZmljYXRl",
                ARM_CLIENT_CERTIFICATE_PASSWORD: CERT_PASSWORD,
                ARM_OIDC_TOKEN: OIDC_TOKEN,
                ARM_OIDC_TOKEN_FILE_PATH: file("token", "token-from-file"),
                ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
            });
            const secrets = secretValues(settings);
            for (const secret of [SECRET, "secret-from-file", "YmFzZTY0LWNlcnRpZmljYXRl", CERT_PASSWORD, OIDC_TOKEN, "token-from-file", REQUEST_TOKEN]) {
                assert.ok(secrets.includes(secret), `missing ${secret}`);
            }
            assert.ok(!secrets.includes(TENANT) && !secrets.includes(CLIENT));
            const message = `Graph said: ${SECRET} ${CERT_PASSWORD} ${OIDC_TOKEN} ${REQUEST_TOKEN} token-from-file`;
            assert.equal(redact(message, secrets), "Graph said: [redacted] [redacted] [redacted] [redacted] [redacted]");
        });

        it("skips files that cannot be read, and is empty without secrets", () => {
            assert.deepEqual(secretValues(fromEnv({ ARM_TENANT_ID: TENANT, ARM_OIDC_TOKEN_FILE_PATH: path.join(dir, "gone") })), []);
        });
    });

    it("survives Pulumi's closure serialisation: the loaded copy reads the token file it is given", async () => {
        const { text, copy } = await roundTrip({ createCredential, readAzureSettings, secretValues });
        const tokenFile = file("token", OIDC_TOKEN);
        const credential = copy.createCredential(copy.readAzureSettings(undefined, { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN_FILE_PATH: tokenFile }));
        assert.ok(credential instanceof ClientAssertionCredential);
        assert.equal(await internals(credential).getAssertion(), OIDC_TOKEN);
        assert.ok(!text.includes(OIDC_TOKEN));
    });

    describe("cloud: azuread:environment / ARM_ENVIRONMENT and azuread:metadataHost / ARM_METADATA_HOSTNAME", () => {
        // Hermetic: these tests read only the env objects they pass, and clear the ARM_* the code reads.
        const saved: Record<string, string | undefined> = {};
        before(() => {
            for (const name of ["ARM_ENVIRONMENT", "ARM_METADATA_HOSTNAME"]) {
                saved[name] = process.env[name];
                delete process.env[name];
            }
        });
        after(() => {
            for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
        });

        it("reads both settings, config first, then env", () => {
            assert.equal(fromEnv({ ARM_ENVIRONMENT: "china", ARM_METADATA_HOSTNAME: "md.example:8443" }).environment, "china");
            assert.equal(fromEnv({ ARM_METADATA_HOSTNAME: "md.example:8443" }).metadataHost, "md.example:8443");
            const settings = readAzureSettings(config({ "azuread:environment": "usgovernment" }), { ARM_ENVIRONMENT: "china" });
            assert.equal(settings.environment, "usgovernment");
            assert.equal(fromEnv({}).environment, undefined);
        });

        it("names the clouds as go-azure-sdk does, with their Graph and login hosts", () => {
            assert.deepEqual(cloudByName("public"), AZURE_CLOUDS.global);
            assert.equal(cloudByName("global").graphBaseUrl, "https://graph.microsoft.com");
            assert.equal(cloudByName("global").loginEndpoint, "https://login.microsoftonline.com");
            assert.equal(cloudByName("USGovernment").graphBaseUrl, "https://graph.microsoft.us");
            assert.equal(cloudByName("usgovernmentl4").loginEndpoint, "https://login.microsoftonline.us");
            assert.equal(cloudByName("dod").graphBaseUrl, "https://dod-graph.microsoft.us");
            assert.equal(cloudByName("china").graphBaseUrl, "https://microsoftgraph.chinacloudapi.cn");
            assert.equal(cloudByName("china").loginEndpoint, "https://login.chinacloudapi.cn");
            assert.throws(() => cloudByName("mars"), /azuread:environment \/ ARM_ENVIRONMENT is "mars": use one of global/);
        });

        it("without a metadata host: the named cloud, public by default, and its login host on the credential", async () => {
            assert.deepEqual(await resolveCloud(fromEnv({})), AZURE_CLOUDS.global);
            const china = await resolveCloud(fromEnv({ ARM_ENVIRONMENT: "china" }));
            const credential = createCredential(fromEnv({ ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_CLIENT_SECRET: SECRET }), china);
            assert.ok(credential instanceof ClientSecretCredential);
            assert.equal(china.loginEndpoint, "https://login.chinacloudapi.cn");
            // That the credential signs in at the cloud's login host: test/sandbox/graphLogin.test.ts (over TLS).
        });

        it("with a metadata host: reads /metadata/endpoints?api-version=2022-09-01 over https and takes Graph and login from it", async () => {
            const asked: string[] = [];
            const fakeFetch = (async (url: string | URL) => {
                asked.push(String(url));
                return new Response(JSON.stringify({
                    name: "AzureStackSandbox",
                    resourceManager: "https://management.local/",
                    microsoftGraphResourceId: "https://graph.local:8443/",
                    authentication: { loginEndpoint: "https://login.local:8443/", audiences: ["https://management.local/"] },
                }), { status: 200 });
            }) as typeof fetch;
            const cloud = await resolveCloud(fromEnv({ ARM_METADATA_HOSTNAME: "md.local:8443", ARM_ENVIRONMENT: "china" }), fakeFetch);
            assert.deepEqual(asked, ["https://md.local:8443/metadata/endpoints?api-version=2022-09-01"]);
            assert.deepEqual(cloud, { name: "AzureStackSandbox", graphBaseUrl: "https://graph.local:8443", loginEndpoint: "https://login.local:8443", fromMetadataHost: true });
        });

        it("a metadata document without Graph or the login endpoint fails naming what is missing", async () => {
            const fakeFetch = (async () => new Response(JSON.stringify({ name: "x", resourceManager: "https://m/" }), { status: 200 })) as unknown as typeof fetch;
            await assert.rejects(resolveCloud(fromEnv({ ARM_METADATA_HOSTNAME: "md.local" }), fakeFetch),
                /azuread:metadataHost \/ ARM_METADATA_HOSTNAME\) answered without microsoftGraphResourceId, authentication.loginEndpoint/);
            const notFound = (async () => new Response("nope", { status: 404 })) as unknown as typeof fetch;
            await assert.rejects(resolveCloud(fromEnv({ ARM_METADATA_HOSTNAME: "md.local" }), notFound), /answered HTTP 404/);
        });
    });
});
