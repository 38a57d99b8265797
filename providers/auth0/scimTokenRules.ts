/**
 * The ScimToken resource's pure rules: its input and output shapes, input validation (`check`), what
 * forces a new token (`diff`), and the mapping from Auth0's token bodies to outputs. No I/O here.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Management } from "auth0";
import type { Versioned } from "../providerVersion";

/** The provider-side (unwrapped) inputs; documented on `ScimTokenArgs`. */
export interface ScimTokenInputs extends Versioned {
    readonly connectionId: string;
    readonly scopes: string[];
    readonly lifetimeSeconds?: number;
    readonly rotateBeforeDays?: number;
    /** Any change rotates the token now (a leak, an operator's decision). Default 0. */
    readonly generation?: number;
}

export interface ScimTokenOutputs extends ScimTokenInputs {
    readonly tokenId: string;
    /** The bearer token; Auth0 returns it only once, in the create response. */
    readonly token: string;
    readonly createdAt: string;
    /** Absent when the token never expires. */
    readonly validUntil?: string;
    /**
     * Tokens this resource issued before the current one, oldest first, that Entra may still hold.
     * A rotation never revokes them itself: `ScimTokenCutover` does, once Entra has confirmed the new
     * token; `pulumi refresh` drops the ids Auth0 no longer lists, and `destroy` revokes what is left.
     */
    readonly supersededTokenIds?: string[];
    /**
     * Set by a refresh that found this token gone (revoked or expired) while superseded ones are still
     * live: the next `up` issues a new token and keeps tracking the superseded ones.
     */
    readonly tokenGone?: boolean;
    /** Why the last due rotation was put off (a previous rotation not finished yet). */
    readonly rotationDeferred?: string;
}

export const DEFAULT_ROTATE_BEFORE_DAYS = 14;
/** Auth0: "Lifetime of the token in seconds. Must be greater than 900". */
export const MIN_LIFETIME_SECONDS = 900;
const DAY_SECONDS = 86_400;
const SCOPE = /^(get|post|put|patch|delete):(users|groups)$/;

/** During preview, inputs that depend on resources not yet created arrive as this sentinel. */
const isUnknown = (value: unknown) => value === pulumi.runtime.unknownValue;

export function checkInputs(news: Record<string, any>): pulumi.dynamic.CheckResult<ScimTokenInputs> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const fail = (property: string, reason: string) => failures.push({ property, reason });
    const { connectionId, scopes, lifetimeSeconds } = news;
    const rotateBeforeDays = news.rotateBeforeDays ?? DEFAULT_ROTATE_BEFORE_DAYS;

    if (!isUnknown(connectionId) && (typeof connectionId !== "string" || connectionId.trim() === "")) {
        fail("connectionId", "connectionId must be the id of the Auth0 connection (con_…) whose SCIM configuration issues the token");
    }
    if (!isUnknown(scopes)) {
        const bad = Array.isArray(scopes)
            ? scopes.filter((s) => !isUnknown(s) && (typeof s !== "string" || !SCOPE.test(s)))
            : undefined;
        if (!Array.isArray(scopes) || scopes.length === 0 || (bad && bad.length > 0)) {
            fail(
                "scopes",
                "scopes must list one or more of get|post|put|patch|delete:users and get|post|put|patch|delete:groups" +
                    (bad && bad.length > 0 ? `; not valid: ${bad.map((s) => JSON.stringify(s)).join(", ")}` : ""),
            );
        }
    }
    const lifetimeKnown = lifetimeSeconds !== undefined && !isUnknown(lifetimeSeconds);
    if (lifetimeKnown && !(Number.isInteger(lifetimeSeconds) && lifetimeSeconds > MIN_LIFETIME_SECONDS)) {
        fail(
            "lifetimeSeconds",
            `lifetimeSeconds must be a whole number of seconds greater than ${MIN_LIFETIME_SECONDS} (Auth0's minimum); ` +
                `got ${JSON.stringify(lifetimeSeconds)}. Leave it unset for a token that never expires.`,
        );
    }
    if (!isUnknown(rotateBeforeDays)) {
        if (typeof rotateBeforeDays !== "number" || !(rotateBeforeDays >= 0)) {
            fail("rotateBeforeDays", `rotateBeforeDays must be a number of days, 0 or more; got ${JSON.stringify(rotateBeforeDays)}`);
        } else if (lifetimeKnown && typeof lifetimeSeconds === "number" && rotateBeforeDays >= lifetimeSeconds / DAY_SECONDS) {
            const lifetimeDays = +(lifetimeSeconds / DAY_SECONDS).toFixed(2);
            fail(
                "rotateBeforeDays",
                `rotateBeforeDays (${rotateBeforeDays}) must be smaller than the token lifetime in days (${lifetimeDays}), ` +
                    "or every `pulumi up` would replace the token. Lower rotateBeforeDays or raise lifetimeSeconds.",
            );
        }
    }
    return { inputs: { ...news, rotateBeforeDays } as ScimTokenInputs, failures };
}

/** Scopes are a set to Auth0: order and repeats do not matter. */
export function sameScopes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
    const left = new Set(a ?? []);
    const right = new Set(b ?? []);
    return left.size === right.size && [...left].every((s) => right.has(s));
}

/**
 * The properties whose change needs a new token: `connectionId` (another connection: a replacement)
 * and `scopes`, `lifetimeSeconds` and `validUntil` (a rotation, done as an update so the old token's
 * id stays in state until Entra holds the new one). `validUntil` is listed when the token expires
 * within `rotateBeforeDays` of `now`: the dynamic provider API has no free-text reason, so the
 * property is the reason the engine shows.
 */
export function newTokenReasons(olds: ScimTokenOutputs, news: ScimTokenInputs, now: number): string[] {
    const reasons: string[] = [];
    if (isUnknown(news.connectionId) || news.connectionId !== olds.connectionId) reasons.push("connectionId");
    reasons.push(...rotationReasons(olds, news, now));
    return reasons;
}

/** The reasons for a new token on the same connection (see `newTokenReasons`). */
export function rotationReasons(olds: ScimTokenOutputs, news: ScimTokenInputs, now: number): string[] {
    const reasons: string[] = [];
    if (olds.tokenGone) reasons.push("tokenId");
    if (isUnknown(news.scopes) || news.scopes.some(isUnknown) || !sameScopes(olds.scopes, news.scopes)) reasons.push("scopes");
    if (isUnknown(news.lifetimeSeconds) || news.lifetimeSeconds !== olds.lifetimeSeconds) reasons.push("lifetimeSeconds");
    if (isUnknown(news.generation) || (news.generation ?? 0) !== (olds.generation ?? 0)) reasons.push("generation");
    const rotateBeforeDays = news.rotateBeforeDays ?? DEFAULT_ROTATE_BEFORE_DAYS;
    if (olds.validUntil !== undefined && !isUnknown(rotateBeforeDays)) {
        if (Date.parse(olds.validUntil) - now <= rotateBeforeDays * DAY_SECONDS * 1000) reasons.push("validUntil");
    }
    return reasons;
}

/** Drops keys whose value is undefined: the engine's property structs cannot carry them. */
function defined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The create request body; `token_lifetime` only when the token should expire. */
export function createRequest(inputs: ScimTokenInputs): Management.CreateScimTokenRequestContent {
    return defined({ scopes: inputs.scopes, token_lifetime: inputs.lifetimeSeconds });
}

/** Outputs from a token as Auth0 describes it (create response or list item) and the secret kept from create. */
export function outputsOf(
    inputs: ScimTokenInputs, item: Management.ScimTokenItem, token: string, supersededTokenIds: string[] = [],
): ScimTokenOutputs {
    return defined({
        connectionId: inputs.connectionId,
        scopes: item.scopes ?? inputs.scopes,
        lifetimeSeconds: inputs.lifetimeSeconds,
        rotateBeforeDays: inputs.rotateBeforeDays,
        generation: inputs.generation,
        providerVersion: inputs.providerVersion,
        tokenId: item.token_id as string,
        token,
        createdAt: item.created_at as string,
        validUntil: item.valid_until,
        supersededTokenIds,
    });
}
