/**
 * Seed "Configure SCIM in Azure AD for OIDC Apps", steps 2 and 4: the same users and groups assigned to
 * an enterprise app. One code path serves both apps, so their assignments cannot drift apart.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { AssignedPrincipal } from "../config";

/** Entra's "Default Access" role, for apps that declare no role of their own. */
export const DEFAULT_ACCESS_ROLE_ID = "00000000-0000-0000-0000-000000000000";

type AppRole = Pick<azuread.GetServicePrincipalResult["appRoles"][number], "id" | "displayName" | "value" | "enabled" | "allowedMemberTypes">;

/**
 * The role the portal's "Users and groups" blade assigns: the app's enabled `User` role when it declares
 * one (non-gallery apps do, with a per-app id), else Default Access.
 */
export function userAppRoleId(appRoles: readonly AppRole[]): string {
    const user = appRoles.find(
        (role) =>
            role.enabled &&
            role.allowedMemberTypes.includes("User") &&
            (role.value === "User" || role.displayName === "User"),
    );
    return user?.id ?? DEFAULT_ACCESS_ROLE_ID;
}

export interface AppAssignmentsArgs {
    /** Object id (bare GUID) of the enterprise app's service principal. */
    readonly servicePrincipalObjectId: pulumi.Input<string>;
    readonly principals: readonly AssignedPrincipal[];
}

export class AppAssignments extends pulumi.ComponentResource {
    public readonly appRoleId: pulumi.Output<string>;

    constructor(name: string, args: AppAssignmentsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:entra:AppAssignments", name, {}, opts);

        this.appRoleId = azuread
            .getServicePrincipalOutput({ objectId: args.servicePrincipalObjectId }, { parent: this })
            .apply((sp) => userAppRoleId(sp.appRoles));

        for (const principal of args.principals) {
            new azuread.AppRoleAssignment(
                `${name}-${principal.kind.toLowerCase()}-${principal.objectId}`,
                {
                    appRoleId: this.appRoleId,
                    principalObjectId: principal.objectId,
                    resourceObjectId: args.servicePrincipalObjectId,
                },
                // The same assignment cannot exist twice: a replacement must delete the old one first.
                { parent: this, deleteBeforeReplace: true },
            );
        }
        this.registerOutputs({ appRoleId: this.appRoleId });
    }
}
