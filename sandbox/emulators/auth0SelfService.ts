/**
 * Emulator of Auth0's Self-Service SSO ticket endpoints (Management API v2) and the client-credentials
 * token endpoint, on 127.0.0.1.
 *
 * Shapes, from Auth0's Management API reference and the auth0 v7 SDK's generated types:
 * - POST /api/v2/self-service-profiles/{id}/sso-ticket -> 201 `{ticket}`, "The URL for the created
 *   ticket", of the form `https://{domain}/self-service/connections-flow?ticket={id}` (auth0-java's test
 *   fixture self_service_profile_sso_ticket.json). The body schema has `additionalProperties: false`;
 *   `ttl_sec` is 0..432000; `provisioning_config.scopes` has at least one of the ten SCIM scopes;
 *   `token_lifetime` is a number of seconds, "Must be greater than 900".
 * - POST /api/v2/self-service-profiles/{profileId}/sso-ticket/{id}/revoke -> 202 Accepted, also for a
 *   ticket that does not exist.
 * Assumed (not documented): 400 when both or neither of `connection_id` and `connection_config` are
 * given, 404 for an unknown profile or connection. Error bodies follow Auth0's
 * `{statusCode, error, message, errorCode?}`.
 */
import { randomBytes } from "node:crypto";
import type { Management } from "auth0";
import { type Emulator, type EmulatorResponse, type RecordedRequest, startEmulator } from "./harness";

export interface IssuedTicket {
    readonly id: string;
    readonly profileId: string;
    readonly url: string;
    readonly body: Management.CreateSelfServiceProfileSsoTicketRequestContent;
    revoked: boolean;
}

export interface SelfServiceEmulatorOptions {
    /** The Management API bearer token it accepts (and hands out at /oauth/token). */
    readonly bearer?: string;
    /** Client credentials accepted at /oauth/token. */
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** Profiles that exist. */
    readonly profiles?: string[];
    /** Connections that exist (for `connection_id`). */
    readonly connections?: string[];
    /** The host in ticket URLs (the tenant's domain). */
    readonly domain?: string;
}

export interface SelfServiceEmulator extends Emulator {
    readonly bearer: string;
    /** Every ticket issued, revoked or not. */
    readonly tickets: IssuedTicket[];
    /** Ids of tickets asked to be revoked, known or not. */
    readonly revocations: string[];
}

const SCOPES = [
    "get:users", "post:users", "put:users", "patch:users", "delete:users",
    "get:groups", "post:groups", "put:groups", "patch:groups", "delete:groups",
];
const BODY_KEYS = [
    "connection_id", "connection_config", "enabled_clients", "enabled_organizations", "ttl_sec",
    "domain_aliases_config", "provisioning_config", "use_for_organization_discovery",
    "third_party_client_access_config", "enabled_features",
];

const error = (status: number, error: string, message: string, errorCode?: string): EmulatorResponse => ({
    status,
    body: { statusCode: status, error, message, ...(errorCode ? { errorCode } : {}) },
});
const badRequest = (message: string) => error(400, "Bad Request", `Payload validation error: ${message}`, "invalid_body");
const alphanumeric = (length: number) =>
    randomBytes(length * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(length, "x").slice(0, length);

export async function startSelfServiceEmulator(options: SelfServiceEmulatorOptions = {}): Promise<SelfServiceEmulator> {
    const bearer = options.bearer ?? `emulator-bearer-${alphanumeric(12)}`;
    const profiles = new Set(options.profiles ?? ["ssp_mCRbWyWcT7UZ5SoMXqLULB"]);
    const connections = new Set(options.connections ?? ["con_Hvg6w4PSvAVOoCJ2"]);
    const domain = options.domain ?? "acme.us.auth0.com";
    const tickets: IssuedTicket[] = [];
    const revocations: string[] = [];

    const handler = (req: RecordedRequest): EmulatorResponse => {
        const path = req.path.split("?")[0];
        if (req.method === "POST" && path === "/oauth/token") return clientCredentials(req);
        if (req.headers.authorization !== `Bearer ${bearer}`) return error(401, "Unauthorized", "Invalid token");

        const revoke = /^\/api\/v2\/self-service-profiles\/([^/]+)\/sso-ticket\/([^/]+)\/revoke$/.exec(path);
        if (req.method === "POST" && revoke) {
            if (!profiles.has(decodeURIComponent(revoke[1]))) return error(404, "Not Found", "The self-service profile does not exist");
            const id = decodeURIComponent(revoke[2]);
            revocations.push(id);
            const ticket = tickets.find((t) => t.id === id);
            if (ticket) ticket.revoked = true;
            return { status: 202 };
        }

        const create = /^\/api\/v2\/self-service-profiles\/([^/]+)\/sso-ticket$/.exec(path);
        if (req.method === "POST" && create) {
            const profileId = decodeURIComponent(create[1]);
            if (!profiles.has(profileId)) return error(404, "Not Found", "The self-service profile does not exist");
            let body: any;
            try {
                body = JSON.parse(req.body || "{}");
            } catch {
                return badRequest("the body is not JSON");
            }
            const problem = validateTicketBody(body);
            if (problem) return problem;
            if (body.connection_id !== undefined && !connections.has(body.connection_id)) {
                return error(404, "Not Found", "The connection does not exist", "inexistent_connection");
            }
            const id = alphanumeric(32);
            const url = `https://${domain}/self-service/connections-flow?ticket=${id}`;
            tickets.push({ id, profileId, url, body, revoked: false });
            return { status: 201, body: { ticket: url } };
        }
        return error(404, "Not Found", "Not Found");
    };

    const clientCredentials = (req: RecordedRequest): EmulatorResponse => {
        const form = new URLSearchParams(req.body);
        const known = form.get("client_id") === options.clientId && form.get("client_secret") === options.clientSecret;
        if (form.get("grant_type") !== "client_credentials" || !options.clientId || !known) {
            return { status: 401, body: { error: "access_denied", error_description: "Unauthorized" } };
        }
        return { status: 200, body: { access_token: bearer, expires_in: 86400, token_type: "Bearer", scope: "create:sso_access_tickets delete:sso_access_tickets" } };
    };

    const emulator = await startEmulator(handler);
    return Object.assign(emulator, { bearer, tickets, revocations });
}

/** The body checks Auth0's schema makes, as 400s with its "Payload validation error" wording. */
export function validateTicketBody(body: any): EmulatorResponse | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) return badRequest("the body must be an object");
    const unknown = Object.keys(body).filter((k) => !BODY_KEYS.includes(k));
    if (unknown.length > 0) return badRequest(`'Additional properties not allowed: ${unknown.join(",")}'`);
    const hasId = body.connection_id !== undefined;
    const hasConfig = body.connection_config !== undefined;
    if (hasId === hasConfig) {
        return badRequest(hasId ? "'connection_id and connection_config cannot be used together'" : "'one of connection_id or connection_config is required'");
    }
    if (hasId && (typeof body.connection_id !== "string" || !/^con_[A-Za-z0-9]+$/.test(body.connection_id))) {
        return badRequest("'String does not match pattern' on property connection_id");
    }
    if (hasConfig && (typeof body.connection_config?.name !== "string" || !/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,126}[a-zA-Z0-9])?$/.test(body.connection_config.name))) {
        return badRequest("'Missing required property: name' on property connection_config");
    }
    if (body.enabled_clients !== undefined && !(Array.isArray(body.enabled_clients) && body.enabled_clients.every((c: unknown) => typeof c === "string"))) {
        return badRequest("'Expected type array of strings' on property enabled_clients");
    }
    if (body.enabled_organizations !== undefined) {
        const ok = Array.isArray(body.enabled_organizations) &&
            body.enabled_organizations.every((o: any) => typeof o?.organization_id === "string" && (o.assign_membership_on_login === undefined || typeof o.assign_membership_on_login === "boolean"));
        if (!ok) return badRequest("'Missing required property: organization_id' on property enabled_organizations");
    }
    if (body.ttl_sec !== undefined && !(Number.isInteger(body.ttl_sec) && body.ttl_sec >= 0 && body.ttl_sec <= 432000)) {
        return badRequest("'Value must be between 0 and 432000' on property ttl_sec");
    }
    const provisioning = body.provisioning_config;
    if (provisioning !== undefined) {
        if (!Array.isArray(provisioning.scopes) || provisioning.scopes.length === 0 || !provisioning.scopes.every((s: unknown) => SCOPES.includes(s as string))) {
            return badRequest("'Array is too short (0), minimum 1' or an unknown scope on property provisioning_config.scopes");
        }
        const lifetime = provisioning.token_lifetime;
        if (lifetime !== undefined && lifetime !== null && !(Number.isInteger(lifetime) && lifetime > 900)) {
            return badRequest("'Lifetime of the tokens in seconds. Must be greater than 900' on property provisioning_config.token_lifetime");
        }
    }
    return undefined;
}
