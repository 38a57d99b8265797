/**
 * Config keys that nobody reads: a typo (`assignedUser:`, `scimTokenLifetimeDay:`) would otherwise be
 * ignored silently, and the stack planned as if the key were unset. Keys in this project's namespace
 * and under the `auth0:` and `azuread:` providers must be known; each unknown one is refused, naming the
 * nearest known key. The providers' keys come from their SDKs' own config modules.
 */
import * as auth0Config from "@pulumi/auth0/config";
import * as azureadConfig from "@pulumi/azuread/config";

/** Keys each checked namespace knows, besides the project's own (passed in). */
const PROVIDER_KEYS: Readonly<Record<string, readonly string[]>> = {
    auth0: Object.keys(auth0Config),
    azuread: Object.keys(azureadConfig),
};

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

export function nearest(key: string, known: readonly string[]): string | undefined {
    let best: { key: string; d: number } | undefined;
    for (const candidate of known) {
        const d = distance(key, candidate);
        if (!best || d < best.d) best = { key: candidate, d };
    }
    return best && best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

/**
 * Namespaces of other providers a stack may configure; never taken for a typo of ours (`azure` is one
 * edit from `azuread`).
 */
const OTHER_NAMESPACES = new Set(["pulumi", "azure", "azure-native", "azuredevops", "aws", "aws-native", "gcp", "google-native", "kubernetes", "random", "tls", "command", "docker", "github", "cloudflare", "okta", "datadog", "esc"]);

/** A namespace that is one of ours misspelt (`auth0-entra-scm`, `aut0`, `azure-ad`), or a prefix of one. */
function nearNamespace(ns: string, known: readonly string[]): string | undefined {
    if (OTHER_NAMESPACES.has(ns)) return undefined;
    return known.find((k) => distance(ns, k) <= 2 || (Math.min(ns.length, k.length) >= 5 && (k.startsWith(ns) || ns.startsWith(k))));
}

/**
 * One problem per unknown key of `namespace` (the project's), `auth0:` and `azuread:` among `keys`
 * (full `ns:name` keys, as `pulumi.runtime.allConfig()` gives them), and per key whose namespace is
 * one of those misspelt (a typo there would drop the key silently). Never shows a value.
 */
export function unknownKeyProblems(keys: readonly string[], namespace: string, projectKeys: readonly string[]): string[] {
    const knownBy: Record<string, readonly string[]> = { ...PROVIDER_KEYS, [namespace]: projectKeys };
    const problems: string[] = [];
    for (const full of keys) {
        const colon = full.indexOf(":");
        if (colon < 0) continue;
        const ns = full.slice(0, colon);
        const name = full.slice(colon + 1);
        const known = knownBy[ns];
        if (!known) {
            const near = nearNamespace(ns, Object.keys(knownBy));
            if (near) {
                const guess = knownBy[near].includes(name) ? name : nearest(name, knownBy[near]);
                problems.push(
                    `${full}: "${ns}" is not a config namespace this stack reads; did you mean ${near}:${guess ?? name}? ` +
                        `(remove it with \`pulumi config rm ${full}\`)`,
                );
            }
            continue;
        }
        if (known.includes(name)) continue;
        const guess = nearest(name, known);
        problems.push(
            `${full} is not a config key ${ns === namespace ? "of this project" : `of the ${ns} provider`}` +
                (guess ? `; did you mean ${ns}:${guess}?` : `; the known keys are listed in ${ns === namespace ? "docs/config.md" : "the provider's documentation"}`) +
                ` (remove it with \`pulumi config rm ${full}\`)`,
        );
    }
    return problems;
}
