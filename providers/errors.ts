/**
 * Errors the dynamic providers raise: which call failed, the HTTP status and the vendor's own message,
 * with every known secret value blotted out. Pulumi prints these verbatim in `pulumi up` output and CI
 * logs, so nothing that reaches `message` may carry a token or a client secret.
 */

export class VendorCallError extends Error {
    constructor(
        /** What we were doing, e.g. "Auth0 POST /connections/{id}/scim-configuration/tokens". */
        readonly call: string,
        readonly status: number | undefined,
        readonly vendorMessage: string,
    ) {
        super(`${call} failed${status === undefined ? "" : ` (HTTP ${status})`}: ${vendorMessage}`);
        this.name = "VendorCallError";
    }
}

/** Replaces every occurrence of each secret (of 4 characters or more) with `[redacted]`. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
    let out = text;
    for (const secret of secrets) {
        if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
    }
    return out;
}
