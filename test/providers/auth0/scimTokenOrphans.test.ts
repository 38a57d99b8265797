/**
 * Orphan tokens at Auth0's two-token limit: a token this stack does not track makes the next POST a
 * 409. Tokens that are provably the orphan of our own interrupted POST (our scopes and lifetime, never
 * used, created after the newest token we track) are revoked and the rotation goes on; any other is
 * reported with its id, scopes, creation time, why it is not provably ours, and the command that
 * revokes it. Against the Auth0 emulator, with the real SDK.
 */
import * as assert from "node:assert/strict";
import { isVendorCallError, type VendorCallError } from "../../../providers/errors";
import { scimTokensClientFactory } from "../../../providers/auth0/managementClient";
import type { ScimTokenInputs, ScimTokenOutputs } from "../../../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../../../providers/auth0/scimTokenProvider";
import { type Auth0Emulator, startAuth0Emulator } from "../../../sandbox/emulators/auth0";

const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const TOKENS = `/api/v2/connections/${CONNECTION}/scim-configuration/tokens`;
const DAY = 86_400;
const USERS = ["get:users", "post:users", "patch:users", "delete:users"];
const GROUPS = ["get:groups", "post:groups", "patch:groups", "delete:groups"];
const TOKEN_VALUE = /tok_[A-Za-z0-9]+\.[0-9a-f]{64}/;

const inputs = (extra: Partial<ScimTokenInputs> = {}): ScimTokenInputs => ({
    connectionId: CONNECTION,
    scopes: USERS,
    lifetimeSeconds: 90 * DAY,
    rotateBeforeDays: 14,
    ...extra,
});
const rotated = inputs({ scopes: [...USERS, ...GROUPS] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function rejection(promise: Promise<unknown>): Promise<VendorCallError> {
    const error = await promise.then(() => assert.fail("expected a rejection"), (e: unknown) => e);
    assert.ok(isVendorCallError(error), `not a VendorCallError: ${error}`);
    return error;
}

describe("ScimTokenProvider: orphan tokens at Auth0's two-token limit", () => {
    let emulator: Auth0Emulator;
    let provider: ScimTokenProvider;
    const factory = () =>
        scimTokensClientFactory(emulator.apiUrl, emulator.bearer, {
            retry: { maxAttempts: 3, baseDelayMs: 1, sleep: async () => undefined },
            timeoutSeconds: 2,
        });
    const live = () => emulator.tokens(CONNECTION).map((t) => t.token_id).sort();

    beforeEach(async () => {
        emulator = await startAuth0Emulator();
        provider = new ScimTokenProvider({ clientFactory: factory() });
    });
    afterEach(() => emulator.close());

    async function current(): Promise<ScimTokenOutputs> {
        const outs = (await provider.create(inputs())).outs as ScimTokenOutputs;
        await tick();
        emulator.reset();
        return outs;
    }

    /** The rotation that follows an orphan of ours: it revokes it and issues the new token. */
    async function assertRecovers(olds: ScimTokenOutputs, orphan: string): Promise<void> {
        emulator.reset();
        const next = (await provider.update(olds.tokenId, olds, rotated)).outs as ScimTokenOutputs;
        assert.deepEqual(next.supersededTokenIds, [olds.tokenId]);
        assert.deepEqual(live(), [olds.tokenId, next.tokenId].sort(), "the orphan is gone, the current token kept");
        assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `GET ${TOKENS}`, `DELETE ${TOKENS}/${orphan}`, `POST ${TOKENS}`]);
    }

    it("a rotation whose POST answer was lost and whose clean-up failed leaves an orphan; the next rotation revokes it", async () => {
        const olds = await current();
        // The first attempt creates a token and loses its answer; the retry gets one; the look for
        // duplicates fails, so the token we got is revoked, and the lost one stays.
        emulator.commitThenFail(1);
        emulator.inject({ method: "GET", times: 3, response: { status: 500, body: { statusCode: 500, error: "Internal Server Error", message: "list broke" } } });
        await rejection(provider.update(olds.tokenId, olds, rotated));
        const orphans = emulator.tokens(CONNECTION).filter((t) => t.token_id !== olds.tokenId);
        assert.equal(orphans.length, 1, "one untracked token is left behind");
        await assertRecovers(olds, orphans[0].token_id);
    });

    it("a rotation killed after its POST leaves an orphan; the next rotation revokes it", async () => {
        const olds = await current();
        // What the killed process did: the POST, and nothing after.
        const orphan = await factory()(() => undefined).create(CONNECTION, { scopes: rotated.scopes, token_lifetime: rotated.lifetimeSeconds });
        await assertRecovers(olds, orphan.token_id as string);
    });

    it("a self-service token (other scopes) is reported with its id, scopes, creation time, the reason and the command, and kept", async () => {
        const olds = await current();
        const selfService = emulator.seed(CONNECTION, { scopes: ["get:users", "post:users"] });
        emulator.reset();
        const error = await rejection(provider.update(olds.tokenId, olds, rotated));
        assert.equal(error.status, 409);
        assert.match(error.message, /at most 2 SCIM tokens per connection/);
        assert.match(error.message, new RegExp(`${selfService.token_id} \\(scopes get:users post:users, created ${selfService.created_at}`));
        assert.match(error.message, /not provably ours \(its scopes are not this stack's/);
        assert.ok(
            error.message.includes(`\`curl -X DELETE "https://$AUTH0_DOMAIN/api/v2/connections/${CONNECTION}/scim-configuration/tokens/${selfService.token_id}" -H "Authorization: Bearer $AUTH0_MGMT_TOKEN"\``),
            error.message,
        );
        assert.match(error.message, new RegExp(`${olds.tokenId} .*: the current token`));
        assert.doesNotMatch(error.message, TOKEN_VALUE);
        assert.ok(!error.message.includes(emulator.bearer), "no Management API bearer in the message");
        assert.deepEqual(live(), [olds.tokenId, selfService.token_id].sort(), "nothing revoked");
        assert.deepEqual(emulator.calls(), [`POST ${TOKENS}`, `GET ${TOKENS}`, `GET ${TOKENS}`]);

        // The person runs the command; the rotation then goes through.
        await factory()(() => undefined).delete(CONNECTION, selfService.token_id);
        const next = (await provider.update(olds.tokenId, olds, rotated)).outs as ScimTokenOutputs;
        assert.deepEqual(live(), [olds.tokenId, next.tokenId].sort());
    });

    it("keeps a token with our scopes made before our current one, or one that has been used: someone may hold it", async () => {
        const earlier = emulator.seed(CONNECTION, {
            scopes: rotated.scopes,
            created_at: new Date(Date.now() - 60_000).toISOString(),
            valid_until: new Date(Date.now() - 60_000 + 90 * DAY * 1000).toISOString(),
        });
        const olds = await current();
        let error = await rejection(provider.update(olds.tokenId, olds, rotated));
        assert.match(error.message, new RegExp(`${earlier.token_id} .*not provably ours \\(it was created before or with this stack's newest token`));
        assert.deepEqual(live(), [olds.tokenId, earlier.token_id].sort());

        emulator.tokens(CONNECTION).splice(emulator.tokens(CONNECTION).findIndex((t) => t.token_id === earlier.token_id), 1);
        const used = await factory()(() => undefined).create(CONNECTION, { scopes: rotated.scopes, token_lifetime: rotated.lifetimeSeconds });
        emulator.tokens(CONNECTION).find((t) => t.token_id === used.token_id)!.last_used_at = new Date().toISOString();
        error = await rejection(provider.update(olds.tokenId, olds, rotated));
        assert.match(error.message, new RegExp(`${used.token_id} .*not provably ours \\(it has been used, so someone holds it\\)`));
        assert.deepEqual(live(), [olds.tokenId, used.token_id as string].sort());
    });

    it("keeps a token with our scopes but another lifetime", async () => {
        const olds = await current();
        const other = await factory()(() => undefined).create(CONNECTION, { scopes: rotated.scopes, token_lifetime: 30 * DAY });
        const error = await rejection(provider.update(olds.tokenId, olds, rotated));
        assert.match(error.message, new RegExp(`${other.token_id} .*not provably ours \\(its lifetime is not this stack's`));
        assert.equal(live().length, 2);
    });

    it("on create, with nothing of ours to date them against, revokes nothing and reports both tokens", async () => {
        const a = emulator.seed(CONNECTION, { scopes: USERS });
        const b = emulator.seed(CONNECTION, { scopes: USERS });
        const error = await rejection(provider.create(inputs({ lifetimeSeconds: undefined })));
        assert.match(error.message, new RegExp(`${a.token_id} .*this stack holds no token to date it against.*${b.token_id}`));
        assert.deepEqual(live(), [a.token_id, b.token_id].sort());
    });

    it("a rotation whose previous one is unfinished is still put off, not taken for an orphan", async () => {
        const first = await current();
        const second = (await provider.update(first.tokenId, first, inputs({ lifetimeSeconds: 30 * DAY }))).outs as ScimTokenOutputs;
        const { outs } = await provider.update(second.tokenId, second, rotated);
        assert.match(outs!.rotationDeferred!, new RegExp(`superseded token ${first.tokenId} is still live`));
        assert.deepEqual(live(), [first.tokenId, second.tokenId].sort());
    });
});
