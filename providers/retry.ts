/**
 * One retry policy for every vendor call the dynamic providers make.
 *
 * Both SDKs take a `fetch` (auth0 v7: `fetch`/`fetcher`; the Graph client: a custom middleware chain
 * whose last hop calls fetch), so the policy lives here, under the SDKs, instead of twice inside them.
 * The SDKs' own retries are switched off where we install this, so attempts are not multiplied.
 *
 * Retried: 429 (waiting what `Retry-After` asks, seconds or HTTP date, or until Auth0's
 * `x-ratelimit-reset`), 500/502/503/504, connection failures (reset, refused, socket closed) and an
 * attempt that got no answer within `attemptTimeoutMs` (a hung endpoint), with capped exponential
 * backoff and full jitter. Everything is bounded by `maxAttempts` and by `totalTimeoutMs`. A 429 is
 * honoured for as long as the call's budget allows, however long it asks; past the budget the call
 * fails saying so. Otherwise, when attempts or time run out, the last response is handed back so the
 * SDK raises its usual typed error (status and the vendor's message intact).
 */

export type RetryReason = "throttled" | "server-error" | "network" | "timeout";

export interface RetryEvent {
    readonly method: string;
    /** Path and query only: never a host's credentials, never a body. */
    readonly path: string;
    /** The attempt that failed, from 1. */
    readonly attempt: number;
    readonly reason: RetryReason;
    readonly status?: number;
    readonly delayMs: number;
    /**
     * True when the failed attempt may have been carried out by the server (5xx or a connection lost
     * after the request was sent) and the method is not idempotent. Callers that POST use this to look
     * for duplicates once the call has settled.
     */
    readonly ambiguous: boolean;
}

export interface RetryOptions {
    /** Attempts in all, the first included. Default 6. */
    readonly maxAttempts?: number;
    /** First backoff step. Default 500 ms. */
    readonly baseDelayMs?: number;
    /** Largest backoff step (a 429's own wait is bounded by the budget instead). Default 30 s. */
    readonly maxDelayMs?: number;
    /** How long one attempt may wait for an answer before it counts as failed. Default 30 s. */
    readonly attemptTimeoutMs?: number;
    /** Wall-clock bound for one call with all its retries. Default 120 s. */
    readonly totalTimeoutMs?: number;
    readonly onRetry?: (event: RetryEvent) => void;
    /** For tests: the clock and the dice. */
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    readonly random?: () => number;
}

export const DEFAULT_RETRY_OPTIONS = {
    maxAttempts: 6,
    baseDelayMs: 500,
    maxDelayMs: 30_000,
    attemptTimeoutMs: 30_000,
    totalTimeoutMs: 120_000,
} as const;

// Arrays, not Sets: Pulumi's closure serialiser turns a captured Set into a plain object, and the
// dynamic providers run from that serialised copy.
const RETRIED_STATUSES = [500, 502, 503, 504];
const NETWORK_CODES = [
    "ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ENETUNREACH",
    "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_CLOSED",
];
const IDEMPOTENT_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"];

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
    if (value === null || value.trim() === "") return undefined;
    const seconds = Number(value);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Auth0's `x-ratelimit-reset` (Unix seconds when the limit resets) as a wait in milliseconds. */
export function parseRateLimitReset(value: string | null, now: number): number | undefined {
    if (value === null || !/^\d+$/.test(value.trim())) return undefined;
    return Math.max(0, Number(value) * 1000 - now);
}

/** True for the errors fetch raises when the connection failed rather than the server answering. */
export function isNetworkError(error: unknown): boolean {
    for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
        if (typeof e.code === "string" && NETWORK_CODES.includes(e.code)) return true;
        if (e.name === "TypeError" && e.message === "fetch failed" && !e.cause) return true;
    }
    return false;
}

function requestMethod(input: RequestInfo | URL, init?: RequestInit): string {
    return (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
}

function requestPath(input: RequestInfo | URL): string {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return url.pathname + url.search;
}

/**
 * Wraps `inner` so that every request goes through the retry policy. A `Request` body can only be
 * read once, so bodies are taken from `init` (what both SDKs pass) and re-sent as they are.
 */
export function retryingFetch(inner: typeof fetch = fetch, options: RetryOptions = {}): typeof fetch {
    const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_OPTIONS.maxAttempts;
    const baseDelayMs = options.baseDelayMs ?? DEFAULT_RETRY_OPTIONS.baseDelayMs;
    const maxDelayMs = options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs;
    const totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_RETRY_OPTIONS.totalTimeoutMs;
    const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_RETRY_OPTIONS.attemptTimeoutMs;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const now = options.now ?? Date.now;
    const random = options.random ?? Math.random;

    const backoff = (attempt: number) =>
        Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));

    return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
        const method = requestMethod(input, init);
        const path = requestPath(input);
        const deadline = now() + totalTimeoutMs;
        for (let attempt = 1; ; attempt++) {
            let response: Response | undefined;
            let failure: unknown;
            let timedOut = false;
            const attemptSignal = AbortSignal.timeout(Math.max(1, Math.min(attemptTimeoutMs, deadline - now())));
            try {
                response = await inner(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, attemptSignal]) : attemptSignal });
            } catch (error) {
                timedOut = attemptSignal.aborted && !init?.signal?.aborted;
                if (!timedOut && !isNetworkError(error)) throw error;
                const wait = attemptTimeoutMs >= 1000 ? `${Math.round(attemptTimeoutMs / 1000)} s` : `${attemptTimeoutMs} ms`;
                failure = timedOut ? { code: `no answer within ${wait}` } : error;
            }

            let reason: RetryReason;
            let delayMs: number;
            if (response === undefined) {
                reason = timedOut ? "timeout" : "network";
                delayMs = backoff(attempt);
            } else if (response.status === 429) {
                reason = "throttled";
                delayMs =
                    parseRetryAfter(response.headers.get("retry-after"), now()) ??
                    parseRateLimitReset(response.headers.get("x-ratelimit-reset"), now()) ??
                    backoff(attempt);
                if (now() + delayMs > deadline) {
                    await response.body?.cancel().catch(() => undefined);
                    throw throttledPastBudgetError(method, path, delayMs, Math.max(0, deadline - now()));
                }
            } else if (RETRIED_STATUSES.includes(response.status)) {
                reason = "server-error";
                delayMs = backoff(attempt);
            } else {
                return response;
            }

            const outOfTime = (reason !== "throttled" && delayMs > maxDelayMs) || now() + delayMs > deadline;
            if (attempt >= maxAttempts || outOfTime) {
                if (response) return response;
                throw retriesExhaustedError(method, path, attempt, failure);
            }
            // Free the socket of the answer we are discarding.
            await response?.body?.cancel().catch(() => undefined);
            options.onRetry?.({
                method, path, attempt, reason, status: response?.status, delayMs,
                ambiguous: reason !== "throttled" && !IDEMPOTENT_METHODS.includes(method),
            });
            await sleep(delayMs);
        }
    };
}

/** A connection kept failing until the bound. Carries the method and path, never headers or bodies. */
export interface RetriesExhaustedError extends Error {
    readonly name: "RetriesExhaustedError";
    readonly method: string;
    readonly path: string;
    readonly attempts: number;
}

/** A 429 asked for a wait longer than the call's remaining budget. */
export interface ThrottledPastBudgetError extends Error {
    readonly name: "ThrottledPastBudgetError";
    readonly method: string;
    readonly path: string;
    readonly status: 429;
    readonly retryAfterMs: number;
}

function throttledPastBudgetError(method: string, path: string, retryAfterMs: number, leftMs: number): ThrottledPastBudgetError {
    const error = new Error(
        `${method} ${path}: throttled (HTTP 429); the server asks to wait ${Math.ceil(retryAfterMs / 1000)} s, ` +
            `more than this call's remaining budget of ${Math.floor(leftMs / 1000)} s; gave up without waiting. Run again later.`,
    );
    return Object.assign(error, { name: "ThrottledPastBudgetError" as const, method, path, status: 429 as const, retryAfterMs });
}

// A plain Error, not a subclass: see vendorCallError in errors.ts for why.
function retriesExhaustedError(method: string, path: string, attempts: number, cause: unknown): RetriesExhaustedError {
    const code = (cause as any)?.cause?.code ?? (cause as any)?.code ?? "connection failed";
    const error = new Error(`${method} ${path}: gave up after ${attempts} attempt(s): ${code}`, { cause });
    return Object.assign(error, { name: "RetriesExhaustedError" as const, method, path, attempts });
}
