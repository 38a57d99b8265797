/**
 * The pack's policies. Resource policies check one resource's inputs before it is created or updated
 * (during preview too); stack policies correlate resources and run on the whole stack at the end of
 * a preview or an update. Every policy keys on the real type tokens (`resourceTypes.ts`), so hand-written
 * stacks are covered as well as this package's components.
 *
 * Mandatory: the seed's invariants, least privilege for the token and the OIDC app, and a finite token
 * lifetime (configurable: `requireExpiry`, `maxLifetimeDays`; the Tenant URL's `auth0Domains`).
 * Advisory (configurable): the rotation window. docs/policy.md is the reference.
 */
import type {
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { fleetPolicies } from "./fleetPolicies";
import { organizationPolicies } from "./organizationPolicies";
import * as types from "./resourceTypes";
import {
    assignmentRequiredViolations,
    consentGrantViolations,
    CREDENTIALS_DEFAULTS,
    groupsProvisioned,
    LIFETIME_DEFAULTS,
    oidcApiAccesses,
    oidcApiAccessViolations,
    oidcApplications,
    oidcAppViolations,
    oidcConsentGrants,
    oidcServicePrincipals,
    provisioningCredentialViolations,
    ROTATION_DEFAULTS,
    rotationWindowViolations,
    scimConfigurationViolations,
    scimWaadConnections,
    tokenGroupsScopeViolations,
    tokenLifetimeViolations,
    tokenScopeViolations,
    waadConnectionViolations,
    withDefaults,
    type CredentialsConfig,
    type LifetimeConfig,
    type RotationConfig,
} from "./rules";
import { prop } from "./values";

function reportAll(messages: readonly string[], reportViolation: ReportViolation, urn?: string): void {
    for (const message of messages) reportViolation(message, urn);
}

export const waadConnectionScimSettings: StackValidationPolicy = {
    name: "waad-connection-scim-settings",
    description:
        "A Microsoft Azure AD (waad) connection with SCIM uses User ID Attribute oid and not the common endpoint.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'On the auth0.Connection set options.userIdAttribute = "oid" and options.waadCommonEndpoint = false.',
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        for (const connection of scimWaadConnections(args.resources)) {
            reportAll(waadConnectionViolations(prop(connection.props, "options")), reportViolation, connection.urn);
        }
    },
};

export const scimConfigurationUserId: ResourceValidationPolicy = {
    name: "scim-configuration-user-id-external-id",
    description: "The SCIM configuration takes the user id from the SCIM attribute externalId.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: 'On the auth0.ConnectionScimConfiguration set userIdAttribute = "externalId".',
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (args.type !== types.SCIM_CONFIGURATION) return;
        reportAll(scimConfigurationViolations(prop(args.props, "userIdAttribute")), reportViolation);
    },
};

export const scimTokenScopes: ResourceValidationPolicy = {
    name: "scim-token-scopes",
    description:
        "A SCIM token carries only the SCIM scopes Entra uses (get|post|patch|delete:users|groups); put:users and put:groups " +
        "are refused (Entra never sends PUT).",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give the token get:users post:users patch:users delete:users, plus the four :groups scopes only to provision groups; no put: scope.",
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!types.SCIM_TOKEN_TYPES.includes(args.type)) return;
        reportAll(tokenScopeViolations(prop(args.props, "scopes")), reportViolation);
    },
};

export const scimTokenGroupsScopes: StackValidationPolicy = {
    name: "scim-token-groups-scopes",
    description:
        "A SCIM token carries groups scopes only when groups are provisioned (a ProvisioningSchema with provisionGroups " +
        "true; without one in the stack, only as the full get/post/patch/delete:groups set).",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Drop the :groups scopes, or set provisionGroups (the stack config key) to true.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const groups = groupsProvisioned(args.resources);
        for (const token of args.resources.filter((r) => types.SCIM_TOKEN_TYPES.includes(r.type))) {
            reportAll(tokenGroupsScopeViolations(prop(token.props, "scopes"), groups), reportViolation, token.urn);
        }
    },
};

export const entraProvisioningCredentials: ResourceValidationPolicy = {
    name: "entra-provisioning-credentials",
    description:
        "Entra provisioning credentials: the Tenant URL (BaseAddress) is exactly https://<auth0 domain>/scim/v2/connections/" +
        '<connection id>?aadOptscim062020 (no userinfo, a port only on loopback, the host among auth0Domains when configured), ' +
        'SyncAll is "false" (only assigned users and groups), and no key appears twice.',
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'Set BaseAddress to "https://<auth0 domain>/scim/v2/connections/<connection id>?aadOptscim062020" (the stack output ' +
        'tenantUrl), SyncAll to "false", and each credential key once.',
    configSchema: {
        properties: {
            auth0Domains: {
                type: "array",
                items: { type: "string" },
                default: [...CREDENTIALS_DEFAULTS.auth0Domains],
                description:
                    "The Auth0 domains a Tenant URL may point at (e.g. acme.us.auth0.com; 127.0.0.1:PORT for an emulator). Empty: any host.",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (args.type !== types.SYNCHRONIZATION_SECRET) return;
        const config = withDefaults<CredentialsConfig>(CREDENTIALS_DEFAULTS, args.getConfig());
        reportAll(provisioningCredentialViolations(prop(args.props, "credentials"), config), reportViolation);
    },
};

export const oidcAppAssignmentRequired: StackValidationPolicy = {
    name: "oidc-app-assignment-required",
    description:
        "The service principal of the OIDC app registration (the one a waad connection signs in with, or with a " +
        "/login/callback redirect URI) requires assignment.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "On the azuread.ServicePrincipal of the OIDC app set appRoleAssignmentRequired = true.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        for (const servicePrincipal of oidcServicePrincipals(args.resources)) {
            reportAll(
                assignmentRequiredViolations(prop(servicePrincipal.props, "appRoleAssignmentRequired")),
                reportViolation,
                servicePrincipal.urn,
            );
        }
    },
};

export const scimTokenLifetime: ResourceValidationPolicy = {
    name: "scim-token-lifetime",
    description:
        "A SCIM token expires (requireExpiry, on by default), and lives at most maxLifetimeDays: a leaked token stops " +
        "working on its own.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        "Set scimTokenLifetimeDays (ScimToken lifetimeSeconds) between 1 and maxLifetimeDays days. To accept a token that " +
        "never expires, set requireExpiry false in the pack's config for scim-token-lifetime (docs/policy.md).",
    configSchema: {
        properties: {
            maxLifetimeDays: {
                type: "integer",
                minimum: 1,
                default: LIFETIME_DEFAULTS.maxLifetimeDays,
                description: "Longest allowed SCIM token lifetime, in days.",
            },
            requireExpiry: {
                type: "boolean",
                default: LIFETIME_DEFAULTS.requireExpiry,
                description: "Report SCIM tokens that never expire (false: the documented opt-out).",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!types.SCIM_TOKEN_TYPES.includes(args.type)) return;
        const config = withDefaults<LifetimeConfig>(LIFETIME_DEFAULTS, args.getConfig());
        reportAll(tokenLifetimeViolations(args.type, prop(args.props, "lifetimeSeconds"), config), reportViolation);
    },
};

export const scimTokenRotationWindow: ResourceValidationPolicy = {
    name: "scim-token-rotation-window",
    description: "A SCIM token with a lifetime is rotated at least minRotateBeforeDays before it expires, and within its lifetime.",
    enforcementLevel: "advisory",
    severity: "medium",
    remediationSteps: "Set scimTokenRotateBeforeDays (ScimToken rotateBeforeDays) to at least minRotateBeforeDays and below the lifetime in days.",
    configSchema: {
        properties: {
            minRotateBeforeDays: {
                type: "integer",
                minimum: 0,
                default: ROTATION_DEFAULTS.minRotateBeforeDays,
                description: "Smallest allowed rotateBeforeDays.",
            },
        },
    },
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (args.type !== types.DYNAMIC_SCIM_TOKEN) return;
        const config = withDefaults<RotationConfig>(ROTATION_DEFAULTS, args.getConfig());
        reportAll(
            rotationWindowViolations(prop(args.props, "lifetimeSeconds"), prop(args.props, "rotateBeforeDays"), config),
            reportViolation,
        );
    },
};

export const oidcAppPermissions: StackValidationPolicy = {
    name: "oidc-app-permissions",
    description:
        "The OIDC app registration (the one a waad connection signs in with, or with a /login/callback redirect URI) is " +
        "single-tenant (signInAudience AzureADMyOrg) and asks only for Microsoft Graph's delegated openid, profile, email " +
        "and User.Read; admin consent given to its service principal grants only those.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
        'On the azuread.Application set signInAudience "AzureADMyOrg" and one requiredResourceAccesses entry for Microsoft Graph ' +
        "(00000003-0000-0000-c000-000000000000) with the four scopes as type Scope; on the ServicePrincipalDelegatedPermissionGrant " +
        "set claimValues to openid profile email User.Read (or fewer).",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const apps = oidcApplications(args.resources);
        for (const app of apps) {
            reportAll(
                oidcAppViolations(prop(app.props, "signInAudience"), prop(app.props, "requiredResourceAccesses")),
                reportViolation,
                app.urn,
            );
        }
        for (const access of oidcApiAccesses(args.resources)) {
            reportAll(
                oidcApiAccessViolations(prop(access.props, "apiClientId"), prop(access.props, "scopeIds"), prop(access.props, "roleIds")),
                reportViolation,
                access.urn,
            );
        }
        for (const grant of oidcConsentGrants(args.resources)) {
            reportAll(consentGrantViolations(prop(grant.props, "claimValues")), reportViolation, grant.urn);
        }
    },
};

/** Every policy of the pack, in the order they are reported. */
export const policies = [
    waadConnectionScimSettings,
    scimConfigurationUserId,
    scimTokenScopes,
    scimTokenGroupsScopes,
    entraProvisioningCredentials,
    oidcAppAssignmentRequired,
    oidcAppPermissions,
    scimTokenLifetime,
    scimTokenRotationWindow,
    ...organizationPolicies,
    ...fleetPolicies,
];
