/**
 * One Pulumi stack per customer tenant: read the stack config (all of it validated before anything is
 * registered), build the tenant, export what an operator needs. The SCIM token leaves only as a secret.
 */
import { loadTenantConfig } from "./components/config";
import { CustomerTenant, TENANT_NAME, tenantAliases } from "./components/tenant";

const config = loadTenantConfig();
// A fixed logical name: the customer's name is display data, and renaming it replaces nothing.
const tenant = new CustomerTenant(TENANT_NAME, config, { aliases: tenantAliases(config.customerName) });

// Outputs a mode does not produce are undefined, and Pulumi leaves them out of the stack's outputs.
export const scimEndpointUrl = tenant.scimEndpointUrl;
export const tenantUrl = tenant.tenantUrl;
export const redirectUri = tenant.redirectUri;
export const connectionId = tenant.connectionId;
export const oidcClientId = tenant.oidcClientId;
export const oidcClientSecret = tenant.oidcClientSecret;
export const provisioningServicePrincipalId = tenant.provisioningServicePrincipalId;
export const provisioningJobId = tenant.provisioningJobId;
export const scimToken = tenant.scimToken;
export const scimTokenValidUntil = tenant.scimTokenValidUntil;
export const selfServiceProfileId = tenant.selfServiceProfileId;
