/**
 * The SCIM token's expiry as the stack sees it: output `scimTokenValidUntil` (absent when the token never
 * expires) and config `auth0-entra-scim:scimTokenRotateBeforeDays` (default 14, as in components/config.ts).
 * The first `pulumi up` inside that window replaces the token.
 */
import type { StackConfig, StackOutputs } from "./operations";

export const ROTATE_BEFORE_DAYS_KEY = "auth0-entra-scim:scimTokenRotateBeforeDays";
export const DEFAULT_ROTATE_BEFORE_DAYS = 14;
const DAY_MS = 86_400_000;

export interface TokenExpiry {
    /** ISO time; undefined when the token never expires. */
    readonly validUntil?: string;
    /** Whole days left, rounded down; negative once expired; undefined when it never expires. */
    readonly daysToExpiry?: number;
    readonly rotateBeforeDays: number;
    /** True when `validUntil - rotateBeforeDays <= now`: the next `pulumi up` replaces it. */
    readonly rotationDue: boolean;
    readonly expired: boolean;
}

export function rotateBeforeDays(config: StackConfig | undefined): number {
    const raw = config?.[ROTATE_BEFORE_DAYS_KEY]?.value;
    const days = raw === undefined || raw.trim() === "" ? NaN : Number(raw);
    return Number.isInteger(days) && days >= 0 ? days : DEFAULT_ROTATE_BEFORE_DAYS;
}

/**
 * Undefined when the stack has no outputs at all (never deployed, or they could not be read): then
 * nothing is known about its token. An unparseable `scimTokenValidUntil` counts as due, so it is looked at.
 */
export function tokenExpiry(outputs: StackOutputs | undefined, config: StackConfig | undefined, now: Date): TokenExpiry | undefined {
    if (!outputs || Object.keys(outputs).length === 0) return undefined;
    const before = rotateBeforeDays(config);
    const raw = outputs.scimTokenValidUntil?.value;
    if (raw === undefined || raw === null || raw === "") {
        return { rotateBeforeDays: before, rotationDue: false, expired: false };
    }
    const validUntil = String(raw);
    const until = Date.parse(validUntil);
    if (Number.isNaN(until)) return { validUntil, rotateBeforeDays: before, rotationDue: true, expired: false };
    return {
        validUntil,
        daysToExpiry: Math.floor((until - now.getTime()) / DAY_MS),
        rotateBeforeDays: before,
        rotationDue: until - before * DAY_MS <= now.getTime(),
        expired: until <= now.getTime(),
    };
}

/** `never`, `12d`, `expired 3d ago`, `-` when unknown. */
export function formatExpiry(expiry: TokenExpiry | undefined): string {
    if (!expiry) return "-";
    if (expiry.validUntil === undefined) return "never";
    if (expiry.daysToExpiry === undefined) return "unreadable";
    if (expiry.expired) return `expired ${Math.max(0, -expiry.daysToExpiry - 1)}d ago`;
    return `${expiry.daysToExpiry}d${expiry.rotationDue ? " (rotate)" : ""}`;
}
