/**
 * A SCIM token rotation as `pulumi up` runs it — ScimToken (Auth0), the Secret Token write (what
 * azuread's SynchronizationSecret PUTs), ScimTokenConfirmation (Entra validates), ScimTokenRevocation
 * (Auth0 revokes the superseded token) — against both emulators, failing at each step and then rerun.
 * The safety property checked after every step: the token Entra holds is alive in Auth0, and every
 * live token is held in state. Also the vendor stack's variant, which waits for the token's first use.
 */
import * as assert from "node:assert/strict";
import { scimTokensClientFactory } from "../../providers/auth0/managementClient";
import type { ScimTokenInputs, ScimTokenOutputs } from "../../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../../providers/auth0/scimTokenProvider";
import {
    ScimTokenRevocationProvider,
    type ScimTokenRevocationInputs,
    type ScimTokenRevocationOutputs,
} from "../../providers/auth0/scimTokenRevocationProvider";
import {
    ScimTokenConfirmationProvider,
    type ScimTokenConfirmationInputs,
    type ScimTokenConfirmationOutputs,
} from "../../providers/entra/scimTokenConfirmationProvider";
import { tokenFingerprint } from "../../providers/tokenFingerprint";
import { type Auth0Emulator, startAuth0Emulator } from "../../sandbox/emulators/auth0";
import { Harness, JOB_ID, SP_ID, startHarness } from "./entra/setup";

const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const DAY = 86_400;
const USERS = ["get:users", "post:users", "patch:users", "delete:users"];
const GROUPS = ["get:groups", "post:groups", "patch:groups", "delete:groups"];
const JOB = `/v1.0/servicePrincipals/${SP_ID}/synchronization/jobs/${JOB_ID}`;

interface Stack {
    token: ScimTokenOutputs;
    /** The token value the Secret Token resource last wrote (its state). */
    secret: string;
    confirmation: ScimTokenConfirmationOutputs;
    revocation: ScimTokenRevocationOutputs;
}

describe("SCIM token rotation: every prefix is safe, a rerun converges", () => {
    let auth0: Auth0Emulator;
    let h: Harness;
    let tokens: ScimTokenProvider;
    let confirmation: ScimTokenConfirmationProvider;
    let revocation: ScimTokenRevocationProvider;
    let now: number;

    const tokenInputs = (scopes = USERS): ScimTokenInputs => ({ connectionId: CONNECTION, scopes, lifetimeSeconds: 90 * DAY, rotateBeforeDays: 14 });
    const confirmationInputs = (token: ScimTokenOutputs): ScimTokenConfirmationInputs => ({
        servicePrincipalId: SP_ID,
        jobId: JOB_ID,
        tokenFingerprint: tokenFingerprint(token.token),
        ...(token.validUntil ? { tokenValidUntil: token.validUntil } : {}),
    });
    /** With Entra's confirmation as the stack wires it: the current token's fingerprint and the confirmation's. */
    const revocationInputs = (token: ScimTokenOutputs, confirmed?: ScimTokenConfirmationOutputs): ScimTokenRevocationInputs => ({
        connectionId: CONNECTION,
        tokenId: token.tokenId,
        supersededTokenIds: token.supersededTokenIds ?? [],
        ...(confirmed
            ? { confirmation: "entra" as const, tokenFingerprint: tokenFingerprint(token.token), confirmedFingerprint: confirmed.confirmedFingerprint }
            : { confirmation: "usage" as const }),
    });

    /** What azuread's SynchronizationSecret does: PUT the credentials; Entra can then use the token. */
    async function writeSecret(token: string): Promise<void> {
        await h.clientFactory().api(`/servicePrincipals/${SP_ID}/synchronization/secrets`).put({ value: [{ key: "SecretToken", value: token }] });
    }
    const entraHolds = () => h.graph.secrets(SP_ID)?.SecretToken;
    const live = () => auth0.tokens(CONNECTION);

    /** Entra's validateCredentials answers as the real one would: the saved token must work in Auth0. */
    function entraChecksAgainstAuth0(): void {
        h.graph.setCredentialsValid(SP_ID, JOB_ID, live().some((t) => t.token === entraHolds()));
    }
    /** Entra's test of its saved credentials is a SCIM request with the saved token: Auth0 records its use. */
    function entraUsesItsSavedToken(saved: Readonly<Record<string, string>>): boolean {
        const held = live().find((t) => t.token === saved.SecretToken);
        if (held) held.last_used_at = new Date().toISOString();
        return true;
    }

    function assertSafe(stack: Stack): void {
        assert.ok(live().some((t) => t.token === entraHolds()), "Entra holds a token Auth0 has revoked");
        const inState = new Set([stack.token.tokenId, ...(stack.token.supersededTokenIds ?? [])]);
        for (const t of live()) assert.ok(inState.has(t.token_id), `token ${t.token_id} is alive but not in state (orphan)`);
    }

    /** One `pulumi up`, in the engine's dependency order; the stack keeps what completed. */
    async function up(stack: Stack, news: ScimTokenInputs): Promise<void> {
        const diff = await tokens.diff(stack.token.tokenId, stack.token, news);
        if (diff.changes) stack.token = (await tokens.update(stack.token.tokenId, stack.token, news)).outs as ScimTokenOutputs;
        if (stack.secret !== stack.token.token) {
            await writeSecret(stack.token.token);
            stack.secret = stack.token.token;
        }
        entraChecksAgainstAuth0();
        const confirm = confirmationInputs(stack.token);
        if ((await confirmation.diff("c", stack.confirmation, confirm)).changes) {
            stack.confirmation = (await confirmation.update("c", stack.confirmation, confirm)).outs as ScimTokenConfirmationOutputs;
        }
        const revoke = revocationInputs(stack.token, stack.confirmation);
        if ((await revocation.diff("r", stack.revocation, revoke)).changes) {
            stack.revocation = (await revocation.update("r", stack.revocation, revoke)).outs as ScimTokenRevocationOutputs;
        }
    }

    async function firstUp(): Promise<Stack> {
        const token = (await tokens.create(tokenInputs())).outs as ScimTokenOutputs;
        await writeSecret(token.token);
        entraChecksAgainstAuth0();
        const confirmed = (await confirmation.create(confirmationInputs(token))).outs as ScimTokenConfirmationOutputs;
        const revoked = (await revocation.create(revocationInputs(token, confirmed))).outs as ScimTokenRevocationOutputs;
        auth0.reset();
        h.graph.reset();
        return { token, secret: token.token, confirmation: confirmed, revocation: revoked };
    }

    beforeEach(async () => {
        auth0 = await startAuth0Emulator();
        h = await startHarness({ testSavedCredentials: (saved) => entraUsesItsSavedToken(saved) });
        h.graph.addJob(SP_ID, JOB_ID);
        now = Date.now();
        const factory = scimTokensClientFactory(auth0.apiUrl, auth0.bearer, { retry: { maxAttempts: 2, baseDelayMs: 1, sleep: async () => undefined }, timeoutSeconds: 2 });
        tokens = new ScimTokenProvider({ clientFactory: factory });
        confirmation = new ScimTokenConfirmationProvider({ graphClientFactory: h.clientFactory, now: () => now });
        revocation = new ScimTokenRevocationProvider({ clientFactory: factory });
    });
    afterEach(async () => {
        await auth0.close();
        await h.graph.close();
    });

    it("at its floor: 1 token POST, 1 secrets PUT, 1 validate, 1 token GET (was it used?), 1 DELETE; the old token revoked last", async () => {
        const stack = await firstUp();
        const old = stack.token.tokenId;
        await up(stack, tokenInputs([...USERS, ...GROUPS]));
        assert.deepEqual(auth0.calls(), [
            `POST /api/v2/connections/${CONNECTION}/scim-configuration/tokens`,
            `GET /api/v2/connections/${CONNECTION}/scim-configuration/tokens`,
            `DELETE /api/v2/connections/${CONNECTION}/scim-configuration/tokens/${old}`,
        ]);
        assert.deepEqual(h.graph.calls(), [`PUT /v1.0/servicePrincipals/${SP_ID}/synchronization/secrets`, `POST ${JOB}/validateCredentials`]);
        assert.deepEqual(live().map((t) => t.token_id), [stack.token.tokenId]);
        assert.equal(entraHolds(), stack.token.token);
        assertSafe(stack);

        auth0.reset();
        h.graph.reset();
        await up(stack, tokenInputs([...USERS, ...GROUPS]));
        assert.deepEqual([...auth0.calls(), ...h.graph.calls()], [], "a second up writes nothing");
    });

    const failures: Array<{ step: string; inject: (a: Auth0Emulator, h: Harness) => void }> = [
        { step: "the token POST", inject: (a) => a.inject({ method: "POST", times: 2, response: { status: 503, body: { statusCode: 503, error: "Service Unavailable", message: "down" } } }) },
        { step: "the Secret Token write", inject: (_a, g) => g.graph.inject({ method: "PUT", pathIncludes: "/secrets", times: 4, response: { status: 500, body: { error: { code: "InternalServerError", message: "boom" } } } }) },
        { step: "Entra's confirmation", inject: (_a, g) => g.graph.inject({ method: "POST", pathIncludes: "/validateCredentials", times: 1, response: { status: 400, body: { error: { code: "CredentialValidationUnavailable", message: "try later" } } } }) },
        { step: "the revocation", inject: (a) => a.inject({ method: "DELETE", times: 2, response: { status: 503, body: { statusCode: 503, error: "Service Unavailable", message: "down" } } }) },
    ];
    for (const { step, inject } of failures) {
        it(`a failure at ${step} leaves Entra on a live token, and the rerun converges`, async () => {
            const stack = await firstUp();
            const old = stack.token;
            inject(auth0, h);
            await assert.rejects(up(stack, tokenInputs([...USERS, ...GROUPS])));
            assertSafe(stack);

            await up(stack, tokenInputs([...USERS, ...GROUPS]));
            assertSafe(stack);
            assert.deepEqual(live().map((t) => t.token_id), [stack.token.tokenId], "only the new token is left");
            assert.notEqual(stack.token.tokenId, old.tokenId);
            assert.equal(entraHolds(), stack.token.token);
            assert.deepEqual(stack.revocation.revokedTokenIds, [old.tokenId]);
        });
    }

    describe("`pulumi up --target <revocation>`, which runs the revocation without the confirmation", () => {
        it("refuses when the confirmation in state is for the token Entra held before, and revokes nothing", async () => {
            const stack = await firstUp();
            const old = stack.token;
            // A rotation whose Secret Token write failed: Auth0 has the new token, Entra still the old.
            h.graph.inject({ method: "PUT", pathIncludes: "/secrets", times: 4, response: { status: 500, body: { error: { code: "InternalServerError", message: "boom" } } } });
            await assert.rejects(up(stack, tokenInputs([...USERS, ...GROUPS])));
            assert.equal(entraHolds(), old.token);
            auth0.reset();

            // Only the revocation runs: its inputs come from the state of the token and the confirmation.
            const targeted = revocationInputs(stack.token, stack.confirmation);
            assert.equal((await revocation.diff("r", stack.revocation, targeted)).changes, true);
            await assert.rejects(
                revocation.update("r", stack.revocation, targeted),
                new RegExp(`Refusing to revoke superseded SCIM token ${old.tokenId}: Entra's confirmation in this state is for token ` +
                    `${tokenFingerprint(old.token)}, not the current token ${stack.token.tokenId} \\(${tokenFingerprint(stack.token.token)}\\)`),
            );
            assert.deepEqual(auth0.calls(), [], "not even a DELETE tried");
            assertSafe(stack);

            // A full `up` confirms the new token, and then revokes the old one.
            await up(stack, tokenInputs([...USERS, ...GROUPS]));
            assert.deepEqual(stack.revocation.revokedTokenIds, [old.tokenId]);
            assert.deepEqual(live().map((t) => t.token_id), [stack.token.tokenId]);
            assertSafe(stack);
        });

        it("refuses when only one of the two fingerprints is given", async () => {
            const stack = await firstUp();
            const rotated = (await tokens.update(stack.token.tokenId, stack.token, tokenInputs([...USERS, ...GROUPS]))).outs as ScimTokenOutputs;
            const full = revocationInputs(rotated, stack.confirmation);
            const { confirmedFingerprint: _c, ...noConfirmation } = full;
            await assert.rejects(revocation.update("r", stack.revocation, noConfirmation), /confirmation in this state is for token \(none\)/);
            const { tokenFingerprint: _t, ...noCurrent } = full;
            await assert.rejects(revocation.update("r", stack.revocation, noCurrent), /fingerprint not given/);
            assert.equal(live().length, 2, "nothing revoked");
        });
    });

    describe("evidence that Entra saved the new token, before the old one is revoked", () => {
        it("a Secret Token write Graph acknowledged but did not keep: Entra confirms (the old token still works), nothing is revoked", async () => {
            const stack = await firstUp();
            const old = stack.token;
            // The rotation issues a new token; the write "succeeds", but Entra keeps the old one.
            stack.token = (await tokens.update(stack.token.tokenId, stack.token, tokenInputs([...USERS, ...GROUPS]))).outs as ScimTokenOutputs;
            stack.secret = stack.token.token;
            await up(stack, tokenInputs([...USERS, ...GROUPS]));
            assert.equal(entraHolds(), old.token, "Entra still holds the old token");
            assert.equal(stack.confirmation.confirmedFingerprint, tokenFingerprint(stack.token.token), "validateCredentials passed, on the old token");
            assert.equal(stack.revocation.waitingForUse, true);
            assert.deepEqual(stack.revocation.revokedTokenIds, []);
            assert.equal(live().length, 2, "the old token, which Entra uses, is alive");
            assertSafe(stack);

            // Once Entra really holds the new one (the admin saves it again) and a cycle uses it, the old one goes.
            await writeSecret(stack.token.token);
            live().find((t) => t.token === entraHolds())!.last_used_at = new Date().toISOString();
            await up(stack, tokenInputs([...USERS, ...GROUPS]));
            assert.deepEqual(stack.revocation.revokedTokenIds, [old.tokenId]);
            assert.deepEqual(live().map((t) => t.token_id), [stack.token.tokenId]);
            assertSafe(stack);
        });
    });

    it("when the token Entra held had expired, the running (quarantined) job is restarted after the switch", async () => {
        const stack = await firstUp();
        now = Date.parse(stack.token.validUntil!) + 1_000;
        h.graph.patchJob(SP_ID, JOB_ID, { status: { code: "Quarantine" } });
        // The token provider compares with the real clock: an expiry in the past is always due.
        stack.token = { ...stack.token, validUntil: new Date(Date.now() - 1_000).toISOString() };
        await up(stack, tokenInputs());
        assert.equal(stack.confirmation.restartedJob, true);
        const calls = h.graph.calls();
        assert.ok(calls.indexOf(`POST ${JOB}/restart`) > calls.indexOf(`POST ${JOB}/validateCredentials`));
        assert.deepEqual(JSON.parse(h.graph.requests.find((r) => r.path.endsWith("/restart"))!.body), { criteria: { resetScope: "QuarantineState" } });
        assert.equal(h.graph.job(SP_ID, JOB_ID)!.status!.code, "Active");
    });

    it("a paused job is left paused after a rotation of an expired token", async () => {
        const stack = await firstUp();
        now = Date.parse(stack.token.validUntil!) + 1_000;
        h.graph.patchJob(SP_ID, JOB_ID, { status: { code: "Paused" } });
        stack.token = { ...stack.token, validUntil: new Date(Date.now() - 1_000).toISOString() };
        await up(stack, tokenInputs());
        assert.ok(h.graph.calls().includes(`POST ${JOB}/validateCredentials`), "the rotation happened");
        assert.equal(stack.confirmation.restartedJob, false);
        assert.ok(!h.graph.calls().some((c) => c.endsWith("/restart")));
    });

    it("a revocation given no superseded list (a token from before rotation was tracked) does nothing and does not fail", async () => {
        const token = (await tokens.create(tokenInputs())).outs as ScimTokenOutputs;
        const legacy = { connectionId: CONNECTION, tokenId: token.tokenId, confirmation: "entra" } as unknown as ScimTokenRevocationInputs;
        const { outs } = await revocation.create(legacy);
        assert.deepEqual(outs!.revokedTokenIds, []);
        assert.deepEqual(live().map((t) => t.token_id), [token.tokenId]);
    });

    describe("a vendor stack, which cannot see the customer's Entra", () => {
        it("keeps the superseded token until the customer's Entra has used the new one, then revokes it", async () => {
            const token = (await tokens.create(tokenInputs())).outs as ScimTokenOutputs;
            let state = (await revocation.create(revocationInputs(token))).outs as ScimTokenRevocationOutputs;
            const rotated = (await tokens.update(token.tokenId, token, tokenInputs([...USERS, ...GROUPS]))).outs as ScimTokenOutputs;
            auth0.reset();

            const inputs = revocationInputs(rotated);
            assert.equal((await revocation.diff("r", state, inputs)).changes, true);
            state = (await revocation.update("r", state, inputs)).outs as ScimTokenRevocationOutputs;
            assert.equal(state.waitingForUse, true);
            assert.deepEqual(auth0.calls(), [`GET /api/v2/connections/${CONNECTION}/scim-configuration/tokens`], "one look, no revocation");
            assert.equal(live().length, 2);

            // The customer's admin puts the new token in; Entra uses it.
            live().find((t) => t.token_id === rotated.tokenId)!.last_used_at = new Date().toISOString();
            assert.equal((await revocation.diff("r", state, inputs)).changes, true, "a waiting revocation looks again on every up");
            state = (await revocation.update("r", state, inputs)).outs as ScimTokenRevocationOutputs;
            assert.equal(state.waitingForUse, false);
            assert.deepEqual(state.revokedTokenIds, [token.tokenId]);
            assert.deepEqual(live().map((t) => t.token_id), [rotated.tokenId]);
            assert.equal((await revocation.diff("r", state, inputs)).changes, false);
        });
    });
});
