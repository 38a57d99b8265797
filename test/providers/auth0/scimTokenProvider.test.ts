/**
 * The ScimToken provider's methods, called directly, with the real auth0 SDK pointed at the Auth0
 * emulator on loopback. Retry waits are recorded, not slept.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { isVendorCallError, type VendorCallError } from "../../../providers/errors";
import type { RetryOptions } from "../../../providers/retry";
import { scimTokensClientFactory } from "../../../providers/auth0/managementClient";
import type { ScimTokenInputs, ScimTokenOutputs } from "../../../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../../../providers/auth0/scimTokenProvider";
import { type Auth0Emulator, startAuth0Emulator } from "../../../sandbox/emulators/auth0";

const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const TOKENS = `/api/v2/connections/${CONNECTION}/scim-configuration/tokens`;
const DAY = 86_400;
const ENTRA_SCOPES = ["get:users", "post:users", "patch:users", "delete:users"];
/** A token value as Auth0 shapes it (recordings): `tok_<id>.<64 hex>`. */
const TOKEN_VALUE = /tok_[A-Za-z0-9]+\.[0-9a-f]{64}/;

const inputs = (extra: Partial<ScimTokenInputs> = {}): ScimTokenInputs => ({
    connectionId: CONNECTION,
    scopes: ENTRA_SCOPES,
    lifetimeSeconds: 90 * DAY,
    rotateBeforeDays: 14,
    ...extra,
});

async function rejection(promise: Promise<unknown>): Promise<VendorCallError> {
    const error = await promise.then(() => assert.fail("expected a rejection"), (e: unknown) => e);
    assert.ok(isVendorCallError(error), `not a VendorCallError: ${error}`);
    return error;
}

describe("ScimTokenProvider against the Auth0 emulator", () => {
    let emulator: Auth0Emulator;
    let waits: number[];
    let provider: ScimTokenProvider;

    const providerWith = (retry: Partial<RetryOptions> = {}) =>
        new ScimTokenProvider({
            clientFactory: scimTokensClientFactory(emulator.apiUrl, emulator.bearer, {
                retry: {
                    maxAttempts: 3,
                    baseDelayMs: 1,
                    maxDelayMs: 5_000,
                    sleep: async (ms) => {
                        waits.push(ms);
                    },
                    ...retry,
                },
                // A thrown fetch leaves the SDK's deadline timer running: keep it short in tests.
                timeoutSeconds: 2,
            }),
        });

    beforeEach(async () => {
        emulator = await startAuth0Emulator();
        waits = [];
        provider = providerWith();
    });
    afterEach(() => emulator.close());

    async function created(extra: Partial<ScimTokenInputs> = {}): Promise<ScimTokenOutputs> {
        const result = await provider.create(inputs(extra));
        emulator.reset();
        return result.outs as ScimTokenOutputs;
    }

    describe("create", () => {
        it("makes exactly one POST with scopes and token_lifetime and returns the token", async () => {
            const before = Date.now();
            const result = await provider.create(inputs());
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`]);
            assert.deepEqual(JSON.parse(emulator.requests[0].body), { scopes: ENTRA_SCOPES, token_lifetime: 90 * DAY });
            assert.equal(emulator.requests[0].headers.authorization, `Bearer ${emulator.bearer}`);

            const [stored] = emulator.tokens(CONNECTION);
            const outs = result.outs as ScimTokenOutputs;
            assert.equal(result.id, stored.token_id);
            assert.equal(outs.tokenId, stored.token_id);
            assert.equal(outs.token, stored.token);
            assert.equal(outs.createdAt, stored.created_at);
            assert.equal(Date.parse(outs.validUntil as string) - Date.parse(outs.createdAt), 90 * DAY * 1000);
            assert.ok(Date.parse(outs.createdAt) >= before - 1000);
            assert.deepEqual(
                { connectionId: outs.connectionId, scopes: outs.scopes, lifetimeSeconds: outs.lifetimeSeconds, rotateBeforeDays: outs.rotateBeforeDays },
                inputs(),
            );
        });

        it("without a lifetime sends no token_lifetime and has no validUntil (nor any undefined output)", async () => {
            const result = await provider.create(inputs({ lifetimeSeconds: undefined }));
            assert.deepEqual(JSON.parse(emulator.requests[0].body), { scopes: ENTRA_SCOPES });
            assert.ok(!("validUntil" in (result.outs as object)));
            assert.ok(Object.values(result.outs as object).every((v) => v !== undefined));
        });

        it("at two tokens, fails saying Auth0 allows two and listing the existing token ids", async () => {
            const a = emulator.seed(CONNECTION, { scopes: ["get:users"] });
            const b = emulator.seed(CONNECTION, { scopes: ["get:users"], valid_until: "2030-01-01T00:00:00.000Z" });
            const error = await rejection(provider.create(inputs()));
            assert.equal(error.status, 409);
            assert.match(error.message, /Maximum of 2 tokens already issued for this connection/);
            assert.match(error.message, /at most 2 SCIM tokens per connection/);
            assert.match(error.message, new RegExp(`${a.token_id}.*${b.token_id}`));
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `GET ${TOKENS}`]);
        });
    });

    describe("retries under the one bounded policy", () => {
        it("honours Retry-After on a 429, then creates exactly one token", async () => {
            emulator.inject({
                method: "POST",
                response: { status: 429, headers: { "retry-after": "1" }, body: { statusCode: 429, error: "Too Many Requests", message: "Global limit has been reached" } },
            });
            await provider.create(inputs());
            assert.deepEqual(waits, [1000]);
            // A 429 was not carried out: no duplicate check needed.
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `POST ${TOKENS}`]);
            assert.equal(emulator.tokens(CONNECTION).length, 1);
        });

        it("retries two 500s, then checks once for duplicates and keeps the one token", async () => {
            emulator.inject({ method: "POST", times: 2, response: { status: 500, body: { statusCode: 500, error: "Internal Server Error", message: "oops" } } });
            const result = await provider.create(inputs());
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `POST ${TOKENS}`, `POST ${TOKENS}`, `GET ${TOKENS}`]);
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id), [result.id]);
        });

        it("retries after a connection reset", async () => {
            emulator.inject({ method: "POST", reset: true });
            const result = await provider.create(inputs());
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `POST ${TOKENS}`, `GET ${TOKENS}`]);
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id), [result.id]);
        });

        it("retries a read's 500s too", async () => {
            const outs = await created();
            emulator.inject({ method: "GET", times: 2, response: { status: 503, body: "unavailable" } });
            const read = await provider.read(outs.tokenId, outs);
            assert.equal(read.id, outs.tokenId);
            assert.equal(emulator.calls().length, 3);
        });

        it("gives up at the bound with the call, the status and Auth0's message, and no token value", async () => {
            emulator.inject({
                method: "POST",
                times: 10,
                response: { status: 503, body: { statusCode: 503, error: "Service Unavailable", message: "The service is unavailable" } },
            });
            const error = await rejection(provider.create(inputs()));
            assert.equal(error.status, 503);
            assert.match(error.message, new RegExp(`Auth0 POST /connections/${CONNECTION}/scim-configuration/tokens failed \\(HTTP 503\\)`));
            assert.match(error.message, /The service is unavailable/);
            assert.doesNotMatch(error.message, TOKEN_VALUE);
            // Three attempts, then one look for tokens a lost answer may have left.
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `POST ${TOKENS}`, `POST ${TOKENS}`, `GET ${TOKENS}`]);
        });

        it("gives up on a connection that keeps dropping, naming the call", async () => {
            emulator.inject({ method: "DELETE", times: 10, reset: true });
            const error = await rejection(provider.delete("tok_x", { ...inputs(), tokenId: "tok_x", token: "tok_x.secret", createdAt: "" }));
            assert.equal(error.status, undefined);
            assert.match(error.message, /Auth0 DELETE \/connections\/.*\/tokens\/tok_x failed: .*gave up after 3 attempt/);
        });
    });

    describe("no orphans", () => {
        it("a POST retried after its answer was lost leaves exactly one token", async () => {
            emulator.commitThenFail(1);
            const result = await provider.create(inputs());
            const [stray] = emulator.requests.filter((r) => r.method === "DELETE");
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id), [result.id]);
            assert.ok(stray && !stray.path.endsWith(result.id as string), "the first, lost token is revoked");
            assert.deepEqual(emulator.calls().slice(0, 3), [`POST ${TOKENS}`, `POST ${TOKENS}`, `GET ${TOKENS}`]);
        });

        it("a POST that fails after tokens were committed revokes them all", async () => {
            provider = providerWith({ maxAttempts: 2 });
            emulator.commitThenFail(2);
            const error = await rejection(provider.create(inputs()));
            assert.equal(error.status, 502);
            assert.equal(emulator.tokens(CONNECTION).length, 0);
        });

        it("does not revoke older tokens, nor new ones with other scopes", async () => {
            const old = emulator.seed(CONNECTION, { scopes: ENTRA_SCOPES, created_at: new Date(Date.now() - 60_000).toISOString() });
            emulator.inject({ method: "POST", response: { status: 500, body: "oops" } });
            const result = await provider.create(inputs());
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id), [old.token_id, result.id]);

            emulator.tokens(CONNECTION).splice(0);
            const other = emulator.seed(CONNECTION, { scopes: ["get:groups"] });
            emulator.inject({ method: "POST", response: { status: 500, body: "oops" } });
            const again = await provider.create(inputs());
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id), [other.token_id, again.id]);
        });

        it("revokes the new token when a later step fails, and says so without the token value", async () => {
            emulator.commitThenFail(1);
            emulator.inject({ method: "GET", times: 10, response: { status: 500, body: { statusCode: 500, error: "Internal Server Error", message: "list broke" } } });
            const error = await rejection(provider.create(inputs()));
            const deletes = emulator.requests.filter((r) => r.method === "DELETE").map((r) => r.path);
            assert.equal(deletes.length, 1);
            const keptId = deletes[0].split("/").pop() as string;
            assert.ok(!emulator.tokens(CONNECTION).some((t) => t.token_id === keptId), "the token we got back is revoked");
            assert.match(error.message, /Could not look for duplicate tokens/);
            assert.match(error.message, /list broke/);
            assert.match(error.message, new RegExp(`token ${keptId} was created; it was revoked`));
            assert.doesNotMatch(error.message, TOKEN_VALUE);
        });
    });

    describe("read (refresh)", () => {
        it("refreshes scopes and validUntil with one GET and keeps the token from state", async () => {
            const outs = await created();
            const read = await provider.read(outs.tokenId, { ...outs, scopes: ["get:users"], validUntil: "2000-01-01T00:00:00.000Z" });
            assert.deepEqual(emulator.calls(), [`GET ${TOKENS}`]);
            assert.equal(read.id, outs.tokenId);
            assert.deepEqual(read.props, outs);
        });

        it("reports a token deleted out of band as gone", async () => {
            const outs = await created();
            emulator.tokens(CONNECTION).length = 0;
            assert.deepEqual(await provider.read(outs.tokenId, outs), { id: "" });
        });

        it("reports the token gone when its connection is", async () => {
            const outs = await created();
            assert.deepEqual(await provider.read(outs.tokenId, { ...outs, connectionId: "con_gone" }), { id: "" });
        });
    });

    describe("diff", () => {
        let olds: ScimTokenOutputs;
        beforeEach(async () => {
            olds = await created();
        });
        const diff = async (news: Partial<ScimTokenInputs>, state: Partial<ScimTokenOutputs> = {}) => {
            const result = await provider.diff(olds.tokenId, { ...olds, ...state }, inputs(news));
            assert.deepEqual(emulator.requests, [], "diff makes no request");
            return result;
        };

        it("is a no-op for the same inputs, scopes in any order", async () => {
            assert.deepEqual(await diff({ scopes: [...ENTRA_SCOPES].reverse() }), { changes: false, replaces: [], deleteBeforeReplace: false });
        });

        it("rotates in place (an update, not a replacement) when the scopes change", async () => {
            assert.deepEqual(await diff({ scopes: [...ENTRA_SCOPES, "get:groups"] }), { changes: true, replaces: [], deleteBeforeReplace: false });
        });

        it("rotates in place when the lifetime changes or is removed", async () => {
            assert.deepEqual(await diff({ lifetimeSeconds: 30 * DAY }), { changes: true, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(await diff({ lifetimeSeconds: undefined }), { changes: true, replaces: [], deleteBeforeReplace: false });
        });

        it("rotates in place when the generation is raised (rotate now)", async () => {
            assert.deepEqual(await diff({ generation: 1 }), { changes: true, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(await diff({ generation: 0 }), { changes: false, replaces: [], deleteBeforeReplace: false });
        });

        it("replaces only when the connection changes, or is not known yet in a preview", async () => {
            assert.deepEqual((await diff({ connectionId: "con_other" })).replaces, ["connectionId"]);
            assert.deepEqual((await diff({ connectionId: pulumi.runtime.unknownValue })).replaces, ["connectionId"]);
        });

        it("rotates in place when the token expires within rotateBeforeDays", async () => {
            const inDays = (days: number) => new Date(Date.now() + days * DAY * 1000).toISOString();
            assert.deepEqual(await diff({}, { validUntil: inDays(13) }), { changes: true, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(await diff({}, { validUntil: inDays(15) }), { changes: false, replaces: [], deleteBeforeReplace: false });
            assert.deepEqual(await diff({}, { validUntil: inDays(-1) }), { changes: true, replaces: [], deleteBeforeReplace: false });
        });

        it("updates in place, without a request, when only rotateBeforeDays changes", async () => {
            assert.deepEqual(await diff({ rotateBeforeDays: 7 }), { changes: true, replaces: [], deleteBeforeReplace: false });
            const updated = await provider.update(olds.tokenId, olds, inputs({ rotateBeforeDays: 7 }));
            assert.deepEqual(updated.outs, { ...olds, rotateBeforeDays: 7 });
            assert.deepEqual(emulator.requests, []);
        });
    });

    describe("rotation (update)", () => {
        it("issues the new token with 1 POST and keeps the old one, unrevoked, in supersededTokenIds", async () => {
            const olds = await created();
            const { outs } = await provider.update(olds.tokenId, olds, inputs({ scopes: [...ENTRA_SCOPES, "get:groups", "post:groups", "patch:groups", "delete:groups"] }));
            const next = outs as ScimTokenOutputs;
            assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`]);
            assert.notEqual(next.tokenId, olds.tokenId);
            assert.match(next.token, TOKEN_VALUE);
            assert.deepEqual(next.supersededTokenIds, [olds.tokenId]);
            // The old token still works for whoever holds it.
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id).sort(), [olds.tokenId, next.tokenId].sort());
        });

        it("a failed POST leaves the state as it was (the engine keeps the olds) and nothing behind", async () => {
            const olds = await created();
            emulator.inject({ method: "POST", times: 5, response: { status: 400, body: { statusCode: 400, error: "Bad Request", message: "nope" } } });
            await rejection(provider.update(olds.tokenId, olds, inputs({ lifetimeSeconds: 30 * DAY })));
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id), [olds.tokenId]);
        });

        it("refresh drops superseded tokens Auth0 no longer lists, and keeps the others", async () => {
            const first = await created();
            const second = (await provider.update(first.tokenId, first, inputs({ lifetimeSeconds: 30 * DAY }))).outs as ScimTokenOutputs;
            const read1 = await provider.read(second.tokenId, second);
            assert.deepEqual(read1.props!.supersededTokenIds, [first.tokenId]);
            emulator.tokens(CONNECTION).splice(emulator.tokens(CONNECTION).findIndex((t) => t.token_id === first.tokenId), 1);
            const read2 = await provider.read(second.tokenId, second);
            assert.deepEqual(read2.props!.supersededTokenIds, []);
        });

        it("a token from before rotation was tracked gets its empty superseded list written once, without a request", async () => {
            const olds = await created();
            const { supersededTokenIds: _none, ...legacy } = olds;
            assert.equal((await provider.diff(olds.tokenId, legacy as ScimTokenOutputs, inputs())).changes, true);
            const { outs } = await provider.update(olds.tokenId, legacy as ScimTokenOutputs, inputs());
            assert.deepEqual(outs!.supersededTokenIds, []);
            assert.deepEqual(emulator.requests, []);
            assert.equal((await provider.diff(olds.tokenId, outs as ScimTokenOutputs, inputs())).changes, false);
        });

        it("refresh keeps tracking a live superseded token when the current one is gone, and the next up rotates", async () => {
            const first = await created();
            const second = (await provider.update(first.tokenId, first, inputs({ lifetimeSeconds: 30 * DAY }))).outs as ScimTokenOutputs;
            const table = emulator.tokens(CONNECTION);
            table.splice(table.findIndex((t) => t.token_id === second.tokenId), 1);
            const read = await provider.read(second.tokenId, second);
            assert.equal(read.id, second.tokenId, "not dropped from state");
            assert.equal(read.props!.tokenGone, true);
            assert.deepEqual(read.props!.supersededTokenIds, [first.tokenId]);
            const gone = read.props as ScimTokenOutputs;
            assert.equal((await provider.diff(gone.tokenId, gone, inputs({ lifetimeSeconds: 30 * DAY }))).changes, true);
            const third = (await provider.update(gone.tokenId, gone, inputs({ lifetimeSeconds: 30 * DAY }))).outs as ScimTokenOutputs;
            assert.deepEqual(third.supersededTokenIds, [first.tokenId], "the live superseded token is still tracked; the gone one is not");
        });

        it("a rotation due while the previous one has not finished is put off, not a 409 that strands Entra", async () => {
            const first = await created();
            const second = (await provider.update(first.tokenId, first, inputs({ lifetimeSeconds: 30 * DAY }))).outs as ScimTokenOutputs;
            emulator.reset();
            const { outs } = await provider.update(second.tokenId, second, inputs({ lifetimeSeconds: 60 * DAY }));
            assert.equal(outs!.tokenId, second.tokenId, "the current token stays");
            assert.match(outs!.rotationDeferred!, new RegExp(`superseded token ${first.tokenId} is still live`));
            assert.deepEqual(emulator.tokens(CONNECTION).map((t) => t.token_id).sort(), [first.tokenId, second.tokenId].sort());
            // A 409 with no token of ours in the way is still an error.
            emulator.tokens(CONNECTION).splice(emulator.tokens(CONNECTION).findIndex((t) => t.token_id === first.tokenId), 1);
            emulator.seed(CONNECTION, { scopes: ENTRA_SCOPES });
            await rejection(provider.update(second.tokenId, second, inputs({ lifetimeSeconds: 60 * DAY })));
        });

        it("destroy revokes the current token and every superseded one", async () => {
            const first = await created();
            const second = (await provider.update(first.tokenId, first, inputs({ lifetimeSeconds: 30 * DAY }))).outs as ScimTokenOutputs;
            emulator.reset();
            await provider.delete(second.tokenId, second);
            assert.deepEqual(emulator.calls(), [`DELETE ${TOKENS}/${first.tokenId}`, `DELETE ${TOKENS}/${second.tokenId}`]);
            assert.deepEqual(emulator.tokens(CONNECTION), []);
        });
    });

    describe("delete", () => {
        it("revokes the token with one DELETE", async () => {
            const outs = await created();
            await provider.delete(outs.tokenId, outs);
            assert.deepEqual(emulator.calls(), [`DELETE ${TOKENS}/${outs.tokenId}`]);
            assert.equal(emulator.tokens(CONNECTION).length, 0);
        });

        it("counts a 404 as done", async () => {
            const outs = await created();
            emulator.tokens(CONNECTION).length = 0;
            await provider.delete(outs.tokenId, outs);
            assert.deepEqual(emulator.calls(), [`DELETE ${TOKENS}/${outs.tokenId}`]);
        });

        it("redacts the token value should Auth0 echo it in an error", async () => {
            const outs = await created();
            emulator.inject({ method: "DELETE", response: { status: 400, body: { statusCode: 400, error: "Bad Request", message: `bad token ${outs.token}` } } });
            const error = await rejection(provider.delete(outs.tokenId, outs));
            assert.equal(error.status, 400);
            assert.ok(!error.message.includes(outs.token));
            assert.match(error.message, /failed \(HTTP 400\): bad token \[redacted\]$/);
        });
    });
});
