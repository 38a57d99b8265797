/**
 * The Management API client of the stand-in: the official `auth0` SDK (v7) `ManagementClient`, which
 * builds `https://{domain}/api/v2` exactly as the real provider (go-auth0) does, so `AUTH0_DOMAIN` may
 * be `127.0.0.1:PORT`. Credentials from the environment, as the real provider also reads them
 * (`@pulumi/pulumi/provider`'s server does not pass `configure` variables on): `AUTH0_DOMAIN`, and
 * `AUTH0_API_TOKEN` (wins) or `AUTH0_CLIENT_ID` with `AUTH0_CLIENT_SECRET` (client credentials, one
 * token request on the first call, as the real provider does lazily). `AUTH0_AUDIENCE` optional.
 */
import { ManagementClient, ManagementError, TokenProvider } from "auth0";

export interface ClientSettings {
    readonly domain: string;
    readonly apiToken?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
    readonly audience?: string;
    /** Tests: a fetch that reaches the emulator. Default: the global fetch. */
    readonly fetch?: typeof fetch;
}

export const ENV_VARS = ["AUTH0_DOMAIN", "AUTH0_API_TOKEN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_AUDIENCE"] as const;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientSettings {
    return {
        domain: env.AUTH0_DOMAIN ?? "",
        apiToken: env.AUTH0_API_TOKEN || undefined,
        clientId: env.AUTH0_CLIENT_ID || undefined,
        clientSecret: env.AUTH0_CLIENT_SECRET || undefined,
        audience: env.AUTH0_AUDIENCE || undefined,
    };
}

/** A lazily built client: the first API call fails with a clear message when settings are missing. */
export function managementClient(settings: ClientSettings): ManagementClient {
    if (!settings.domain) throw new Error("auth0 stand-in: AUTH0_DOMAIN is not set");
    const fetchFn = settings.fetch ?? globalThis.fetch;
    const common = { domain: settings.domain, fetch: fetchFn, maxRetries: 0, timeoutInSeconds: 30 };
    if (settings.apiToken) return new ManagementClient({ ...common, token: settings.apiToken });
    if (!settings.clientId || !settings.clientSecret) {
        throw new Error("auth0 stand-in: set AUTH0_API_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET");
    }
    const tokens = new TokenProvider({
        domain: settings.domain,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        audience: settings.audience ?? `https://${settings.domain}/api/v2/`,
        fetch: fetchFn,
    });
    return new ManagementClient({ ...common, token: () => tokens.getAccessToken() });
}

/** The status of an SDK error, if it is one. */
export function statusOf(error: unknown): number | undefined {
    return error instanceof ManagementError ? error.statusCode : (error as { statusCode?: number })?.statusCode;
}

/** Runs `call`; a 404 answers `undefined` (gone), other errors are rethrown with the API's message. */
export async function orGone<T>(call: () => Promise<T>): Promise<T | undefined> {
    try {
        return await call();
    } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw apiError(error);
    }
}

/** An Error whose message carries the status and the API's message, never a credential. */
export function apiError(error: unknown): Error {
    if (!(error instanceof ManagementError)) return error as Error;
    const body = error.body as { message?: string; errorCode?: string } | undefined;
    return new Error(`Auth0 Management API ${error.statusCode}: ${body?.message ?? error.message}${body?.errorCode ? ` (${body.errorCode})` : ""}`);
}

export async function call<T>(fn: () => Promise<T>): Promise<T> {
    try {
        return await fn();
    } catch (error) {
        throw apiError(error);
    }
}
