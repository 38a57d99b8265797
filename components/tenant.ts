/**
 * One customer tenant: every step of the seed, wired in the order data flows —
 * Entra OIDC app (client id/secret) -> Auth0 connection -> SCIM configuration and token ->
 * Entra provisioning app (job stopped, Tenant URL + token, mappings) -> the same assignments on both
 * apps -> on-demand check -> job started.
 *
 * Logical names never contain the customer's name or any display name, so renaming the customer is
 * an in-place update; settings only a replacement could change are guarded (ReplacementGuard).
 */
import * as pulumi from "@pulumi/pulumi";
import { ReplacementGuard } from "../providers/guard/replacementGuard";
import { AzureAdConnection } from "./auth0/azureAdConnection";
import { mergeScimMappings } from "./auth0/scimMapping";
import { ScimEndpoint } from "./auth0/scimEndpoint";
import { CONFIG_NAMESPACE, type TenantConfig } from "./config";
import { AppAssignments } from "./entra/appAssignments";
import { OidcApp } from "./entra/oidcApp";
import { ProvisioningActivation } from "./entra/provisioningActivation";
import { ProvisioningApp } from "./entra/provisioningApp";

export type CustomerTenantArgs = TenantConfig;

export class CustomerTenant extends pulumi.ComponentResource {
    /** Auth0's SCIM endpoint for the connection. */
    public readonly scimEndpointUrl: pulumi.Output<string>;
    /** The endpoint as Entra is given it, with `?aadOptscim062020`. */
    public readonly tenantUrl: pulumi.Output<string>;
    public readonly connectionId: pulumi.Output<string>;
    /** Client id of the Entra OIDC app registration. */
    public readonly oidcClientId: pulumi.Output<string>;
    /** Object id of the provisioning enterprise app's service principal. */
    public readonly provisioningServicePrincipalId: pulumi.Output<string>;
    /** Graph id of the provisioning job. */
    public readonly provisioningJobId: pulumi.Output<string>;
    /** The SCIM token Entra holds: a Pulumi secret. */
    public readonly scimToken: pulumi.Output<string>;
    /** When the SCIM token expires; undefined when it never does. */
    public readonly scimTokenValidUntil: pulumi.Output<string | undefined>;

    constructor(name: string, args: CustomerTenantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:index:CustomerTenant", name, {}, opts);
        const parent = { parent: this };

        const guard = new ReplacementGuard(
            `${name}-replacement-guard`,
            {
                settings: {
                    connectionName: {
                        value: args.connectionName,
                        configKey: `${CONFIG_NAMESPACE}:connectionName`,
                        loss:
                            "Auth0 cannot rename a connection, so the connection would be deleted with every user in it " +
                            "and a new, empty one created; SCIM would recreate the users with new Auth0 user ids.",
                    },
                },
                allowReplacement: !args.protect,
            },
            parent,
        );

        const oidc = new OidcApp(
            `${name}-oidc`,
            {
                displayName: args.oidcAppDisplayName,
                auth0Domain: args.auth0Domain,
                auth0CustomDomain: args.auth0CustomDomain,
                grantAdminConsent: args.grantAdminConsent,
                protect: args.protect,
            },
            parent,
        );

        const connection = new AzureAdConnection(
            `${name}-waad`,
            {
                connectionName: args.connectionName,
                displayName: args.customerName,
                entraTenantDomain: args.entraTenantDomain,
                clientId: oidc.clientId,
                clientSecret: oidc.clientSecret,
                syncUserProfileAtLogin: args.syncUserProfileAtLogin,
                enabledClients: args.enabledClients,
                protect: args.protect,
                dependsOn: [guard],
            },
            parent,
        );

        const scim = new ScimEndpoint(
            `${name}-scim`,
            {
                auth0Domain: args.auth0Domain,
                connectionId: connection.connectionId,
                mappings: mergeScimMappings(args.additionalMappings),
                provisionGroups: args.provisionGroups,
                tokenLifetimeDays: args.scimTokenLifetimeDays,
                rotateBeforeDays: args.scimTokenRotateBeforeDays,
                tokenGeneration: args.scimTokenGeneration,
            },
            parent,
        );

        const provisioning = new ProvisioningApp(
            `${name}-provisioning`,
            {
                displayName: args.provisioningAppDisplayName,
                scimEndpointUrl: scim.endpointUrl,
                scimToken: {
                    token: scim.token,
                    connectionId: connection.connectionId,
                    tokenId: scim.tokenId,
                    validUntil: scim.tokenValidUntil,
                    supersededTokenIds: scim.supersededTokenIds,
                },
                provisionGroups: args.provisionGroups,
                mappingEdits: args.entraMappingEdits,
                protect: args.protect,
            },
            parent,
        );

        const assignments = (["oidc", "provisioning"] as const).map(
            (app) =>
                new AppAssignments(
                    `${name}-${app}-assignments`,
                    {
                        servicePrincipalObjectId: app === "oidc" ? oidc.servicePrincipalObjectId : provisioning.servicePrincipalObjectId,
                        principals: args.assignedPrincipals,
                    },
                    parent,
                ),
        );

        new ProvisioningActivation(
            `${name}-activation`,
            {
                servicePrincipalObjectId: provisioning.servicePrincipalObjectId,
                jobId: provisioning.jobId,
                userRuleId: provisioning.userRuleId,
                provisionOnDemand: args.provisionOnDemand,
                // The on-demand check reruns when any of what it exercises changes.
                covers: {
                    tokenId: provisioning.confirmedTokenId,
                    tenantUrl: provisioning.tenantUrl,
                    mappingEdits: JSON.stringify(args.entraMappingEdits),
                    provisionGroups: args.provisionGroups,
                    assignedPrincipals: args.assignedPrincipals.map((p) => p.objectId).sort(),
                },
                after: [...provisioning.readyToStart, assignments[1]],
            },
            parent,
        );

        this.scimEndpointUrl = scim.endpointUrl;
        this.tenantUrl = provisioning.tenantUrl;
        this.connectionId = connection.connectionId;
        this.oidcClientId = oidc.clientId;
        this.provisioningServicePrincipalId = provisioning.servicePrincipalObjectId;
        this.provisioningJobId = provisioning.jobId;
        this.scimToken = scim.token;
        this.scimTokenValidUntil = scim.tokenValidUntil;
        this.registerOutputs({
            scimEndpointUrl: this.scimEndpointUrl,
            tenantUrl: this.tenantUrl,
            connectionId: this.connectionId,
            oidcClientId: this.oidcClientId,
            provisioningServicePrincipalId: this.provisioningServicePrincipalId,
            provisioningJobId: this.provisioningJobId,
            scimToken: this.scimToken,
            scimTokenValidUntil: this.scimTokenValidUntil,
        });
    }
}

/** The top component's logical name in every stack; every child's name starts with it. */
export const TENANT_NAME = "tenant";

/**
 * Stacks deployed before the fixed name used the customer's name as the top component's name. The
 * alias lets the engine find them (children follow: their names start with the parent's), so
 * upgrading is an in-place update, not a replacement of everything.
 */
export function tenantAliases(customerName: string): pulumi.Alias[] {
    return customerName === TENANT_NAME ? [] : [{ name: customerName }];
}
