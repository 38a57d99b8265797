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

/** Replaces every occurrence of each secret (of 4 characters or more) with `[redacted]`. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    let out = text;
    for (const secret of secrets) {
        if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
    }
    return out;
}
