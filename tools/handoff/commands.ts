/**
 * The shell commands the sheet prints: `pulumi config set …` lines with values quoted for a POSIX
 * shell, and placeholders (`<…>`) written as they are, for the reader to replace with the value.
 * test/tools/handoff/splitFlow.test.ts runs these very lines with the Pulumi CLI.
 */

export const SCIM_TOKEN_PLACEHOLDER = "<paste the token from the one-time link>";
export const CLIENT_SECRET_PLACEHOLDER = "<paste the secret from the one-time link>";
export const TENANT_URL_PLACEHOLDER = "<the Tenant URL we send you>";
export const TENANT_ID_PLACEHOLDER = "<your Entra tenant id>";
export const OIDC_CLIENT_ID_PLACEHOLDER = "<client id of the sign-in app>";
/** Placeholders hold no quote, bracket or other shell syntax, so a line with one left in fails plainly. */

export type Value = string | { readonly placeholder: string };

/** A shell word: as it is when plain, single-quoted otherwise. */
export function shellWord(value: string): string {
    if (/^[A-Za-z0-9_./:@=+,-]+$/.test(value)) return value;
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

function word(value: Value): string {
    return typeof value === "string" ? shellWord(value) : value.placeholder;
}

/**
 * `pulumi config set [--secret|--plaintext] [--path] KEY VALUE`. The CLI refuses a plain value that
 * looks random under a key whose name has `token`, `secret` or `pass` in it (pkg/cmd/pulumi/config,
 * `looksLikeSecret`), unless `--plaintext` says it is meant: `scimTokenValidUntil` is a date.
 */
export function configSet(key: string, value: Value, options: { secret?: boolean; plaintext?: boolean; path?: boolean } = {}): string {
    const flags = `${options.secret ? "--secret " : options.plaintext ? "--plaintext " : ""}${options.path ? "--path " : ""}`;
    return `pulumi config set ${flags}${options.path ? shellWord(key) : key} ${word(value)}`;
}

/** One `--path 'key[i]'` line per value, or one placeholder line when there are none. */
export function listSets(key: string, values: readonly string[], placeholder: string): string[] {
    return values.length > 0
        ? values.map((v, i) => configSet(`${key}[${i}]`, v, { path: true }))
        : [configSet(`${key}[0]`, { placeholder }, { path: true })];
}

export const valueOr = (value: string | undefined, placeholder: string): Value => value ?? { placeholder };
