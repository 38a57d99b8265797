/**
 * Management API groups of the tenant emulator (the groups SCIM created), in the shapes of the
 * `auth0` v7 SDK (generated from Auth0's OpenAPI; `resources/groups`):
 * - `GET /groups` with `connection_id`, `external_id`, `name` (exact) and `search` (name or external
 *   id contains, case-insensitive: assumed) filters; checkpoint paging `{groups, next?}` (the SDK sends
 *   `include_totals=true&take=50`), or offset paging when `page`/`per_page` are sent;
 * - `GET /groups/{id}` (404 "The group does not exist."), `DELETE /groups/{id}` (204; the SCIM group
 *   goes too, with its role bindings);
 * - `GET /groups/{id}/members` `{members: [{id, member_type: "user", type: "connection",
 *   connection_id, created_at}], next?}`;
 * - `GET /groups/{id}/roles` `{roles, next?}`, `POST`/`DELETE /groups/{id}/roles {roles: [ids]}` (204,
 *   as Auth0's "Assign Roles for Enterprise Groups" guide says). Assigning an assigned role, or
 *   removing one the group does not have, changes nothing. An unknown role id is a 404 (assumed), an
 *   organization role a 400 (assumed: those go through `/organizations/{org}/groups/{group}/roles`).
 * Role ids in a list keep their assignment order.
 */
import type { EmulatorResponse } from "./harness";
import { type DirectoryContext, type ManagementRequest, findGroup, managementGroup, memberIds, publicRole } from "./auth0Directory";
import { badRequest, checkpointPage, idList, noContent, notFound, offsetPage, ok, pickFields } from "./auth0Http";

export const noGroup = () => notFound("The group does not exist.");
export const noRole = () => notFound("The role does not exist.");

export function handleGroups(ctx: DirectoryContext, req: ManagementRequest): EmulatorResponse {
    const [, id, sub, ...rest] = req.parts;
    if (id === undefined) return req.method === "GET" ? listGroups(ctx, req.query) : notFound();
    const located = findGroup(ctx, id);
    if (!located) return noGroup();
    if (sub === undefined) {
        if (req.method === "GET") return ok(managementGroup(ctx, located));
        if (req.method === "DELETE") {
            ctx.deleteGroup(id);
            return noContent();
        }
        return notFound();
    }
    if (rest.length > 0) return notFound();
    if (sub === "members" && req.method === "GET") {
        const created = located.group.meta.created;
        const members = memberIds(located.group).map((userId) => ({
            id: userId,
            member_type: "user",
            type: "connection",
            connection_id: located.connectionId,
            created_at: created,
        }));
        return checkpointPage(members.map((m) => pickFields(m, req.query)), req.query, "members");
    }
    if (sub === "roles") return groupRoles(ctx, id, req);
    return notFound();
}

function listGroups(ctx: DirectoryContext, query: URLSearchParams): EmulatorResponse {
    const connectionId = query.get("connection_id");
    const externalId = query.get("external_id");
    const name = query.get("name");
    const search = query.get("search")?.toLowerCase();
    const matches = ctx.groups().filter(({ connectionId: c, group }) =>
        (connectionId === null || c === connectionId) &&
        (externalId === null || group.externalId === externalId) &&
        (name === null || group.displayName === name) &&
        (search === undefined || [group.displayName, group.externalId].some((v) => typeof v === "string" && v.toLowerCase().includes(search))),
    );
    const items = matches.map((g) => pickFields(managementGroup(ctx, g), query));
    return query.has("page") || query.has("per_page") ? offsetPage(items, query, "groups") : checkpointPage(items, query, "groups");
}

function groupRoles(ctx: DirectoryContext, groupId: string, req: ManagementRequest): EmulatorResponse {
    const { roles, groupRoles: bindings } = ctx.directory;
    const held = bindings.get(groupId) ?? [];
    if (req.method === "GET") {
        return checkpointPage(held.filter((r) => roles.has(r)).map((r) => publicRole(roles.get(r)!)), req.query, "roles");
    }
    if (req.method !== "POST" && req.method !== "DELETE") return notFound();
    const ids = idList(req.body, "roles");
    if (!Array.isArray(ids)) return ids;
    for (const roleId of ids) {
        const role = roles.get(roleId);
        if (!role) return noRole();
        if (req.method === "POST" && role.type === "organization") {
            return badRequest(`Role ${roleId} is an organization role: assign it through /organizations/{id}/groups/{group_id}/roles`, "invalid_body");
        }
    }
    const next = req.method === "POST" ? [...held, ...ids.filter((r) => !held.includes(r))] : held.filter((r) => !ids.includes(r));
    bindings.set(groupId, next);
    return noContent();
}
