/**
 * What a change does to each stack: two plans (the base ref's and the working tree's) compared
 * resource by resource and input by input, with the changes that hurt flagged: the replacement (or
 * deletion) of a protected resource, and a rotated SCIM token. Pure functions; markdown for a PR
 * comment, JSON for machines.
 *
 * Secrets are compared by the keyed digests the plans carry (see mask.ts), never by value, and are
 * only ever reported as "changed (secret)".
 */
import { canonicalJson, sortKeys } from "./mask";
import { renderGroupRoles, withGroupRoles } from "./groupRoles";
import { formatInline } from "./render";
import { SECRET, UNKNOWN, type PlannedResource, type StackPlan } from "./types";

/**
 * Inputs whose change makes the provider replace the resource (ForceNew in the Terraform providers the
 * Pulumi ones are bridged from; `replaces` in our dynamic providers' diff). A type not listed is never
 * claimed to be replaced by an input change (its URN changing still is a replacement).
 */
export const REPLACE_FORCING: Readonly<Record<string, readonly string[]>> = {
    // terraform-provider-auth0: connection name and strategy are ForceNew.
    "auth0:index/connection:Connection": ["name", "strategy"],
    "auth0:index/connectionClients:ConnectionClients": ["connectionId"],
    "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration": ["connectionId"],
    // terraform-provider-azuread v3: displayName is updated in place.
    "azuread:index/application:Application": [],
    "azuread:index/applicationFromTemplate:ApplicationFromTemplate": ["templateId"],
    "azuread:index/servicePrincipal:ServicePrincipal": ["clientId"],
    "azuread:index/applicationPassword:ApplicationPassword": ["applicationId", "displayName", "endDate", "endDateRelative", "rotateWhenChanged", "startDate"],
    "azuread:index/appRoleAssignment:AppRoleAssignment": ["appRoleId", "principalObjectId", "resourceObjectId"],
    "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant": ["resourceServicePrincipalObjectId", "servicePrincipalObjectId", "userObjectId"],
    "azuread:index/synchronizationSecret:SynchronizationSecret": ["servicePrincipalId"],
    "azuread:index/synchronizationJob:SynchronizationJob": ["servicePrincipalId", "templateId"],
    "azuread:index/synchronizationJobProvisionOnDemand:SynchronizationJobProvisionOnDemand": ["parameters", "servicePrincipalId", "synchronizationJobId", "triggers"],
    // providers/: ScimTokenProvider.diff and ProvisioningSchemaProvider.diff.
    "pulumi-nodejs:dynamic/auth0:ScimToken": ["connectionId"],
    "pulumi-nodejs:dynamic/entra:ProvisioningSchema": ["jobId", "servicePrincipalId"],
};

/** Resources whose loss loses data or breaks sign-in: the Auth0 connection and both Entra apps. */
export const PROTECTED_TYPES: ReadonlySet<string> = new Set([
    "auth0:index/connection:Connection",
    "azuread:index/application:Application",
    "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
]);

export const SCIM_TOKEN_TYPE = "pulumi-nodejs:dynamic/auth0:ScimToken";

export interface InputChange {
    /** `name`, `options.clientSecret`, `mappings[3].scim`; `(protect)` for the resource option. */
    readonly path: string;
    readonly kind: "changed" | "added" | "removed" | "secret" | "reordered" | "list" | "computed";
    readonly before?: unknown;
    readonly after?: unknown;
    /** For `list`: items only in the base / only in the working tree. */
    readonly removedItems?: unknown[];
    readonly addedItems?: unknown[];
    readonly note?: string;
}

export interface ResourceRef {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
}

export interface ChangedResource extends ResourceRef {
    readonly changes: InputChange[];
    readonly replace: boolean;
    /** Why it is replaced: the inputs that force it. */
    readonly replaceReasons: string[];
    readonly protected: boolean;
    /** The base URN, when an alias carries the resource over from it (no replacement). */
    readonly renamedFrom?: string;
    /** Changed inputs the engine ignores (`ignoreChanges`): on a protected resource, `pulumi up` refuses them. */
    readonly ignoredChanges?: string[];
}

export type FlagKind = "protected-replacement" | "protected-deletion" | "token-rotation" | "refused-change";

export interface Flag {
    readonly kind: FlagKind;
    readonly urn: string;
    readonly message: string;
}

export type StackStatus = "changed" | "unchanged" | "new" | "removed" | "failed" | "base-failed";

export interface StackDiff {
    readonly stack: string;
    readonly status: StackStatus;
    readonly flags: Flag[];
    readonly added: ResourceRef[];
    readonly removed: ResourceRef[];
    readonly changed: ChangedResource[];
    readonly outputs: InputChange[];
    /** Why a side could not be planned (empty when it could). */
    readonly baseProblems: string[];
    readonly headProblems: string[];
    /** Resources planned on each side (custom resources only). */
    readonly baseCount: number;
    readonly headCount: number;
}

export interface PlanDiff {
    readonly base: string;
    readonly head: string;
    readonly stacks: StackDiff[];
}

const ref = (r: PlannedResource): ResourceRef => ({ urn: r.urn, type: r.type, name: r.name });
const byUrn = (a: ResourceRef, b: ResourceRef) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0);
const topKey = (path: string) => path.split(/[.[]/)[0];
const isProtected = (r: PlannedResource) => r.protect || PROTECTED_TYPES.has(r.type);
const show = (value: unknown) => (value === undefined ? "(unset)" : formatInline(value));

/**
 * One stack's plans compared. `base` undefined: the stack is new; `head` undefined: its stack file is
 * gone in the working tree.
 */
export function diffPlans(base: StackPlan | undefined, head: StackPlan | undefined): StackDiff {
    const stack = head?.stack ?? base?.stack ?? "";
    const count = (p?: StackPlan) => p?.resources.filter((r) => r.custom).length ?? 0;
    const empty = {
        stack,
        flags: [] as Flag[],
        added: [] as ResourceRef[],
        removed: [] as ResourceRef[],
        changed: [] as ChangedResource[],
        outputs: [] as InputChange[],
        baseProblems: base && !base.ok ? base.problems : [],
        headProblems: head && !head.ok ? head.problems : [],
        baseCount: count(base),
        headCount: count(head),
    };
    if (!head) {
        // Deleting a stack file destroys nothing; the stack's resources stay until `pulumi destroy`.
        return { ...empty, status: "removed", removed: (base?.resources ?? []).filter((r) => r.custom).map(ref).sort(byUrn) };
    }
    if (!head.ok) return { ...empty, status: "failed" };
    if (!base) return { ...empty, status: "new", added: head.resources.filter((r) => r.custom).map(ref).sort(byUrn) };
    if (!base.ok) return { ...empty, status: "base-failed" };

    const baseBy = new Map(base.resources.map((r) => [r.urn, r]));
    const headBy = new Map(head.resources.map((r) => [r.urn, r]));

    // Pairs: the same URN, or a working-tree resource whose alias names a base URN that is gone.
    const pairs: { base: PlannedResource; head: PlannedResource; renamedFrom?: string }[] = [];
    const pairedBase = new Set<string>();
    for (const h of head.resources) {
        const same = baseBy.get(h.urn);
        if (same) {
            pairs.push({ base: same, head: h });
            pairedBase.add(same.urn);
            continue;
        }
        const aliased = (h.aliases ?? []).find((a) => baseBy.has(a) && !headBy.has(a) && !pairedBase.has(a));
        if (aliased) {
            pairs.push({ base: baseBy.get(aliased)!, head: h, renamedFrom: aliased });
            pairedBase.add(aliased);
        }
    }
    const pairedHead = new Set(pairs.map((p) => p.head.urn));
    const added = head.resources.filter((r) => !pairedHead.has(r.urn));
    const removed = base.resources.filter((r) => !pairedBase.has(r.urn));

    // Input changes of each pair, then replacements, propagated through computed inputs: a resource
    // that is replaced (or new) gets new ids, and whatever is computed from them changes too.
    const changesOf = new Map<string, InputChange[]>();
    for (const p of pairs) {
        const changes: InputChange[] = [];
        diffValues(p.base.inputs, p.head.inputs, "", p.base.secretDigests ?? {}, p.head.secretDigests ?? {}, changes);
        if (p.base.protect !== p.head.protect) changes.push({ path: "(protect)", kind: "changed", before: p.base.protect, after: p.head.protect });
        changesOf.set(p.head.urn, changes);
    }
    const volatile = new Set<string>(added.map((r) => r.urn));
    const replaced = new Map<string, string[]>();
    const nameOf = (urn: string) => headBy.get(urn)?.name ?? urn.split("::").pop();
    for (let changedSomething = true; changedSomething; ) {
        changedSomething = false;
        for (const p of pairs) {
            const changes = changesOf.get(p.head.urn)!;
            for (const [prop, deps] of Object.entries(p.head.dependencies ?? {})) {
                const cause = deps.find((d) => volatile.has(d));
                if (!cause || changes.some((c) => topKey(c.path) === prop)) continue;
                if (!containsUnknown(p.head.inputs[prop])) continue;
                changes.push({
                    path: prop,
                    kind: "computed",
                    note: `computed from ${replaced.has(cause) ? "replaced" : "new"} ${nameOf(cause)}`,
                });
                changedSomething = true;
            }
            if (!replaced.has(p.head.urn)) {
                const reasons = replaceReasons(p.head, changes);
                if (reasons.length > 0) {
                    replaced.set(p.head.urn, reasons);
                    volatile.add(p.head.urn);
                    changedSomething = true;
                }
            }
        }
    }

    const changed: ChangedResource[] = pairs
        .filter((p) => changesOf.get(p.head.urn)!.length > 0 || p.renamedFrom)
        .map((p) => ({
            ...ref(p.head),
            changes: changesOf.get(p.head.urn)!.sort((a, b) => a.path.localeCompare(b.path)),
            replace: replaced.has(p.head.urn),
            replaceReasons: replaced.get(p.head.urn) ?? [],
            protected: isProtected(p.head),
            ...(p.renamedFrom ? { renamedFrom: p.renamedFrom } : {}),
            ...ignoredOf(p.head, changesOf.get(p.head.urn)!),
        }))
        .filter((c) => c.changes.length > 0 || c.renamedFrom)
        .sort(byUrn);

    const flags = flagsFor(removed, added, changed, pairs);
    const outputs: InputChange[] = [];
    diffValues(base.outputs, head.outputs, "", base.outputDigests ?? {}, head.outputDigests ?? {}, outputs);

    const customOnly = (list: PlannedResource[]) => list.filter((r) => r.custom).map(ref).sort(byUrn);
    const result = {
        ...empty,
        flags,
        added: customOnly(added),
        removed: customOnly(removed),
        changed: changed.filter((c) => headBy.get(c.urn)!.custom || c.renamedFrom),
        outputs: outputs.sort((a, b) => a.path.localeCompare(b.path)),
    };
    const any = result.added.length + result.removed.length + result.changed.length + result.outputs.length + flags.length > 0
        || added.length + removed.length > 0;
    return { ...result, status: any ? "changed" : "unchanged" };
}

function ignoredOf(resource: PlannedResource, changes: readonly InputChange[]): { ignoredChanges?: string[] } {
    const ignored = new Set(resource.ignoreChanges ?? []);
    const paths = changes.filter((c) => ignored.has(topKey(c.path)) || ignored.has(c.path)).map((c) => c.path);
    return paths.length > 0 ? { ignoredChanges: paths } : {};
}

function replaceReasons(resource: PlannedResource, changes: readonly InputChange[]): string[] {
    const forcing = new Set(REPLACE_FORCING[resource.type] ?? []);
    const onChanges = resource.replaceOnChanges ?? [];
    // An ignored input is not diffed by the engine, so it cannot force anything.
    const ignored = new Set(resource.ignoreChanges ?? []);
    const reasons = new Set<string>();
    for (const change of changes) {
        if (change.path === "(protect)" || change.kind === "reordered") continue;
        const key = topKey(change.path);
        if (ignored.has(key) || ignored.has(change.path)) continue;
        if (forcing.has(key)) reasons.add(key);
        for (const pattern of onChanges) {
            if (pattern === "*" || change.path === pattern || change.path.startsWith(`${pattern}.`) || change.path.startsWith(`${pattern}[`)) {
                reasons.add(change.path);
            }
        }
    }
    return [...reasons].sort();
}

function flagsFor(
    removed: PlannedResource[],
    added: PlannedResource[],
    changed: ChangedResource[],
    pairs: { base: PlannedResource; head: PlannedResource }[],
): Flag[] {
    const flags: Flag[] = [];
    const describeChanges = (c: ChangedResource) =>
        c.replaceReasons
            .map((reason) => {
                const change = c.changes.find((x) => x.path === reason || topKey(x.path) === reason);
                if (!change) return `\`${reason}\``;
                if (change.kind === "computed") return `\`${reason}\` (${change.note})`;
                if (change.kind === "secret") return `\`${reason}\` (secret)`;
                return `\`${reason}\` ${show(change.before)} → ${show(change.after)}`;
            })
            .join(", ");

    // (a) A protected resource whose URN is gone: renamed (a new one of its type appears) or dropped.
    for (const r of removed) {
        if (!r.custom || !isProtected(r)) continue;
        const successor = added.find((a) => a.type === r.type);
        flags.push(
            successor
                ? {
                      kind: "protected-replacement",
                      urn: r.urn,
                      message:
                          `protected \`${r.type}\` **${r.name}** would be **replaced**: renamed to **${successor.name}** (its URN changes), ` +
                          `so \`pulumi up\` creates a new one and must delete the old. Keep it with \`aliases: [${aliasHint(r, successor)}]\`.`,
                  }
                : {
                      kind: "protected-deletion",
                      urn: r.urn,
                      message: `protected \`${r.type}\` **${r.name}** would be **deleted**: the program no longer declares it`,
                  },
        );
    }
    // (a') A change the engine ignores on a protected resource (a connection's name): the stack's
    // guard refuses it at `pulumi up`, so it is as good as flagged.
    for (const c of changed) {
        if (c.protected && c.ignoredChanges && c.ignoredChanges.length > 0) {
            const what = c.changes.filter((change) => c.ignoredChanges!.includes(change.path));
            flags.push({
                kind: "refused-change",
                urn: c.urn,
                message:
                    `protected \`${c.type}\` **${c.name}**: ${describeChanges({ ...c, changes: what, replaceReasons: c.ignoredChanges })} can only be made by replacing it; ` +
                    "`pulumi up` refuses it while `protect` is true",
            });
        }
    }
    // (a) A protected resource replaced in place by a replace-forcing input.
    for (const c of changed) {
        if (c.protected && c.replace) {
            flags.push({
                kind: "protected-replacement",
                urn: c.urn,
                message: `protected \`${c.type}\` **${c.name}** would be **replaced**: ${describeChanges(c)} forces a new one`,
            });
        }
    }
    // (b) The SCIM token: new scopes or lifetime (a new token is issued), replaced, renamed or dropped.
    for (const r of removed) {
        if (r.type !== SCIM_TOKEN_TYPE) continue;
        const successor = added.find((a) => a.type === SCIM_TOKEN_TYPE);
        flags.push({
            kind: "token-rotation",
            urn: r.urn,
            message: successor
                ? `the SCIM token **${r.name}** is **rotated**: renamed to **${successor.name}**, so a new token is issued and the old one revoked`
                : `the SCIM token **${r.name}** would be **revoked**: the program no longer declares it`,
        });
    }
    for (const p of pairs) {
        if (p.head.type !== SCIM_TOKEN_TYPE) continue;
        const c = changed.find((x) => x.urn === p.head.urn);
        if (!c) continue;
        const reasons: string[] = [];
        const scopesBefore = p.base.inputs.scopes;
        const scopesAfter = p.head.inputs.scopes;
        if (!sameSet(scopesBefore, scopesAfter)) reasons.push(`scopes ${scopeChange(scopesBefore, scopesAfter)}`);
        const lifetime = c.changes.find((x) => x.path === "lifetimeSeconds");
        if (lifetime) reasons.push(`lifetimeSeconds ${show(lifetime.before)} → ${show(lifetime.after)}`);
        if (c.replace) reasons.push(`replaced: ${describeChanges(c)}`);
        if (reasons.length > 0) {
            flags.push({ kind: "token-rotation", urn: c.urn, message: `the SCIM token **${c.name}** is **rotated** (a new token is issued): ${reasons.join("; ")}` });
        }
    }
    return flags.sort((a, b) => a.kind.localeCompare(b.kind) || a.urn.localeCompare(b.urn));
}

function aliasHint(old: PlannedResource, successor: PlannedResource): string {
    const parts: string[] = [];
    if (old.name !== successor.name) parts.push(`name: "${old.name}"`);
    if (old.parent !== successor.parent) parts.push(old.parent ? `parent: <${old.parent.split("::").pop()}>` : "noParent: true");
    return `{ ${parts.join(", ") || `name: "${old.name}"`} }`;
}

function sameSet(a: unknown, b: unknown): boolean {
    if (!Array.isArray(a) || !Array.isArray(b)) return canonicalJson(a) === canonicalJson(b);
    const key = (list: unknown[]) => [...new Set(list.map((x) => canonicalJson(x)))].sort().join("\n");
    return key(a) === key(b);
}

function scopeChange(before: unknown, after: unknown): string {
    if (!Array.isArray(before) || !Array.isArray(after)) return `${show(before)} → ${show(after)}`;
    const plus = after.filter((s) => !before.includes(s));
    const minus = before.filter((s) => !after.includes(s));
    return [...plus.map((s) => `+${String(s)}`), ...minus.map((s) => `-${String(s)}`)].join(" ");
}

function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Input-level differences; secrets compared by digest and never carried into the change. */
export function diffValues(
    a: unknown,
    b: unknown,
    path: string,
    digestsA: Record<string, string>,
    digestsB: Record<string, string>,
    out: InputChange[],
): void {
    const at = (key: string | number) =>
        typeof key === "number" ? `${path}[${key}]` : path === "" ? key : /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
    if (a === SECRET || b === SECRET) {
        if (a === SECRET && b === SECRET) {
            if (digestsA[path] !== digestsB[path]) out.push({ path, kind: "secret" });
        } else if (a !== undefined && b !== undefined) {
            out.push({ path, kind: "secret", note: a === SECRET ? "no longer a secret" : "now a secret" });
        } else {
            out.push({ path, kind: a === undefined ? "added" : "removed", note: "secret" });
        }
        return;
    }
    if (isRecord(a) && isRecord(b)) {
        for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
            diffValues(a[key], b[key], at(key), digestsA, digestsB, out);
        }
        return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        const keysA = a.map((item, i) => itemKey(item, at(i), digestsA));
        const keysB = b.map((item, i) => itemKey(item, at(i), digestsB));
        if (keysA.join("\n") === keysB.join("\n")) return;
        if ([...keysA].sort().join("\n") === [...keysB].sort().join("\n")) {
            out.push({ path, kind: "reordered" });
            return;
        }
        if (a.length === b.length) {
            a.forEach((item, i) => diffValues(item, b[i], at(i), digestsA, digestsB, out));
            return;
        }
        // Different lengths: which items went and which came (as multisets), not a shifted index list.
        const remaining = [...keysB];
        const removedItems: unknown[] = [];
        keysA.forEach((key, i) => {
            const j = remaining.indexOf(key);
            if (j >= 0) remaining[j] = "\u0000taken";
            else removedItems.push(a[i]);
        });
        const addedItems = b.filter((_, i) => remaining[i] !== "\u0000taken");
        out.push({ path, kind: "list", removedItems, addedItems });
        return;
    }
    if (canonicalJson(a) === canonicalJson(b)) return;
    if (a === undefined) out.push({ path, kind: "added", after: b });
    else if (b === undefined) out.push({ path, kind: "removed", before: a });
    else out.push({ path, kind: "changed", before: a, after: b });
}

/** An array item's identity: its masked value plus the digests of the secrets inside it. */
function itemKey(item: unknown, path: string, digests: Record<string, string>): string {
    const inner = Object.keys(digests)
        .filter((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`))
        .sort()
        .map((p) => `${p.slice(path.length)}=${digests[p]}`);
    return canonicalJson(item) + (inner.length > 0 ? `|${inner.join(",")}` : "");
}

/** Every stack of both sides, diffed; stacks sorted by name. */
export function diffAll(basePlans: readonly StackPlan[], headPlans: readonly StackPlan[], labels: { base: string; head: string }): PlanDiff {
    const names = [...new Set([...basePlans.map((p) => p.stack), ...headPlans.map((p) => p.stack)])].sort();
    return {
        base: labels.base,
        head: labels.head,
        stacks: names.map((name) => {
            const [base, head] = [basePlans.find((p) => p.stack === name), headPlans.find((p) => p.stack === name)];
            return withGroupRoles(diffPlans(base, head), base, head); // issue 16: who gains or loses a role
        }),
    };
}

// ---------------------------------------------------------------------------------------------------
// Markdown

const code = (text: string) => {
    const t = text.replace(/\n/g, " ");
    return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
};

function describeChange(c: InputChange): string {
    const p = code(c.path);
    switch (c.kind) {
        case "secret":
            return `${p}: ${c.note ? `changed (${c.note})` : "changed (secret)"}`;
        case "reordered":
            return `${p}: same items, new order`;
        case "computed":
            return `${p}: ${UNKNOWN} (${c.note})`;
        case "list":
            return [
                `${p}:`,
                ...(c.addedItems ?? []).map((x) => `+ ${code(formatInline(x))}`),
                ...(c.removedItems ?? []).map((x) => `− ${code(formatInline(x))}`),
            ].join(" ");
        case "added":
            return `${p}: added ${c.note === "secret" ? SECRET : code(show(c.after))}`;
        case "removed":
            return `${p}: removed (was ${c.note === "secret" ? SECRET : code(show(c.before))})`;
        default:
            return `${p}: ${code(show(c.before))} → ${code(show(c.after))}`;
    }
}

function summaryOf(d: StackDiff): string {
    switch (d.status) {
        case "unchanged":
            return "no changes";
        case "new":
            return `**new stack**: ${d.headCount} resources to create`;
        case "removed":
            return d.baseProblems.length > 0
                ? "**stack removed** (its stack file is gone; its plan at the base failed)"
                : `**stack removed** (its stack file is gone; deleting it destroys none of its ${d.baseCount} resources: \`pulumi destroy\` does)`;
        case "failed":
            return "**plan failed** in the working tree";
        case "base-failed":
            return `plan failed at the base; ${d.headCount} resources in the working tree`;
        default: {
            const replace = d.changed.filter((c) => c.replace).length;
            return [
                `${d.added.length} to add`,
                `${d.changed.length} to change${replace > 0 ? ` (${replace} replaced)` : ""}`,
                `${d.removed.length} to delete`,
                ...(d.outputs.length > 0 ? [`${d.outputs.length} output${d.outputs.length === 1 ? "" : "s"} changed`] : []),
            ].join(", ");
        }
    }
}

export function renderDiff(diff: PlanDiff): string {
    const out: string[] = [`## Plan: \`${diff.base}\` → ${diff.head}`, ""];
    const flags = diff.stacks.flatMap((d) => d.flags.map((f) => ({ stack: d.stack, flag: f })));
    if (flags.length > 0) {
        for (const { stack, flag } of flags) out.push(`- ⚠ **${stack}**: ${flag.message}`);
        out.push("");
    }
    out.push(...renderGroupRoles(diff.stacks));
    out.push("| Stack | Plan |", "|---|---|");
    for (const d of diff.stacks) out.push(`| ${d.stack} | ${summaryOf(d)}${d.flags.length > 0 ? " ⚠" : ""} |`);
    out.push("");
    for (const d of diff.stacks) {
        if (d.status === "unchanged") continue;
        out.push(`### ${d.stack}`, "", summaryOf(d), "");
        if (d.status === "failed" || d.status === "base-failed") {
            const problems = d.status === "failed" ? d.headProblems : d.baseProblems;
            out.push("```", ...problems, "```", "");
            if (d.status === "failed") continue;
        }
        for (const flag of d.flags) out.push(`- ⚠ ${flag.message}`);
        if (d.flags.length > 0) out.push("");
        if (d.changed.length > 0) {
            out.push("**Changed**", "");
            for (const c of d.changed) {
                const tags = [
                    c.replace ? `**replace** (${c.replaceReasons.join(", ")})` : "",
                    c.renamedFrom ? `renamed from ${code(c.renamedFrom.split("::").pop()!)} (alias: no replacement)` : "",
                    c.protected ? "protected" : "",
                ].filter(Boolean);
                out.push(`- ${code(c.type)} **${c.name}**${tags.length > 0 ? ` — ${tags.join(", ")}` : ""}`);
                for (const change of c.changes) out.push(`  - ${describeChange(change)}`);
            }
            out.push("");
        }
        for (const [title, list] of [["Added", d.added], ["Removed", d.removed]] as const) {
            if (list.length === 0) continue;
            out.push(`**${title}**`, "");
            for (const r of list) out.push(`- ${code(r.type)} **${r.name}**`);
            out.push("");
        }
        if (d.outputs.length > 0) {
            out.push("**Outputs**", "");
            for (const change of d.outputs) out.push(`- ${describeChange(change)}`);
            out.push("");
        }
    }
    const unchanged = diff.stacks.filter((d) => d.status === "unchanged").map((d) => d.stack);
    if (unchanged.length > 0) out.push(`No changes: ${unchanged.join(", ")}.`, "");
    out.push(
        "<sub>`npm run plan -- --diff`: the program run offline under mocks; ids and other provider-computed values are " +
            "unknown, and drift in the real tenants is not seen.</sub>",
    );
    return out.join("\n") + "\n";
}

export function renderDiffJson(diff: PlanDiff): string {
    return JSON.stringify(sortKeys({ schemaVersion: 1, base: diff.base, head: diff.head, stacks: [...diff.stacks].sort((a, b) => a.stack.localeCompare(b.stack)) }), null, 2) + "\n";
}
