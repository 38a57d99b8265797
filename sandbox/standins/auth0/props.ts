/**
 * Property helpers for the stand-in: `@pulumi/pulumi/provider`'s server hands over the engine's
 * structs as they are (`acceptSecrets` on), so secrets arrive as `{[sigKey]: secretSig, value}` and
 * preview-time unknowns as the unknown sentinel string. Outputs are sent back the same way.
 */
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

export const isUnknown = (value: unknown): boolean => value === unknownValue;

export const isSecret = (value: unknown): value is { value: unknown } =>
    !!value && typeof value === "object" && (value as Record<string, unknown>)[specialSigKey] === specialSecretSig;

/** Wraps a value as a Pulumi secret in a property struct. */
export const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

/** Removes every secret wrapper, deeply. */
export function unwrap<T = any>(value: unknown): T {
    if (isSecret(value)) return unwrap(value.value);
    if (Array.isArray(value)) return value.map((v) => unwrap(v)) as T;
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v)])) as T;
    }
    return value as T;
}

/** True when anything inside is unknown (preview). */
export function containsUnknown(value: unknown): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/**
 * Whether the configured value `wanted` differs from the state `actual`, as the bridge's plan sees it
 * for Optional+Computed blocks: objects are compared on the keys the program sets (a key the program
 * leaves out keeps the tenant's value), lists and scalars as a whole. `sets` names list properties
 * compared without order (Terraform TypeSet).
 */
export function differs(wanted: unknown, actual: unknown, asSet = false): boolean {
    if (containsUnknown(wanted)) return true;
    if (wanted === undefined || wanted === null) return false;
    if (Array.isArray(wanted)) {
        if (!Array.isArray(actual) || wanted.length !== actual.length) return true;
        if (asSet) {
            const key = (v: unknown) => JSON.stringify(sortKeys(v));
            const have = actual.map(key).sort();
            return wanted.map(key).sort().some((k, i) => k !== have[i]);
        }
        return wanted.some((w, i) => differs(w, actual[i]) || (isEmpty(w) !== isEmpty(actual[i])));
    }
    if (typeof wanted === "object") {
        if (!actual || typeof actual !== "object" || Array.isArray(actual)) return true;
        return Object.entries(wanted).some(([k, v]) => differs(v, (actual as Record<string, unknown>)[k]));
    }
    return wanted !== actual;
}

const isEmpty = (v: unknown) => v === undefined || v === null;

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
    }
    return value;
}

/** Drops undefined values (the struct conversion would turn them into nulls). */
export function compact<T extends Record<string, unknown>>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** `clientSecret` -> `client_secret`. */
export const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** `client_secret` -> `clientSecret`. */
export const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
