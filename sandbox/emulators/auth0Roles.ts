/**
 * Management API roles of the tenant emulator, in the shapes of the `auth0` v7 SDK (`resources/roles`)
 * and of terraform-provider-auth0's recorded TestAccRole.yaml / TestAccRoleOrganizationLevel.yaml:
 * - `GET /roles`: offset paging `{roles, start, limit, total}` (the SDK sends `per_page=50&page=0&
 *   include_totals=true`), `name_filter` (case-insensitive; "contains" is assumed), `type` and
 *   `owner_id` (required with `type=organization`); without `type`, tenant roles only (assumed);
 * - `POST /roles {name, description?, type?, owner_id?}` -> **200** `{id: "rol_…", name, type}`
 *   (recorded; `description` only when given); a second role with the same name and owner -> 409
 *   (assumed message);
 * - `GET /roles/{id}` (`description: ""` when none, recorded), `PATCH {name?, description?}` -> 200,
 *   `DELETE` -> 200 `{}` (recorded); a deleted role leaves every group it was bound to;
 * - `GET /roles/{id}/groups` `{groups, next?}`, `POST`/`DELETE /roles/{id}/groups {groups: [ids]}`
 *   (204), the same bindings as `/groups/{id}/roles`.
 * Unknown ids: 404 "The role does not exist." (assumed message).
 */
import type { EmulatorResponse } from "./harness";
import { type DirectoryContext, type ManagementRequest, type StoredRole, findGroup, managementGroup, publicRole } from "./auth0Directory";
import { alphanumeric, badRequest, checkpointPage, conflict, idList, isObject, noContent, notFound, offsetPage, ok, unknownKeys } from "./auth0Http";
import { noGroup, noRole } from "./auth0Groups";

export function handleRoles(ctx: DirectoryContext, req: ManagementRequest): EmulatorResponse {
    const [, id, sub, ...rest] = req.parts;
    const { roles } = ctx.directory;
    if (id === undefined) {
        if (req.method === "GET") return listRoles(ctx, req.query);
        if (req.method === "POST") return createRole(ctx, req.body);
        return notFound();
    }
    const role = roles.get(id);
    if (!role) return noRole();
    if (sub === undefined) {
        if (req.method === "GET") return ok(publicRole(role));
        if (req.method === "PATCH") return updateRole(ctx, role, req.body);
        if (req.method === "DELETE") {
            roles.delete(id);
            for (const bindings of [ctx.directory.groupRoles, ctx.directory.organizationGroupRoles]) {
                for (const [key, held] of bindings) bindings.set(key, held.filter((r) => r !== id));
            }
            return ok({});
        }
        return notFound();
    }
    if (sub === "groups" && rest.length === 0) return roleGroups(ctx, role, req);
    return notFound();
}

function listRoles(ctx: DirectoryContext, query: URLSearchParams): EmulatorResponse {
    const type = query.get("type") ?? "tenant";
    const owner = query.get("owner_id");
    if (type !== "tenant" && type !== "organization") return badRequest(`No enum match for: ${type} on property type`, "invalid_query_string");
    if (type === "organization" && !owner) return badRequest("owner_id is required when type is organization", "invalid_query_string");
    const filter = query.get("name_filter")?.toLowerCase();
    const items = [...ctx.directory.roles.values()]
        .filter((r) => r.type === type && (owner === null || r.owner_id === owner) && (filter === undefined || r.name.toLowerCase().includes(filter)))
        .map(publicRole);
    return offsetPage(items, query, "roles");
}

function roleProblem(body: unknown, creating: boolean): EmulatorResponse | undefined {
    if (!isObject(body)) return badRequest("the body must be an object");
    const problem = unknownKeys(body, creating ? ["name", "description", "type", "owner_id"] : ["name", "description"]);
    if (problem) return problem;
    if ((creating || body.name !== undefined) && (typeof body.name !== "string" || body.name === "")) return badRequest("Missing required property: name");
    if (body.description !== undefined && typeof body.description !== "string") return badRequest("Expected type string on property description");
    return undefined;
}

const sameNameTaken = (ctx: DirectoryContext, name: string, ownerId: string | undefined, selfId?: string) =>
    [...ctx.directory.roles.values()].some((r) => r.id !== selfId && r.name === name && r.owner_id === ownerId);

function createRole(ctx: DirectoryContext, body: any): EmulatorResponse {
    const problem = roleProblem(body, true);
    if (problem) return problem;
    const type = body.type ?? "tenant";
    if (type !== "tenant" && type !== "organization") return badRequest(`No enum match for: ${type} on property type`);
    if (type === "organization" && !ctx.directory.organizations.has(body.owner_id)) {
        return badRequest("owner_id must name an existing organization when type is organization");
    }
    if (type === "tenant" && body.owner_id !== undefined) return badRequest("owner_id is only allowed when type is organization");
    if (sameNameTaken(ctx, body.name, body.owner_id)) return conflict("A role with this name already exists", "role_conflict");
    const role: StoredRole = {
        id: `rol_${alphanumeric(16)}`,
        name: body.name,
        ...(body.description !== undefined ? { description: body.description } : {}),
        type,
        ...(body.owner_id !== undefined ? { owner_id: body.owner_id } : {}),
    };
    ctx.directory.roles.set(role.id, role);
    const { description: _omitted, ...created } = publicRole(role);
    return ok(role.description !== undefined ? publicRole(role) : created);
}

function updateRole(ctx: DirectoryContext, role: StoredRole, body: any): EmulatorResponse {
    const problem = roleProblem(body, false);
    if (problem) return problem;
    if (body.name !== undefined && sameNameTaken(ctx, body.name, role.owner_id, role.id)) return conflict("A role with this name already exists", "role_conflict");
    if (body.name !== undefined) role.name = body.name;
    if (body.description !== undefined) role.description = body.description;
    return ok(publicRole(role));
}

function roleGroups(ctx: DirectoryContext, role: StoredRole, req: ManagementRequest): EmulatorResponse {
    const bindings = ctx.directory.groupRoles;
    if (req.method === "GET") {
        const groups = ctx.groups().filter((g) => (bindings.get(g.group.id) ?? []).includes(role.id)).map((g) => managementGroup(ctx, g));
        return checkpointPage(groups, req.query, "groups");
    }
    if (req.method !== "POST" && req.method !== "DELETE") return notFound();
    const ids = idList(req.body, "groups");
    if (!Array.isArray(ids)) return ids;
    if (ids.some((g) => !findGroup(ctx, g))) return noGroup();
    if (req.method === "POST" && role.type === "organization") return badRequest(`Role ${role.id} is an organization role`);
    for (const groupId of ids) {
        const held = bindings.get(groupId) ?? [];
        bindings.set(groupId, req.method === "POST" ? (held.includes(role.id) ? held : [...held, role.id]) : held.filter((r) => r !== role.id));
    }
    return noContent();
}
