/**
 * The GroupRoles provider's decisions as pure functions: its inputs and outputs, the check, the diff,
 * and which roles to add and remove so that the group carries exactly the configured roles while the
 * roles someone else gave it stay. No I/O.
 */
import type { Versioned } from "../providerVersion";

export interface GroupRolesInputs extends Versioned {
    /** The waad connection SCIM provisions into (`con_…`). */
    readonly connectionId: string;
    /** The Entra group's object id: the Auth0 group's `external_id`. */
    readonly entraGroupId: string;
    /** Bind the roles in this organization (`org_…`); unset or empty: tenant roles. */
    readonly organizationId?: string;
    /** Role ids (`rol_…`) or names of existing roles, resolved at apply time. */
    readonly roles: string[];
    /** The roles as configured, in the same order (labels for reviews and messages). */
    readonly roleNames?: string[];
    /** Labels: the group and the customer, for messages and `plan --diff`. */
    readonly groupName?: string;
    readonly customerName?: string;
    /** How long to wait for a group Entra has not provisioned yet (0: not at all). */
    readonly waitSeconds?: number;
}

export interface GroupRolesOutputs extends GroupRolesInputs {
    /** The Auth0 group (`grp_…`) SCIM created from the Entra group; unset while pending. */
    readonly groupId?: string;
    /** The bindings this resource made: only these are ever removed. */
    readonly roleIds: string[];
    /** Configured roles the group already had from someone else: left in place when dropped. */
    readonly adoptedRoleIds: string[];
    /** Each entry of `roles` (a name or an id) → the role id it resolved to at the last bind. */
    readonly resolvedRoles: Record<string, string>;
    /** "waiting for Entra to provision group …" while the group is not in Auth0; unset once bound. */
    readonly pending?: string;
}

/** Inputs that name another binding: a change replaces the resource (the new one binds first). */
export const REPLACING_INPUTS = ["connectionId", "entraGroupId", "organizationId"] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** "Finance (0a9b…)" or the bare object id. */
export function groupLabel(inputs: Pick<GroupRolesInputs, "entraGroupId" | "groupName">): string {
    return inputs.groupName ? `${inputs.groupName} (${inputs.entraGroupId})` : inputs.entraGroupId;
}

export function pendingMessage(inputs: GroupRolesInputs): string {
    return (
        `waiting for Entra to provision group ${groupLabel(inputs)}: it is not in Auth0 yet (Entra's cycle runs about every ` +
        "40 minutes, the first one can take longer); its roles are bound on a later `pulumi up`"
    );
}

/** The engine's `check` failures, by property; empty when the inputs are fine. */
export function checkGroupRoles(news: Record<string, unknown>): Array<{ property: string; reason: string }> {
    const failures: Array<{ property: string; reason: string }> = [];
    const known = (v: unknown) => typeof v === "string";
    if (!known(news.connectionId) || news.connectionId === "") failures.push({ property: "connectionId", reason: "the waad connection's id is required" });
    if (typeof news.entraGroupId !== "string" || !GUID.test(news.entraGroupId)) {
        failures.push({ property: "entraGroupId", reason: `${JSON.stringify(news.entraGroupId)} is not an Entra object id in lower case` });
    }
    const roles = news.roles;
    if (!Array.isArray(roles) || roles.length === 0 || roles.some((r) => typeof r !== "string" || r.trim() === "")) {
        failures.push({ property: "roles", reason: "a non-empty list of role ids or names is required" });
    }
    const wait = news.waitSeconds;
    if (wait !== undefined && !(typeof wait === "number" && Number.isInteger(wait) && wait >= 0)) {
        failures.push({ property: "waitSeconds", reason: `${JSON.stringify(wait)} is not a whole number of seconds` });
    }
    return failures;
}

const org = (v: { organizationId?: string }) => v.organizationId || "";
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
const unique = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) === i);

export function replaceReasons(olds: GroupRolesOutputs, news: GroupRolesInputs): string[] {
    return REPLACING_INPUTS.filter((name) => (name === "organizationId" ? org(olds) !== org(news) : olds[name] !== news[name]));
}

/**
 * Whether the next `up` must call Auth0: the binding is pending, the roles changed, or a refresh found
 * a configured role missing from the group (someone removed it).
 */
export function needsBinding(olds: GroupRolesOutputs, news: GroupRolesInputs): boolean {
    if (olds.pending !== undefined || !olds.groupId) return true;
    if (!sameSet(unique(olds.roles ?? []), unique(news.roles ?? []))) return true;
    const held = new Set([...(olds.roleIds ?? []), ...(olds.adoptedRoleIds ?? [])]);
    return Object.values(olds.resolvedRoles ?? {}).some((id) => !held.has(id));
}

/** Labels and the wait only: the next update rewrites state and calls nothing. */
export function labelsChanged(olds: GroupRolesOutputs, news: GroupRolesInputs): boolean {
    return (
        olds.groupName !== news.groupName ||
        olds.customerName !== news.customerName ||
        (olds.waitSeconds ?? 0) !== (news.waitSeconds ?? 0) ||
        JSON.stringify(olds.roleNames ?? []) !== JSON.stringify(news.roleNames ?? []) ||
        JSON.stringify(olds.roles ?? []) !== JSON.stringify(news.roles ?? [])
    );
}

export interface BindingPlan {
    readonly add: string[];
    readonly remove: string[];
    /** After the change: ours, and the configured roles someone else had given the group. */
    readonly roleIds: string[];
    readonly adoptedRoleIds: string[];
}

/**
 * Exactly the configured roles, touching only ours: a configured role the group lacks is added (and
 * ours from then on); one it already has from someone else is adopted (never removed by us); ours
 * that are no longer configured are removed if still there. Roles nobody configured here stay.
 */
export function planBinding(desired: readonly string[], current: readonly string[], ours: readonly string[]): BindingPlan {
    const want = unique(desired);
    const add = want.filter((id) => !current.includes(id));
    const adoptedRoleIds = want.filter((id) => current.includes(id) && !ours.includes(id));
    const roleIds = want.filter((id) => !adoptedRoleIds.includes(id));
    const remove = unique(ours).filter((id) => !want.includes(id) && current.includes(id));
    return { add, remove, roleIds, adoptedRoleIds };
}
