/**
 * One customer tenant: every step of the seed, wired in the order data flows —
 * Entra OIDC app (client id/secret) -> Auth0 connection -> SCIM configuration and token ->
 * Entra provisioning app (job stopped, Tenant URL + token confirmed, mappings) -> the same assignments
 * on both apps -> on-demand check -> job started -> superseded tokens revoked.
 *
 * `mode` splits it where the two vendors meet: a `vendor` stack builds the Auth0 side and takes the
 * OIDC app's client id and secret from config; a `customer` stack builds the Entra side and takes the
 * Tenant URL and token from config. Between them they declare exactly what a `full` stack declares.
 *
 * Logical names never contain the customer's name or any display name, so renaming the customer is
 * an in-place update. A StackGuard, declared first and waited for by everything, refuses (while
 * `protect` is true) a connection rename and a mode change before anything is changed. `protect` is
 * also Pulumi's own option on this component, inherited by every resource whose deletion reaches live
 * users: a `destroy` (even after `pulumi state delete` of the guard) stops at them. Only the guard and
 * the resources with nothing to undo (the token confirmation, the on-demand check, the revocation)
 * opt out, so they can always be replaced, renamed or dropped.
 */
import * as pulumi from "@pulumi/pulumi";
import { ScimTokenRevocation } from "../providers/auth0/scimTokenRevocation";
import { StackGuard } from "../providers/guard/stackGuard";
import { tokenFingerprint } from "../providers/tokenFingerprint";
import { AzureAdConnection } from "./auth0/azureAdConnection";
import { declareCustomerAccess } from "./auth0/customerAccess";
import { mergeScimMappings } from "./auth0/scimMapping";
import { ScimEndpoint } from "./auth0/scimEndpoint";
import { SelfServiceProfile } from "./auth0/selfServiceProfile";
import { CONFIG_NAMESPACE, type TenantConfig } from "./config";
import { AppAssignments } from "./entra/appAssignments";
import { auth0CallbackUrl, OidcApp } from "./entra/oidcApp";
import { ProvisioningActivation } from "./entra/provisioningActivation";
import { entraTenantUrl, ProvisioningApp } from "./entra/provisioningApp";

export type CustomerTenantArgs = TenantConfig;

export class CustomerTenant extends pulumi.ComponentResource {
    /** Auth0's SCIM endpoint for the connection (full, vendor). */
    public readonly scimEndpointUrl?: pulumi.Output<string>;
    /** The endpoint as Entra is given it, with `?aadOptscim062020` (any mode that knows it). */
    public readonly tenantUrl?: pulumi.Output<string>;
    public readonly connectionId?: pulumi.Output<string>;
    /** Where Entra sends users back to Auth0: the OIDC app's redirect URI. */
    public readonly redirectUri: pulumi.Output<string>;
    /** Client id of the Entra OIDC app registration (full, customer). */
    public readonly oidcClientId?: pulumi.Output<string>;
    /** Customer mode: its client secret, for the vendor (a Pulumi secret). */
    public readonly oidcClientSecret?: pulumi.Output<string>;
    /** Object id of the provisioning enterprise app's service principal (full, customer). */
    public readonly provisioningServicePrincipalId?: pulumi.Output<string>;
    /** Graph id of the provisioning job (full, customer). */
    public readonly provisioningJobId?: pulumi.Output<string>;
    /** The SCIM token (full, vendor): a Pulumi secret. */
    public readonly scimToken?: pulumi.Output<string>;
    /** When the SCIM token expires; undefined when it never does. */
    public readonly scimTokenValidUntil?: pulumi.Output<string | undefined>;
    /** The self-service SSO profile `npm run ticket` uses, when the stack has one. */
    public readonly selfServiceProfileId?: pulumi.Output<string | undefined>;
    /** Issue 16: the customer's Auth0 Organization and its discovery domains' TXT records, when configured. */
    public readonly organizationId?: pulumi.Output<string>;
    public readonly organizationDiscoveryDomains?: pulumi.Output<Array<{ domain: string; txtHost: string; txtValue: string }>>;
    /** Entra groups whose Auth0 roles wait for Entra to provision them (for `fleet` and `health`). */
    public readonly groupRolesPending?: pulumi.Output<Array<{ entraGroupId: string; groupName?: string; status: string }>>;

    constructor(name: string, args: CustomerTenantArgs, opts?: pulumi.ComponentResourceOptions) {
        // Children inherit `protect` unless they set it.
        super("auth0-entra-scim:index:CustomerTenant", name, {}, { ...opts, protect: args.protect });

        // First: its `check` refuses a connection rename or a mode change before anything else is
        // registered, because everything below waits for it.
        const guard = new StackGuard(
            `${name}-guard`,
            {
                protect: args.protect,
                mode: args.mode,
                ...(auth0SideOf(args) ? { connectionName: args.connectionName } : {}),
                ...(args.mode !== "vendor"
                    ? { provisioning: !args.oidcAppOnly, adminConsent: args.grantAdminConsent, adminConsentChosen: args.grantAdminConsentChosen }
                    : {}),
                configNamespace: CONFIG_NAMESPACE,
            },
            { parent: this },
        );
        const parent = { parent: this, dependsOn: [guard] };
        const auth0Side = auth0SideOf(args);
        const entraSide = args.mode !== "vendor";

        const oidc = entraSide
            ? new OidcApp(
                  `${name}-oidc`,
                  {
                      displayName: args.oidcAppDisplayName,
                      auth0Domain: args.auth0Domain,
                      auth0CustomDomain: args.auth0CustomDomain,
                      grantAdminConsent: args.grantAdminConsent,
                      protect: args.protect,
                  },
                  parent,
              )
            : undefined;

        let auth0: { connection: AzureAdConnection; scim: ScimEndpoint; profile?: SelfServiceProfile } | undefined;
        if (auth0Side) {
            const connection = new AzureAdConnection(
                `${name}-waad`,
                {
                    connectionName: args.connectionName,
                    displayName: args.customerName,
                    entraTenantDomain: args.entraTenantDomain,
                    clientId: oidc ? oidc.clientId : args.oidcClientId!,
                    clientSecret: oidc ? oidc.clientSecret : args.oidcClientSecret!,
                    syncUserProfileAtLogin: args.syncUserProfileAtLogin,
                    enabledClients: args.enabledClients,
                    protect: args.protect,
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
            const profile = args.selfServiceProfile
                ? new SelfServiceProfile(`${name}-sso`, { branding: args.selfServiceBranding }, parent)
                : undefined;
            auth0 = { connection, scim, profile };
            this.selfServiceProfileId = profile ? profile.profileId : args.selfServiceProfileId ? pulumi.output(args.selfServiceProfileId) : undefined;
        }

        // What Entra is given: from the Auth0 side in a full stack, from the vendor in a customer one.
        const scimForEntra = auth0
            ? { tenantUrl: auth0.scim.endpointUrl.apply(entraTenantUrl), token: auth0.scim.token, validUntil: auth0.scim.tokenValidUntil }
            : args.tenantUrl && args.scimToken
              ? { tenantUrl: pulumi.output(args.tenantUrl), token: args.scimToken, validUntil: pulumi.output(args.scimTokenValidUntil) }
              : undefined;

        let provisioning: ProvisioningApp | undefined;
        if (entraSide && scimForEntra) {
            provisioning = new ProvisioningApp(
                `${name}-provisioning`,
                {
                    displayName: args.provisioningAppDisplayName,
                    tenantUrl: scimForEntra.tenantUrl,
                    scimToken: scimForEntra.token,
                    scimTokenValidUntil: scimForEntra.validUntil,
                    provisionGroups: args.provisionGroups,
                    mappingEdits: args.entraMappingEdits,
                    protect: args.protect,
                },
                parent,
            );
        }

        const assignments = entraSide
            ? ([["oidc", oidc!.servicePrincipalObjectId], ["provisioning", provisioning?.servicePrincipalObjectId]] as const)
                  .filter(([, servicePrincipalObjectId]) => servicePrincipalObjectId !== undefined)
                  .map(
                      ([app, servicePrincipalObjectId]) =>
                          new AppAssignments(
                              `${name}-${app}-assignments`,
                              // assignPrincipals false: the customer's admin assigns them (no tenant-wide permission here).
                              { servicePrincipalObjectId: servicePrincipalObjectId!, principals: args.assignPrincipals ? args.assignedPrincipals : [] },
                              parent,
                          ),
                  )
            : [];

        const activation = provisioning
            ? new ProvisioningActivation(
                  `${name}-activation`,
                  {
                      servicePrincipalObjectId: provisioning.servicePrincipalObjectId,
                      jobId: provisioning.jobId,
                      userRuleId: provisioning.userRuleId,
                      provisionOnDemand: args.provisionOnDemand,
                      // The on-demand check reruns when any of what it exercises changes.
                      covers: {
                          tokenFingerprint: provisioning.confirmedTokenFingerprint,
                          tenantUrl: provisioning.tenantUrl,
                          mappingEdits: JSON.stringify(args.entraMappingEdits),
                          provisionGroups: args.provisionGroups,
                          assignedPrincipals: args.assignedPrincipals.map((p) => p.objectId).sort(),
                      },
                      after: [...provisioning.readyToStart, assignments[1]],
                      schemaInstance: provisioning.schemaInstance,
                  },
                  parent,
              )
            : undefined;

        // Issue 16: the customer's Organization and the Entra groups' Auth0 roles (organizationConfig.ts).
        const access = auth0 ? declareCustomerAccess(name, args, auth0.connection.connectionId, parent, activation) : undefined;

        if (auth0) {
            // The last step of a rotation: in a full stack after Entra confirmed the new token; in a
            // vendor stack once the customer's Entra has used it.
            new ScimTokenRevocation(
                `${name}-token-revocation`,
                {
                    connectionId: auth0.connection.connectionId,
                    tokenId: auth0.scim.tokenId,
                    // Tokens issued before rotation was tracked have no list yet.
                    supersededTokenIds: auth0.scim.supersededTokenIds.apply((ids) => ids ?? []),
                    confirmation: provisioning ? "entra" : "usage",
                    // Revoke only once Entra's confirmation names the current token (a `--target` of
                    // the revocation alone must not revoke the token Entra still holds).
                    ...(provisioning
                        ? {
                              tokenFingerprint: pulumi.unsecret(auth0.scim.token.apply(tokenFingerprint)),
                              confirmedFingerprint: provisioning.confirmedTokenFingerprint,
                          }
                        : {}),
                },
                // Nothing to undo on delete: never protected, so it can always be dropped or replaced.
                { parent: this, protect: false, dependsOn: [guard, ...(provisioning ? [provisioning.tokenConfirmation] : [])] },
            );
        }

        this.redirectUri = pulumi.output(auth0CallbackUrl(args.auth0Domain));
        this.scimEndpointUrl = auth0?.scim.endpointUrl;
        this.tenantUrl = scimForEntra?.tenantUrl;
        this.connectionId = auth0?.connection.connectionId;
        this.oidcClientId = oidc?.clientId;
        this.oidcClientSecret = args.mode === "customer" ? oidc!.clientSecret : undefined;
        this.provisioningServicePrincipalId = provisioning?.servicePrincipalObjectId;
        this.provisioningJobId = provisioning?.jobId;
        this.scimToken = auth0?.scim.token;
        this.scimTokenValidUntil = auth0?.scim.tokenValidUntil;
        this.organizationId = access?.organization?.organizationId;
        this.organizationDiscoveryDomains = args.organization?.discoveryDomains.length ? access?.organization?.discoveryDomains : undefined;
        this.groupRolesPending = args.groupRoles?.length ? access?.groupRoles?.pending : undefined;
        this.registerOutputs({
            redirectUri: this.redirectUri,
            scimEndpointUrl: this.scimEndpointUrl,
            tenantUrl: this.tenantUrl,
            connectionId: this.connectionId,
            oidcClientId: this.oidcClientId,
            oidcClientSecret: this.oidcClientSecret,
            provisioningServicePrincipalId: this.provisioningServicePrincipalId,
            provisioningJobId: this.provisioningJobId,
            scimToken: this.scimToken,
            scimTokenValidUntil: this.scimTokenValidUntil,
            selfServiceProfileId: this.selfServiceProfileId,
            organizationId: this.organizationId,
            organizationDiscoveryDomains: this.organizationDiscoveryDomains,
            groupRolesPending: this.groupRolesPending,
        });
    }
}

function auth0SideOf(args: TenantConfig): boolean {
    return args.mode !== "customer";
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
