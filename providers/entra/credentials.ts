/**
 * Which Azure identity the Entra providers act as: the same sources, in the same order, as the azuread
 * provider (terraform-provider-azuread, which @pulumi/azuread bridges, and its go-azure-sdk
 * `NewAuthorizerFromCredentials`), so that the dynamic resources and the azuread resources of a stack
 * sign in as the same principal. Each setting is the stack config key `azuread:<name>` first, then
 * the `ARM_*` environment variable(s). They are read in the provider process only, never taken as
 * resource inputs, so never in state.
 *
 * The first method that is configured wins:
 *   1. client certificate  clientId + tenantId + clientCertificate | clientCertificatePath
 *   2. client secret       clientId + tenantId + clientSecret | clientSecretFilePath
 *   3. OIDC, when useOidc  clientId + tenantId + oidcToken | oidcTokenFilePath
 *   4. OIDC, when useOidc  clientId + tenantId + oidcRequestToken + oidcRequestUrl (GitHub Actions)
 *   5. managed identity, when useMsi (clientId picks a user-assigned identity; msiEndpoint)
 *   6. Azure CLI, unless useCli is false
 * Where azuread silently skips a method that is only partly configured, we fail instead, naming the
 * config key and variable to set.
 *
 * This module is serialised by Pulumi with the providers that use it: no module state, no Set/Map
 * constants, no Error subclasses.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import {
    AzureCliCredential,
    ClientAssertionCredential,
    ClientCertificateCredential,
    ClientSecretCredential,
    ManagedIdentityCredential,
    type AccessToken,
    type TokenCredential,
} from "@azure/identity";
import { redact } from "../errors";
import { retryingFetch } from "../retry";

/** A flag as configured: a boolean, or the text from config or env ("true"/"false", as azuread parses it). */
export type Flag = boolean | string;

export interface AzureSettings {
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** A file holding the client id (must match clientId when both are set). */
    readonly clientIdFilePath?: string;
    /** A file holding the client secret (must match clientSecret when both are set). */
    readonly clientSecretFilePath?: string;
    /** Base64 of the certificate file, or its PEM text. azuread takes a PKCS#12 bundle here; we take PEM (see `readCertificate`). */
    readonly clientCertificate?: string;
    readonly clientCertificatePath?: string;
    /** Decrypts the certificate's private key. */
    readonly clientCertificatePassword?: string;
    readonly useOidc?: Flag;
    readonly oidcToken?: string;
    /** Read again for every token request, so a projected or refreshed token file keeps working. */
    readonly oidcTokenFilePath?: string;
    /** Bearer for the OIDC token request; default GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
    readonly oidcRequestToken?: string;
    /** Where to request the OIDC token; default GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL. */
    readonly oidcRequestUrl?: string;
    readonly useMsi?: Flag;
    /** A custom managed-identity token endpoint (azuread `msi_endpoint`); normally left unset. */
    readonly msiEndpoint?: string;
    /** Default true, as in azuread. */
    readonly useCli?: Flag;
    /**
     * The cloud, by azuread's names: `global` (also `public`, the default), `usgovernmentl4` (also
     * `usgovernment`), `usgovernmentl5` (also `dod`), `china`, `canary`. Ignored with `metadataHost`.
     */
    readonly environment?: string;
    /**
     * A host (and port) serving Azure's metadata document at `/metadata/endpoints?api-version=2022-09-01`
     * (Azure Stack, or a sandbox): Graph and the login endpoint are then read from it.
     */
    readonly metadataHost?: string;
}

type SettingName = keyof AzureSettings;

/** The part of Pulumi's dynamic-provider config we read. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** Each setting's environment variables, in the order azuread reads them (its `EnvDefaultFunc`s). */
const ENV_VARS: { readonly [K in SettingName]-?: readonly string[] } = {
    tenantId: ["ARM_TENANT_ID"],
    clientId: ["ARM_CLIENT_ID"],
    clientSecret: ["ARM_CLIENT_SECRET"],
    clientIdFilePath: ["ARM_CLIENT_ID_FILE_PATH"],
    clientSecretFilePath: ["ARM_CLIENT_SECRET_FILE_PATH"],
    clientCertificate: ["ARM_CLIENT_CERTIFICATE"],
    clientCertificatePath: ["ARM_CLIENT_CERTIFICATE_PATH"],
    clientCertificatePassword: ["ARM_CLIENT_CERTIFICATE_PASSWORD"],
    useOidc: ["ARM_USE_OIDC"],
    oidcToken: ["ARM_OIDC_TOKEN"],
    oidcTokenFilePath: ["ARM_OIDC_TOKEN_FILE_PATH"],
    oidcRequestToken: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
    oidcRequestUrl: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
    useMsi: ["ARM_USE_MSI"],
    msiEndpoint: ["ARM_MSI_ENDPOINT"],
    useCli: ["ARM_USE_CLI"],
    environment: ["ARM_ENVIRONMENT"],
    metadataHost: ["ARM_METADATA_HOSTNAME"],
};

/** The audience GitHub's token must carry for Entra's federated credentials (as go-azure-sdk asks). */
export const AZURE_AD_TOKEN_EXCHANGE = "api://AzureADTokenExchange";

/** How a setting is named in messages: `azuread:oidcToken / ARM_OIDC_TOKEN`. */
export function settingName(name: SettingName): string {
    return [`azuread:${name}`, ...ENV_VARS[name]].join(" / ");
}

/**
 * Reads every setting, config first, then env. Nothing is validated here (configure must not fail for
 * steps that make no Graph call): `chooseCredential` does that. `tenantId`, `clientId` and
 * `clientSecret` are always present, undefined when unset; the other settings only when set.
 */
export function readAzureSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): AzureSettings {
    const pick = (name: SettingName) =>
        nonEmpty(config?.get(`azuread:${name}`)) ?? ENV_VARS[name].map((v) => nonEmpty(env[v])).find((v) => v !== undefined);
    const settings: Record<string, string | undefined> = {
        tenantId: pick("tenantId"),
        clientId: pick("clientId"),
        clientSecret: pick("clientSecret"),
    };
    for (const name of Object.keys(ENV_VARS) as SettingName[]) {
        if (name in settings) continue;
        const value = pick(name);
        if (value !== undefined) settings[name] = value;
    }
    return settings as AzureSettings;
}

/** What `createCredential` builds, with everything it needs resolved and checked. */
export type CredentialChoice =
    | { readonly kind: "clientCertificate"; readonly tenantId: string; readonly clientId: string; readonly certificate: string; readonly certificatePassword?: string }
    | { readonly kind: "clientSecret"; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string }
    | { readonly kind: "oidcToken"; readonly tenantId: string; readonly clientId: string; readonly token?: string; readonly tokenFilePath?: string }
    | { readonly kind: "oidcRequest"; readonly tenantId: string; readonly clientId: string; readonly requestUrl: string; readonly requestToken: string }
    | { readonly kind: "managedIdentity"; readonly clientId?: string; readonly msiEndpoint?: string }
    | { readonly kind: "azureCli"; readonly tenantId?: string };

/**
 * Picks the method azuread would pick (see the file comment) and checks that it is complete. Throws,
 * naming the config key and environment variable, when a method is asked for but half-configured, a
 * flag is not a boolean, a file cannot be read, or nothing is configured at all. Reads the id, secret
 * and certificate files; never echoes a secret.
 */
export function chooseCredential(settings: AzureSettings): CredentialChoice {
    const problems: string[] = [];
    const useOidc = flag("useOidc", settings.useOidc, false, problems);
    const useMsi = flag("useMsi", settings.useMsi, false, problems);
    const useCli = flag("useCli", settings.useCli, true, problems);
    if (problems.length > 0) throw new Error(`azuread settings are invalid: ${problems.join("; ")}`);

    const tenantId = nonEmpty(settings.tenantId)?.trim();
    const clientId = fromValueOrFile("clientId", settings.clientId, "clientIdFilePath", settings.clientIdFilePath);
    const clientSecret = fromValueOrFile("clientSecret", settings.clientSecret, "clientSecretFilePath", settings.clientSecretFilePath);

    /** The tenant and client id a service-principal method needs, or an error naming what is missing. */
    const principal = (method: string) => {
        const missing = [
            ...(tenantId ? [] : [`no tenant: set ${settingName("tenantId")}`]),
            ...(clientId ? [] : [`no client id: set ${settingName("clientId")} or ${settingName("clientIdFilePath")}`]),
        ];
        if (missing.length > 0) throw new Error(`azuread: ${method} is configured but ${missing.join(", and ")}`);
        return { tenantId: tenantId!, clientId: clientId! };
    };

    const certificateSource = nonEmpty(settings.clientCertificate) !== undefined ? "clientCertificate"
        : nonEmpty(settings.clientCertificatePath) !== undefined ? "clientCertificatePath" : undefined;
    if (certificateSource) {
        const ids = principal(`a client certificate (${settingName(certificateSource)})`);
        const certificatePassword = settings.clientCertificatePassword || undefined;
        const certificate = readCertificate(settings, certificateSource, certificatePassword);
        return { kind: "clientCertificate", ...ids, certificate, ...(certificatePassword === undefined ? {} : { certificatePassword }) };
    }

    if (clientSecret) {
        return { kind: "clientSecret", ...principal(`a client secret (${settingName("clientSecret")})`), clientSecret };
    }

    if (useOidc) {
        const ids = principal(`OIDC (${settingName("useOidc")} is true)`);
        const tokenFilePath = nonEmpty(settings.oidcTokenFilePath)?.trim();
        const token = nonEmpty(settings.oidcToken)?.trim();
        if (token !== undefined || tokenFilePath !== undefined) {
            if (token !== undefined && tokenFilePath !== undefined && readOidcTokenFile(tokenFilePath) !== token) {
                // azuread's own rule (helpers.go getOidcToken)
                throw new Error(
                    `azuread: ${settingName("oidcToken")} and ${settingName("oidcTokenFilePath")} are both set and differ: remove one or make them match`,
                );
            }
            // The file, when given, is read for every token so that a refreshed token is picked up.
            return { kind: "oidcToken", ...ids, ...(tokenFilePath !== undefined ? { tokenFilePath } : { token }) };
        }
        const requestToken = nonEmpty(settings.oidcRequestToken);
        const requestUrl = nonEmpty(settings.oidcRequestUrl);
        if (requestToken && requestUrl) {
            checkUrl("oidcRequestUrl", requestUrl, false);
            return { kind: "oidcRequest", ...ids, requestUrl, requestToken };
        }
        if (requestToken || requestUrl) {
            const missing = requestToken ? "oidcRequestUrl" : "oidcRequestToken";
            throw new Error(`azuread: OIDC token request is half-configured: ${settingName(missing)} is not set`);
        }
        throw new Error(
            `azuread: ${settingName("useOidc")} is true but there is no OIDC token: set ${settingName("oidcToken")}, ` +
                `${settingName("oidcTokenFilePath")}, or ${settingName("oidcRequestToken")} with ${settingName("oidcRequestUrl")} ` +
                "(in GitHub Actions, give the job `permissions: id-token: write`)",
        );
    }

    if (useMsi) {
        const msiEndpoint = nonEmpty(settings.msiEndpoint);
        if (msiEndpoint !== undefined) checkUrl("msiEndpoint", msiEndpoint, true);
        return { kind: "managedIdentity", ...(clientId ? { clientId } : {}), ...(msiEndpoint ? { msiEndpoint } : {}) };
    }

    if (useCli) return { kind: "azureCli", ...(tenantId ? { tenantId } : {}) };

    throw new Error(
        `azuread: no credential is configured and ${settingName("useCli")} is false: set a client certificate ` +
            `(${settingName("clientCertificatePath")}), a client secret (${settingName("clientSecret")}), OIDC ` +
            `(${settingName("useOidc")}), a managed identity (${settingName("useMsi")}), or allow the Azure CLI`,
    );
}

/**
 * The credential azuread would use, as an @azure/identity TokenCredential. With a `cloud`, the
 * service-principal methods sign in at its login endpoint (`authorityHost`); the default is
 * @azure/identity's, the public cloud's `https://login.microsoftonline.com`.
 */
export function createCredential(settings: AzureSettings, cloud?: AzureCloud): TokenCredential {
    const choice = chooseCredential(settings);
    const authority = cloud ? { authorityHost: cloud.loginEndpoint, ...(cloud.fromMetadataHost ? { disableInstanceDiscovery: true } : {}) } : {};
    switch (choice.kind) {
        case "clientCertificate":
            return new ClientCertificateCredential(choice.tenantId, choice.clientId, {
                certificate: choice.certificate,
                ...(choice.certificatePassword === undefined ? {} : { certificatePassword: choice.certificatePassword }),
            }, authority);
        case "clientSecret":
            return new ClientSecretCredential(choice.tenantId, choice.clientId, choice.clientSecret, authority);
        case "oidcToken":
        case "oidcRequest":
            return new ClientAssertionCredential(choice.tenantId, choice.clientId, oidcAssertion(choice), authority);
        case "managedIdentity":
            if (choice.msiEndpoint) return customEndpointManagedIdentity(choice.msiEndpoint, choice.clientId);
            return choice.clientId ? new ManagedIdentityCredential({ clientId: choice.clientId }) : new ManagedIdentityCredential();
        case "azureCli":
            return new AzureCliCredential(choice.tenantId ? { tenantId: choice.tenantId } : {});
    }
}

/** Where a cloud's Microsoft Graph and login endpoint are (scheme and host, no trailing slash). */
export interface AzureCloud {
    readonly name: string;
    readonly graphBaseUrl: string;
    readonly loginEndpoint: string;
    /**
     * Read from a metadata host: MSAL's instance discovery (a request to login.microsoftonline.com,
     * whatever the authority) is turned off, as @azure/identity advises for private clouds and Azure Stack.
     */
    readonly fromMetadataHost?: boolean;
}

/**
 * azuread's built-in clouds (go-azure-sdk `sdk/environments`: from_name.go, azure_public.go,
 * azure_gov.go, azure_china.go, azure_public_canary.go, as vendored by terraform-provider-azuread v3.8.0).
 */
export const AZURE_CLOUDS: { readonly [name: string]: AzureCloud } = {
    global: { name: "AzureCloud", graphBaseUrl: "https://graph.microsoft.com", loginEndpoint: "https://login.microsoftonline.com" },
    usgovernmentl4: { name: "AzureUSGovernment", graphBaseUrl: "https://graph.microsoft.us", loginEndpoint: "https://login.microsoftonline.us" },
    usgovernmentl5: { name: "AzureUSGovernmentL5", graphBaseUrl: "https://dod-graph.microsoft.us", loginEndpoint: "https://login.microsoftonline.us" },
    china: { name: "AzureChinaCloud", graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn", loginEndpoint: "https://login.chinacloudapi.cn" },
    canary: { name: "AzureCanary", graphBaseUrl: "https://canary.graph.microsoft.com", loginEndpoint: "https://login.microsoftonline.com" },
};

/** azuread's other names for the same clouds. */
const CLOUD_ALIASES: { readonly [alias: string]: string } = { public: "global", usgovernment: "usgovernmentl4", dod: "usgovernmentl5" };

/** A built-in cloud by azuread's name (case-insensitive); throws naming the accepted names. */
export function cloudByName(name: string): AzureCloud {
    const key = name.trim().toLowerCase();
    const cloud = AZURE_CLOUDS[CLOUD_ALIASES[key] ?? key];
    if (!cloud) {
        throw new Error(
            `azuread: ${settingName("environment")} is ${JSON.stringify(name)}: use one of global (public), ` +
                "usgovernmentl4 (usgovernment), usgovernmentl5 (dod), china or canary, or set " + settingName("metadataHost"),
        );
    }
    return cloud;
}

/**
 * The cloud the settings name, as azuread resolves it (provider.go): with `metadataHost`, GET
 * `https://{metadataHost}/metadata/endpoints?api-version=2022-09-01` and take `name`,
 * `microsoftGraphResourceId` (the Graph base URL) and `authentication.loginEndpoint` (go-azure-sdk
 * `environments.FromEndpoint`, which also requires `resourceManager`); otherwise the built-in cloud
 * named by `environment` (default global).
 */
export async function resolveCloud(settings: AzureSettings, fetchImpl: typeof fetch = globalThis.fetch): Promise<AzureCloud> {
    const host = nonEmpty(settings.metadataHost)?.trim();
    if (host === undefined) return cloudByName(nonEmpty(settings.environment) ?? "global");
    const url = `https://${host.replace(/^https:\/\//, "").replace(/\/+$/, "")}/metadata/endpoints?api-version=2022-09-01`;
    const where = `the metadata endpoint ${origin(url)} (${settingName("metadataHost")})`;
    const response = await retryingFetch(fetchImpl)(url, { headers: { Accept: "application/json" }, signal: AbortSignal.timeout(60_000) })
        .catch((error: Error) => {
            const cause = (error as { cause?: { message?: string } }).cause?.message;
            throw new Error(`azuread: ${where} cannot be read: ${error.message}${cause ? ` (${cause})` : ""}`);
        });
    const text = (await response.text()).replace(/^\uFEFF/, "");
    if (response.status !== 200) throw new Error(`azuread: ${where} answered HTTP ${response.status}: ${text.slice(0, 300)}`);
    let body: { name?: unknown; resourceManager?: unknown; microsoftGraphResourceId?: unknown; authentication?: { loginEndpoint?: unknown } };
    try {
        body = JSON.parse(text);
    } catch {
        throw new Error(`azuread: ${where} answered something other than JSON`);
    }
    const missing = [
        ...(typeof body.name === "string" && body.name ? [] : ["name"]),
        ...(typeof body.resourceManager === "string" && body.resourceManager ? [] : ["resourceManager"]),
        ...(typeof body.microsoftGraphResourceId === "string" && body.microsoftGraphResourceId ? [] : ["microsoftGraphResourceId"]),
        ...(typeof body.authentication?.loginEndpoint === "string" && body.authentication.loginEndpoint ? [] : ["authentication.loginEndpoint"]),
    ];
    if (missing.length > 0) throw new Error(`azuread: ${where} answered without ${missing.join(", ")}`);
    const trim = (value: string) => value.trim().replace(/\/+$/, "");
    return {
        name: body.name as string,
        graphBaseUrl: trim(body.microsoftGraphResourceId as string),
        loginEndpoint: trim(body.authentication!.loginEndpoint as string),
        fromMetadataHost: true,
    };
}

/**
 * `createCredential` for a cloud that is known only later (a metadata host is read on first use): the
 * settings are checked now, so a half-configured method still fails at once; the credential itself
 * is built, once, at the first token request.
 */
export function createCloudCredential(settings: AzureSettings, cloud: () => Promise<AzureCloud>): TokenCredential {
    chooseCredential(settings);
    let inner: Promise<TokenCredential> | undefined;
    return {
        async getToken(scopes, options) {
            inner ??= cloud().then((resolved) => createCredential(settings, resolved));
            inner.catch(() => (inner = undefined));
            return (await inner).getToken(scopes, options);
        },
    };
}

/**
 * Every secret value the settings hold, for the providers' error redaction: the client secret (and the
 * secret file's content), the certificate (inline) and its password, the OIDC token (and the token
 * file's current content) and the OIDC request token. Files that cannot be read are skipped.
 */
export function secretValues(settings: AzureSettings): string[] {
    const fileContent = (path: string | undefined) => {
        if (!nonEmpty(path)) return undefined;
        try {
            return fs.readFileSync(path!, "utf8").trim();
        } catch {
            return undefined;
        }
    };
    const values = [
        settings.clientSecret,
        settings.clientSecret?.trim(),
        fileContent(settings.clientSecretFilePath),
        settings.clientCertificate,
        settings.clientCertificatePassword,
        settings.oidcToken,
        settings.oidcToken?.trim(),
        fileContent(settings.oidcTokenFilePath),
        settings.oidcRequestToken,
    ];
    return values.filter((v, i): v is string => !!v && values.indexOf(v) === i);
}

/**
 * The getAssertion callback for ClientAssertionCredential. It runs whenever MSAL needs a new Entra
 * token: a token file is read again each time, and a token request is made each time, like azuread.
 */
export function oidcAssertion(choice: Extract<CredentialChoice, { kind: "oidcToken" | "oidcRequest" }>): () => Promise<string> {
    if (choice.kind === "oidcToken") {
        const { token, tokenFilePath } = choice;
        if (tokenFilePath === undefined) return async () => token!;
        return async () => readOidcTokenFile(tokenFilePath);
    }
    const { requestUrl, requestToken } = choice;
    return async () => {
        // GitHub's own toolkit appends the audience the same way; the rest of the URL is kept as it is.
        const url = /[?&]audience=/.test(requestUrl)
            ? requestUrl
            : `${requestUrl}${requestUrl.includes("?") ? "&" : "?"}audience=${encodeURIComponent(AZURE_AD_TOKEN_EXCHANGE)}`;
        const where = `OIDC token request to ${origin(requestUrl)} (${settingName("oidcRequestUrl")})`;
        const response = await retryingFetch(globalThis.fetch)(url, {
            headers: { Accept: "application/json", Authorization: `Bearer ${requestToken}` },
            signal: AbortSignal.timeout(60_000),
        }).catch((error: Error) => {
            throw new Error(`${where} failed: ${redact(error.message, [requestToken])}`);
        });
        const text = await response.text();
        if (!response.ok) {
            throw new Error(`${where} failed (HTTP ${response.status}): ${redact(text.slice(0, 500), [requestToken])}`);
        }
        let value: unknown;
        try {
            value = (JSON.parse(text) as { value?: unknown }).value;
        } catch {
            value = undefined;
        }
        if (typeof value !== "string" || value.trim() === "") {
            throw new Error(`${where} answered without a token in \`value\``);
        }
        return value.trim();
    };
}

/**
 * Managed identity through a custom token endpoint, as go-azure-sdk does it for azuread's
 * `msi_endpoint` (ManagedIdentityCredential takes no endpoint): GET
 * `<endpoint>?api-version=2018-02-01&resource=<resource>[&client_id=…]` with `Metadata: true`.
 * The token is kept until five minutes before it expires.
 */
export function customEndpointManagedIdentity(endpoint: string, clientId?: string): TokenCredential {
    let cached: { readonly resource: string; readonly token: AccessToken } | undefined;
    return {
        async getToken(scopes: string | string[]): Promise<AccessToken> {
            const scope = Array.isArray(scopes) ? scopes[0] : scopes;
            const resource = scope.replace(/\/?\.default$/, "/");
            if (cached && cached.resource === resource && cached.token.expiresOnTimestamp - 300_000 > Date.now()) return cached.token;
            const url = new URL(endpoint);
            url.searchParams.set("api-version", "2018-02-01");
            url.searchParams.set("resource", resource);
            if (clientId) url.searchParams.set("client_id", clientId);
            const where = `managed identity token request to ${origin(endpoint)} (${settingName("msiEndpoint")})`;
            const response = await retryingFetch(globalThis.fetch)(url, {
                headers: { Metadata: "true" },
                signal: AbortSignal.timeout(60_000),
            }).catch((error: Error) => {
                throw new Error(`${where} failed: ${error.message}`);
            });
            const text = await response.text();
            if (!response.ok) throw new Error(`${where} failed (HTTP ${response.status}): ${text.slice(0, 500)}`);
            const body = JSON.parse(text) as { access_token?: string; expires_on?: string | number; expires_in?: string | number };
            if (!body.access_token) throw new Error(`${where} answered without access_token`);
            const expiresOn = Number(body.expires_on);
            const expiresIn = Number(body.expires_in);
            const expiresOnTimestamp = Number.isFinite(expiresOn) && expiresOn > 0 ? expiresOn * 1000
                : Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 300) * 1000;
            cached = { resource, token: { token: body.access_token, expiresOnTimestamp } };
            return cached.token;
        },
    };
}

/**
 * The certificate as PEM text: certificate(s) and private key. @azure/identity's
 * ClientCertificateCredential reads PEM only, and Node has no PKCS#12 parser, so a PKCS#12 (.pfx)
 * bundle, which is what azuread itself expects, is refused with the openssl command that converts it.
 */
function readCertificate(settings: AzureSettings, source: "clientCertificate" | "clientCertificatePath", password: string | undefined): string {
    const name = settingName(source);
    let bytes: Buffer;
    if (source === "clientCertificatePath") {
        try {
            bytes = fs.readFileSync(settings.clientCertificatePath!.trim());
        } catch (error) {
            throw new Error(`azuread: cannot read the client certificate at ${name}: ${(error as Error).message}`);
        }
    } else {
        const value = settings.clientCertificate!.trim();
        bytes = value.includes("-----BEGIN") ? Buffer.from(value, "utf8") : Buffer.from(value, "base64");
    }
    const text = bytes.toString("utf8");
    if (!text.includes("-----BEGIN")) {
        const kind = bytes[0] === 0x30 ? "a PKCS#12 (.pfx) bundle or other DER data" : "neither PEM nor PKCS#12";
        throw new Error(
            `azuread: the client certificate in ${name} is ${kind}. The dynamic resources sign in with @azure/identity, ` +
                "which reads PEM only (certificate and private key in one file); Node.js cannot read PKCS#12. Convert it with " +
                "`openssl pkcs12 -in client.pfx -out client.pem -nodes` (add -legacy for an old RC2-encrypted bundle on OpenSSL 3) " +
                `and point ${settingName("clientCertificatePath")} at the .pem, or set ${settingName("clientCertificate")} to its base64.`,
        );
    }
    const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
    const keyPem = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(text)?.[0];
    if (!certificate || !keyPem) {
        throw new Error(`azuread: the PEM in ${name} must hold both the certificate and its private key; it lacks the ${certificate ? "private key" : "certificate"}`);
    }
    let key: crypto.KeyObject;
    try {
        key = crypto.createPrivateKey({ key: keyPem, format: "pem", ...(password === undefined ? {} : { passphrase: password }) });
    } catch {
        throw new Error(
            `azuread: the private key in ${name} cannot be read: it is encrypted and ${settingName("clientCertificatePassword")} is ` +
                (password === undefined ? "not set" : "wrong"),
        );
    }
    let x509: crypto.X509Certificate;
    try {
        x509 = new crypto.X509Certificate(certificate);
    } catch (error) {
        throw new Error(`azuread: the certificate in ${name} cannot be parsed: ${(error as Error).message}`);
    }
    if (!x509.checkPrivateKey(key)) throw new Error(`azuread: the private key in ${name} does not belong to its certificate`);
    return text;
}

function readOidcTokenFile(path: string): string {
    let token: string;
    try {
        token = fs.readFileSync(path, "utf8").trim();
    } catch (error) {
        throw new Error(`azuread: cannot read the OIDC token file ${settingName("oidcTokenFilePath")}: ${(error as Error).message}`);
    }
    if (token === "") throw new Error(`azuread: the OIDC token file ${settingName("oidcTokenFilePath")} is empty`);
    return token;
}

/** azuread's rule for `client_id_file_path` and `client_secret_file_path`: the file's content, which must match the value when both are set. */
function fromValueOrFile(valueName: SettingName, value: string | undefined, fileName: SettingName, path: string | undefined): string | undefined {
    const direct = nonEmpty(value)?.trim();
    if (nonEmpty(path) === undefined) return direct;
    let fromFile: string;
    try {
        fromFile = fs.readFileSync(path!.trim(), "utf8").trim();
    } catch (error) {
        throw new Error(`azuread: cannot read ${settingName(fileName)}: ${(error as Error).message}`);
    }
    if (direct !== undefined && direct !== fromFile) {
        throw new Error(`azuread: ${settingName(valueName)} and the content of ${settingName(fileName)} differ: remove one or make them match`);
    }
    return fromFile || undefined;
}

/** Go's strconv.ParseBool, which azuread's bool settings go through. */
function flag(name: SettingName, value: Flag | undefined, fallback: boolean, problems: string[]): boolean {
    if (typeof value === "boolean") return value;
    const text = nonEmpty(value)?.trim();
    if (text === undefined) return fallback;
    if (["1", "t", "T", "true", "TRUE", "True"].includes(text)) return true;
    if (["0", "f", "F", "false", "FALSE", "False"].includes(text)) return false;
    problems.push(`${settingName(name)} must be true or false, got ${JSON.stringify(text)}`);
    return fallback;
}

/**
 * An endpoint we send a request to. Plain http is for the metadata service (link-local) or loopback
 * only when the request carries a bearer token.
 */
function checkUrl(name: SettingName, url: string, httpAllowed: boolean): void {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        throw new Error(`azuread: ${settingName(name)} is not a URL`);
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
    if (parsed.protocol === "https:" || (parsed.protocol === "http:" && (httpAllowed || loopback))) return;
    throw new Error(`azuread: ${settingName(name)} must be an https URL`);
}

/** Scheme, host and port only: a request URL's path or query may carry a token. */
function origin(url: string): string {
    try {
        return new URL(url).origin;
    } catch {
        return "(unparseable URL)";
    }
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value;
}
