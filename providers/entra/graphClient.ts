/**
 * The Microsoft Graph client the Entra dynamic providers use: the official SDK with a middleware chain
 * of our own, so that one bounded retry policy (`retryingFetch`) applies instead of the SDK's
 * RetryHandler on top of it.
 */
import { Client } from "@microsoft/microsoft-graph-client";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { TokenCredential } from "@azure/identity";
import { retryingFetch, RetryOptions } from "../retry";

export const GRAPH_BASE_URL = "https://graph.microsoft.com";
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface GraphClientOptions {
    readonly credential: TokenCredential;
    /** Scheme, host and port only; tests point it at a loopback emulator. Default: Microsoft Graph. */
    readonly baseUrl?: string;
    readonly retry?: RetryOptions;
}

/** Builds a fresh client; Graph paths are then relative to `<baseUrl>/v1.0`. */
export function createGraphClient(options: GraphClientOptions): Client {
    const baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, "");
    const authProvider = new TokenCredentialAuthenticationProvider(options.credential, { scopes: [GRAPH_SCOPE] });
    return Client.initWithMiddleware({
        baseUrl,
        defaultVersion: "v1.0",
        middleware: chain(
            new BearerForOrigin(authProvider, new URL(baseUrl).origin),
            new RetryingFetchHandler(retryingFetch(fetch, options.retry)),
        ),
    });
}

function chain(...handlers: Middleware[]): Middleware {
    handlers.reduce((previous, next) => {
        previous.setNext?.(next);
        return next;
    });
    return handlers[0];
}

/**
 * Adds `Authorization: Bearer …` to requests for the configured origin only. The SDK's own
 * AuthenticationHandler recognises Graph and `customHosts` only in `https://` URLs, so it would never
 * authenticate against a loopback emulator; matching the exact origin is also stricter than its
 * host-only check.
 */
class BearerForOrigin implements Middleware {
    private next?: Middleware;

    constructor(
        private readonly authProvider: TokenCredentialAuthenticationProvider,
        private readonly origin: string,
    ) {}

    async execute(context: Context): Promise<void> {
        const url = typeof context.request === "string" ? context.request : context.request.url;
        const headers = new Headers(context.options?.headers as HeadersInit | undefined);
        if (new URL(url).origin === this.origin) {
            headers.set("Authorization", `Bearer ${await this.authProvider.getAccessToken()}`);
        } else {
            headers.delete("Authorization");
        }
        context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
        await this.next!.execute(context);
    }

    setNext(next: Middleware): void {
        this.next = next;
    }
}

/** The last hop: sends the request through the shared retry policy. */
class RetryingFetchHandler implements Middleware {
    constructor(private readonly send: typeof fetch) {}

    async execute(context: Context): Promise<void> {
        context.response = await this.send(context.request, context.options as RequestInit);
    }
}
