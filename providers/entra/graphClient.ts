/**
 * The Microsoft Graph client the Entra dynamic providers use: the official SDK with a middleware chain
 * of our own, so that one bounded retry policy (`retryingFetch`) applies instead of the SDK's
 * RetryHandler on top of it.
 */
import { Client } from "@microsoft/microsoft-graph-client";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials";
import type { TokenCredential } from "@azure/identity";
import { holdSecret } from "../errors";
import { retryingFetch, RetryOptions } from "../retry";

export const GRAPH_BASE_URL = "https://graph.microsoft.com";
export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface GraphClientOptions {
    readonly credential: TokenCredential;
    /** Scheme, host and port only; tests point it at a loopback emulator. Default: Microsoft Graph. */
    readonly baseUrl?: string;
    /**
     * The base URL, known only later (a cloud read from a metadata host on the first request); wins
     * over `baseUrl`. Resolved once per client.
     */
    readonly resolveBaseUrl?: () => Promise<string>;
    /** The token scope; default `<baseUrl>/.default` for a cloud's Graph, `GRAPH_SCOPE` otherwise. */
    readonly scope?: string;
    readonly retry?: RetryOptions;
}

/** Builds a fresh client; Graph paths are then relative to `<baseUrl>/v1.0`. */
export function createGraphClient(options: GraphClientOptions): Client {
    const baseUrl = (options.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, "");
    if (!options.resolveBaseUrl) {
        const scope = options.scope ?? GRAPH_SCOPE;
        const authProvider = new TokenCredentialAuthenticationProvider(options.credential, { scopes: [scope] });
        return Client.initWithMiddleware({
            baseUrl,
            defaultVersion: "v1.0",
            middleware: chain(
                new BearerForOrigin(authProvider, new URL(baseUrl).origin),
                new RetryingFetchHandler(retryingFetch(fetch, options.retry)),
            ),
        });
    }
    // The SDK builds URLs on the placeholder; the first middleware moves them to the resolved base.
    let resolved: Promise<string> | undefined;
    const target = () => {
        resolved ??= options.resolveBaseUrl!().then((url) => url.replace(/\/+$/, ""));
        resolved.catch(() => (resolved = undefined));
        return resolved;
    };
    const authProvider = {
        getAccessToken: async () => {
            const scope = options.scope ?? `${await target()}/.default`;
            const token = await options.credential.getToken(scope);
            if (!token) throw new Error(`no token was issued for ${scope}`);
            return token.token;
        },
    };
    return Client.initWithMiddleware({
        baseUrl: GRAPH_BASE_URL,
        defaultVersion: "v1.0",
        middleware: chain(
            new RebaseUrl(GRAPH_BASE_URL, target),
            new BearerForOrigin(authProvider, async () => new URL(await target()).origin),
            new RetryingFetchHandler(retryingFetch(fetch, options.retry)),
        ),
    });
}

/** Moves requests built on `placeholder` to the base URL resolved later. */
class RebaseUrl implements Middleware {
    private next?: Middleware;

    constructor(
        private readonly placeholder: string,
        private readonly target: () => Promise<string>,
    ) {}

    async execute(context: Context): Promise<void> {
        const url = typeof context.request === "string" ? context.request : context.request.url;
        if (url === this.placeholder || url.startsWith(`${this.placeholder}/`)) {
            const rebased = `${await this.target()}${url.slice(this.placeholder.length)}`;
            context.request = typeof context.request === "string" ? rebased : new Request(rebased, context.request);
        }
        await this.next!.execute(context);
    }

    setNext(next: Middleware): void {
        this.next = next;
    }
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
        private readonly authProvider: { getAccessToken(): Promise<string> },
        private readonly origin: string | (() => Promise<string>),
    ) {}

    async execute(context: Context): Promise<void> {
        const url = typeof context.request === "string" ? context.request : context.request.url;
        const headers = new Headers(context.options?.headers as HeadersInit | undefined);
        const origin = typeof this.origin === "string" ? this.origin : await this.origin();
        if (new URL(url).origin === origin) {
            const token = await this.authProvider.getAccessToken();
            holdSecret(token); // scrubbed from every error text, wherever a gateway echoes it (errors.ts)
            headers.set("Authorization", `Bearer ${token}`);
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
