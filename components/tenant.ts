/**
 * One customer tenant: every step of the seed, wired in the order data flows —
 * Entra OIDC app (client id/secret) -> Auth0 connection -> SCIM configuration and token ->
 * Entra provisioning app (Tenant URL + token) -> the same assignments on both apps.
 */
import * as pulumi from "@pulumi/pulumi";
import { AzureAdConnection } from "./auth0/azureAdConnection";
import { mergeScimMappings } from "./auth0/scimMapping";
import { ScimEndpoint } from "./auth0/scimEndpoint";
import type { TenantConfig } from "./config";
import { AppAssignments } from "./entra/appAssignments";
import { OidcApp } from "./entra/oidcApp";
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

        const oidc = new OidcApp(
            `${name}-oidc`,
            { displayName: args.oidcAppDisplayName, auth0Domain: args.auth0Domain },
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
            },
            parent,
        );

        const provisioning = new ProvisioningApp(
            `${name}-provisioning`,
            {
                displayName: args.provisioningAppDisplayName,
                scimEndpointUrl: scim.endpointUrl,
                scimToken: scim.token,
                provisionGroups: args.provisionGroups,
                mappingEdits: args.entraMappingEdits,
                provisionOnDemand: args.provisionOnDemand,
            },
            parent,
        );

        for (const [app, servicePrincipalObjectId] of [
            ["oidc", oidc.servicePrincipalObjectId],
            ["provisioning", provisioning.servicePrincipalObjectId],
        ] as const) {
            new AppAssignments(
                `${name}-${app}-assignments`,
                { servicePrincipalObjectId, principals: args.assignedPrincipals },
                parent,
            );
        }

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
