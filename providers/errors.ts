/**
 * Errors the dynamic providers raise: which call failed, the HTTP status and the vendor's own message,
 * with every known secret value blotted out. Pulumi prints these verbatim in `pulumi up` output and CI
 * logs, so nothing that reaches `message` may carry a token or a client secret.
 */

export interface VendorCallError extends Error {
    readonly name: "VendorCallError";
    /** What we were doing, e.g. "Auth0 POST /connections/{id}/scim-configuration/tokens". */
    readonly call: string;
    readonly status: number | undefined;
    readonly vendorMessage: string;
}

// A factory over a plain Error rather than a subclass: the dynamic providers run from Pulumi's
// serialised closure, which replays `class … extends Error` as `Error.call(this, …)` and so loses the
// message and `instanceof Error` that the engine needs to report the failure.
export function vendorCallError(call: string, status: number | undefined, vendorMessage: string): VendorCallError {
    const message = `${call} failed${status === undefined ? "" : ` (HTTP ${status})`}: ${vendorMessage}`;
    return Object.assign(new Error(message), { name: "VendorCallError" as const, call, status, vendorMessage });
}

export function isVendorCallError(error: unknown): error is VendorCallError {
    return error instanceof Error && error.name === "VendorCallError";
}

// The bearer tokens this process has minted or been handed (Auth0 Management API tokens from M2M
// credentials, Graph access tokens). Kept on globalThis, not in a module variable: the dynamic
// providers run from Pulumi's serialised closure, which would copy a captured module variable (and
// cannot carry a Symbol key, so the key is a string).
const HELD = "__auth0EntraScimHeldSecrets";
type Holder = { [HELD]?: string[] };

/** Remembers a credential or bearer this process holds, so that `redact` blots it out of any text. */
export function holdSecret(value: string | undefined): void {
    if (!value || value.length < 4) return;
    const held = ((globalThis as Holder)[HELD] ??= []);
    if (!held.includes(value)) held.push(value);
}

/** What `holdSecret` has remembered. */
export function heldSecrets(): readonly string[] {
    return (globalThis as Holder)[HELD] ?? [];
}

// A JWT (three base64url parts, the first a JSON header) wherever it stands, and whatever follows
// the word Bearer: a token echoed back by a gateway is caught even when nobody told us its value.
const JWT = /\beyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;
const BEARER = /\b(Bearer)(\s+|%20|\\s+)[\w\-.~+/]+=*/gi;

/**
 * Replaces every occurrence of each secret (of 4 characters or more), of every credential and bearer
 * the process holds, of anything shaped like a JWT and of whatever follows `Bearer`, with `[redacted]`.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    let out = text;
    const all = [...secrets, ...heldSecrets()].filter((s): s is string => !!s && s.length >= 4).sort((a, b) => b.length - a.length);
    for (const secret of all) out = out.split(secret).join("[redacted]");
    return out.replace(JWT, "[redacted]").replace(BEARER, "$1 [redacted]");
}
