/**
 * Dynamic provider for an Auth0 SCIM token with an optional expiry, which auth0.ConnectionScimToken
 * cannot set. A token is immutable in Auth0, so a rotation (new scopes or lifetime, or expiry within
 * `rotateBeforeDays`) issues a new one. It is an in-place update that keeps the old token's id in
 * `supersededTokenIds` and never revokes it: Entra may still hold it, and only `ScimTokenCutover`,
 * after Entra has confirmed the new token, may revoke it. (A create-before-delete replacement would
 * leave the old token as a pending delete after a failed `up`, and the next `up` would revoke it
 * first, while Entra still uses it.) Only a new connection replaces the resource.
 *
 * Pulumi serialises this object (with its class and what its methods capture) into the state when a
 * resource is declared, and runs it in a separate provider process: credentials are therefore read
 * only there, in `configure` or on first use, and never kept on it beforehand.
 */
import { versionChanged } from "../providerVersion";
import type * as pulumi from "@pulumi/pulumi";
import type { Management } from "auth0";
import { isVendorCallError, vendorCallError, type VendorCallError } from "../errors";
import type { RetryEvent } from "../retry";
import { statusOf, vendorError } from "./auth0Errors";
import {
    auth0SecretValues,
    type Auth0Credentials,
    type ClientSettings,
    credentialsClientFactory,
    lookupCredentials,
    requireCredentials,
    type ScimTokensClient,
    type ScimTokensClientFactory,
} from "./managementClient";
import {
    checkInputs,
    createRequest,
    newTokenReasons,
    outputsOf,
    rotationReasons,
    sameScopes,
    type ScimTokenInputs,
    type ScimTokenOutputs,
} from "./scimTokenRules";

/** How far Auth0's `created_at` may lag our clock and still count as made by our retried POST. */
const CLOCK_SKEW_MS = 5_000;

const tokensPath = (connectionId: string) => `/connections/${connectionId}/scim-configuration/tokens`;

export interface ScimTokenProviderOptions {
    /** Replaces the credentials-based client, e.g. to point at an emulator with a static token. */
    readonly clientFactory?: ScimTokensClientFactory;
    /** For the credentials-based client: retry bounds, fetch, deadline. Defaults suit production. */
    readonly clientSettings?: ClientSettings;
}

export class ScimTokenProvider implements pulumi.dynamic.ResourceProvider<ScimTokenInputs, ScimTokenOutputs> {
    private clientFactory?: ScimTokensClientFactory;
    private readonly clientSettings?: ClientSettings;
    /** Set in the provider process only (see the file comment). */
    private credentials?: Partial<Auth0Credentials>;

    constructor(options: ScimTokenProviderOptions = {}) {
        this.clientFactory = options.clientFactory;
        this.clientSettings = options.clientSettings;
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.credentials = lookupCredentials(req.config, process.env);
    }

    async check(_olds: ScimTokenInputs, news: ScimTokenInputs): Promise<pulumi.dynamic.CheckResult<ScimTokenInputs>> {
        return checkInputs(news as unknown as Record<string, unknown>);
    }

    async diff(_id: string, olds: ScimTokenOutputs, news: ScimTokenInputs): Promise<pulumi.dynamic.DiffResult> {
        const reasons = newTokenReasons(olds, news, Date.now());
        return {
            // A token from before rotation was tracked gets its (empty) superseded list written once.
            // A new provider version alone: an update that re-serialises this code and calls nothing.
            changes: reasons.length > 0 || news.rotateBeforeDays !== olds.rotateBeforeDays || olds.supersededTokenIds === undefined
                || versionChanged(olds, news),
            replaces: reasons.filter((reason) => reason === "connectionId"),
            deleteBeforeReplace: false,
        };
    }

    async create(inputs: ScimTokenInputs): Promise<pulumi.dynamic.CreateResult<ScimTokenOutputs>> {
        const outs = await this.issue(inputs, [], { supersededTokenIds: [] });
        return { id: outs.tokenId, outs };
    }

    /**
     * One POST; on failure nothing new is left behind. At Auth0's two-token limit, untracked tokens that
     * are provably ours are revoked and the POST is made once more (see `orphansAt409`).
     */
    private async issue(inputs: ScimTokenInputs, supersededTokenIds: string[], known: KnownTokens, retried = false): Promise<ScimTokenOutputs> {
        const { connectionId } = inputs;
        let ambiguous = false;
        const client = this.client((event) => {
            ambiguous ||= event.ambiguous;
        });
        const call = `Auth0 POST ${tokensPath(connectionId)}`;
        const startedAt = Date.now();

        let created: Management.CreateScimTokenResponseContent;
        try {
            created = await client.create(connectionId, createRequest(inputs));
        } catch (error) {
            const status = statusOf(error);
            // A 5xx or lost connection on the last attempt may also have created a token.
            const cleanup = ambiguous || status === undefined || status >= 500
                ? await this.revokeCreatedSince(client, inputs, startedAt, undefined).then(() => "", (e: Error) => ` ${e.message}`)
                : "";
            if (status === 409 && !retried && !cleanup) {
                const { revoked, failure } = await this.orphansAt409(client, call, inputs, known, error);
                if (revoked.length > 0) return this.issue(inputs, supersededTokenIds, known, true);
                throw failure;
            }
            const failure = status === 409 ? (await this.orphansAt409(client, call, inputs, known, error, false)).failure : vendorError(call, error, this.secrets());
            throw cleanup ? vendorCallError(failure.call, failure.status, failure.vendorMessage + cleanup) : failure;
        }

        const { token_id: tokenId, token } = created;
        try {
            if (!tokenId || !token || !created.created_at) {
                throw vendorCallError(call, 201, "the answer lacks token_id, token or created_at");
            }
            if (ambiguous) await this.revokeCreatedSince(client, inputs, startedAt, tokenId);
            return outputsOf(inputs, created, token, supersededTokenIds);
        } catch (error) {
            // No orphans: a token we cannot hand over is revoked.
            const revoked = tokenId
                ? await this.revoke(client, connectionId, tokenId).then(() => "it was revoked", (e: Error) => `revoking it failed too: ${e.message}`)
                : "it has no id to revoke";
            const failure = isVendorCallError(error) ? error : vendorError(call, error, this.secrets(token));
            throw vendorCallError(failure.call, failure.status, `${failure.vendorMessage} (token ${tokenId} was created; ${revoked})`);
        }
    }

    /**
     * Refresh: Auth0's list never returns the secret, so `token` stays as created. Superseded tokens
     * Auth0 no longer lists (revoked by the cutover, or expired) leave `supersededTokenIds`.
     */
    async read(id: string, props?: ScimTokenOutputs): Promise<pulumi.dynamic.ReadResult<ScimTokenOutputs>> {
        if (!props?.connectionId) {
            throw new Error("ScimToken cannot be imported: Auth0 shows a token's value only in the create response");
        }
        let tokens: Management.ScimTokenItem[];
        try {
            tokens = await this.client(() => undefined).get(props.connectionId);
        } catch (error) {
            // The connection itself is gone, and its tokens with it.
            if (statusOf(error) === 404) return { id: "" };
            throw vendorError(`Auth0 GET ${tokensPath(props.connectionId)}`, error, this.secrets(props.token));
        }
        const item = tokens.find((t) => t.token_id === (props.tokenId ?? id));
        // A blank id tells the engine the resource is gone, so the next `up` creates a new token.
        const listed = new Set(tokens.map((t) => t.token_id));
        const superseded = (props.supersededTokenIds ?? []).filter((tokenId) => listed.has(tokenId));
        if (!item) {
            // Gone, and nothing of ours left: the next `up` creates a new token.
            if (superseded.length === 0) return { id: "" };
            // Gone, but an older token is live and Entra may hold it: keep tracking it until it is revoked.
            return { id, props: { ...props, supersededTokenIds: superseded, tokenGone: true } };
        }
        return { id, props: outputsOf(props, item, props.token, superseded) };
    }

    /**
     * A rotation issues a new token (1 POST) and moves the current one to `supersededTokenIds`,
     * unrevoked. A change of `rotateBeforeDays` alone calls nothing.
     */
    async update(_id: string, olds: ScimTokenOutputs, news: ScimTokenInputs): Promise<pulumi.dynamic.UpdateResult<ScimTokenOutputs>> {
        const superseded = olds.supersededTokenIds ?? [];
        if (rotationReasons(olds, news, Date.now()).length > 0) {
            try {
                const known: KnownTokens = { tokenId: olds.tokenId, createdAt: olds.createdAt, supersededTokenIds: superseded };
                return { outs: await this.issue(news, olds.tokenGone ? superseded : [...superseded, olds.tokenId], known) };
            } catch (error) {
                const deferred = isVendorCallError(error) && error.status === 409 ? await this.unfinishedRotation(olds) : undefined;
                if (!deferred) throw error;
                // Auth0's two tokens are the current one and one Entra may still hold: revoking either
                // could strand Entra. Keep going on the current token; the revocation after Entra's
                // confirmation frees the slot, and the next `up` rotates.
                return { outs: { ...olds, rotationDeferred: deferred } };
            }
        }
        const token = { token_id: olds.tokenId, created_at: olds.createdAt, valid_until: olds.validUntil };
        return { outs: outputsOf(news, token, olds.token, superseded) };
    }

    /** Destroy (or a new connection): revokes the token and every superseded one still held in state. */
    async delete(id: string, props: ScimTokenOutputs): Promise<void> {
        const client = this.client(() => undefined);
        for (const tokenId of props.supersededTokenIds ?? []) await this.revoke(client, props.connectionId, tokenId);
        await this.revoke(client, props.connectionId, props.tokenId ?? id, props.token);
    }

    private client(onRetry: (event: RetryEvent) => void): ScimTokensClient {
        this.clientFactory ??= credentialsClientFactory(
            requireCredentials(this.credentials ?? lookupCredentials(undefined, process.env)),
            this.clientSettings,
        );
        return this.clientFactory(onRetry);
    }

    private secrets(token?: string): Array<string | undefined> {
        return [token, ...auth0SecretValues(this.credentials)];
    }

    /** DELETE one token; 404 means it is already gone. */
    private async revoke(client: ScimTokensClient, connectionId: string, tokenId: string, token?: string): Promise<void> {
        try {
            await client.delete(connectionId, tokenId);
        } catch (error) {
            if (statusOf(error) !== 404) {
                throw vendorError(`Auth0 DELETE ${tokensPath(connectionId)}/${tokenId}`, error, this.secrets(token));
            }
        }
    }

    /**
     * After a POST that may have been carried out more than once: revokes every token with these scopes
     * created since the first attempt started, except `keep`. Another token with the same scopes created
     * on the same connection within those seconds would be taken for ours; we accept that risk.
     */
    private async revokeCreatedSince(client: ScimTokensClient, inputs: ScimTokenInputs, startedAt: number, keep: string | undefined): Promise<void> {
        let tokens: Management.ScimTokenItem[];
        try {
            tokens = await client.get(inputs.connectionId);
        } catch (error) {
            const listing = vendorError(`Auth0 GET ${tokensPath(inputs.connectionId)}`, error, this.secrets());
            throw new Error(`Could not look for duplicate tokens left by a retried create: ${listing.message}`);
        }
        const strays = tokens.filter(
            (t) =>
                t.token_id !== undefined &&
                t.token_id !== keep &&
                Date.parse(t.created_at ?? "") >= startedAt - CLOCK_SKEW_MS &&
                sameScopes(t.scopes, inputs.scopes),
        );
        for (const stray of strays) await this.revoke(client, inputs.connectionId, stray.token_id as string);
    }

    /** When a superseded token of ours is still live: why a rotation must wait. */
    private async unfinishedRotation(olds: ScimTokenOutputs): Promise<string | undefined> {
        const live = await this.client(() => undefined).get(olds.connectionId).then(
            (tokens) => tokens.map((t) => t.token_id),
            () => [] as Array<string | undefined>,
        );
        const pending = (olds.supersededTokenIds ?? []).filter((tokenId) => live.includes(tokenId));
        if (pending.length === 0) return undefined;
        return (
            `rotation put off: the previous rotation has not finished (superseded token ${pending.join(", ")} is still live, ` +
            "and Auth0 allows two tokens). It is revoked once Entra confirms the current token; the next `pulumi up` rotates."
        );
    }

    /**
     * At Auth0's two-token limit: lists the connection's tokens and sorts out the ones this resource
     * does not track (orphans: a POST whose answer was lost and whose clean-up failed, a process killed
     * after its POST, or a token made elsewhere, e.g. in the self-service flow).
     *
     * An orphan is provably ours when it has exactly the scopes (and lifetime) we ask for, was never
     * used, and was created after the newest token we track (and is not the one we hold): only our own
     * interrupted POST makes such a token. Its value was shown once, in the answer that was lost, so it
     * cannot be adopted: nobody holds it, Entra cannot be given it, and revoking it is the only safe
     * choice. Anything else may be a token someone (Entra) holds: it is reported with the command that
     * revokes it, for a person to decide. With `revoke` false nothing is revoked (the report only).
     */
    private async orphansAt409(
        client: ScimTokensClient, call: string, inputs: ScimTokenInputs, known: KnownTokens, error: unknown, revoke = true,
    ): Promise<{ revoked: string[]; failure: VendorCallError }> {
        const { connectionId } = inputs;
        const conflict = vendorError(call, error, this.secrets());
        const fail = (detail: string) =>
            vendorCallError(conflict.call, conflict.status, `${conflict.vendorMessage}. Auth0 allows at most 2 SCIM tokens per connection; ${detail}`);
        let tokens: Management.ScimTokenItem[];
        try {
            tokens = await client.get(connectionId);
        } catch (e) {
            const listing = vendorError(`Auth0 GET ${tokensPath(connectionId)}`, e, this.secrets()).message;
            return {
                revoked: [],
                failure: fail(`existing tokens could not be listed: ${listing}. List them with ${this.command("GET", connectionId)}, revoke one that is no longer used and run again.`),
            };
        }
        const tracked = new Set([known.tokenId, ...known.supersededTokenIds].filter((id): id is string => Boolean(id)));
        const untracked = tokens.filter((t) => t.token_id && !tracked.has(t.token_id));
        const verdicts = untracked.map((t) => ({ token: t, reason: notProvablyOursBecause(t, inputs, known, tokens) }));
        const ours = revoke ? verdicts.filter((v) => v.reason === undefined).map((v) => v.token.token_id as string) : [];
        const revoked: string[] = [];
        const revokeFailures: string[] = [];
        for (const tokenId of ours) {
            try {
                await this.revoke(client, connectionId, tokenId);
                revoked.push(tokenId);
            } catch (e) {
                revokeFailures.push(`revoking our orphan ${tokenId} failed: ${(e as Error).message}`);
            }
        }
        const describe = (t: Management.ScimTokenItem) =>
            `${t.token_id} (scopes ${(t.scopes ?? []).join(" ") || "none"}, created ${t.created_at}` +
            `${t.valid_until ? `, valid until ${t.valid_until}` : ", no expiry"}${t.last_used_at ? `, last used ${t.last_used_at}` : ", never used"})`;
        const role = (t: Management.ScimTokenItem) =>
            t.token_id === known.tokenId ? "the current token" : "superseded, revoked once Entra confirms the current token";
        const lines = [
            ...tokens.filter((t) => t.token_id && tracked.has(t.token_id)).map((t) => `${describe(t)}: ${role(t)}`),
            ...verdicts
                .filter((v) => !revoked.includes(v.token.token_id as string))
                .map((v) =>
                    `${describe(v.token)}: not tracked by this stack, and not provably ours (${v.reason ?? "its revocation failed"}); ` +
                    `if Entra does not use it, revoke it with ${this.command("DELETE", connectionId, v.token.token_id)} ` +
                    "(or in the Auth0 dashboard: the connection's Provisioning tab, SCIM tokens) and run again",
                ),
        ];
        return { revoked, failure: fail(`existing tokens: ${lines.join("; ") || "none listed"}.${revokeFailures.map((f) => ` ${f}.`).join("")}`) };
    }

    /** The Management API call a person can run; the bearer stays in the environment, never in the text. */
    private command(method: "GET" | "DELETE", connectionId: string, tokenId?: string): string {
        const domain = this.credentials?.domain ?? "$AUTH0_DOMAIN";
        const url = `https://${domain}/api/v2${tokensPath(connectionId)}${tokenId ? `/${tokenId}` : ""}`;
        return `\`curl -X ${method} "${url}" -H "Authorization: Bearer $AUTH0_MGMT_TOKEN"\``;
    }
}

/** The tokens this resource tracks, as far as its state knows them. */
interface KnownTokens {
    /** The token held in state (absent on create). */
    readonly tokenId?: string;
    readonly createdAt?: string;
    readonly supersededTokenIds: string[];
}

/** How far a listed token's lifetime may differ from the one we ask for (second rounding). */
const LIFETIME_SLACK_MS = 2_000;

/**
 * Why an untracked token is not provably the orphan of our own interrupted POST, or undefined when it
 * is (see `orphansAt409`). On create nothing of ours exists to date it against, so nothing is provable.
 */
export function notProvablyOursBecause(
    candidate: Management.ScimTokenItem, inputs: ScimTokenInputs, known: KnownTokens, listed: Management.ScimTokenItem[],
): string | undefined {
    if (!sameScopes(candidate.scopes, inputs.scopes)) return `its scopes are not this stack's ${inputs.scopes.join(" ")}`;
    const created = Date.parse(candidate.created_at ?? "");
    const validUntil = candidate.valid_until ? Date.parse(candidate.valid_until) : undefined;
    if (inputs.lifetimeSeconds === undefined ? validUntil !== undefined
        : validUntil === undefined || Math.abs(validUntil - created - inputs.lifetimeSeconds * 1000) > LIFETIME_SLACK_MS) {
        return `its lifetime is not this stack's (${inputs.lifetimeSeconds === undefined ? "no expiry" : `${inputs.lifetimeSeconds} s`})`;
    }
    if (candidate.last_used_at) return "it has been used, so someone holds it";
    const ours = [known.createdAt, ...listed.filter((t) => t.token_id && known.supersededTokenIds.includes(t.token_id)).map((t) => t.created_at)]
        .map((at) => Date.parse(at ?? ""))
        .filter((at) => !Number.isNaN(at));
    if (ours.length === 0) return "this stack holds no token to date it against";
    const newest = Math.max(...ours);
    if (!(created > newest)) return `it was created before or with this stack's newest token (${new Date(newest).toISOString()})`;
    return undefined;
}
