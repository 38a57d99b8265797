/**
 * Management API organizations of the tenant emulator, in the shapes of the `auth0` v7 SDK
 * (`resources/organizations`) and of terraform-provider-auth0's recordings (TestAccOrganization*.yaml):
 * - `POST /organizations {name, display_name?, branding?, metadata?, enabled_connections?, token_quota?,
 *   third_party_client_access?, is_app_entitlement_active?}` -> 201 `{id: "org_…", name, display_name,
 *   third_party_client_access: "block", is_app_entitlement_active: false, …}` (recorded), with
 *   `enabled_connections` (at most 10) added as the POST on `enabled_connections` would;
 * - `GET /organizations` checkpoint-paged `{organizations, next?}`; `GET /organizations/{id}` and
 *   `GET /organizations/name/{name}` (404 "No organization found by that id or name", recorded);
 *   `PATCH /organizations/{id}` -> 200 (`metadata` replaced as a whole, keys set to null dropped);
 *   `DELETE` -> 204 (its connections, discovery domains and group roles go with it);
 * - connections (auth0OrganizationConnections.ts), discovery domains (auth0DiscoveryDomains.ts);
 * - `GET /organizations/{id}/groups` `{groups, next?}`: the groups of the connections on the
 *   organization ("groups synced from the Enterprise connections associated with the Organization",
 *   Auth0's "Configure Inbound SCIM");
 * - `GET|POST|DELETE /organizations/{id}/groups/{group}/roles` (`{roles: [ids]}`, 204 as Auth0's
 *   "Assign Roles for Enterprise Groups" says): tenant roles and this organization's roles. Assumed: a
 *   group whose connection is not on the organization is a 404, a role already assigned a 409 (the
 *   SDK lists ConflictError for this POST only), another organization's role a 400. The assignment is
 *   allowed without auto-membership; it only takes effect with it (`effectiveRoles` models that);
 * - `GET /organizations/{id}/members` `{members: [{user_id, email, name}], next?}`: the SCIM users of
 *   the connections on the organization with `assign_membership_on_login` (Auth0: "For SCIM-provisioned
 *   users to become members of an Organization, the connection must be configured to Enable
 *   Auto-Membership"), counted as members as if each had logged in once.
 * Name rule (assumed from the dashboard's): 1–50 of lowercase letters, digits, `-` and `_`, starting
 * and ending with a letter or digit; a taken name -> 409.
 */
import type { EmulatorResponse } from "./harness";
import {
    type DirectoryContext,
    type LocatedGroup,
    type ManagementRequest,
    type StoredOrganization,
    findGroup,
    managementGroup,
    memberIds,
    publicRole,
} from "./auth0Directory";
import { alphanumeric, badRequest, checkpointPage, clone, conflict, idList, isObject, noContent, notFound, offsetPage, ok, pickFields, unknownKeys } from "./auth0Http";
import { noGroup, noRole } from "./auth0Groups";
import { addConnection, connectionsOf, handleOrganizationConnections, membershipConnections } from "./auth0OrganizationConnections";
import { handleDiscoveryDomains } from "./auth0DiscoveryDomains";

const NAME = /^[a-z0-9](?:[a-z0-9_-]{0,48}[a-z0-9])?$/;
const FIELDS = ["name", "display_name", "branding", "metadata", "token_quota", "third_party_client_access", "is_app_entitlement_active"];
const noOrganization = () => notFound("No organization found by that id or name");

export function handleOrganizations(ctx: DirectoryContext, req: ManagementRequest): EmulatorResponse {
    const { organizations } = ctx.directory;
    const [, id, sub] = req.parts;
    if (id === undefined) {
        if (req.method === "GET") {
            const items = [...organizations.values()].map(publicOrganization);
            return req.query.has("page") || req.query.has("per_page") ? offsetPage(items, req.query, "organizations") : checkpointPage(items, req.query, "organizations");
        }
        if (req.method === "POST") return createOrganization(ctx, req.body);
        return notFound();
    }
    if (id === "name") {
        if (req.parts.length !== 3 || req.method !== "GET") return notFound();
        const found = [...organizations.values()].find((o) => o.name === sub);
        return found ? ok(publicOrganization(found)) : noOrganization();
    }
    const organization = organizations.get(id);
    if (!organization) return noOrganization();
    if (sub === undefined) {
        if (req.method === "GET") return ok(publicOrganization(organization));
        if (req.method === "PATCH") return updateOrganization(ctx, organization, req.body);
        if (req.method === "DELETE") {
            deleteOrganization(ctx, id);
            return noContent();
        }
        return notFound();
    }
    if (sub === "enabled_connections" || sub === "connections") return handleOrganizationConnections(ctx, organization, req);
    if (sub === "discovery-domains") return handleDiscoveryDomains(ctx, organization, req);
    if (sub === "groups") return organizationGroups(ctx, organization, req);
    if (sub === "members" && req.parts.length === 3 && req.method === "GET") {
        const members = organizationMembers(ctx, organization.id).map((m) => pickFields(m, req.query));
        return req.query.has("from") || req.query.has("take") || !req.query.has("page") ? checkpointPage(members, req.query, "members") : offsetPage(members, req.query, "members");
    }
    return notFound();
}

const publicOrganization = (organization: StoredOrganization) => clone(organization);

function organizationProblem(ctx: DirectoryContext, body: unknown, selfId?: string): EmulatorResponse | undefined {
    if (!isObject(body)) return badRequest("the body must be an object");
    const problem = unknownKeys(body, selfId ? FIELDS : [...FIELDS, "enabled_connections"]);
    if (problem) return problem;
    if ((!selfId || body.name !== undefined) && (typeof body.name !== "string" || !NAME.test(body.name))) {
        return badRequest(`String does not match pattern ^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$ (at most 50 characters) on property name: ${String(body.name)}`);
    }
    if (body.display_name !== undefined && (typeof body.display_name !== "string" || body.display_name.length > 255)) {
        return badRequest("Expected a string of at most 255 characters on property display_name");
    }
    if (body.third_party_client_access !== undefined && !["block", "allow"].includes(body.third_party_client_access)) {
        return badRequest(`No enum match for: ${body.third_party_client_access} on property third_party_client_access`);
    }
    if (body.metadata !== undefined) {
        const entries = isObject(body.metadata) ? Object.entries(body.metadata) : undefined;
        if (!entries || entries.length > 25 || entries.some(([, v]) => v !== null && (typeof v !== "string" || v.length > 255))) {
            return badRequest("metadata must be an object of at most 25 string values of at most 255 characters");
        }
    }
    if (body.name !== undefined && [...ctx.directory.organizations.values()].some((o) => o.id !== selfId && o.name === body.name)) {
        return conflict("An organization with this name already exists", "organization_conflict");
    }
    return undefined;
}

const withoutNulls = (metadata: Record<string, string | null>) =>
    Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== null)) as Record<string, string>;

function createOrganization(ctx: DirectoryContext, body: any): EmulatorResponse {
    const problem = organizationProblem(ctx, body);
    if (problem) return problem;
    const requested = body.enabled_connections;
    if (requested !== undefined && (!Array.isArray(requested) || requested.length > 10)) {
        return badRequest("enabled_connections must be an array of at most 10 connections");
    }
    const organization: StoredOrganization = {
        id: `org_${alphanumeric(16)}`,
        name: body.name,
        ...(body.display_name !== undefined ? { display_name: body.display_name } : {}),
        ...(body.branding !== undefined ? { branding: clone(body.branding) } : {}),
        ...(body.metadata !== undefined ? { metadata: withoutNulls(body.metadata) } : {}),
        ...(body.token_quota !== undefined ? { token_quota: clone(body.token_quota) } : {}),
        third_party_client_access: body.third_party_client_access ?? "block",
        is_app_entitlement_active: body.is_app_entitlement_active ?? false,
    };
    ctx.directory.organizations.set(organization.id, organization);
    for (const connection of requested ?? []) {
        const added = addConnection(ctx, organization, connection, true);
        if ("status" in added) {
            deleteOrganization(ctx, organization.id);
            return added;
        }
    }
    const enabled = [...connectionsOf(ctx, organization.id).values()].map((c) => ({
        connection_id: c.connection_id,
        assign_membership_on_login: c.assign_membership_on_login,
        show_as_button: c.show_as_button,
    }));
    return ok({ ...publicOrganization(organization), ...(requested ? { enabled_connections: enabled } : {}) }, 201);
}

function updateOrganization(ctx: DirectoryContext, organization: StoredOrganization, body: any): EmulatorResponse {
    const problem = organizationProblem(ctx, body ?? {}, organization.id);
    if (problem) return problem;
    for (const key of FIELDS) {
        if (!(key in (body ?? {}))) continue;
        const value = body[key];
        if (value === null) delete (organization as any)[key];
        else (organization as any)[key] = key === "metadata" ? withoutNulls(value) : clone(value);
    }
    return ok(publicOrganization(organization));
}

function deleteOrganization(ctx: DirectoryContext, id: string): void {
    const { organizations, organizationConnections, discoveryDomains, organizationGroupRoles, roles } = ctx.directory;
    organizations.delete(id);
    organizationConnections.delete(id);
    discoveryDomains.delete(id);
    for (const key of [...organizationGroupRoles.keys()]) if (key.startsWith(`${id} `)) organizationGroupRoles.delete(key);
    for (const [roleId, role] of roles) if (role.owner_id === id) roles.delete(roleId);
}

/** The groups of the connections on the organization. */
export function organizationGroupsOf(ctx: DirectoryContext, organizationId: string): LocatedGroup[] {
    const connections = connectionsOf(ctx, organizationId);
    return ctx.groups().filter((g) => connections.has(g.connectionId));
}

function organizationGroups(ctx: DirectoryContext, organization: StoredOrganization, req: ManagementRequest): EmulatorResponse {
    const [, , , groupId, sub, ...rest] = req.parts;
    if (groupId === undefined) {
        if (req.method !== "GET") return notFound();
        return checkpointPage(organizationGroupsOf(ctx, organization.id).map((g) => managementGroup(ctx, g)), req.query, "groups");
    }
    if (sub !== "roles" || rest.length > 0) return notFound();
    const located = findGroup(ctx, groupId);
    if (!located || !connectionsOf(ctx, organization.id).has(located.connectionId)) return noGroup();
    const key = `${organization.id} ${groupId}`;
    const { roles, organizationGroupRoles } = ctx.directory;
    const held = organizationGroupRoles.get(key) ?? [];
    if (req.method === "GET") return checkpointPage(held.filter((r) => roles.has(r)).map((r) => publicRole(roles.get(r)!)), req.query, "roles");
    if (req.method !== "POST" && req.method !== "DELETE") return notFound();
    const ids = idList(req.body, "roles");
    if (!Array.isArray(ids)) return ids;
    for (const roleId of ids) {
        const role = roles.get(roleId);
        if (!role) return noRole();
        if (role.type === "organization" && role.owner_id !== organization.id) return badRequest(`Role ${roleId} belongs to another organization`);
    }
    if (req.method === "POST") {
        const already = ids.filter((r) => held.includes(r));
        if (already.length > 0) return conflict(`The group already has the role(s) ${already.join(", ")} in this organization`);
        organizationGroupRoles.set(key, [...held, ...ids]);
    } else {
        organizationGroupRoles.set(key, held.filter((r) => !ids.includes(r)));
    }
    return noContent();
}

/** Members by auto-membership: the SCIM users of the connections with `assign_membership_on_login`. */
export function organizationMembers(ctx: DirectoryContext, organizationId: string): Array<{ user_id: string; email?: string; name?: string }> {
    return membershipConnections(ctx, organizationId).flatMap((connectionId) =>
        ctx.scimUsers(connectionId).map((user) => {
            const email = (user.emails as Array<{ value?: string; primary?: boolean }> | undefined)?.find((e) => e.primary)?.value
                ?? (user.emails as Array<{ value?: string }> | undefined)?.[0]?.value;
            const name = typeof user.displayName === "string" ? user.displayName : typeof user.userName === "string" ? user.userName : undefined;
            return { user_id: user.id, ...(email ? { email } : {}), ...(name ? { name } : {}) };
        }),
    );
}

/** Which roles a user gets at login: tenant roles of their groups, plus, logging in to an organization
 * they are a member of, that organization's roles on their groups (Auth0: "Assign Roles for Enterprise
 * Groups"). Role ids, without duplicates. */
export function effectiveRoles(ctx: DirectoryContext, userId: string, organizationId?: string): string[] {
    const groups = ctx.groups().filter((g) => memberIds(g.group).includes(userId));
    const ids = groups.flatMap((g) => ctx.directory.groupRoles.get(g.group.id) ?? []);
    if (organizationId && organizationMembers(ctx, organizationId).some((m) => m.user_id === userId)) {
        ids.push(...groups.flatMap((g) => ctx.directory.organizationGroupRoles.get(`${organizationId} ${g.group.id}`) ?? []));
    }
    return [...new Set(ids)].filter((r) => ctx.directory.roles.has(r));
}
