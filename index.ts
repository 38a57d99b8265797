/**
 * One Pulumi stack per customer tenant: read the stack config (all of it validated before anything is
 * registered), build the tenant, export what an operator needs. The SCIM token leaves only as a secret.
 */
import { loadTenantConfig } from "./components/config";
import { CustomerTenant, TENANT_NAME, tenantAliases } from "./components/tenant";

const config = loadTenantConfig();
// A fixed logical name: the customer's name is display data, and renaming it replaces nothing.
const tenant = new CustomerTenant(TENANT_NAME, config, { aliases: tenantAliases(config.customerName) });

// Only the outputs this stack's mode produces: an undefined export makes the engine warn on every
// preview and up ("Undefined value (…) will not show as a stack output").
const outputs = {
    scimEndpointUrl: tenant.scimEndpointUrl,
    tenantUrl: tenant.tenantUrl,
    redirectUri: tenant.redirectUri,
    connectionId: tenant.connectionId,
    oidcClientId: tenant.oidcClientId,
    oidcClientSecret: tenant.oidcClientSecret,
    provisioningServicePrincipalId: tenant.provisioningServicePrincipalId,
    provisioningJobId: tenant.provisioningJobId,
    scimToken: tenant.scimToken,
    scimTokenValidUntil: tenant.scimTokenValidUntil,
    selfServiceProfileId: tenant.selfServiceProfileId,
    organizationId: tenant.organizationId,
    organizationDiscoveryDomains: tenant.organizationDiscoveryDomains,
    groupRolesPending: tenant.groupRolesPending,
};

export = Object.fromEntries(Object.entries(outputs).filter(([, value]) => value !== undefined));
