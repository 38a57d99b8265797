/**
 * `GroupRoles`: the Auth0 roles of the group SCIM created from one Entra group, tenant-wide or in an
 * organization. Type token: `pulumi-nodejs:dynamic/auth0:GroupRoles`. Until Entra has provisioned the
 * group, the resource succeeds with `pending` set ("waiting for Entra to provision group …") and binds
 * on a later `up`. Credentials as `ScimToken`'s; the M2M application needs `read:groups` and
 * `read:roles`, plus `read:group_roles` with `create:group_roles` and `delete:group_roles` (or
 * `update:groups`) for tenant roles, or `read:organization_group_roles`,
 * `create:organization_group_roles` and `delete:organization_group_roles` for organization roles
 * (Management API reference, per endpoint).
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { GroupRolesProvider } from "./groupRolesProvider";

export interface GroupRolesArgs {
    /** The waad connection SCIM provisions into. */
    readonly connectionId: pulumi.Input<string>;
    /** The Entra group's object id (lower case): the Auth0 group's `external_id`. */
    readonly entraGroupId: string;
    /** The customer's organization: bind organization roles there. Unset: tenant roles. */
    readonly organizationId?: pulumi.Input<string>;
    /** Role ids (`rol_…`, e.g. a declared `auth0.Role`'s id) or names of existing roles. */
    readonly roles: pulumi.Input<pulumi.Input<string>[]>;
    /** The roles as configured, same order: what reviews and messages show. */
    readonly roleNames: readonly string[];
    readonly groupName?: string;
    readonly customerName?: string;
    /** Seconds to wait for the group before leaving it pending; default 0. */
    readonly waitSeconds?: number;
}

const provider = new GroupRolesProvider();

export class GroupRoles extends pulumi.dynamic.Resource {
    /** The Auth0 group (`grp_…`), once Entra has provisioned it. */
    declare readonly groupId: pulumi.Output<string | undefined>;
    /** The role ids this resource bound (and removes on delete). */
    declare readonly roleIds: pulumi.Output<string[]>;
    /** "waiting for Entra to provision group …" while the group is not in Auth0; undefined once bound. */
    declare readonly pending: pulumi.Output<string | undefined>;

    constructor(name: string, args: GroupRolesArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            {
                ...args,
                roleNames: [...args.roleNames],
                providerVersion: PROVIDER_VERSION,
                groupId: undefined,
                roleIds: undefined,
                adoptedRoleIds: undefined,
                resolvedRoles: undefined,
                pending: undefined,
            },
            // Delete first: a new instance on the same group adopts the roles already bound, which the old
            // one's delete would then remove (a forced replacement never asks `diff`, so it is an option).
            pulumi.mergeOptions(opts, { deleteBeforeReplace: true }),
            "auth0",
            "GroupRoles",
        );
    }
}
