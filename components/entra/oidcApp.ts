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
    /** An Auth0 custom domain: its `/login/callback` is a second redirect URI. */
    readonly auth0CustomDomain?: string;
    /**
     * Grant tenant-wide admin consent to the four delegated Graph scopes, so users can sign in where the
     * tenant blocks user consent. Needs `DelegatedPermissionGrant.ReadWrite.All` for the deploying identity.
     */
    readonly grantAdminConsent: boolean;
    /** Protect the app registration from deletion. */
    readonly protect: boolean;
}

/** Auth0's redirect URI on a domain. */
export function auth0CallbackUrl(domain: string): string {
    return `https://${domain}/login/callback`;
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
                web: {
                    redirectUris: [args.auth0Domain, ...(args.auth0CustomDomain ? [args.auth0CustomDomain] : [])].map(auth0CallbackUrl),
                },
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
            { parent: this, protect: args.protect },
        );

        const servicePrincipal = new azuread.ServicePrincipal(
            `${name}-sp`,
            { clientId: application.clientId, appRoleAssignmentRequired: true },
            { parent: this },
        );

        if (args.grantAdminConsent) {
            // What an admin's "Grant admin consent" does: one grant for all users, on Graph's service principal.
            new azuread.ServicePrincipalDelegatedPermissionGrant(
                `${name}-consent`,
                {
                    servicePrincipalObjectId: servicePrincipal.objectId,
                    resourceServicePrincipalObjectId: graph.objectId,
                    claimValues: [...OIDC_DELEGATED_SCOPES],
                },
                { parent: this },
            );
        }

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
