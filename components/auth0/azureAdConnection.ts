/**
 * Seed "Configure SCIM settings in Auth0", steps 1–3: the Auth0 Microsoft Azure AD (waad) connection
 * with the ID settings SCIM needs, and the Auth0 applications that may use it.
 */
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";

export interface AzureAdConnectionArgs {
    /** The connection's name in Auth0 (also its realm). */
    readonly connectionName: string;
    /** Shown on the Universal Login button. */
    readonly displayName: string;
    /** The customer's Entra primary domain; used as both `tenantDomain` and `domain`. */
    readonly entraTenantDomain: string;
    /** Application (client) id of the customer's Entra OIDC app registration. */
    readonly clientId: pulumi.Input<string>;
    /** A client secret of that app registration; keep it a Pulumi secret. */
    readonly clientSecret: pulumi.Input<string>;
    /**
     * Seed step 3: "Sync user profile attributes at each login". Off (the seed's choice) lets SCIM own
     * the profile after the first login.
     */
    readonly syncUserProfileAtLogin: boolean;
    /**
     * Auth0 application (client) ids to enable the connection for. Empty: the list is not managed, so
     * apps enabled in the dashboard stay enabled. Non-empty: this list is the whole list, and apps
     * enabled elsewhere are disabled on the next `up`.
     */
    readonly enabledClients: readonly string[];
    /** Protect the connection (and its users) from deletion. */
    readonly protect: boolean;
    /** Resources the connection waits for, e.g. the guard against replacing it. */
    readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class AzureAdConnection extends pulumi.ComponentResource {
    public readonly connectionId: pulumi.Output<string>;
    public readonly connectionName: pulumi.Output<string>;

    constructor(name: string, args: AzureAdConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:auth0:AzureAdConnection", name, {}, opts);

        const connection = new auth0.Connection(
            `${name}-connection`,
            {
                name: args.connectionName,
                displayName: args.displayName,
                strategy: "waad",
                options: {
                    identityApi: "microsoft-identity-platform-v2.0",
                    waadProtocol: "openid-connect",
                    tenantDomain: args.entraTenantDomain,
                    domain: args.entraTenantDomain,
                    clientId: args.clientId,
                    clientSecret: pulumi.secret(args.clientSecret),
                    // Seed step 2: User ID Attribute = oid, and no common endpoint (SCIM refuses it).
                    userIdAttribute: "oid",
                    waadCommonEndpoint: false,
                    setUserRootAttributes: args.syncUserProfileAtLogin ? "on_each_login" : "on_first_login",
                },
            },
            // `name` is replace-only in Auth0, and a replacement deletes every user. While protected,
            // the name is never changed by the engine: a configured change is refused first, with the
            // way out (ReplacementGuard), and a changed default (stacks deployed when it came from
            // customerName, before the guard existed) leaves the connection as it is.
            { parent: this, protect: args.protect, dependsOn: args.dependsOn, ...(args.protect ? { ignoreChanges: ["name"] } : {}) },
        );

        // auth0.ConnectionClients owns the whole list: with none configured it would take over (and,
        // after a refresh, disable) apps enabled in the dashboard. Unset, the list is left alone: never
        // diffed, never emptied on delete. (The resource stays declared so that stacks that had it do
        // not delete it, which would disable what it holds.)
        const unmanaged = args.enabledClients.length === 0;
        new auth0.ConnectionClients(
            `${name}-clients`,
            { connectionId: connection.id, enabledClients: [...args.enabledClients] },
            { parent: this, ...(unmanaged ? { ignoreChanges: ["enabledClients"], retainOnDelete: true } : {}) },
        );

        this.connectionId = connection.id;
        this.connectionName = connection.name;
        this.registerOutputs({ connectionId: this.connectionId, connectionName: this.connectionName });
    }
}
