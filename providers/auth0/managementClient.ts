/**
 * The Auth0 client the ScimToken provider uses: the auth0 v7 SDK's generated SCIM tokens client with
 * its own retries off, under our single bounded retry policy. Production authenticates with the M2M
 * client credentials the Auth0 provider already reads; tests give an emulator URL and a static token.
 */
import { TokenProvider } from "auth0";
import { TokensClient } from "auth0/connections/scimConfiguration/tokens";
import type * as pulumi from "@pulumi/pulumi";
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
    return (onRetry) =>
        new TokensClient({
            baseUrl,
            token,
            fetch: retryingFetch(settings.fetch ?? globalThis.fetch, { ...settings.retry, onRetry }),
            maxRetries: 0,
            timeoutInSeconds:
                settings.timeoutSeconds ?? Math.ceil((settings.retry?.totalTimeoutMs ?? DEFAULT_RETRY_OPTIONS.totalTimeoutMs) / 1000) + 30,
        });
}

export interface Auth0Credentials {
    readonly domain: string;
    readonly clientId: string;
    readonly clientSecret: string;
}

/** Where each credential is read from, in order: the `auth0` provider's config keys, then env vars. */
const SOURCES = {
    domain: ["auth0:domain", "AUTH0_DOMAIN"],
    clientId: ["auth0:clientId", "AUTH0_CLIENT_ID"],
    clientSecret: ["auth0:clientSecret", "AUTH0_CLIENT_SECRET"],
} as const;

/** Reads what is there without failing, so steps that make no API call still work without credentials. */
export function lookupCredentials(
    config: pulumi.dynamic.Config | undefined,
    env: NodeJS.ProcessEnv,
): Partial<Auth0Credentials> {
    const read = ([key, envVar]: readonly [string, string]) => config?.get(key) || env[envVar] || undefined;
    return { domain: read(SOURCES.domain), clientId: read(SOURCES.clientId), clientSecret: read(SOURCES.clientSecret) };
}

/** Fails naming every missing config key and env var; never echoes a value. */
export function requireCredentials(found: Partial<Auth0Credentials>): Auth0Credentials {
    const missing = (Object.keys(SOURCES) as Array<keyof typeof SOURCES>).filter((k) => !found[k]);
    if (missing.length > 0) {
        const names = missing.map((k) => `${SOURCES[k][0]} (or env ${SOURCES[k][1]})`).join(", ");
        throw new Error(
            `Auth0 credentials missing: ${names}. Set them with \`pulumi config set\` (the secret with --secret) ` +
                "or in the environment, for an M2M application allowed create:scim_token, read:scim_token and delete:scim_token.",
        );
    }
    return found as Auth0Credentials;
}

/**
 * Client credentials flow: one SDK TokenProvider per provider process caches the Management API token
 * across operations (Auth0 meters M2M tokens), and its token requests go through the same retry policy.
 */
export function credentialsClientFactory(credentials: Auth0Credentials, settings: ClientSettings = {}): ScimTokensClientFactory {
    const { domain, clientId, clientSecret } = credentials;
    const tokens = new TokenProvider({
        domain,
        clientId,
        clientSecret,
        audience: `https://${domain}/api/v2/`,
        fetch: retryingFetch(settings.fetch ?? globalThis.fetch, settings.retry),
    });
    return scimTokensClientFactory(`https://${domain}/api/v2`, () => tokens.getAccessToken(), settings);
}
