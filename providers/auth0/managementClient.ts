/**
 * The Auth0 client the ScimToken provider uses: the auth0 v7 SDK's generated SCIM tokens client with
 * its own retries off, under our single bounded retry policy. Production authenticates with the
 * credentials the Auth0 provider reads (API token, or M2M client credentials); tests give an emulator
 * URL and a static token.
 */
import { TokenProvider } from "auth0";
import { TokensClient } from "auth0/connections/scimConfiguration/tokens";
import type * as pulumi from "@pulumi/pulumi";
import { holdSecret } from "../errors";
import { DEFAULT_RETRY_OPTIONS, retryingFetch, type RetryEvent, type RetryOptions } from "../retry";

export type ScimTokensClient = TokensClient;

/**
 * Builds the client for one provider operation. `onRetry` sees every retried attempt, so the caller
 * can tell when a POST may have been carried out more than once.
 */
export type ScimTokensClientFactory = (onRetry: (event: RetryEvent) => void) => ScimTokensClient;

export interface ClientSettings {
    /** Retry bounds and, for tests, the clock; `onRetry` is supplied per operation. */
    readonly retry?: Omit<RetryOptions, "onRetry">;
    /** The fetch under the retry policy. Default: the global fetch. */
    readonly fetch?: typeof fetch;
    /**
     * The SDK's own deadline for one call, all our retries included: a backstop for a hung socket,
     * which the retry policy does not time out. Default: the retry bound plus 30 s.
     */
    readonly timeoutSeconds?: number;
}

/** A factory for a fixed Management API base URL (`https://{domain}/api/v2`) and bearer token. */
export function scimTokensClientFactory(
    baseUrl: string,
    token: string | (() => Promise<string>),
    settings: ClientSettings = {},
): ScimTokensClientFactory {
    return (onRetry) => new TokensClient(sdkClientOptions({ baseUrl, token }, settings, onRetry));
}

/** Where the Management API is and the bearer for it (a token, or a supplier that mints one). */
export interface ManagementAccess {
    readonly baseUrl: string;
    readonly token: string | (() => Promise<string>);
}

/**
 * The options every generated auth0 v7 client takes (`TokensClient`, `GroupsClient`, `RolesClient`…):
 * the SDK's own retries off, our retry policy under it, and the deadline backstop.
 */
export function sdkClientOptions(access: ManagementAccess, settings: ClientSettings, onRetry: (event: RetryEvent) => void) {
    return {
        baseUrl: access.baseUrl,
        token: access.token,
        fetch: retryingFetch(settings.fetch ?? globalThis.fetch, { ...settings.retry, onRetry }),
        maxRetries: 0,
        timeoutInSeconds:
            settings.timeoutSeconds ?? Math.ceil((settings.retry?.totalTimeoutMs ?? DEFAULT_RETRY_OPTIONS.totalTimeoutMs) / 1000) + 30,
    };
}

/**
 * The Management API credentials, as the Auth0 provider (terraform-provider-auth0, which @pulumi/auth0
 * bridges) takes them: a Management API token, which wins when set; else an M2M application's client
 * id with its client secret, or with a private key that signs a client assertion (private key JWT).
 */
export interface Auth0Credentials {
    readonly domain: string;
    /** A Management API access token, used as the bearer as it is: no /oauth/token request. */
    readonly apiToken?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** PKCS#8 PEM key for private key JWT, with its algorithm (e.g. RS256); instead of the secret. */
    readonly clientAssertionPrivateKey?: string;
    readonly clientAssertionSigningAlg?: string;
    /** The token's audience when `domain` is a custom domain. Default `https://{domain}/api/v2/`. */
    readonly audience?: string;
}

/** Where each credential is read from, in order: the `auth0` provider's config keys, then env vars. */
const SOURCES = {
    domain: ["auth0:domain", "AUTH0_DOMAIN"],
    apiToken: ["auth0:apiToken", "AUTH0_API_TOKEN"],
    clientId: ["auth0:clientId", "AUTH0_CLIENT_ID"],
    clientSecret: ["auth0:clientSecret", "AUTH0_CLIENT_SECRET"],
    clientAssertionPrivateKey: ["auth0:clientAssertionPrivateKey", "AUTH0_CLIENT_ASSERTION_PRIVATE_KEY"],
    clientAssertionSigningAlg: ["auth0:clientAssertionSigningAlg", "AUTH0_CLIENT_ASSERTION_SIGNING_ALG"],
    audience: ["auth0:audience", "AUTH0_AUDIENCE"],
} as const;

type CredentialName = keyof typeof SOURCES;

const nameOf = (key: CredentialName) => `${SOURCES[key][0]} (or env ${SOURCES[key][1]})`;

/**
 * Reads what is there without failing, so steps that make no API call still work without credentials.
 * Only the credentials found are in the result.
 */
export function lookupCredentials(
    config: pulumi.dynamic.Config | undefined,
    env: NodeJS.ProcessEnv,
): Partial<Auth0Credentials> {
    const found: Record<string, string> = {};
    for (const key of Object.keys(SOURCES) as CredentialName[]) {
        const [configKey, envVar] = SOURCES[key];
        const value = config?.get(configKey) || env[envVar] || undefined;
        if (value !== undefined) found[key] = value;
    }
    return found as Partial<Auth0Credentials>;
}

/**
 * Checks the credentials as the Auth0 provider does (a domain, and an API token or a client id with a
 * secret or a private key and its algorithm) and fails naming every missing config key and env var;
 * never echoes a value.
 */
export function requireCredentials(found: Partial<Auth0Credentials>): Auth0Credentials {
    const missing: string[] = [];
    if (!found.domain) missing.push(nameOf("domain"));
    if (!found.apiToken) {
        const hasKey = !!found.clientAssertionPrivateKey;
        const hasAlg = !!found.clientAssertionSigningAlg;
        if (!found.clientId) {
            missing.push(
                found.clientSecret || hasKey || hasAlg
                    ? nameOf("clientId")
                    : `${nameOf("apiToken")} or ${nameOf("clientId")} with its secret`,
            );
        }
        if (!found.clientSecret && hasKey !== hasAlg) {
            missing.push(nameOf(hasKey ? "clientAssertionSigningAlg" : "clientAssertionPrivateKey"));
        } else if (found.clientId && !found.clientSecret && !hasKey) {
            missing.push(
                `${nameOf("clientSecret")} or both ${nameOf("clientAssertionPrivateKey")} and ${nameOf("clientAssertionSigningAlg")}`,
            );
        }
    }
    if (missing.length > 0) {
        throw new Error(
            `Auth0 credentials missing: ${missing.join(", ")}. Set them with \`pulumi config set\` (secrets with --secret) ` +
                "or in the environment: a Management API token, or an M2M application, allowed create:scim_token, " +
                "read:scim_token and delete:scim_token.",
        );
    }
    return found as Auth0Credentials;
}

/**
 * Every secret value among the credentials, for the providers' error redaction: the API token, the
 * client secret and the assertion key.
 */
export function auth0SecretValues(credentials: Partial<Auth0Credentials> | undefined): string[] {
    return [credentials?.apiToken, credentials?.clientSecret, credentials?.clientAssertionPrivateKey].filter(
        (v): v is string => !!v,
    );
}

/** The SCIM tokens client for the credentials (the bearer as `credentialsAccess` gives it). */
export function credentialsClientFactory(credentials: Auth0Credentials, settings: ClientSettings = {}): ScimTokensClientFactory {
    const { baseUrl, token } = credentialsAccess(credentials, settings);
    return scimTokensClientFactory(baseUrl, token, settings);
}

/**
 * The base URL and bearer for the credentials, for any generated client. An API token is the bearer as
 * it is, with no token request and no renewal (as in the Auth0 provider, it wins over client
 * credentials). Otherwise the client credentials flow: one SDK TokenProvider per factory (so per
 * provider process) caches the Management API token across operations (Auth0 meters M2M tokens), and
 * its token requests go through the same retry policy.
 */
export function credentialsAccess(credentials: Auth0Credentials, settings: ClientSettings = {}): ManagementAccess {
    const { domain, apiToken, clientId, clientSecret, clientAssertionPrivateKey, clientAssertionSigningAlg, audience } = credentials;
    const baseUrl = `https://${domain}/api/v2`;
    if (apiToken) {
        holdSecret(apiToken);
        return { baseUrl, token: apiToken };
    }
    const common = {
        domain,
        clientId: clientId!,
        audience: audience || `https://${domain}/api/v2/`,
        fetch: retryingFetch(settings.fetch ?? globalThis.fetch, settings.retry),
    };
    const tokens = clientSecret
        ? new TokenProvider({ ...common, clientSecret })
        : new TokenProvider({
              ...common,
              clientAssertionSigningKey: clientAssertionPrivateKey!,
              clientAssertionSigningAlg: clientAssertionSigningAlg!,
          });
    // The minted token is a credential too: every error text is scrubbed of it (errors.ts).
    return {
        baseUrl,
        token: async () => {
            const token = await tokens.getAccessToken();
            holdSecret(token);
            return token;
        },
    };
}
