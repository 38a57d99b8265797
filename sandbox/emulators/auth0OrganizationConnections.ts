/**
 * Connections on an organization, through both APIs that manage them (one state):
 * - `/organizations/{id}/enabled_connections[/{connectionId}]` (GA; the `auth0` v7 SDK's
 *   `organizations.enabledConnections`): `{connection_id, assign_membership_on_login, show_as_button,
 *   is_signup_enabled, connection: {name, strategy}}`, the list offset-paged as
 *   `{enabled_connections, start, limit, total}`, only connections with `is_enabled`;
 * - `/organizations/{id}/connections[/{connection_id}]` (EA; the SDK's `organizations.connections`, and
 *   what terraform-provider-auth0 v1.53.0's `auth0_organization_connection` calls): the same plus
 *   `is_enabled`, `organization_access_level` and `organization_connection_name`, listed as
 *   `{connections, start, limit, total}` with an `is_enabled` filter.
 * Shapes and codes as recorded in terraform-provider-auth0's TestAccOrganizationConnection.yaml: POST
 * 201, PATCH 200, DELETE 204; defaults `assign_membership_on_login: false`, `show_as_button: true`,
 * `is_enabled: true`, `organization_access_level: "none"`; `is_signup_enabled` appears for database
 * connections only (absent for the recorded okta connection).
 *
 * Refused: `is_signup_enabled: true` on a connection that is not a database connection, 400 (Auth0:
 * "Only applicable for database connections"; pulumi-auth0#657 and auth0-deploy-cli#905 record the
 * API refusing it), and `is_signup_enabled: true` without `assign_membership_on_login` (deploy-cli#905,
 * the Terraform schema's note). Assumed: the messages, 404 "The connection does not exist" for an
 * unknown connection, 404 for one not on the organization, 409 for one already on it.
 */
import type { EmulatorResponse } from "./harness";
import {
    DATABASE_STRATEGIES,
    type DirectoryContext,
    type ManagementRequest,
    type StoredOrganization,
    type StoredOrganizationConnection,
} from "./auth0Directory";
import { badRequest, clone, conflict, isObject, noContent, notFound, offsetPage, ok, unknownKeys } from "./auth0Http";

const ACCESS_LEVELS = ["none", "readonly", "limited", "full"];
const LEGACY_FIELDS = ["assign_membership_on_login", "is_signup_enabled", "show_as_button"];
const FIELDS = [...LEGACY_FIELDS, "is_enabled", "organization_access_level", "organization_connection_name"];

export const noConnection = () => notFound("The connection does not exist", "inexistent_connection");
const notOnOrganization = () => notFound("The connection is not enabled for this organization");

export const connectionsOf = (ctx: DirectoryContext, organizationId: string): Map<string, StoredOrganizationConnection> => {
    const table = ctx.directory.organizationConnections;
    if (!table.has(organizationId)) table.set(organizationId, new Map());
    return table.get(organizationId)!;
};

/** The connections that make their SCIM users members (assign_membership_on_login, enabled). */
export const membershipConnections = (ctx: DirectoryContext, organizationId: string): string[] =>
    [...connectionsOf(ctx, organizationId).values()].filter((c) => c.is_enabled && c.assign_membership_on_login).map((c) => c.connection_id);

function view(ctx: DirectoryContext, stored: StoredOrganizationConnection, legacy: boolean): Record<string, unknown> {
    const connection = ctx.connection(stored.connection_id);
    const database = DATABASE_STRATEGIES.includes(connection?.strategy ?? "");
    return {
        connection_id: stored.connection_id,
        ...(database ? { is_signup_enabled: stored.is_signup_enabled } : {}),
        assign_membership_on_login: stored.assign_membership_on_login,
        show_as_button: stored.show_as_button,
        ...(legacy
            ? {}
            : {
                  is_enabled: stored.is_enabled,
                  organization_access_level: stored.organization_access_level,
                  ...(stored.organization_connection_name !== undefined ? { organization_connection_name: stored.organization_connection_name } : {}),
              }),
        connection: { name: connection?.name, strategy: connection?.strategy },
    };
}

/** Validates and applies `body` onto `target` (a new or an existing entry); an error response or undefined. */
function apply(ctx: DirectoryContext, target: StoredOrganizationConnection, body: Record<string, any>, legacy: boolean): EmulatorResponse | undefined {
    for (const key of ["assign_membership_on_login", "is_signup_enabled", "show_as_button", "is_enabled"]) {
        if (body[key] !== undefined && typeof body[key] !== "boolean") return badRequest(`Expected type boolean on property ${key}`);
    }
    if (!legacy && body.organization_access_level !== undefined && !ACCESS_LEVELS.includes(body.organization_access_level)) {
        return badRequest(`No enum match for: ${body.organization_access_level} on property organization_access_level`);
    }
    const next = { ...target };
    for (const key of legacy ? LEGACY_FIELDS : FIELDS) if (body[key] !== undefined) (next as any)[key] = body[key];
    const strategy = ctx.connection(next.connection_id)?.strategy ?? "";
    if (next.is_signup_enabled && !DATABASE_STRATEGIES.includes(strategy)) {
        return badRequest(`is_signup_enabled can only be set for database connections (connection ${next.connection_id} has strategy ${strategy})`, "invalid_body");
    }
    if (next.is_signup_enabled && !next.assign_membership_on_login) {
        return badRequest("is_signup_enabled can only be true when assign_membership_on_login is true", "invalid_body");
    }
    Object.assign(target, next);
    return undefined;
}

/** Adds a connection to an organization (both POSTs, and `enabled_connections` in an organization POST). */
export function addConnection(ctx: DirectoryContext, organization: StoredOrganization, body: unknown, legacy: boolean): StoredOrganizationConnection | EmulatorResponse {
    if (!isObject(body)) return badRequest("the body must be an object");
    const problem = unknownKeys(body, ["connection_id", ...(legacy ? LEGACY_FIELDS : FIELDS)]);
    if (problem) return problem;
    if (typeof body.connection_id !== "string" || body.connection_id === "") return badRequest("Missing required property: connection_id");
    if (!ctx.connection(body.connection_id)) return noConnection();
    const table = connectionsOf(ctx, organization.id);
    if (table.has(body.connection_id)) return conflict("The connection is already enabled for this organization");
    const stored: StoredOrganizationConnection = {
        connection_id: body.connection_id,
        assign_membership_on_login: false,
        show_as_button: true,
        is_signup_enabled: false,
        is_enabled: true,
        organization_access_level: "none",
    };
    const refused = apply(ctx, stored, body, legacy);
    if (refused) return refused;
    table.set(stored.connection_id, stored);
    return stored;
}

/** `/organizations/{id}/enabled_connections…` (legacy) or `/organizations/{id}/connections…`. */
export function handleOrganizationConnections(ctx: DirectoryContext, organization: StoredOrganization, req: ManagementRequest): EmulatorResponse {
    const legacy = req.parts[2] === "enabled_connections";
    const connectionId = req.parts[3];
    if (req.parts.length > 4) return notFound();
    const table = connectionsOf(ctx, organization.id);
    const visible = (c: StoredOrganizationConnection) => !legacy || c.is_enabled;
    if (connectionId === undefined) {
        if (req.method === "GET") {
            const filter = legacy ? null : req.query.get("is_enabled");
            const items = [...table.values()]
                .filter((c) => visible(c) && (filter === null || String(c.is_enabled) === filter))
                .map((c) => view(ctx, c, legacy));
            return offsetPage(items, req.query, legacy ? "enabled_connections" : "connections");
        }
        if (req.method === "POST") {
            const added = addConnection(ctx, organization, req.body, legacy);
            return "status" in added ? added : ok(view(ctx, added, legacy), 201);
        }
        return notFound();
    }
    const stored = table.get(connectionId);
    if (!stored || !visible(stored)) return notOnOrganization();
    if (req.method === "GET") return ok(view(ctx, stored, legacy));
    if (req.method === "DELETE") {
        table.delete(connectionId);
        return noContent();
    }
    if (req.method === "PATCH") {
        const body = req.body ?? {};
        if (!isObject(body)) return badRequest("the body must be an object");
        const problem = unknownKeys(body, legacy ? LEGACY_FIELDS : FIELDS);
        if (problem) return problem;
        const refused = apply(ctx, stored, clone(body), legacy);
        return refused ?? ok(view(ctx, stored, legacy));
    }
    return notFound();
}

/** Drops a deleted connection from every organization. */
export function forgetConnection(ctx: DirectoryContext, connectionId: string): void {
    for (const table of ctx.directory.organizationConnections.values()) table.delete(connectionId);
}
