/**
 * The version of our dynamic providers' code. Pulumi runs a dynamic resource's `read` and `delete`
 * with the code serialised at its last create or update, so a fix to them reaches deployed stacks only
 * through an update. Every dynamic resource takes this as an input: bumping it (with any change to
 * provider code) makes the next `up` update each one in place — no replacement, no vendor call —
 * and re-serialise the current code into state.
 */
export const PROVIDER_VERSION = "2";

/** The input name, the same on every dynamic resource. */
export interface Versioned {
    readonly providerVersion?: string;
}

/** `olds` with the new version: what an update that only re-serialises records. */
export function withVersion<T extends object>(olds: T, news: Versioned): T {
    return news.providerVersion === undefined ? olds : { ...olds, providerVersion: news.providerVersion };
}

export function versionChanged(olds: Versioned, news: Versioned): boolean {
    return olds.providerVersion !== news.providerVersion;
}
