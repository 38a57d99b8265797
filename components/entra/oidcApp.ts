/**
 * Seed "Configure SCIM in Azure AD for OIDC Apps", steps 1–2: the app registration Auth0 signs users in
 * with, its enterprise app (service principal) with Assignment Required = Yes, and the client secret
 * the Auth0 connection uses.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";

/** Microsoft Graph's application id: the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Delegated Graph permissions the Auth0 waad connection asks for. */
export const OIDC_DELEGATED_SCOPES = ["openid", "profile", "email", "User.Read"] as const;

export interface OidcAppArgs {
    readonly displayName: string;
    /** The Auth0 tenant's domain: the redirect URI is `https://{auth0Domain}/login/callback`. */
    readonly auth0Domain: string;
}

export class OidcApp extends pulumi.ComponentResource {
    /** Application (client) id, for the Auth0 connection. */
    public readonly clientId: pulumi.Output<string>;
    /** A client secret of the app registration: a Pulumi secret. */
    public readonly clientSecret: pulumi.Output<string>;
    /** Object id (bare GUID) of the service principal, for app role assignments. */
    public readonly servicePrincipalObjectId: pulumi.Output<string>;

    constructor(name: string, args: OidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:entra:OidcApp", name, {}, opts);

        // Scope ids are read from the tenant's Graph service principal rather than copied in.
        const graph = azuread.getServicePrincipalOutput({ clientId: MICROSOFT_GRAPH_APP_ID }, { parent: this });

        const application = new azuread.Application(
            `${name}-app`,
            {
                displayName: args.displayName,
                signInAudience: "AzureADMyOrg",
                web: { redirectUris: [`https://${args.auth0Domain}/login/callback`] },
                requiredResourceAccesses: [
                    {
                        resourceAppId: MICROSOFT_GRAPH_APP_ID,
                        resourceAccesses: OIDC_DELEGATED_SCOPES.map((scope) => ({
                            id: graph.oauth2PermissionScopeIds.apply((ids) => requireScopeId(ids, scope)),
                            type: "Scope",
                        })),
                    },
                ],
            },
            { parent: this },
        );

        const servicePrincipal = new azuread.ServicePrincipal(
            `${name}-sp`,
            { clientId: application.clientId, appRoleAssignmentRequired: true },
            { parent: this },
        );

        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            { applicationId: application.id, displayName: "Auth0 connection" },
            { parent: this },
        );

        this.clientId = application.clientId;
        this.clientSecret = pulumi.secret(password.value);
        this.servicePrincipalObjectId = servicePrincipal.objectId;
        this.registerOutputs({
            clientId: this.clientId,
            clientSecret: this.clientSecret,
            servicePrincipalObjectId: this.servicePrincipalObjectId,
        });
    }
}

function requireScopeId(ids: Record<string, string>, scope: string): string {
    const id = ids[scope];
    if (!id) throw new Error(`Microsoft Graph's service principal declares no delegated permission "${scope}"`);
    return id;
}
