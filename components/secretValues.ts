/**
 * What config errors must never show: the value of any credential key, and any value that looks like
 * a credential wherever it was pasted (a JWT, a private key, a long random string). A leaf: no I/O.
 */

/**
 * The provider settings that hold a credential (of the keys `@pulumi/auth0/config` and
 * `@pulumi/azuread/config` declare). Set in stack config, each must be a Pulumi secret.
 */
export const PROVIDER_CREDENTIAL_KEYS = [
    "auth0:apiToken",
    "auth0:clientSecret",
    "auth0:clientAssertionPrivateKey",
    "azuread:clientSecret",
    "azuread:clientCertificate",
    "azuread:clientCertificatePassword",
    "azuread:oidcToken",
    "azuread:oidcRequestToken",
] as const;

/** What is shown instead. */
export const NOT_SHOWN = "[a value that looks like a credential, not shown]";

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const PEM = /-----BEGIN [A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE)-----/;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]{12,}/i;
/** Runs of token characters: `/` and `:` split them, so URLs and URNs are looked at piece by piece. */
const RUN = /[A-Za-z0-9+=_~.-]{32,}/g;
const HEX = /^[0-9a-f]{40,}$/i;

/** Letters, digits, other: a random string changes class often, a word or a name rarely. */
function classOf(c: string): number {
    return /[a-z]/.test(c) ? 0 : /[A-Z]/.test(c) ? 1 : /[0-9]/.test(c) ? 2 : 3;
}

function randomLooking(run: string): boolean {
    if (HEX.test(run) && /[0-9]/.test(run) && /[a-f]/i.test(run)) return true;
    const classes = new Set([...run].map(classOf));
    if (!(classes.has(0) && classes.has(1) && classes.has(2))) return false;
    let changes = 0;
    for (let i = 1; i < run.length; i++) if (classOf(run[i]) !== classOf(run[i - 1])) changes++;
    return changes >= run.length / 4;
}

/**
 * True when `text` holds something shaped like a credential: a JWT, a PEM block, a bearer header, or
 * a run of 32 or more token characters that mixes lower case, upper case and digits the way random
 * output does (or 40 hex digits). GUIDs, hostnames, URLs, URNs and names are not.
 */
export function looksLikeSecret(text: string): boolean {
    if (JWT.test(text) || PEM.test(text) || BEARER.test(text)) return true;
    return (text.match(RUN) ?? []).some(randomLooking);
}

/** `JSON.stringify(value)` for an error message, or {@link NOT_SHOWN} when it looks like a credential. */
export function showValue(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return looksLikeSecret(text) ? NOT_SHOWN : text;
}

/**
 * A message with every known credential value and every secret-looking piece replaced: the last line
 * of defence for messages built elsewhere (the Pulumi SDK's type errors quote the value).
 */
export function redactMessage(message: string, credentials: readonly string[]): string {
    let out = message;
    // Longest first, so a value that contains another is replaced whole.
    for (const value of [...credentials].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
        out = out.split(value).join(NOT_SHOWN);
    }
    out = out.replace(new RegExp(JWT.source, "g"), NOT_SHOWN).replace(new RegExp(BEARER.source, "gi"), NOT_SHOWN);
    if (PEM.test(out)) out = out.replace(/-----BEGIN[\s\S]*?(?:-----END[^-]*-----|$)/g, NOT_SHOWN);
    return out.replace(RUN, (run) => (randomLooking(run) ? NOT_SHOWN : run));
}
