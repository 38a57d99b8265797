/**
 * Who may do what, on the Auth0 side (issue 16): the customer's organization when the config asks for
 * one, and the Entra groups' roles, at that organization or tenant-wide. Called by the tenant component
 * once the connection exists; declares nothing when neither is configured.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TenantConfig } from "../config";
import { GroupRoleBindings } from "./groupRoles";
import { CustomerOrganization } from "./organization";

export interface CustomerAccess {
    readonly organization?: CustomerOrganization;
    readonly groupRoles?: GroupRoleBindings;
}

export function declareCustomerAccess(
    name: string,
    args: TenantConfig,
    connectionId: pulumi.Input<string>,
    opts: { parent: pulumi.Resource; dependsOn: pulumi.Resource[] },
    /** Full stacks: what provisions the groups in `provisionOnDemand` during this `up`. */
    onDemand?: pulumi.Resource,
): CustomerAccess {
    const organization = args.organization
        ? new CustomerOrganization(
              `${name}-organization`,
              {
                  name: args.organization.name,
                  displayName: args.customerName,
                  connectionId,
                  showAsButton: args.organization.showAsButton,
                  discoveryDomains: args.organization.discoveryDomains,
              },
              opts,
          )
        : undefined;
    const onDemandGroups = args.provisionOnDemand.filter((p) => p.kind === "Group").map((p) => p.objectId);
    const groupRoles =
        (args.groupRoles?.length ?? 0) > 0 || (args.roles?.length ?? 0) > 0
            ? new GroupRoleBindings(
                  `${name}-group-roles`,
                  {
                      connectionId,
                      ...(organization ? { organizationId: organization.organizationId } : {}),
                      customerName: args.customerName,
                      roles: args.roles ?? [],
                      bindings: args.groupRoles ?? [],
                      ...(args.groupRolesWaitSeconds ? { waitSeconds: args.groupRolesWaitSeconds } : {}),
                      ...(onDemand && onDemandGroups.length > 0 ? { provisionedOnDemand: { entraGroupIds: onDemandGroups, after: [onDemand] } } : {}),
                      // Organization roles take effect through the membership the organization connection grants.
                      dependsOn: organization ? [organization.membership] : [],
                  },
                  opts,
              )
            : undefined;
    return { ...(organization ? { organization } : {}), ...(groupRoles ? { groupRoles } : {}) };
}
