/**
 * The input properties whose change makes the real provider replace the resource (ForceNew in
 * terraform-provider-auth0 v1.53.0, the upstream commit 7ab86e53 that pulumi-auth0 v3.49.0 bridges;
 * pulumi-auth0's provider/resources.go adds no replace-only override for these types). Pulumi names,
 * with the schema line they come from. docs/standins.md carries the same table.
 */
export const FORCE_NEW: Readonly<Record<string, readonly { property: string; source: string }[]>> = {
    "auth0:index/connection:Connection": [
        { property: "name", source: "internal/auth0/connection/schema.go:16" },
        { property: "strategy", source: "internal/auth0/connection/schema.go:51" },
    ],
    "auth0:index/connectionClients:ConnectionClients": [
        { property: "connectionId", source: "internal/auth0/connection/resource_clients.go:26" },
    ],
    "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration": [
        { property: "connectionId", source: "internal/auth0/connection/resource_scim.go:30" },
    ],
    // internal/auth0/selfserviceprofile/resource.go: no ForceNew attribute.
    "auth0:index/selfServiceProfile:SelfServiceProfile": [],
    // internal/auth0/organization/resource.go (and commons.TokenQuotaSchema): no ForceNew attribute.
    "auth0:index/organization:Organization": [],
    // internal/auth0/organization/resource_connection.go: no ForceNew attribute (organization_id and connection_id included).
    "auth0:index/organizationConnection:OrganizationConnection": [],
    "auth0:index/organizationDiscoveryDomain:OrganizationDiscoveryDomain": [
        { property: "organizationId", source: "internal/auth0/organization/resource_discovery_domain.go:32" },
        { property: "domain", source: "internal/auth0/organization/resource_discovery_domain.go:43" },
    ],
    // internal/auth0/role/resource.go: no ForceNew attribute.
    "auth0:index/role:Role": [],
};

export function forceNewProperties(type: string): string[] {
    return (FORCE_NEW[type] ?? []).map((entry) => entry.property);
}
