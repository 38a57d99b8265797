/**
 * Reading resource properties that may be unknown.
 *
 * During `pulumi preview`, a property computed from another resource's output (a connection id, a
 * client id) is not known yet. The engine sends it as a sentinel string, and @pulumi/policy wraps
 * `props` in a proxy that throws `UnknownValueError` when such a value is read. Left uncaught, that
 * error turns the whole policy into a "can't run during preview" note, and in a stack policy it
 * skips every other resource too. So the policies first copy what they need into plain data with
 * `UNKNOWN` in place of unknown values, and then decide nothing on an `UNKNOWN`: no violation is
 * ever reported because a value is unknown. `pulumi up` runs the resource policies again, with every
 * value known, before each resource is created or updated.
 */
import { UnknownValueError } from "@pulumi/policy";

/** A value that cannot be known until the update runs. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

/**
 * The engine's wire sentinels for unknown values (Pulumi's `plugin.Unknown*Value`, the same strings
 * @pulumi/policy's proxy checks for): bool, number, string, array, asset, archive, object.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): value is Unknown {
    return value === UNKNOWN || (typeof value === "string" && UNKNOWN_SENTINELS.has(value));
}

function isUnknownValueError(error: unknown): boolean {
    return error instanceof UnknownValueError || (error instanceof Error && error.name === "UnknownValueError") ||
        (error instanceof Error && error.constructor?.name === "UnknownValueError");
}

/** Reads one property, `UNKNOWN` if the proxy says it cannot be known. */
function read(get: () => unknown): unknown {
    try {
        return get();
    } catch (error) {
        if (isUnknownValueError(error)) return UNKNOWN;
        throw error;
    }
}

/**
 * A plain copy of `value` (resource props, or a part of them), with `UNKNOWN` wherever a value is
 * unknown. Works on @pulumi/policy's proxied props and on ordinary objects alike.
 */
export function plain(value: unknown): unknown {
    if (isUnknown(value)) return UNKNOWN;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
        const length = read(() => value.length);
        if (typeof length !== "number") return UNKNOWN;
        const out: unknown[] = [];
        for (let i = 0; i < length; i++) out.push(plain(read(() => value[i])));
        return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        out[key] = plain(read(() => (value as Record<string, unknown>)[key]));
    }
    return out;
}

/** `props[path[0]][path[1]]…` as plain data; `undefined` if a level is missing, `UNKNOWN` if unknown. */
export function prop(props: unknown, ...path: string[]): unknown {
    let current: unknown = props;
    for (const key of path) {
        if (isUnknown(current)) return UNKNOWN;
        if (current === null || typeof current !== "object") return undefined;
        const container = current;
        current = read(() => (container as Record<string, unknown>)[key]);
    }
    return plain(current);
}

/** Renders a value for a violation message (never used on secret values). */
export function show(value: unknown): string {
    if (value === undefined) return "unset";
    if (isUnknown(value)) return "unknown";
    return JSON.stringify(value);
}
