/**
 * `plan --diff`'s "Group roles" section (issue 16): who gains or loses access, one line per Entra
 * group and role, e.g. "Contoso: group Finance (0a9b8c7d…) gains role Billing Admin". Read from the
 * `GroupRoles` bindings of both plans (their `roleNames` are the roles as configured), so a reviewer
 * sees the change in people's access, not only in resources. Pure.
 */
import type { StackDiff } from "./diff";
import type { PlannedResource, StackPlan } from "./types";

export const GROUP_ROLES_TYPE = "pulumi-nodejs:dynamic/auth0:GroupRoles";

export interface GroupRoleChange {
    /** The customer's name as the stack shows it (`customerName`), else the stack's. */
    readonly customer: string;
    readonly entraGroupId: string;
    readonly groupName?: string;
    readonly role: string;
    readonly change: "gains" | "loses";
    /** Tenant roles, or roles in the customer's organization. */
    readonly scope: "tenant" | "organization";
}

/** The diff with its group-role changes, when there are any (JSON carries them as `groupRoles`). */
export type StackDiffWithGroupRoles = StackDiff & { readonly groupRoles?: GroupRoleChange[] };

interface Binding {
    readonly customer?: string;
    readonly groupName?: string;
    readonly scope: "tenant" | "organization";
    readonly roles: readonly string[];
}

function bindingsOf(plan: StackPlan | undefined): Map<string, Binding> {
    const out = new Map<string, Binding>();
    for (const r of plan?.resources ?? []) {
        if (r.type !== GROUP_ROLES_TYPE) continue;
        const inputs = r.inputs as PlannedResource["inputs"] & { entraGroupId?: unknown; roleNames?: unknown; roles?: unknown; groupName?: unknown; customerName?: unknown; organizationId?: unknown };
        if (typeof inputs.entraGroupId !== "string") continue;
        const roles = Array.isArray(inputs.roleNames) ? inputs.roleNames : Array.isArray(inputs.roles) ? inputs.roles : [];
        out.set(inputs.entraGroupId, {
            ...(typeof inputs.customerName === "string" ? { customer: inputs.customerName } : {}),
            ...(typeof inputs.groupName === "string" ? { groupName: inputs.groupName } : {}),
            scope: inputs.organizationId === undefined || inputs.organizationId === "" ? "tenant" : "organization",
            roles: roles.filter((x): x is string => typeof x === "string"),
        });
    }
    return out;
}

/**
 * What changes in the groups' roles from `base` to `head`. A stack file removed destroys nothing, and
 * a plan that failed says nothing: no lines for either.
 */
export function groupRoleChanges(base: StackPlan | undefined, head: StackPlan | undefined): GroupRoleChange[] {
    if (!head || !head.ok || (base && !base.ok)) return [];
    const before = bindingsOf(base);
    const after = bindingsOf(head);
    const changes: GroupRoleChange[] = [];
    for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
        const b = before.get(id);
        const a = after.get(id);
        const label = { customer: a?.customer ?? b?.customer ?? head.stack, entraGroupId: id, ...((a?.groupName ?? b?.groupName) ? { groupName: (a?.groupName ?? b?.groupName)! } : {}) };
        const had = (scope: string) => (b && b.scope === scope ? b.roles : []);
        const has = (scope: string) => (a && a.scope === scope ? a.roles : []);
        for (const scope of ["organization", "tenant"] as const) {
            for (const role of has(scope).filter((r) => !had(scope).includes(r))) changes.push({ ...label, role, change: "gains", scope });
            for (const role of had(scope).filter((r) => !has(scope).includes(r))) changes.push({ ...label, role, change: "loses", scope });
        }
    }
    return changes;
}

/** `diffPlans`' result with the group-role changes attached (nothing attached when there are none). */
export function withGroupRoles(diff: StackDiff, base: StackPlan | undefined, head: StackPlan | undefined): StackDiffWithGroupRoles {
    const changes = groupRoleChanges(base, head);
    return changes.length > 0 ? { ...diff, groupRoles: changes } : diff;
}

const shortId = (id: string) => `${id.slice(0, 8)}…`;

export function describeGroupRoleChange(c: GroupRoleChange): string {
    const group = c.groupName ? `group ${c.groupName} (${shortId(c.entraGroupId)})` : `group ${shortId(c.entraGroupId)}`;
    return `${c.customer}: ${group} ${c.change} role ${c.role}${c.scope === "tenant" ? " (tenant-wide)" : " (in its organization)"}`;
}

/** The markdown section, or nothing when no stack changes a group's roles. */
export function renderGroupRoles(stacks: readonly StackDiff[]): string[] {
    const lines = stacks.flatMap((d) => ((d as StackDiffWithGroupRoles).groupRoles ?? []).map((c) => `- ${describeGroupRoleChange(c)}`));
    return lines.length > 0 ? ["### Group roles", "", "Who gains or loses access when this merges:", "", ...lines, ""] : [];
}
