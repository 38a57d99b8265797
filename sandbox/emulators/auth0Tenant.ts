/**
 * One Auth0 tenant on 127.0.0.1: the Management API v2 (`/api/v2`), the client-credentials token
 * endpoint (`/oauth/token`) and the inbound SCIM endpoint (`/scim/v2/connections/{id}`, see
 * auth0TenantScim.ts), on one server with one shared state, so that what the providers configure is
 * what Entra's SCIM calls meet. For the sandbox and the stand-in plugin's tests.
 *
 * Shapes: the recorded traffic in shared/fixtures/auth0-recordings (TestAccConnectionAzureAD,
 * TestAccSCIMConfiguration, TestAccDataSCIMConfiguration, TestAccSCIMToken, go-auth0 *): connection
 * create/read/update/delete (DELETE -> 202 `{deleted_at}`, also for one already deleted, as recorded),
 * SCIM configuration create/read/update/delete and default mapping, tokens, the 404 bodies.
 * Not recorded, from the auth0 v7 SDK's types and Auth0's reference: the connection list (checkpoint
 * `{connections, next}` when `take`/`from` are sent, as the v7 SDK does; `{total, start, limit,
 * connections}` for `include_totals` without them, as go-auth0 does), enabled clients
 * (`GET /connections/{id}/clients` -> `{clients:[{client_id}], next?}`; `PATCH` with
 * `[{client_id, status}]` -> 204), self-service profiles, SSO tickets (auth0SelfService.ts).
 * Assumed: 409 `connection_conflict` for a duplicate name, 400 for `name`/`strategy` in a connection
 * PATCH, 409 for a second SCIM configuration, 400 for SCIM on a waad connection using the common
 * endpoint (DESIGN.md's message), and that a token needs the SCIM configuration (404 otherwise).
 * A connection PATCH replaces `options` as a whole (Auth0's documented behaviour).
 *
 * Groups (the ones SCIM creates), roles, group roles and organizations: auth0Groups.ts, auth0Roles.ts,
 * auth0Organizations.ts and the files beside them; what they answer is listed in each file's header
 * and in docs/auth0-api-shapes.md. Every `/api/v2` route checks the bearer's scopes (auth0Scopes.ts):
 * the default bearer holds them all, unless `scopes` says otherwise; `issueBearer` makes more.
 */
import { randomBytes } from "node:crypto";
import { type Emulator, type EmulatorResponse, type RecordedRequest, type ServeOptions, startEmulator } from "./harness";
import { PAGE, alphanumeric, badRequest, clone, error, notFound, pickFields } from "./auth0Http";
import { MANAGEMENT_SCOPES, scopeRefusal } from "./auth0Scopes";
import {
    type Auth0Directory,
    type DirectoryContext,
    type StoredDiscoveryDomain,
    type StoredOrganization,
    type StoredOrganizationConnection,
    type StoredRole,
    managementGroup,
    newDirectory,
} from "./auth0Directory";
import { handleGroups } from "./auth0Groups";
import { handleRoles } from "./auth0Roles";
import { effectiveRoles, handleOrganizations, organizationMembers } from "./auth0Organizations";
import { forgetConnection } from "./auth0OrganizationConnections";
import { type MappingEntry, SCIM_STRATEGIES, defaultMapping, defaultUserIdAttribute } from "./auth0Mappings";
import { validateTicketBody, type IssuedTicket } from "./auth0SelfService";
import { type ScimResource, handleScim } from "./auth0TenantScim";

export interface StoredConnection {
    id: string;
    name: string;
    strategy: string;
    display_name: string;
    options: Record<string, unknown>;
    enabled_clients: string[];
    realms: string[];
    is_domain_connection: boolean;
    show_as_button?: boolean;
    metadata?: Record<string, string>;
    [key: string]: unknown;
}

export interface StoredScimConfiguration {
    tenant_name: string;
    connection_id: string;
    connection_name: string;
    strategy: string;
    mapping: MappingEntry[];
    updated_on: string;
    created_at: string;
    user_id_attribute: string;
}

/** A SCIM token as stored: the list item plus the secret value. */
export interface StoredScimToken {
    token_id: string;
    token: string;
    scopes: string[];
    created_at: string;
    valid_until?: string;
    last_used_at?: string;
}

export interface StoredProfile {
    id: string;
    name: string;
    description?: string;
    user_attributes?: Array<{ name: string; description: string; is_optional: boolean }>;
    allowed_strategies?: string[];
    branding?: { logo_url?: string; colors?: { primary?: string } };
    user_attribute_profile_id?: string | null;
    created_at: string;
    updated_at: string;
}

export interface Auth0TenantOptions extends ServeOptions {
    /** The Management API bearer it accepts (and hands out at /oauth/token). Default: random. */
    readonly bearer?: string;
    /** M2M client credentials accepted at /oauth/token. */
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** `tenant_name` in SCIM configurations. Default "sandbox". */
    readonly tenantName?: string;
    /** Client ids that exist; enabling another gets 404. Default: any id is accepted. */
    readonly clients?: readonly string[];
    /** The Management API scopes of `bearer` (and of the /oauth/token answer). Default: every scope a route needs. */
    readonly scopes?: readonly string[];
}

export interface Auth0TenantEmulator extends Emulator {
    readonly bearer: string;
    /** `127.0.0.1:<port>`: what `auth0:domain` / AUTH0_DOMAIN is set to. */
    readonly domain: string;
    /** `<url>/api/v2` */
    readonly apiUrl: string;
    /** `<url>/scim/v2/connections/{id}`, the dashboard's "SCIM Endpoint URL". */
    scimEndpointUrl(connectionId: string): string;
    connections(): StoredConnection[];
    connection(id: string): StoredConnection | undefined;
    scimConfiguration(connectionId: string): StoredScimConfiguration | undefined;
    /** The connection's token table, secrets included (live objects: edits show). */
    tokens(connectionId: string): StoredScimToken[];
    scimUsers(connectionId: string): ScimResource[];
    scimGroups(connectionId: string): ScimResource[];
    profiles(): StoredProfile[];
    readonly tickets: IssuedTicket[];
    readonly ticketRevocations: string[];
    /** The tenant's clock (real time plus the offset). */
    now(): Date;
    /** Moves the tenant's clock forward (token expiry, `last_used_at`). */
    advanceClock(ms: number): void;
    /** Adds a connection as if made in the dashboard; Management API defaults filled. */
    seedConnection(connection: Partial<StoredConnection> & { name: string; strategy: string }): StoredConnection;
    /** Enables clients on a connection as the dashboard would. */
    enableClients(connectionId: string, ...clientIds: string[]): void;
    /** The next `times` token POSTs create the token, then answer `status` (a gateway losing the answer). */
    commitThenFail(times: number, status?: number): void;

    /** A further Management API bearer holding exactly `scopes` (scope-refusal tests). */
    issueBearer(scopes: readonly string[]): string;
    /** Groups as `GET /api/v2/groups` shows them (copies). */
    groups(): Array<Record<string, unknown>>;
    /** The role ids bound to a group at tenant level (live list). */
    groupRoles(groupId: string): string[];
    /** The role ids bound to a group in an organization. */
    organizationGroupRoles(organizationId: string, groupId: string): string[];
    roles(): StoredRole[];
    organizations(): StoredOrganization[];
    organizationConnections(organizationId: string): StoredOrganizationConnection[];
    discoveryDomains(organizationId: string): StoredDiscoveryDomain[];
    /** Members by auto-membership (SCIM users of the connections with assign_membership_on_login). */
    organizationMembers(organizationId: string): Array<{ user_id: string; email?: string; name?: string }>;
    /** The role ids a user would get at login, in an organization or not (group roles inherited). */
    effectiveRoles(userId: string, organizationId?: string): string[];
    /** Adds a role as if made in the dashboard. */
    seedRole(role: { name: string; description?: string }): StoredRole;
    /** The whole groups/roles/organizations state (live). */
    readonly directory: Auth0Directory;
}

const MAX_TOKENS = 2;
const NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;

const noConnection = () => notFound("The connection does not exist", "inexistent_connection");

export async function startAuth0TenantEmulator(options: Auth0TenantOptions = {}): Promise<Auth0TenantEmulator> {
    const bearer = options.bearer ?? `emulator-bearer-${alphanumeric(12)}`;
    const bearerScopes = new Map<string, ReadonlySet<string>>([[bearer, new Set(options.scopes ?? MANAGEMENT_SCOPES)]]);
    const tenantName = options.tenantName ?? "sandbox";
    const knownClients = options.clients ? new Set(options.clients) : undefined;
    let offsetMs = 0;
    const now = () => new Date(Date.now() + offsetMs);

    const connections = new Map<string, StoredConnection>();
    const scimConfigs = new Map<string, StoredScimConfiguration>();
    const tokenTable = new Map<string, StoredScimToken[]>();
    const users = new Map<string, ScimResource[]>();
    const groups = new Map<string, ScimResource[]>();
    const profiles = new Map<string, StoredProfile>();
    const tickets: IssuedTicket[] = [];
    const ticketRevocations: string[] = [];
    let failAfterCommit = { times: 0, status: 502 };
    let origin = "";
    const directory = newDirectory();
    const directoryContext: DirectoryContext = {
        directory,
        tenantName,
        now: () => now(),
        connection: (id) => connections.get(id),
        connections: () => [...connections.values()],
        groups: () => [...connections.keys()].flatMap((connectionId) => (groups.get(connectionId) ?? []).map((group) => ({ connectionId, group }))),
        scimUsers: (connectionId) => tableOf(users, connectionId),
        deleteGroup: (groupId) => {
            for (const table of groups.values()) {
                const index = table.findIndex((g) => g.id === groupId);
                if (index >= 0) table.splice(index, 1);
            }
            directory.groupRoles.delete(groupId);
            for (const key of [...directory.organizationGroupRoles.keys()]) if (key.endsWith(` ${groupId}`)) directory.organizationGroupRoles.delete(key);
        },
    };

    const tableOf = <T>(map: Map<string, T[]>, key: string): T[] => {
        if (!map.has(key)) map.set(key, []);
        return map.get(key)!;
    };

    const newConnection = (body: any): StoredConnection => {
        const id = `con_${alphanumeric(16)}`;
        const connection: StoredConnection = {
            id,
            options: serverOptions(body.strategy, clone(body.options ?? {}), undefined),
            strategy: body.strategy,
            name: body.name,
            is_domain_connection: body.is_domain_connection ?? false,
            ...(body.show_as_button !== undefined ? { show_as_button: body.show_as_button } : {}),
            ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
            authentication: { active: true },
            connected_accounts: { active: false },
            display_name: body.display_name ?? body.name,
            enabled_clients: [...(body.enabled_clients ?? [])],
            realms: body.realms ?? [body.name],
        };
        connections.set(id, connection);
        return connection;
    };

    const management = (req: RecordedRequest, granted: ReadonlySet<string>): EmulatorResponse => {
        const url = new URL(req.path, "http://127.0.0.1");
        const path = url.pathname.replace(/\/+$/, "");
        const parts = path.split("/").slice(3).map(decodeURIComponent); // after /api/v2
        let body: any;
        try {
            body = req.body ? JSON.parse(req.body) : undefined;
        } catch {
            return badRequest("the body is not JSON");
        }
        const { method } = req;
        const refused = scopeRefusal(granted, method, parts, body);
        if (refused) return refused;
        const routed = { method, parts, query: url.searchParams, body };
        if (parts[0] === "groups") return handleGroups(directoryContext, routed);
        if (parts[0] === "roles") return handleRoles(directoryContext, routed);
        if (parts[0] === "organizations") return handleOrganizations(directoryContext, routed);

        if (parts[0] === "connections") {
            if (parts.length === 1) {
                if (method === "GET") return listConnections(url.searchParams);
                if (method === "POST") return createConnection(body);
                return notFound();
            }
            const id = parts[1];
            const connection = connections.get(id);
            if (parts.length === 2) {
                if (method === "DELETE") {
                    if (connection) {
                        for (const group of [...(groups.get(id) ?? [])]) directoryContext.deleteGroup(group.id);
                        forgetConnection(directoryContext, id);
                        connections.delete(id);
                        scimConfigs.delete(id);
                        tokenTable.delete(id);
                        users.delete(id);
                        groups.delete(id);
                    }
                    return { status: 202, body: { deleted_at: now().toISOString() } };
                }
                if (!connection) return noConnection();
                if (method === "GET") return { status: 200, body: pickFields(connection, url.searchParams) };
                if (method === "PATCH") return updateConnection(connection, body);
                return notFound();
            }
            if (!connection) return noConnection();
            if (parts[2] === "clients" && parts.length === 3) return enabledClients(connection, method, body, url.searchParams);
            if (parts[2] === "scim-configuration") return scimConfiguration(connection, parts.slice(3), method, body);
            return notFound();
        }
        if (parts[0] === "self-service-profiles") return selfServiceProfiles(parts.slice(1), method, body, url.searchParams);
        return notFound();
    };

    const listConnections = (query: URLSearchParams): EmulatorResponse => {
        const strategies = query.getAll("strategy").flatMap((s) => s.split(","));
        const name = query.get("name");
        const all = [...connections.values()].filter(
            (c) => (strategies.length === 0 || strategies.includes(c.strategy)) && (name === null || c.name === name),
        );
        const items = all.map((c) => pickFields(c, query));
        if (query.has("take") || query.has("from")) {
            const take = Math.max(1, Math.min(100, Number(query.get("take") ?? PAGE) || PAGE));
            const from = Number(query.get("from") ?? 0) || 0;
            const page = items.slice(from, from + take);
            return { status: 200, body: { connections: page, ...(from + take < items.length ? { next: String(from + take) } : {}) } };
        }
        const perPage = Number(query.get("per_page") ?? PAGE) || PAGE;
        const pageIndex = Number(query.get("page") ?? 0) || 0;
        const page = items.slice(pageIndex * perPage, (pageIndex + 1) * perPage);
        if (query.get("include_totals") === "true") {
            return { status: 200, body: { total: items.length, start: pageIndex * perPage, limit: perPage, connections: page } };
        }
        return { status: 200, body: page };
    };

    const createConnection = (body: any): EmulatorResponse => {
        if (!body || typeof body !== "object") return badRequest("the body must be an object");
        if (typeof body.name !== "string") return badRequest("Missing required property: name");
        if (typeof body.strategy !== "string") return badRequest("Missing required property: strategy");
        if (!NAME.test(body.name) || body.name.length > 128) return badRequest("String does not match pattern on property name");
        if ([...connections.values()].some((c) => c.name === body.name)) {
            return error(409, "Conflict", "A connection with the same name already exists", "connection_conflict");
        }
        if (knownClients && (body.enabled_clients ?? []).some((c: string) => !knownClients.has(c))) return notFound("Client not found");
        const connection = newConnection(body);
        return { status: 201, body: clone(connection) };
    };

    const updateConnection = (connection: StoredConnection, body: any): EmulatorResponse => {
        if (!body || typeof body !== "object") return badRequest("the body must be an object");
        const forbidden = ["name", "strategy", "id"].filter((k) => k in body);
        if (forbidden.length > 0) return badRequest(`Additional properties not allowed: ${forbidden.join(",")}`);
        for (const key of ["display_name", "is_domain_connection", "show_as_button", "metadata", "realms"]) {
            if (key in body) connection[key] = clone(body[key]);
        }
        if (Array.isArray(body.enabled_clients)) connection.enabled_clients = [...body.enabled_clients];
        if (body.options !== undefined) connection.options = serverOptions(connection.strategy, clone(body.options), connection.options);
        const config = scimConfigs.get(connection.id);
        if (config) config.connection_name = connection.name;
        return { status: 200, body: clone(connection) };
    };

    const enabledClients = (connection: StoredConnection, method: string, body: any, query: URLSearchParams): EmulatorResponse => {
        if (method === "GET") {
            const take = Math.max(1, Math.min(100, Number(query.get("take") ?? PAGE) || PAGE));
            const from = Number(query.get("from") ?? 0) || 0;
            const page = connection.enabled_clients.slice(from, from + take).map((client_id) => ({ client_id }));
            return {
                status: 200,
                body: { clients: page, ...(from + take < connection.enabled_clients.length ? { next: String(from + take) } : {}) },
            };
        }
        if (method === "PATCH") {
            if (!Array.isArray(body) || body.length > 50) return badRequest("the body must be an array of at most 50 items");
            for (const item of body) {
                if (typeof item?.client_id !== "string" || typeof item?.status !== "boolean") {
                    return badRequest("Missing required property: client_id or status");
                }
                if (knownClients && item.status && !knownClients.has(item.client_id)) return notFound("Client not found");
            }
            for (const { client_id, status } of body) {
                const index = connection.enabled_clients.indexOf(client_id);
                if (status && index < 0) connection.enabled_clients.push(client_id);
                if (!status && index >= 0) connection.enabled_clients.splice(index, 1);
            }
            return { status: 204 };
        }
        return notFound();
    };

    const scimConfiguration = (connection: StoredConnection, rest: string[], method: string, body: any): EmulatorResponse => {
        const id = connection.id;
        const config = scimConfigs.get(id);
        if (rest.length === 0) {
            if (method === "POST") {
                if (!(SCIM_STRATEGIES as readonly string[]).includes(connection.strategy)) {
                    return notFound(
                        "This connection type does not support SCIM. Please see our documentation for the currently supported connection types: https://auth0.com/docs/authenticate/protocols/scim/configure-inbound-scim.",
                    );
                }
                if (config) return error(409, "Conflict", "A SCIM configuration already exists for this connection");
                if (connection.strategy === "waad" && (connection.options.useCommonEndpoint === true || connection.options.waad_common_endpoint === true)) {
                    return error(400, "Bad Request", "SCIM cannot be enabled for this connection when the Azure AD common endpoint is used");
                }
                const problem = mappingProblem(body);
                if (problem) return problem;
                const at = now().toISOString();
                const created: StoredScimConfiguration = {
                    tenant_name: tenantName,
                    connection_id: id,
                    connection_name: connection.name,
                    strategy: connection.strategy,
                    mapping: body?.mapping ? body.mapping.map((e: MappingEntry) => ({ scim: e.scim, auth0: e.auth0 })) : defaultMapping(connection.strategy),
                    updated_on: at,
                    created_at: at,
                    user_id_attribute: body?.user_id_attribute ?? defaultUserIdAttribute(connection.strategy),
                };
                scimConfigs.set(id, created);
                return { status: 201, body: clone(created) };
            }
            if (!config) return notFound();
            if (method === "GET") return { status: 200, body: clone(config) };
            if (method === "PATCH") {
                const problem = mappingProblem(body);
                if (problem) return problem;
                if (body?.user_id_attribute !== undefined) config.user_id_attribute = body.user_id_attribute;
                if (body?.mapping !== undefined) config.mapping = body.mapping.map((e: MappingEntry) => ({ scim: e.scim, auth0: e.auth0 }));
                config.updated_on = now().toISOString();
                return { status: 200, body: clone(config) };
            }
            if (method === "DELETE") {
                scimConfigs.delete(id);
                tokenTable.delete(id);
                return { status: 204 };
            }
            return notFound();
        }
        if (rest[0] === "default-mapping" && rest.length === 1 && method === "GET") {
            if (!(SCIM_STRATEGIES as readonly string[]).includes(connection.strategy)) return notFound();
            return { status: 200, body: { mapping: defaultMapping(connection.strategy).map(({ scim, auth0 }) => ({ auth0, scim })) } };
        }
        if (rest[0] === "tokens" && rest.length <= 2) {
            if (!config) return notFound();
            return tokens(id, rest[1], method, body);
        }
        return notFound();
    };

    const mappingProblem = (body: any): EmulatorResponse | undefined => {
        if (body === undefined || body === null) return undefined;
        if (typeof body !== "object" || Array.isArray(body)) return badRequest("the body must be an object");
        const unknown = Object.keys(body).filter((k) => k !== "user_id_attribute" && k !== "mapping");
        if (unknown.length > 0) return badRequest(`Additional properties not allowed: ${unknown.join(",")}`);
        if (body.mapping !== undefined) {
            const valid = Array.isArray(body.mapping) &&
                body.mapping.every((e: any) => typeof e?.scim === "string" && typeof e?.auth0 === "string" && e.scim && e.auth0);
            if (!valid) return badRequest("Expected type array of {auth0, scim} on property mapping");
        }
        if (body.user_id_attribute !== undefined && (typeof body.user_id_attribute !== "string" || body.user_id_attribute === "")) {
            return badRequest("Expected type string on property user_id_attribute");
        }
        return undefined;
    };

    const tokens = (connectionId: string, tokenId: string | undefined, method: string, body: any): EmulatorResponse => {
        const table = tableOf(tokenTable, connectionId);
        if (method === "GET" && !tokenId) return { status: 200, body: table.map(({ token: _secret, ...item }) => ({ ...item })) };
        if (method === "DELETE" && tokenId) {
            const index = table.findIndex((t) => t.token_id === tokenId);
            if (index < 0) return notFound();
            table.splice(index, 1);
            return { status: 204 };
        }
        if (method === "POST" && !tokenId) {
            if (!body || !Array.isArray(body.scopes) || body.scopes.length === 0) {
                return badRequest("'Array is too short (0), minimum 1' on property scopes");
            }
            const lifetime = body.token_lifetime;
            if (lifetime !== undefined && lifetime !== null && !(Number.isInteger(lifetime) && lifetime > 900)) {
                return badRequest("'Lifetime of the token in seconds. Must be greater than 900' on property token_lifetime");
            }
            if (table.length >= MAX_TOKENS) return error(409, "Conflict", "Maximum of 2 tokens already issued for this connection");
            const createdAt = now();
            const tokenIdNew = `tok_${alphanumeric(16)}`;
            const stored: StoredScimToken = {
                token_id: tokenIdNew,
                token: `${tokenIdNew}.${randomBytes(32).toString("hex")}`,
                scopes: [...body.scopes],
                created_at: createdAt.toISOString(),
                ...(lifetime ? { valid_until: new Date(createdAt.getTime() + lifetime * 1000).toISOString() } : {}),
            };
            table.push(stored);
            if (failAfterCommit.times > 0) {
                failAfterCommit.times--;
                return error(failAfterCommit.status, "Bad Gateway", "Bad Gateway");
            }
            const { token_id, token, scopes, created_at, valid_until } = stored;
            return { status: 201, body: { token_id, token, scopes, created_at, ...(valid_until ? { valid_until } : {}) } };
        }
        return notFound();
    };

    const selfServiceProfiles = (rest: string[], method: string, body: any, query: URLSearchParams): EmulatorResponse => {
        if (rest.length === 0) {
            if (method === "GET") {
                const all = [...profiles.values()].map(clone);
                const perPage = Number(query.get("per_page") ?? PAGE) || PAGE;
                const pageIndex = Number(query.get("page") ?? 0) || 0;
                const page = all.slice(pageIndex * perPage, (pageIndex + 1) * perPage);
                return query.get("include_totals") === "true"
                    ? { status: 200, body: { self_service_profiles: page, start: pageIndex * perPage, limit: perPage, total: all.length } }
                    : { status: 200, body: page };
            }
            if (method === "POST") {
                const problem = profileProblem(body, true);
                if (problem) return problem;
                const at = now().toISOString();
                const profile: StoredProfile = { id: `ssp_${alphanumeric(22)}`, ...clone(body), created_at: at, updated_at: at };
                profiles.set(profile.id, profile);
                return { status: 201, body: clone(profile) };
            }
            return notFound();
        }
        const profile = profiles.get(rest[0]);
        const missing = () => notFound("The self-service profile does not exist");
        if (rest.length === 1) {
            if (!profile) return missing();
            if (method === "GET") return { status: 200, body: clone(profile) };
            if (method === "DELETE") {
                profiles.delete(profile.id);
                return { status: 204 };
            }
            if (method === "PATCH") {
                const problem = profileProblem(body, false);
                if (problem) return problem;
                for (const [key, value] of Object.entries(body)) {
                    if (value === null) delete (profile as any)[key];
                    else (profile as any)[key] = clone(value);
                }
                profile.updated_at = now().toISOString();
                return { status: 200, body: clone(profile) };
            }
            return notFound();
        }
        if (rest[1] === "sso-ticket" && method === "POST") {
            if (!profile) return missing();
            if (rest.length === 4 && rest[3] === "revoke") {
                ticketRevocations.push(rest[2]);
                const ticket = tickets.find((t) => t.id === rest[2]);
                if (ticket) ticket.revoked = true;
                return { status: 202 };
            }
            if (rest.length === 2) {
                const problem = validateTicketBody(body);
                if (problem) return problem;
                if (body.connection_id !== undefined && !connections.has(body.connection_id)) return noConnection();
                const id = alphanumeric(32);
                const url = `${origin}/self-service/connections-flow?ticket=${id}`;
                tickets.push({ id, profileId: profile.id, url, body, revoked: false });
                return { status: 201, body: { ticket: url } };
            }
        }
        return notFound();
    };

    const clientCredentials = (req: RecordedRequest): EmulatorResponse => {
        let form: Record<string, unknown>;
        try {
            form = String(req.headers["content-type"] ?? "").includes("json")
                ? JSON.parse(req.body || "{}")
                : Object.fromEntries(new URLSearchParams(req.body));
        } catch {
            return { status: 400, body: { error: "invalid_request", error_description: "Malformed body" } };
        }
        const known = !!options.clientId && form.client_id === options.clientId && form.client_secret === options.clientSecret;
        if (form.grant_type !== "client_credentials" || !known) {
            return { status: 401, body: { error: "access_denied", error_description: "Unauthorized" } };
        }
        return { status: 200, body: { access_token: bearer, expires_in: 86400, token_type: "Bearer", scope: [...bearerScopes.get(bearer)!].join(" ") } };
    };

    const handler = (req: RecordedRequest): EmulatorResponse => {
        const path = req.path.split("?")[0];
        if (req.method === "POST" && path === "/oauth/token") return clientCredentials(req);
        if (path.startsWith("/scim/v2/")) {
            return handleScim(
                {
                    now,
                    scimConfig: (id) => scimConfigs.get(id),
                    tokenByValue: (value) => {
                        for (const [connectionId, table] of tokenTable) {
                            const found = table.find((t) => t.token === value);
                            if (found) return { connectionId, token: found };
                        }
                        return undefined;
                    },
                    users: (id) => tableOf(users, id),
                    groups: (id) => tableOf(groups, id),
                    groupDeleted: (groupId) => directoryContext.deleteGroup(groupId),
                },
                req,
                origin,
            );
        }
        if (path === "/api/v2" || path.startsWith("/api/v2/")) {
            const granted = bearerScopes.get(/^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1] ?? "");
            if (!granted) return error(401, "Unauthorized", "Invalid token");
            return management(req, granted);
        }
        return notFound();
    };

    const emulator = await startEmulator(handler, { tls: options.tls, port: options.port });
    origin = emulator.url;
    const domain = emulator.url.replace(/^https?:\/\//, "");
    return Object.assign(emulator, {
        bearer,
        domain,
        apiUrl: `${emulator.url}/api/v2`,
        scimEndpointUrl: (connectionId: string) => `${emulator.url}/scim/v2/connections/${connectionId}`,
        connections: () => [...connections.values()],
        connection: (id: string) => connections.get(id),
        scimConfiguration: (id: string) => scimConfigs.get(id),
        tokens: (id: string) => tableOf(tokenTable, id),
        scimUsers: (id: string) => tableOf(users, id),
        scimGroups: (id: string) => tableOf(groups, id),
        profiles: () => [...profiles.values()],
        tickets,
        ticketRevocations,
        now,
        advanceClock: (ms: number) => {
            offsetMs += ms;
        },
        seedConnection: (connection: Partial<StoredConnection> & { name: string; strategy: string }) => {
            const created = newConnection(connection);
            if (connection.id) {
                connections.delete(created.id);
                created.id = connection.id;
                connections.set(created.id, created);
            }
            return created;
        },
        enableClients: (connectionId: string, ...clientIds: string[]) => {
            const connection = connections.get(connectionId);
            if (!connection) throw new Error(`no connection ${connectionId}`);
            for (const id of clientIds) if (!connection.enabled_clients.includes(id)) connection.enabled_clients.push(id);
        },
        commitThenFail: (times: number, status = 502) => {
            failAfterCommit = { times, status };
        },
        issueBearer: (scopes: readonly string[]) => {
            const issued = `emulator-bearer-${alphanumeric(12)}`;
            bearerScopes.set(issued, new Set(scopes));
            return issued;
        },
        groups: () => directoryContext.groups().map((g) => managementGroup(directoryContext, g)),
        groupRoles: (groupId: string) => directory.groupRoles.get(groupId) ?? [],
        organizationGroupRoles: (organizationId: string, groupId: string) => directory.organizationGroupRoles.get(`${organizationId} ${groupId}`) ?? [],
        roles: () => [...directory.roles.values()],
        organizations: () => [...directory.organizations.values()],
        organizationConnections: (organizationId: string) => [...(directory.organizationConnections.get(organizationId)?.values() ?? [])],
        discoveryDomains: (organizationId: string) => directory.discoveryDomains.get(organizationId) ?? [],
        organizationMembers: (organizationId: string) => organizationMembers(directoryContext, organizationId),
        effectiveRoles: (userId: string, organizationId?: string) => effectiveRoles(directoryContext, userId, organizationId),
        seedRole: (role: { name: string; description?: string }) => {
            const stored: StoredRole = { id: `rol_${alphanumeric(16)}`, name: role.name, ...(role.description !== undefined ? { description: role.description } : {}), type: "tenant" };
            directory.roles.set(stored.id, stored);
            return stored;
        },
        directory,
    });
}


/**
 * The options as the tenant stores them: what was sent, plus what Auth0 adds for waad (as recorded:
 * `thumbprints`, `app_domain`, `waad_common_endpoint` mirroring `useCommonEndpoint`), kept across a
 * PATCH that replaces the rest.
 */
function serverOptions(strategy: string, sent: Record<string, unknown>, previous: Record<string, unknown> | undefined): Record<string, unknown> {
    if (strategy !== "waad") return sent;
    return {
        ...sent,
        thumbprints: previous?.thumbprints ?? [randomBytes(20).toString("hex"), randomBytes(20).toString("hex")],
        app_domain: previous?.app_domain ?? "sandbox.auth0.emulator",
        waad_common_endpoint: sent.useCommonEndpoint === true,
    };
}


function profileProblem(body: any, creating: boolean): EmulatorResponse | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) return badRequest("the body must be an object");
    const allowed = ["name", "description", "user_attributes", "allowed_strategies", "branding", "user_attribute_profile_id"];
    const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
    if (unknown.length > 0) return badRequest(`Additional properties not allowed: ${unknown.join(",")}`);
    if (creating && (typeof body.name !== "string" || body.name === "")) return badRequest("Missing required property: name");
    const strategies = ["oidc", "samlp", "waad", "google-apps", "adfs", "okta", "keycloak-samlp", "pingfederate"];
    if (body.allowed_strategies && !body.allowed_strategies.every((s: string) => strategies.includes(s))) {
        return badRequest("No enum match on property allowed_strategies");
    }
    if (body.user_attributes && !body.user_attributes.every((a: any) => typeof a?.name === "string" && typeof a?.description === "string" && typeof a?.is_optional === "boolean")) {
        return badRequest("Missing required property: name, description or is_optional on property user_attributes");
    }
    return undefined;
}
