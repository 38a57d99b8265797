/**
 * The hand-off sheet's content: for the customer's Entra administrator (customerSheet.ts: they run the
 * Entra side, with this package in mode customer or by hand in the Entra admin center, following the
 * seed) or for the vendor (vendorSheet.ts: they run the Auth0 side, mode vendor). Built from SheetFacts
 * only, which hold no secret; the secrets' places are placeholders that say how the value travels.
 */
import type { Doc } from "./render";
import type { StackMode } from "./stack";
import { customerSheet } from "./customerSheet";
import { vendorSheet } from "./vendorSheet";

export type Reader = "customer" | "vendor";

/** Everything the sheet shows. No field may hold a secret. */
export interface SheetFacts {
    /** The stack the sheet was written from, as given (may be `org/project/stack`). */
    readonly stack: string;
    readonly sourceMode: StackMode;
    readonly reader: Reader;
    /** The source stack has outputs, i.e. has been deployed. */
    readonly deployed: boolean;
    /** The reader's own stack, which the sheet's commands create or select (a valid stack name). */
    readonly readerStack: string;
    /** The source stack's own name (last segment), for commands its owner runs. */
    readonly sourceStackName: string;
    /** The display name (config `customerName`), never used as a stack name. */
    readonly customerName: string;
    /** The Auth0 tenant's domain, or a placeholder. */
    readonly auth0Domain: string;
    readonly entraTenantDomain?: string;
    readonly entraTenantId?: string;
    readonly connectionName: string;
    readonly connectionId?: string;
    /** The Tenant URL once the vendor side has run; undefined before. */
    readonly tenantUrl?: string;
    /** The Tenant URL, with a placeholder for the connection id while it is not known. */
    readonly tenantUrlPattern: string;
    readonly redirectUri: string;
    readonly scopes: readonly string[];
    readonly provisionGroups: boolean;
    readonly tokenLifetimeDays?: number;
    readonly tokenValidUntil?: string;
    readonly oidcAppDisplayName: string;
    readonly provisioningAppDisplayName: string;
    /** The customer's sign-in (OIDC) app's client id, once it exists. */
    readonly oidcClientId?: string;
    /** The source stack (full or customer) grants tenant-wide admin consent in its own `pulumi up`. */
    readonly grantAdminConsent: boolean;
    /** The source stack (full) assigns the users and groups to both apps itself. */
    readonly assignPrincipals: boolean;
    readonly enabledClients: readonly string[];
    /** The vendor's M2M client id when the source stack has it in clear (not a secret). */
    readonly auth0ClientId?: string;
    readonly assignedUsers: readonly string[];
    readonly assignedGroups: readonly string[];
    readonly provisionOnDemand: readonly string[];
    /** `additionalEntraMappings` as the stack has them. */
    readonly additionalEntraMappings: readonly unknown[];
    /** Where the values come from: outputs, the offline plan, config. */
    readonly provenance: string;
    /** The customer's Auth0 Organization (config `organization`), when the stack has one. */
    readonly organizationName?: string;
    /** Discovery domains and, once the stack has run, the TXT record that proves each one. */
    readonly discoveryDomains: readonly DiscoveryDomainFact[];
    /** `groupRoles`: the groups that carry Auth0 roles, in the organization if any, else tenant-wide. */
    readonly groupRoles: readonly GroupRolesFact[];
}

export interface DiscoveryDomainFact {
    readonly domain: string;
    /** From output `organizationDiscoveryDomains`; undefined before the stack has created the domain. */
    readonly txtHost?: string;
    readonly txtValue?: string;
}

export interface GroupRolesFact {
    readonly entraGroupId: string;
    readonly groupName?: string;
    /** As configured: role names or ids. */
    readonly roles: readonly string[];
    /** Output `groupRolesPending` lists it: Entra has not provisioned the group yet. */
    readonly pending: boolean;
}

export function buildSheet(facts: SheetFacts): Doc {
    return facts.reader === "vendor" ? vendorSheet(facts) : customerSheet(facts);
}
