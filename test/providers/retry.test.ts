import * as assert from "node:assert/strict";
import { isNetworkError, parseRateLimitReset, parseRetryAfter, retryingFetch, type RetryEvent } from "../../providers/retry";

/** A fetch that plays back a script: a status, or "reset" for a dropped connection. */
type Step = number | "reset" | "hang" | { status: number; retryAfter?: string; rateLimitReset?: string };

function scripted(steps: Step[]) {
    const calls: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
        calls.push(`${init?.method ?? "GET"} ${input}`);
        const step = steps.shift() ?? 200;
        if (step === "reset") throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
        if (step === "hang") {
            // A server that never answers: only the signal ends the wait, as with fetch.
            return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
        }
        const { status, retryAfter, rateLimitReset } = typeof step === "number" ? { status: step, retryAfter: undefined, rateLimitReset: undefined } : step;
        const headers: Record<string, string> = {};
        if (retryAfter) headers["retry-after"] = retryAfter;
        if (rateLimitReset) headers["x-ratelimit-reset"] = rateLimitReset;
        return new Response(status === 204 ? null : "{}", { status, headers });
    }) as typeof globalThis.fetch;
    return { fetch, calls };
}

/** A clock that only moves when we sleep. */
function fakeClock() {
    let now = 1_000_000;
    const sleeps: number[] = [];
    return { sleeps, now: () => now, sleep: async (ms: number) => { sleeps.push(ms); now += ms; }, random: () => 1 };
}

describe("retry policy (providers/retry.ts)", () => {
    it("waits what Retry-After asks on 429, then succeeds", async () => {
        const { fetch, calls } = scripted([{ status: 429, retryAfter: "3" }, 200]);
        const clock = fakeClock();
        const response = await retryingFetch(fetch, clock)("http://127.0.0.1/x");
        assert.equal(response.status, 200);
        assert.equal(calls.length, 2);
        assert.deepEqual(clock.sleeps, [3000]);
    });

    it("reads Retry-After as an HTTP date too", () => {
        assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6_000);
        assert.equal(parseRetryAfter("soon", 0), undefined);
    });

    it("backs off exponentially on 5xx and resets, capped", async () => {
        const { fetch } = scripted([500, "reset", 503, 502, 200]);
        const clock = fakeClock();
        const response = await retryingFetch(fetch, { ...clock, baseDelayMs: 100, maxDelayMs: 250 })("http://127.0.0.1/x");
        assert.equal(response.status, 200);
        assert.deepEqual(clock.sleeps, [100, 200, 250, 250]);
    });

    it("hands back the last answer when attempts run out, so the SDK reports the status", async () => {
        const { fetch, calls } = scripted([500, 500, 500, 500]);
        const response = await retryingFetch(fetch, { ...fakeClock(), maxAttempts: 3 })("http://127.0.0.1/x");
        assert.equal(response.status, 500);
        assert.equal(calls.length, 3);
    });

    it("does not start a wait that would end past the total bound, and says so", async () => {
        const { fetch, calls } = scripted([{ status: 429, retryAfter: "90" }, 200]);
        await assert.rejects(
            retryingFetch(fetch, { ...fakeClock(), totalTimeoutMs: 60_000 })("http://127.0.0.1/x"),
            (e: Error) =>
                e.name === "ThrottledPastBudgetError" &&
                /^GET \/x: throttled \(HTTP 429\); the server asks to wait 90 s, more than this call's remaining budget of 60 s/.test(e.message),
        );
        assert.equal(calls.length, 1);
    });

    it("honours a 429 that asks for more than the largest backoff step, within the budget", async () => {
        const { fetch, calls } = scripted([{ status: 429, retryAfter: "45" }, 200]);
        const clock = fakeClock();
        const response = await retryingFetch(fetch, { ...clock, maxDelayMs: 30_000, totalTimeoutMs: 120_000 })("http://127.0.0.1/x");
        assert.equal(response.status, 200);
        assert.equal(calls.length, 2);
        assert.deepEqual(clock.sleeps, [45_000]);
    });

    it("waits until Auth0's x-ratelimit-reset when there is no Retry-After", async () => {
        const clock = fakeClock();
        const resetAt = String(Math.ceil((clock.now() + 7_000) / 1000));
        const { fetch } = scripted([{ status: 429, rateLimitReset: resetAt }, 200]);
        const response = await retryingFetch(fetch, clock)("http://127.0.0.1/x");
        assert.equal(response.status, 200);
        assert.equal(clock.sleeps.length, 1);
        assert.ok(clock.sleeps[0] >= 7_000 && clock.sleeps[0] < 8_000, String(clock.sleeps));
        assert.equal(parseRateLimitReset("soon", 0), undefined);
    });

    it("bounds each attempt: a hung endpoint is retried like a 5xx, then fails naming the call and the wait", async () => {
        const events: RetryEvent[] = [];
        const hung = scripted(["hang", 200]);
        const response = await retryingFetch(hung.fetch, { ...fakeClock(), attemptTimeoutMs: 50, onRetry: (e) => events.push(e) })("http://127.0.0.1/x", { method: "POST" });
        assert.equal(response.status, 200);
        assert.deepEqual(events.map((e) => [e.reason, e.ambiguous]), [["timeout", true]]);
        const never = scripted(["hang", "hang"]);
        await assert.rejects(
            retryingFetch(never.fetch, { ...fakeClock(), attemptTimeoutMs: 50, maxAttempts: 2 })("http://127.0.0.1/y"),
            (e: Error) => e.name === "RetriesExhaustedError" && /^GET \/y: gave up after 2 attempt\(s\): no answer within 50 ms$/.test(e.message),
        );
    });

    it("gives up on a connection that keeps dropping with an error naming the call, not its body", async () => {
        const { fetch } = scripted(["reset", "reset"]);
        await assert.rejects(
            retryingFetch(fetch, { ...fakeClock(), maxAttempts: 2 })("http://127.0.0.1/tokens?x=1", { method: "POST", body: "secret-body" }),
            (e: Error) => e.name === "RetriesExhaustedError" && /^POST \/tokens\?x=1: gave up after 2 attempt\(s\): ECONNRESET$/.test(e.message),
        );
    });

    it("flags a retried POST after a 5xx or a reset as ambiguous, not after a 429", async () => {
        const events: RetryEvent[] = [];
        const { fetch } = scripted([{ status: 429, retryAfter: "0" }, 500, "reset", 201]);
        await retryingFetch(fetch, { ...fakeClock(), onRetry: (e) => events.push(e) })("http://127.0.0.1/t", { method: "POST" });
        assert.deepEqual(events.map((e) => [e.reason, e.ambiguous]), [["throttled", false], ["server-error", true], ["network", true]]);
    });

    it("passes other statuses and other errors straight through", async () => {
        const { fetch, calls } = scripted([404]);
        assert.equal((await retryingFetch(fetch, fakeClock())("http://127.0.0.1/x")).status, 404);
        assert.equal(calls.length, 1);
        assert.equal(isNetworkError(new TypeError("Invalid URL")), false);
    });
});
