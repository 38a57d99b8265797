/**
 * Type tokens of the resources the policies look at. They are the real providers' tokens (and the two
 * dynamic resources' tokens as Pulumi 3.248 registers them), so the pack applies to any stack that
 * declares these resources, not only to stacks built from this package's components. Plain strings:
 * the pack does not load the provider SDKs.
 */
export const CONNECTION = "auth0:index/connection:Connection";
export const SCIM_CONFIGURATION = "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration";
export const CONNECTION_SCIM_TOKEN = "auth0:index/connectionScimToken:ConnectionScimToken";
/** `providers/auth0/scimToken.ts`: a SCIM token with a lifetime and rotation. */
export const DYNAMIC_SCIM_TOKEN = "pulumi-nodejs:dynamic/auth0:ScimToken";
/** `providers/entra/provisioningSchema.ts`: the job's mappings and "Provision Entra ID Groups". */
export const PROVISIONING_SCHEMA = "pulumi-nodejs:dynamic/entra:ProvisioningSchema";
export const SYNCHRONIZATION_SECRET = "azuread:index/synchronizationSecret:SynchronizationSecret";
export const SERVICE_PRINCIPAL = "azuread:index/servicePrincipal:ServicePrincipal";
export const APPLICATION = "azuread:index/application:Application";
export const APPLICATION_REDIRECT_URIS = "azuread:index/applicationRedirectUris:ApplicationRedirectUris";
export const APPLICATION_API_ACCESS = "azuread:index/applicationApiAccess:ApplicationApiAccess";
export const DELEGATED_PERMISSION_GRANT =
    "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant";

/** Issue 16: the customer's organization, the connection on it, and the groups' roles. */
export const ORGANIZATION = "auth0:index/organization:Organization";
export const ORGANIZATION_CONNECTION = "auth0:index/organizationConnection:OrganizationConnection";
/** The plural resource: `enabledConnections[]` of one organization. */
export const ORGANIZATION_CONNECTIONS = "auth0:index/organizationConnections:OrganizationConnections";
/** `providers/auth0/groupRoles.ts`: an Entra group's Auth0 roles, tenant-wide or in an organization. */
export const DYNAMIC_GROUP_ROLES = "pulumi-nodejs:dynamic/auth0:GroupRoles";

/** Both kinds of SCIM token. */
export const SCIM_TOKEN_TYPES: readonly string[] = [CONNECTION_SCIM_TOKEN, DYNAMIC_SCIM_TOKEN];
