/**
 * The inbound SCIM 2.0 endpoint of the Auth0 tenant emulator (auth0Tenant.ts):
 * `/scim/v2/connections/{connectionId}/ServiceProviderConfig`, `/Users`, `/Users/{id}`, `/Groups`,
 * `/Groups/{id}`, on the same host as the Management API, sharing its state.
 *
 * Authentication is a live SCIM token of that connection (issued through the Management API), judged
 * by the tenant's clock: missing, unknown, revoked, other connection's or expired -> 401; a token
 * without the verb's scope (`get|post|put|patch|delete:users|groups`) -> 403; a connection without a
 * SCIM configuration -> 404. A call that passes sets the token's `last_used_at`.
 *
 * Shapes follow the SCIM RFCs (no recording of Auth0's own SCIM answers exists in the fixtures): list
 * per RFC 7644 §3.4.2, errors per §3.12 (`scimError`), PatchOp per §3.5.2 with Entra's habits
 * (capitalised `op`, `"True"`/`"False"` strings, `members[value eq "…"]` removals). Filters: `eq` only
 * (Auth0: "search by eq only"), on `userName`, `externalId`, `id`, `displayName`. `excludedAttributes=
 * members` on a group GET leaves the members out, as Entra asks (Microsoft's "Develop and plan
 * provisioning for a SCIM endpoint", Group operations).
 * Groups: ids `grp_` + 22 base58 characters (the Management API's pattern); "only 'user' member types
 * are supported" (Auth0's "Configure Inbound SCIM"): a member that is not a user of the connection is
 * a 400 (the status is assumed).
 * Assumed: the SCIM user `id` is `{strategy}|{value of the configuration's user_id_attribute}`, and a
 * user without that attribute gets 400.
 */
import type { EmulatorResponse, RecordedRequest } from "./harness";
import { scimError, serviceProviderConfig } from "./auth0Scim";
import { base58 } from "./auth0Http";

export interface ScimResource {
    id: string;
    schemas: string[];
    externalId?: string;
    meta: { resourceType: "User" | "Group"; created: string; lastModified: string; location: string };
    [attribute: string]: unknown;
}

/** What the SCIM handler needs from the tenant's state. */
export interface ScimState {
    now(): Date;
    /** The strategy and user id attribute, when the connection has a SCIM configuration. */
    scimConfig(connectionId: string): { strategy: string; user_id_attribute: string } | undefined;
    /** The live token with this value, if any (any connection). */
    tokenByValue(value: string): { connectionId: string; token: { scopes: string[]; valid_until?: string; last_used_at?: string } } | undefined;
    users(connectionId: string): ScimResource[];
    groups(connectionId: string): ScimResource[];
    /** Told when a group is deleted over SCIM (its role bindings go too). */
    groupDeleted?(groupId: string): void;
}

const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SCIM_JSON = { "content-type": "application/scim+json; charset=utf-8" };
const PATH = /^\/scim\/v2\/connections\/([^/]+)\/(ServiceProviderConfig|Users|Groups)(?:\/([^/]+))?$/;
const VERBS: Record<string, string> = { GET: "get", POST: "post", PUT: "put", PATCH: "patch", DELETE: "delete" };

const ok = (status: number, body?: unknown): EmulatorResponse => ({ status, headers: SCIM_JSON, ...(body === undefined ? {} : { body }) });

export function handleScim(state: ScimState, req: RecordedRequest, origin: string): EmulatorResponse {
    const url = new URL(req.path, "http://127.0.0.1");
    const match = PATH.exec(url.pathname);
    if (!match) return scimError(404, `Resource ${url.pathname} not found`);
    const connectionId = decodeURIComponent(match[1]);
    const kind = match[2] as "ServiceProviderConfig" | "Users" | "Groups";
    const resourceId = match[3] === undefined ? undefined : decodeURIComponent(match[3]);

    const config = state.scimConfig(connectionId);
    if (!config) return scimError(404, "The connection does not exist or SCIM is not enabled on it");
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    const found = bearer === undefined ? undefined : state.tokenByValue(bearer);
    if (!found || found.connectionId !== connectionId) return scimError(401, "Invalid token");
    const token = found.token;
    if (token.valid_until !== undefined && Date.parse(token.valid_until) <= state.now().getTime()) return scimError(401, "Token expired");

    const base = `${origin}/scim/v2/connections/${encodeURIComponent(connectionId)}`;
    if (kind === "ServiceProviderConfig") {
        if (req.method !== "GET") return scimError(405, `Method ${req.method} not allowed here`);
        token.last_used_at = state.now().toISOString();
        return ok(200, serviceProviderConfig(`${base}/ServiceProviderConfig`));
    }
    const verb = VERBS[req.method];
    if (!verb) return scimError(405, `Method ${req.method} not allowed here`);
    const scope = `${verb}:${kind.toLowerCase()}`;
    if (!token.scopes.includes(scope)) return scimError(403, `Insufficient scope, expected any of: ${scope}`);
    token.last_used_at = state.now().toISOString();

    const isUser = kind === "Users";
    const table = isUser ? state.users(connectionId) : state.groups(connectionId);
    const current = resourceId === undefined ? undefined : table.find((r) => r.id === resourceId);
    if (resourceId !== undefined && !current) return scimError(404, `${isUser ? "User" : "Group"} ${resourceId} not found`);
    let body: any;
    try {
        body = req.body ? JSON.parse(req.body) : {};
    } catch {
        return scimError(400, "The request body is not valid JSON", "invalidSyntax");
    }

    const now = state.now().toISOString();
    switch (req.method) {
        case "GET": {
            const shown = (r: ScimResource) => withoutExcluded(r, url.searchParams);
            if (current) return ok(200, shown(current));
            const listed = list(table, url.searchParams);
            const listBody = listed.body as { Resources?: ScimResource[] };
            return Array.isArray(listBody?.Resources) ? { ...listed, body: { ...listBody, Resources: listBody.Resources.map(shown) } } : listed;
        }
        case "DELETE":
            if (!current) return scimError(405, "DELETE needs a resource id");
            table.splice(table.indexOf(current), 1);
            // A deleted user leaves the connection's groups (assumed, as for any directory).
            if (isUser) {
                for (const group of state.groups(connectionId)) {
                    if (Array.isArray(group.members)) group.members = (group.members as Array<{ value?: unknown }>).filter((m) => m.value !== current.id);
                }
            } else state.groupDeleted?.(current.id);
            return { status: 204 };
        case "POST": {
            if (current) return scimError(405, "POST goes to the collection");
            const problem = validate(isUser, body, table, undefined, state.users(connectionId));
            if (problem) return problem;
            const id = isUser ? userId(config, body) : `grp_${base58(22)}`;
            if (id === undefined) return scimError(400, `Missing required attribute: ${config.user_id_attribute}`, "invalidValue");
            if (table.some((r) => r.id === id)) return scimError(409, `${id} already exists`, "uniqueness");
            const created = resource(isUser, body, id, now, now, base);
            table.push(created);
            return ok(201, created);
        }
        case "PUT": {
            if (!current) return scimError(405, "PUT needs a resource id");
            const problem = validate(isUser, body, table, current.id, state.users(connectionId));
            if (problem) return problem;
            const replaced = resource(isUser, body, current.id, current.meta.created, now, base);
            table.splice(table.indexOf(current), 1, replaced);
            return ok(200, replaced);
        }
        case "PATCH": {
            if (!current) return scimError(405, "PATCH needs a resource id");
            if (!Array.isArray(body?.Operations)) return scimError(400, "PatchOp needs Operations", "invalidSyntax");
            if (Array.isArray(body.schemas) && !body.schemas.includes(PATCH_SCHEMA)) return scimError(400, `schemas must include ${PATCH_SCHEMA}`, "invalidSyntax");
            const patched = structuredClone(current);
            for (const operation of body.Operations) {
                const problem = applyOperation(patched, operation);
                if (problem) return problem;
            }
            patched.meta.lastModified = now;
            const problem = validate(isUser, patched, table, current.id, state.users(connectionId));
            if (problem) return problem;
            table.splice(table.indexOf(current), 1, patched);
            return ok(200, patched);
        }
    }
    return scimError(405, `Method ${req.method} not allowed here`);
}

function userId(config: { strategy: string; user_id_attribute: string }, body: any): string | undefined {
    const value = getPath(body, config.user_id_attribute);
    return value === undefined || value === null || value === "" ? undefined : `${config.strategy}|${String(value)}`;
}

function resource(isUser: boolean, body: any, id: string, created: string, lastModified: string, base: string): ScimResource {
    const { schemas: _s, id: _i, meta: _m, ...attributes } = body ?? {};
    if (!isUser && attributes.members !== undefined) attributes.members = normaliseMembers(attributes.members);
    const kind = isUser ? "Users" : "Groups";
    return {
        schemas: Array.isArray(body?.schemas) && body.schemas.length > 0 ? body.schemas : [isUser ? USER_SCHEMA : GROUP_SCHEMA],
        id,
        ...(isUser ? { active: true } : {}),
        ...attributes,
        ...(isUser && attributes.active !== undefined ? { active: toBoolean(attributes.active) } : {}),
        meta: { resourceType: isUser ? "User" : "Group", created, lastModified, location: `${base}/${kind}/${encodeURIComponent(id)}` },
    };
}

function validate(isUser: boolean, body: any, table: ScimResource[], selfId: string | undefined, users: readonly ScimResource[] = []): EmulatorResponse | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) return scimError(400, "The body must be an object", "invalidSyntax");
    const key = isUser ? "userName" : "displayName";
    if (typeof body[key] !== "string" || body[key] === "") return scimError(400, `Missing required attribute: ${key}`, "invalidValue");
    const clash = table.find((r) => r.id !== selfId && String(r[key]).toLowerCase() === body[key].toLowerCase());
    if (clash) return scimError(409, `${key} ${body[key]} is already in use`, "uniqueness");
    if (!isUser && body.members !== undefined && !Array.isArray(body.members)) return scimError(400, "members must be an array", "invalidValue");
    const stranger = isUser ? undefined : (body.members ?? []).find((m: any) => !users.some((u) => u.id === m?.value));
    if (stranger) return scimError(400, `Only user members are supported: ${String(stranger?.value)} is not a user of this connection`, "invalidValue");
    return undefined;
}

function list(table: ScimResource[], query: URLSearchParams): EmulatorResponse {
    let items = table;
    const filter = query.get("filter");
    if (filter) {
        const eq = /^\s*([A-Za-z.:0-9]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
        if (!eq) return scimError(400, `Unsupported filter: ${filter} (only eq)`, "invalidFilter");
        const [attribute, raw] = [eq[1], eq[2].replace(/\\(.)/g, "$1")];
        // userName is case-insensitive (RFC 7643 §4.1.1); the others compared exactly.
        const caseless = /^(userName|displayName)$/i.test(attribute);
        items = table.filter((r) => {
            const value = getPath(r, attribute);
            if (value === undefined || value === null) return false;
            return caseless ? String(value).toLowerCase() === raw.toLowerCase() : String(value) === raw;
        });
    }
    const startIndex = Math.max(1, Number(query.get("startIndex") ?? 1) || 1);
    const countParam = query.get("count");
    const count = countParam === null ? 100 : Math.max(0, Number(countParam) || 0);
    const page = items.slice(startIndex - 1, startIndex - 1 + count);
    return ok(200, { schemas: [LIST_SCHEMA], totalResults: items.length, Resources: page, startIndex, itemsPerPage: page.length });
}

/** The resource without the attributes `excludedAttributes` names (comma-separated, case-insensitive). */
function withoutExcluded(resource: ScimResource, query: URLSearchParams): ScimResource {
    const excluded = (query.get("excludedAttributes") ?? "").split(",").map((a) => a.trim().toLowerCase()).filter((a) => a && a !== "id" && a !== "schemas");
    if (excluded.length === 0) return resource;
    return Object.fromEntries(Object.entries(resource).filter(([k]) => !excluded.includes(k.toLowerCase()))) as ScimResource;
}

/** Case-insensitive dotted path lookup (`name.givenName`, `id`). */
function getPath(target: any, path: string): unknown {
    let current = target;
    for (const part of path.split(".")) {
        if (current === null || typeof current !== "object") return undefined;
        const key = Object.keys(current).find((k) => k.toLowerCase() === part.toLowerCase());
        if (key === undefined) return undefined;
        current = current[key];
    }
    return current;
}

const toBoolean = (value: unknown) => (typeof value === "string" ? value.toLowerCase() === "true" : Boolean(value));

/** One PatchOp operation, applied in place; an error response when it cannot be. */
function applyOperation(target: ScimResource, operation: any): EmulatorResponse | undefined {
    const op = String(operation?.op ?? "").toLowerCase();
    if (!["add", "replace", "remove"].includes(op)) return scimError(400, `Unsupported op ${operation?.op}`, "invalidSyntax");
    const path: string | undefined = operation.path;
    let value = operation.value;
    if (path === undefined || path === "") {
        if (op === "remove") return scimError(400, "remove needs a path", "noTarget");
        if (!value || typeof value !== "object") return scimError(400, "add/replace without a path needs an object value", "invalidValue");
        for (const [key, v] of Object.entries(value)) {
            const problem = applyOperation(target, { op, path: key, value: v });
            if (problem) return problem;
        }
        return undefined;
    }
    if (/^active$/i.test(path) && value !== undefined) value = toBoolean(value);

    // A filtered multi-valued attribute: `emails[type eq "work"].value`, `members[value eq "id"]`.
    const filtered = /^([A-Za-z]+)\[([A-Za-z]+) eq "([^"]*)"\](?:\.([A-Za-z]+))?$/i.exec(path);
    if (filtered) {
        const [, attribute, field, expected, sub] = filtered;
        const key = Object.keys(target).find((k) => k.toLowerCase() === attribute.toLowerCase()) ?? attribute;
        const items: any[] = Array.isArray(target[key]) ? (target[key] as any[]) : [];
        const matches = (item: any) => String(item?.[field]) === expected;
        if (op === "remove") {
            target[key] = sub ? items.map((i) => (matches(i) ? omit(i, sub) : i)) : items.filter((i) => !matches(i));
            return undefined;
        }
        const existing = items.find(matches);
        if (sub) {
            if (existing) existing[sub] = value;
            else items.push({ [field]: expected, [sub]: value });
        } else if (existing) Object.assign(existing, value);
        else items.push({ [field]: expected, ...value });
        target[key] = items;
        return undefined;
    }
    if (path.includes("[")) return scimError(400, `Unsupported path ${path}`, "invalidPath");

    const parts = path.startsWith("urn:") ? splitUrnPath(path) : path.split(".");
    let holder: any = target;
    for (const part of parts.slice(0, -1)) {
        const key = Object.keys(holder).find((k) => k.toLowerCase() === part.toLowerCase()) ?? part;
        if (holder[key] === undefined || typeof holder[key] !== "object") {
            if (op === "remove") return undefined;
            holder[key] = {};
        }
        holder = holder[key];
    }
    const last = parts[parts.length - 1];
    const key = Object.keys(holder).find((k) => k.toLowerCase() === last.toLowerCase()) ?? last;
    const isMembers = parts.length === 1 && key.toLowerCase() === "members";
    if (isMembers && value !== undefined) value = normaliseMembers(value);
    // Entra removes members with a value list ("Update Group [Remove Members]" in Microsoft's SCIM guide).
    if (op === "remove" && Array.isArray(value) && Array.isArray(holder[key])) {
        const drop = new Set(value.map((v: any) => JSON.stringify(isMembers ? v.value : v)));
        holder[key] = (holder[key] as any[]).filter((e) => !drop.has(JSON.stringify(isMembers ? e?.value : e)));
    } else if (op === "remove") delete holder[key];
    else if (op === "add" && Array.isArray(value) && (Array.isArray(holder[key]) || isMembers)) {
        const existing = (holder[key] ??= []) as any[];
        const same = (a: any, b: any) => (isMembers ? a?.value === b?.value : JSON.stringify(a) === JSON.stringify(b));
        for (const v of value) if (!existing.some((e) => same(e, v))) existing.push(v);
    } else holder[key] = value;
    return undefined;
}

/** Members as stored: `{value, display?}` (Entra sends `"$ref": null` along). */
function normaliseMembers(value: unknown): unknown {
    if (!Array.isArray(value)) return value;
    return value.map((m: any) => (m && typeof m === "object" ? { value: m.value, ...(m.display !== undefined ? { display: m.display } : {}) } : m));
}

/** `urn:…:enterprise:2.0:User:department` -> [`urn:…:User`, `department`]. */
function splitUrnPath(path: string): string[] {
    const index = path.lastIndexOf(":");
    return [path.slice(0, index), ...path.slice(index + 1).split(".")];
}

const omit = (item: any, key: string) => {
    const { [key]: _dropped, ...rest } = item;
    return rest;
};
