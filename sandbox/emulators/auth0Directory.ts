/**
 * The tenant emulator's state for groups, roles and organizations, and what their route modules
 * (auth0Groups.ts, auth0Roles.ts, auth0Organizations.ts and the files beside it) need from the rest of
 * the tenant. Groups themselves live in the SCIM group tables (auth0TenantScim.ts), since SCIM is the
 * only way they are created; the Management API shows them in its own shape (`managementGroup`).
 */
import type { EmulatorResponse } from "./harness";
import type { StoredConnection } from "./auth0Tenant";
import type { ScimResource } from "./auth0TenantScim";

/** A role as stored; `publicRole` is how `GET /roles/{id}` shows it. */
export interface StoredRole {
    id: string;
    name: string;
    description?: string;
    type: "tenant" | "organization";
    owner_id?: string;
}

export interface StoredOrganization {
    id: string;
    name: string;
    display_name?: string;
    branding?: { logo_url?: string; colors?: Record<string, string> };
    metadata?: Record<string, string>;
    token_quota?: unknown;
    third_party_client_access: "block" | "allow";
    is_app_entitlement_active: boolean;
}

/** One connection on an organization, as the `/organizations/{id}/connections` API stores it. */
export interface StoredOrganizationConnection {
    connection_id: string;
    assign_membership_on_login: boolean;
    show_as_button: boolean;
    is_signup_enabled: boolean;
    is_enabled: boolean;
    organization_access_level: "none" | "readonly" | "limited" | "full";
    organization_connection_name?: string;
}

export interface StoredDiscoveryDomain {
    id: string;
    domain: string;
    status: "pending" | "verified";
    use_for_organization_discovery: boolean;
    verification_txt: string;
    verification_host: string;
}

export interface Auth0Directory {
    readonly roles: Map<string, StoredRole>;
    /** Tenant roles on a group: group id -> role ids (in assignment order). */
    readonly groupRoles: Map<string, string[]>;
    readonly organizations: Map<string, StoredOrganization>;
    /** organization id -> connection id -> its settings on that organization. */
    readonly organizationConnections: Map<string, Map<string, StoredOrganizationConnection>>;
    readonly discoveryDomains: Map<string, StoredDiscoveryDomain[]>;
    /** Organization roles on a group: `${organizationId} ${groupId}` -> role ids. */
    readonly organizationGroupRoles: Map<string, string[]>;
}

export function newDirectory(): Auth0Directory {
    return {
        roles: new Map(),
        groupRoles: new Map(),
        organizations: new Map(),
        organizationConnections: new Map(),
        discoveryDomains: new Map(),
        organizationGroupRoles: new Map(),
    };
}

/** A SCIM group with the connection it was provisioned on. */
export interface LocatedGroup {
    readonly connectionId: string;
    readonly group: ScimResource;
}

/** What the route modules see of the tenant. */
export interface DirectoryContext {
    readonly directory: Auth0Directory;
    readonly tenantName: string;
    now(): Date;
    connection(id: string): StoredConnection | undefined;
    connections(): StoredConnection[];
    /** Every SCIM-created group, in creation order per connection. */
    groups(): LocatedGroup[];
    /** The live SCIM user table of a connection. */
    scimUsers(connectionId: string): ScimResource[];
    /** Removes a group from its SCIM table. */
    deleteGroup(groupId: string): void;
}

/** One Management API request, split after `/api/v2`. */
export interface ManagementRequest {
    readonly method: string;
    readonly parts: readonly string[];
    readonly query: URLSearchParams;
    readonly body: any;
}

export type RouteHandler = (ctx: DirectoryContext, req: ManagementRequest) => EmulatorResponse;

export const findGroup = (ctx: DirectoryContext, id: string): LocatedGroup | undefined => ctx.groups().find((g) => g.group.id === id);

/** The Management API's `Group` (SDK `Management.Group`): name = SCIM displayName, external_id = SCIM externalId. */
export function managementGroup(ctx: DirectoryContext, located: LocatedGroup): Record<string, unknown> {
    const { group, connectionId } = located;
    return {
        id: group.id,
        name: String(group.displayName ?? ""),
        ...(group.externalId !== undefined ? { external_id: group.externalId } : {}),
        connection_id: connectionId,
        tenant_name: ctx.tenantName,
        created_at: group.meta.created,
        updated_at: group.meta.lastModified,
    };
}

/** The SCIM user ids in a group (`members[].value`). */
export const memberIds = (group: ScimResource): string[] =>
    (Array.isArray(group.members) ? (group.members as Array<{ value?: unknown }>) : []).map((m) => String(m.value ?? "")).filter((v) => v !== "");

/**
 * The Management API's `Role`, as recorded in terraform-provider-auth0's TestAccRole.yaml (HEAD
 * a00b6921): `{id, name, description: "", type: "tenant"}` when no description was given; `owner_id`
 * on organization roles only.
 */
export const publicRole = (role: StoredRole) => ({
    id: role.id,
    name: role.name,
    description: role.description ?? "",
    type: role.type,
    ...(role.owner_id !== undefined ? { owner_id: role.owner_id } : {}),
});

/** The tenant's strategy names for database connections (the only ones with organization sign-up). */
export const DATABASE_STRATEGIES: readonly string[] = ["auth0"];
