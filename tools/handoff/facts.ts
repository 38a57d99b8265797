/**
 * SheetFacts from a stack's config, its outputs (once deployed) and its offline plan. Only named,
 * shape-checked, non-secret values go in.
 */
import { defaultGrantAdminConsent } from "../../components/modes";
import type { StackOutputs } from "./pulumiCli";
import { connectionNameFor, customerStackFor, vendorStackFor } from "./names";
import type { DiscoveryDomainFact, GroupRolesFact, Reader, SheetFacts } from "./sheet";
import { AFTER_FIRST_UP, CONNECTION_ID, redirectUri, scimScopes, type StackConfig, stackSettings, TENANT_URL, tenantUrlFor } from "./stack";

/** What the sheet reads of tools/plan/plan.ts's plan (tests give their own). */
export interface PlanResource {
    readonly urn?: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string | null;
    readonly inputs?: Record<string, unknown>;
    readonly secretInputs?: readonly string[] | ReadonlySet<string>;
}
export interface PlanOutcome {
    readonly stack: string;
    readonly ok: boolean;
    readonly problems: readonly string[];
    readonly resources?: readonly PlanResource[] | number;
    readonly outputs?: Record<string, unknown>;
}

export const TYPES = {
    connection: "auth0:index/connection:Connection",
    oidcApp: "azuread:index/application:Application",
    provisioningApp: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    consentGrant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;
/** A DNS name, labels such as `_auth0-challenge` included. */
const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
/** One TXT string: printable ASCII, at most 255 characters. */
const TXT_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

export function planResources(plan: PlanOutcome | undefined): readonly PlanResource[] {
    return Array.isArray(plan?.resources) ? (plan!.resources as readonly PlanResource[]) : [];
}

export function sheetFacts(config: StackConfig, outputs: StackOutputs | undefined, plan: PlanOutcome | undefined, reader: Reader): SheetFacts {
    const settings = stackSettings(config);
    const planned = plannedValues(plan);
    const str = (value: unknown, shape: RegExp) => (typeof value === "string" && shape.test(value) ? value : undefined);

    const auth0Domain = settings.auth0Domain ?? "<your Auth0 domain>";
    const connectionId = str(outputs?.connectionId, CONNECTION_ID) ?? str(plan?.outputs?.connectionId, CONNECTION_ID);
    const tenantUrl =
        str(settings.tenantUrl, TENANT_URL) ?? str(outputs?.tenantUrl, TENANT_URL) ?? (connectionId ? tenantUrlFor(auth0Domain, connectionId) : undefined);
    const sourceStackName = config.stack.split("/").pop()!;
    const readerStack = reader === "vendor" ? vendorStackFor(sourceStackName) : customerStackFor(sourceStackName);
    const provenance = outputs
        ? "values from its last pulumi up"
        : plan
          ? "it has not been deployed yet: values from the offline plan, ids after its first pulumi up"
          : "it has not been deployed yet: ids are placeholders";

    return {
        stack: config.stack,
        sourceMode: settings.mode,
        reader,
        deployed: outputs !== undefined,
        readerStack,
        sourceStackName,
        customerName: settings.customerName,
        auth0Domain,
        entraTenantDomain: settings.entraTenantDomain,
        entraTenantId: settings.entraTenantId && GUID.test(settings.entraTenantId) ? settings.entraTenantId : undefined,
        // A customer stack has no connection: the vendor's stack will be named readerStack.
        connectionName: reader === "vendor" ? connectionNameFor(readerStack) : (planned.connectionName ?? settings.connectionName),
        connectionId,
        tenantUrl,
        tenantUrlPattern: tenantUrl ?? tenantUrlFor(auth0Domain, AFTER_FIRST_UP),
        redirectUri: redirectUri(auth0Domain),
        scopes: scimScopes(settings.provisionGroups),
        provisionGroups: settings.provisionGroups,
        tokenLifetimeDays: settings.scimTokenLifetimeDays,
        tokenValidUntil: str(outputs?.scimTokenValidUntil, ISO_DATE),
        oidcAppDisplayName: planned.oidcAppDisplayName ?? settings.oidcAppDisplayName,
        provisioningAppDisplayName: planned.provisioningAppDisplayName ?? settings.provisioningAppDisplayName,
        oidcClientId: str(outputs?.oidcClientId, GUID) ?? str(settings.oidcClientId, GUID),
        // A vendor stack has no Entra side: what counts is the customer stack the sheet has them make.
        grantAdminConsent: settings.mode === "vendor" ? defaultGrantAdminConsent("customer") : (planned.grantAdminConsent ?? settings.grantAdminConsent),
        assignPrincipals: settings.assignPrincipals,
        enabledClients: settings.enabledClients,
        auth0ClientId: config.isSecure("auth0:clientId") ? undefined : config.get("auth0:clientId"),
        assignedUsers: settings.assignedUsers,
        assignedGroups: settings.assignedGroups,
        provisionOnDemand: settings.provisionOnDemand,
        additionalEntraMappings: settings.additionalEntraMappings,
        provenance,
        organizationName: settings.organizationName,
        discoveryDomains: discoveryDomainFacts(settings.discoveryDomains, outputs),
        groupRoles: groupRolesFacts(settings.groupRoles, outputs),
    };
}

/** The configured domains, each with its TXT record from output `organizationDiscoveryDomains` once the stack made it. */
function discoveryDomainFacts(domains: readonly string[], outputs: StackOutputs | undefined): DiscoveryDomainFact[] {
    const records = Array.isArray(outputs?.organizationDiscoveryDomains) ? (outputs!.organizationDiscoveryDomains as unknown[]) : [];
    return domains.map((domain) => {
        const record = records.find((r): r is Record<string, unknown> => !!r && typeof r === "object" && String((r as { domain?: unknown }).domain).toLowerCase() === domain);
        const txtHost = typeof record?.txtHost === "string" && DNS_NAME.test(record.txtHost) ? record.txtHost : undefined;
        const txtValue = typeof record?.txtValue === "string" && TXT_VALUE.test(record.txtValue) ? record.txtValue : undefined;
        return txtHost && txtValue ? { domain, txtHost, txtValue } : { domain };
    });
}

function groupRolesFacts(bindings: SheetBindings, outputs: StackOutputs | undefined): GroupRolesFact[] {
    const pending = Array.isArray(outputs?.groupRolesPending) ? (outputs!.groupRolesPending as unknown[]) : [];
    const isPending = (id: string) => pending.some((p) => !!p && typeof p === "object" && String((p as { entraGroupId?: unknown }).entraGroupId).toLowerCase() === id);
    return bindings.map((b) => ({ entraGroupId: b.entraGroupId, ...(b.groupName ? { groupName: b.groupName } : {}), roles: b.roles, pending: isPending(b.entraGroupId) }));
}

type SheetBindings = ReturnType<typeof stackSettings>["groupRoles"];

interface Planned {
    connectionName?: string;
    oidcAppDisplayName?: string;
    provisioningAppDisplayName?: string;
    /** Whether the program declares the consent grant; undefined when the plan has no OIDC app. */
    grantAdminConsent?: boolean;
}

/** What the offline plan knows before anything exists: only plain (non-secret) string inputs. */
function plannedValues(plan: PlanOutcome | undefined): Planned {
    const resources = plan?.ok ? planResources(plan) : [];
    const input = (type: string, key: string): string | undefined => {
        const found = resources.filter((r) => r.type === type);
        if (found.length !== 1) return undefined;
        const secret = found[0].secretInputs;
        const paths = secret instanceof Set ? [...secret] : Array.isArray(secret) ? secret : [];
        const isSecret = paths.some((p) => p === key || p.startsWith(`${key}.`) || p.startsWith(`${key}[`));
        const value = found[0].inputs?.[key];
        return !isSecret && typeof value === "string" && value.trim() !== "" ? value : undefined;
    };
    const hasOidcApp = resources.some((r) => r.type === TYPES.oidcApp);
    return {
        connectionName: input(TYPES.connection, "name"),
        oidcAppDisplayName: input(TYPES.oidcApp, "displayName"),
        provisioningAppDisplayName: input(TYPES.provisioningApp, "displayName"),
        grantAdminConsent: hasOidcApp ? resources.some((r) => r.type === TYPES.consentGrant) : undefined,
    };
}
