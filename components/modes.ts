/**
 * The three arrangements one stack can be (config `mode`), and which config keys each one reads:
 *
 * - `full`: both sides, with write access to the vendor's Auth0 tenant and the customer's Entra tenant;
 * - `vendor`: the Auth0 side only (connection, SCIM configuration, token and its rotation); the
 *   customer's admin produces the OIDC app's client id and secret;
 * - `customer`: the Entra side only, run by the customer's admin; the vendor produces the Tenant URL
 *   and the SCIM token.
 *
 * A key a mode does not read is refused, naming the modes that read it, so that a value never sits
 * in a stack that ignores it. No I/O here.
 */

export const MODES = ["full", "vendor", "customer"] as const;
export type Mode = (typeof MODES)[number];

/** Every key of the project namespace and the modes that read it. */
export const KEY_MODES: Record<string, readonly Mode[]> = {
    mode: ["full", "vendor", "customer"],
    customerName: ["full", "vendor", "customer"],
    auth0Domain: ["full", "vendor", "customer"],
    auth0CustomDomain: ["full", "vendor", "customer"],
    protect: ["full", "vendor", "customer"],
    provisionGroups: ["full", "vendor", "customer"],
    entraTenantDomain: ["full", "vendor"],
    connectionName: ["full", "vendor"],
    enabledClients: ["full", "vendor"],
    syncUserProfileAtLogin: ["full", "vendor"],
    scimTokenLifetimeDays: ["full", "vendor"],
    scimTokenRotateBeforeDays: ["full", "vendor"],
    scimTokenGeneration: ["full", "vendor"],
    additionalMappings: ["full", "vendor"],
    selfServiceProfile: ["full", "vendor"],
    selfServiceProfileId: ["full", "vendor"],
    selfServiceBranding: ["full", "vendor"],
    // Issue 16: the customer's Auth0 Organization and Entra groups to Auth0 roles (organizationConfig.ts).
    organization: ["full", "vendor"],
    organizationShowAsButton: ["full", "vendor"],
    organizationDiscoveryDomains: ["full", "vendor"],
    roles: ["full", "vendor"],
    groupRoles: ["full", "vendor"],
    groupRolesWaitSeconds: ["full", "vendor"],
    oidcAppDisplayName: ["full", "customer"],
    provisioningAppDisplayName: ["full", "customer"],
    assignedUsers: ["full", "customer"],
    assignedGroups: ["full", "customer"],
    additionalEntraMappings: ["full", "customer"],
    provisionOnDemand: ["full", "customer"],
    grantAdminConsent: ["full", "customer"],
    assignPrincipals: ["full", "customer"],
    oidcClientId: ["vendor"],
    oidcClientSecret: ["vendor"],
    tenantUrl: ["customer"],
    scimToken: ["customer"],
    scimTokenValidUntil: ["customer"],
    oidcAppOnly: ["customer"],
};

/** Who produces a key that crosses from one side to the other, for the "missing" error. */
export const PRODUCED_BY: Record<string, string> = {
    oidcClientId: "from the customer's `pulumi stack output oidcClientId` (customer mode), or the OIDC app's Application (client) ID",
    oidcClientSecret:
        "from the customer's `pulumi stack output oidcClientSecret --show-secrets` (customer mode); set it with `pulumi config set --secret oidcClientSecret`",
    tenantUrl: "from the vendor's `pulumi stack output tenantUrl` (vendor mode)",
    scimToken:
        "from the vendor's `pulumi stack output scimToken --show-secrets` (vendor mode), sent by a one-time secret link; set it with `pulumi config set --secret scimToken`",
};

/**
 * `grantAdminConsent` when unset. Consent needs `DelegatedPermissionGrant.ReadWrite.All`, a tenant-wide
 * escalation path: a full stack deploys with the vendor's identity, which should not hold it (the
 * customer's admin consents by URL instead); a customer stack is run by the customer's own admin.
 */
export function defaultGrantAdminConsent(mode: Mode): boolean {
    return mode === "customer";
}

export function usedBy(key: string, mode: Mode): boolean {
    return KEY_MODES[key]?.includes(mode) ?? false;
}

export function isMode(value: unknown): value is Mode {
    return typeof value === "string" && (MODES as readonly string[]).includes(value);
}
