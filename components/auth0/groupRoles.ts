/**
 * Entra groups to Auth0 roles (issue 16): the roles the stack declares (`auth0.Role`), and for each
 * configured Entra group a `GroupRoles` binding of its Auth0 group, at the customer's organization when
 * there is one, else tenant-wide. Members inherit the roles at login (Actions:
 * `api.roles.getUserEffectiveRoles()`).
 *
 * A group Entra has not provisioned yet leaves its binding pending: the `up` succeeds with a warning,
 * `pending` lists it (stack output `groupRolesPending`), and a later `up` binds it.
 */
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { GroupRoles } from "../../providers/auth0/groupRoles";
import { ROLE_ID, type DeclaredRole, type GroupRoleBinding } from "../organizationConfig";

export interface GroupRoleBindingsArgs {
    readonly connectionId: pulumi.Input<string>;
    /** Bind organization roles there; unset: tenant roles. */
    readonly organizationId?: pulumi.Input<string>;
    /** For labels: "Contoso: group Finance gains role Billing Admin". */
    readonly customerName: string;
    readonly roles: readonly DeclaredRole[];
    readonly bindings: readonly GroupRoleBinding[];
    readonly waitSeconds?: number;
    /**
     * What a binding of these groups waits for: a provision on demand of the group in the same `up`,
     * so that it is in Auth0 by then and binds at once.
     */
    readonly provisionedOnDemand?: { readonly entraGroupIds: readonly string[]; readonly after: pulumi.Input<pulumi.Resource>[] };
    /** What every binding waits for (the guard; the organization connection with membership on login). */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** A group still waiting for Entra, as stack output `groupRolesPending` lists it. */
export interface PendingGroup {
    readonly entraGroupId: string;
    readonly groupName?: string;
    readonly status: string;
}

/** A logical name part from a role name: stable, and never more than the name says. */
export function roleSlug(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "role";
}

export class GroupRoleBindings extends pulumi.ComponentResource {
    /** Declared roles' ids, by name. */
    public readonly roleIds: Record<string, pulumi.Output<string>>;
    /** The groups whose roles are not bound yet (empty once all are). */
    public readonly pending: pulumi.Output<PendingGroup[]>;

    constructor(name: string, args: GroupRoleBindingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:auth0:GroupRoleBindings", name, {}, opts);

        const declared = new Map<string, auth0.Role>();
        const slugs = new Set<string>();
        for (const role of args.roles) {
            // Two names with one slug ("Billing Admin", "billing-admin") get distinct logical names.
            let slug = roleSlug(role.name);
            for (let n = 2; slugs.has(slug); n++) slug = `${roleSlug(role.name)}-${n}`;
            slugs.add(slug);
            declared.set(role.name, new auth0.Role(`${name}-role-${slug}`, { name: role.name, description: role.description ?? role.name }, { parent: this }));
        }
        const roleInput = (ref: string): pulumi.Input<string> => (ROLE_ID.test(ref) ? ref : declared.get(ref)?.id ?? ref);

        const bindings = args.bindings.map((binding) => {
            const onDemand = args.provisionedOnDemand?.entraGroupIds.includes(binding.entraGroupId) ? args.provisionedOnDemand.after : [];
            const resource = new GroupRoles(
                `${name}-${binding.entraGroupId}`,
                {
                    connectionId: args.connectionId,
                    entraGroupId: binding.entraGroupId,
                    ...(args.organizationId ? { organizationId: args.organizationId } : {}),
                    roles: binding.roles.map(roleInput),
                    roleNames: binding.roles,
                    ...(binding.groupName ? { groupName: binding.groupName } : {}),
                    customerName: args.customerName,
                    ...(args.waitSeconds ? { waitSeconds: args.waitSeconds } : {}),
                },
                { parent: this, dependsOn: [...(args.dependsOn ?? []), ...onDemand, ...declared.values()] },
            );
            // Not an error: the `up` goes on, and says which group it waits for.
            resource.pending.apply((status) => {
                if (status) pulumi.log.warn(`${args.customerName}: ${status}`, resource);
            });
            return { binding, resource };
        });

        this.roleIds = Object.fromEntries([...declared].map(([roleName, role]) => [roleName, role.id]));
        this.pending = pulumi
            .all(bindings.map(({ resource }) => resource.pending))
            .apply((statuses) =>
                bindings.flatMap(({ binding }, i) =>
                    statuses[i] ? [{ entraGroupId: binding.entraGroupId, ...(binding.groupName ? { groupName: binding.groupName } : {}), status: statuses[i]! }] : [],
                ),
            );
        this.registerOutputs({ pending: this.pending });
    }
}
