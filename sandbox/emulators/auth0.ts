/**
 * Emulator of Auth0's SCIM token endpoints (Management API v2) and the client-credentials token
 * endpoint, answering with the shapes of the recorded traffic in shared/fixtures/auth0-recordings
 * (TestAccSCIMToken.yaml, go-auth0 *SCIMToken*) and the OpenAPI subset. Bodies the recordings lack
 * (400 on a short lifetime, 409 at two tokens, 404 for an unknown token) follow Auth0's error shape
 * `{statusCode, error, message, errorCode?}` with the messages the OpenAPI subset gives.
 */
import { randomBytes } from "node:crypto";
import type { Management } from "auth0";
import { type Emulator, type EmulatorResponse, type RecordedRequest, startEmulator } from "./harness";

/** A token as the emulator stores it: the list item plus the secret value. */
export interface StoredToken extends Management.ScimTokenItem {
    token_id: string;
    token: string;
    scopes: string[];
    created_at: string;
}

export interface Auth0EmulatorOptions {
    /** The Management API bearer token it accepts (and hands out at /oauth/token). */
    readonly bearer?: string;
    /** Client credentials accepted at /oauth/token. */
    readonly clientId?: string;
    readonly clientSecret?: string;
    /** Connections that exist; others get Auth0's 404 `inexistent_connection`. */
    readonly connections?: string[];
}

export interface Auth0Emulator extends Emulator {
    readonly bearer: string;
    /** Management API base URL, `http://127.0.0.1:<port>/api/v2`. */
    readonly apiUrl: string;
    /** The token table of one connection, secrets included. */
    tokens(connectionId: string): StoredToken[];
    /** Adds a token as if created earlier (e.g. by hand in the dashboard). */
    seed(connectionId: string, token: Partial<StoredToken> & { scopes: string[] }): StoredToken;
    /** The next `times` token POSTs create the token, then answer `status` (a gateway losing the answer). */
    commitThenFail(times: number, status?: number): void;
}

const MAX_TOKENS = 2;
const API = "/api/v2";
const notFound = (message = "Not Found", errorCode?: string): EmulatorResponse => ({
    status: 404,
    body: { statusCode: 404, error: "Not Found", message, ...(errorCode ? { errorCode } : {}) },
});
const badRequest = (message: string): EmulatorResponse => ({
    status: 400,
    body: { statusCode: 400, error: "Bad Request", message, errorCode: "invalid_body" },
});

const randomId = (length: number) =>
    randomBytes(length).toString("base64").replace(/[^A-Za-z0-9]/g, "").padEnd(length, "x").slice(0, length);

export async function startAuth0Emulator(options: Auth0EmulatorOptions = {}): Promise<Auth0Emulator> {
    const bearer = options.bearer ?? `emulator-bearer-${randomId(12)}`;
    const connections = new Set(options.connections ?? ["con_Hvg6w4PSvAVOoCJ2"]);
    const table = new Map<string, StoredToken[]>();
    let failAfterCommit = { times: 0, status: 502 };

    const tokensOf = (connectionId: string) => {
        if (!table.has(connectionId)) table.set(connectionId, []);
        return table.get(connectionId) as StoredToken[];
    };
    const issue = (connectionId: string, fields: Partial<StoredToken> & { scopes: string[] }): StoredToken => {
        const tokenId = fields.token_id ?? `tok_${randomId(16)}`;
        const stored: StoredToken = {
            token_id: tokenId,
            token: `${tokenId}.${randomBytes(32).toString("hex")}`,
            created_at: new Date().toISOString(),
            ...fields,
        };
        tokensOf(connectionId).push(stored);
        return stored;
    };

    const handler = (req: RecordedRequest): EmulatorResponse => {
        const path = req.path.split("?")[0];
        if (req.method === "POST" && path === "/oauth/token") return clientCredentials(req);
        if (req.headers.authorization !== `Bearer ${bearer}`) {
            return { status: 401, body: { statusCode: 401, error: "Unauthorized", message: "Invalid token" } };
        }
        const match = /^\/api\/v2\/connections\/([^/]+)\/scim-configuration\/tokens(?:\/([^/]+))?$/.exec(path);
        if (!match) return notFound();
        const connectionId = decodeURIComponent(match[1]);
        const tokenId = match[2] && decodeURIComponent(match[2]);
        if (!connections.has(connectionId)) return notFound("The connection does not exist", "inexistent_connection");
        const tokens = tokensOf(connectionId);

        if (req.method === "GET" && !tokenId) {
            // The list never carries the secret; optional fields only when set (recordings).
            return { status: 200, body: tokens.map(({ token: _secret, ...item }) => item) };
        }
        if (req.method === "DELETE" && tokenId) {
            const index = tokens.findIndex((t) => t.token_id === tokenId);
            if (index < 0) return notFound();
            tokens.splice(index, 1);
            return { status: 204 };
        }
        if (req.method === "POST" && !tokenId) {
            const body = JSON.parse(req.body || "{}") as Management.CreateScimTokenRequestContent;
            if (!Array.isArray(body.scopes) || body.scopes.length === 0) {
                return badRequest("Payload validation error: 'Array is too short (0), minimum 1' on property scopes");
            }
            const lifetime = body.token_lifetime;
            if (lifetime !== undefined && lifetime !== null && !(Number.isInteger(lifetime) && lifetime > 900)) {
                return badRequest("Payload validation error: 'Lifetime of the token in seconds. Must be greater than 900' on property token_lifetime");
            }
            if (tokens.length >= MAX_TOKENS) {
                return { status: 409, body: { statusCode: 409, error: "Conflict", message: "Maximum of 2 tokens already issued for this connection" } };
            }
            const createdAt = new Date();
            const stored = issue(connectionId, {
                scopes: body.scopes,
                created_at: createdAt.toISOString(),
                ...(lifetime ? { valid_until: new Date(createdAt.getTime() + lifetime * 1000).toISOString() } : {}),
            });
            if (failAfterCommit.times > 0) {
                failAfterCommit.times--;
                return { status: failAfterCommit.status, body: { statusCode: failAfterCommit.status, error: "Bad Gateway", message: "Bad Gateway" } };
            }
            const { token_id, token, scopes, created_at, valid_until } = stored;
            return { status: 201, body: { token_id, token, scopes, created_at, ...(valid_until ? { valid_until } : {}) } };
        }
        return notFound();
    };

    const clientCredentials = (req: RecordedRequest): EmulatorResponse => {
        const form = new URLSearchParams(req.body);
        const known = form.get("client_id") === options.clientId && form.get("client_secret") === options.clientSecret;
        if (form.get("grant_type") !== "client_credentials" || !options.clientId || !known) {
            return { status: 401, body: { error: "access_denied", error_description: "Unauthorized" } };
        }
        return { status: 200, body: { access_token: bearer, expires_in: 86400, token_type: "Bearer", scope: "create:scim_token read:scim_token delete:scim_token" } };
    };

    const emulator = await startEmulator(handler);
    return Object.assign(emulator, {
        bearer,
        apiUrl: `${emulator.url}${API}`,
        tokens: (connectionId: string) => tokensOf(connectionId),
        seed: issue,
        commitThenFail: (times: number, status = 502) => {
            failAfterCommit = { times, status };
        },
    });
}
