/**
 * Emulator of Auth0's inbound SCIM 2.0 endpoint, the one Entra calls with the SCIM token:
 * `/scim/v2/connections/{connectionId}/ServiceProviderConfig` and `/Users` (GET, with `count` and
 * `startIndex`), on the shared loopback harness.
 *
 * Shapes follow the SCIM RFCs, as no recording of Auth0's own answers exists in the fixtures:
 * ServiceProviderConfig per RFC 7643 §5, the list per RFC 7644 §3.4.2 (`schemas`, `totalResults`,
 * `Resources`, `startIndex`, `itemsPerPage`), errors per RFC 7644 §3.12
 * (`{schemas: [urn:ietf:params:scim:api:messages:2.0:Error], status: "401", detail}`).
 *
 * A token belongs to one connection and carries scopes (`get:users`, …) and optionally an expiry,
 * judged by the emulator's clock: a missing, unknown, revoked or expired token gets 401, a token
 * without `get:users` 403, an unknown connection 404.
 */
import { type EmulatorResponse, type Emulator, startEmulator } from "./harness";

export interface ScimUser {
    id: string;
    userName: string;
    externalId?: string;
    active?: boolean;
    displayName?: string;
    emails?: Array<{ value: string; type?: string; primary?: boolean }>;
}

export interface IssuedToken {
    readonly connectionId: string;
    readonly scopes: readonly string[];
    /** ISO time; absent: never expires. */
    readonly validUntil?: string;
}

export interface Auth0ScimEmulatorOptions {
    /** The clock that decides expiry. Default: the real one. */
    readonly now?: () => Date;
}

export interface Auth0ScimEmulator extends Emulator {
    /** `http://127.0.0.1:<port>/scim/v2/connections/{connectionId}`: the stack's `scimEndpointUrl`. */
    endpointUrl(connectionId: string): string;
    /** Accept `token` for the connection (which is created if new). */
    issueToken(token: string, fields: IssuedToken): void;
    revokeToken(token: string): void;
    /** Add users as if Entra had provisioned them. */
    addUsers(connectionId: string, ...users: ScimUser[]): void;
}

const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const SCIM_JSON = { "content-type": "application/scim+json; charset=utf-8" };
const PATH = /^\/scim\/v2\/connections\/([^/]+)\/(ServiceProviderConfig|Users)$/;

export function scimError(status: number, detail: string, scimType?: string): EmulatorResponse {
    return {
        status,
        headers: SCIM_JSON,
        body: { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
    };
}

export async function startAuth0ScimEmulator(options: Auth0ScimEmulatorOptions = {}): Promise<Auth0ScimEmulator> {
    const now = options.now ?? (() => new Date());
    const tokens = new Map<string, IssuedToken>();
    const users = new Map<string, ScimUser[]>();
    const usersOf = (connectionId: string) => {
        if (!users.has(connectionId)) users.set(connectionId, []);
        return users.get(connectionId)!;
    };

    const emulator = await startEmulator((req) => {
        const url = new URL(req.path, "http://127.0.0.1");
        const match = PATH.exec(url.pathname);
        if (!match) return scimError(404, `Resource ${url.pathname} not found`);
        const connectionId = decodeURIComponent(match[1]);
        if (!users.has(connectionId)) return scimError(404, "The connection does not exist or SCIM is not enabled on it");

        const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
        const token = bearer === undefined ? undefined : tokens.get(bearer);
        if (!token || token.connectionId !== connectionId) return scimError(401, "Invalid token");
        if (token.validUntil !== undefined && Date.parse(token.validUntil) <= now().getTime()) return scimError(401, "Token expired");
        if (req.method !== "GET") return scimError(405, `Method ${req.method} not allowed here`);

        if (match[2] === "ServiceProviderConfig") {
            return { status: 200, headers: SCIM_JSON, body: serviceProviderConfig(url.origin + url.pathname) };
        }
        if (!token.scopes.includes("get:users")) return scimError(403, "Insufficient scope, expected any of: get:users");
        const all = usersOf(connectionId);
        const startIndex = Math.max(1, Number(url.searchParams.get("startIndex") ?? 1) || 1);
        const countParam = url.searchParams.get("count");
        const count = countParam === null ? 100 : Math.max(0, Number(countParam) || 0);
        const page = all.slice(startIndex - 1, startIndex - 1 + count);
        return {
            status: 200,
            headers: SCIM_JSON,
            body: {
                schemas: [LIST_SCHEMA],
                totalResults: all.length,
                Resources: page.map((u) => ({ schemas: [USER_SCHEMA], active: true, ...u })),
                startIndex,
                itemsPerPage: page.length,
            },
        };
    });

    return Object.assign(emulator, {
        endpointUrl: (connectionId: string) => `${emulator.url}/scim/v2/connections/${connectionId}`,
        issueToken: (token: string, fields: IssuedToken) => {
            usersOf(fields.connectionId);
            tokens.set(token, { ...fields, scopes: [...fields.scopes] });
        },
        revokeToken: (token: string) => {
            tokens.delete(token);
        },
        addUsers: (connectionId: string, ...added: ScimUser[]) => {
            usersOf(connectionId).push(...added.map((u) => ({ ...u })));
        },
    });
}

export function serviceProviderConfig(location: string) {
    return {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        documentationUri: "https://auth0.com/docs/authenticate/protocols/scim",
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: true, maxResults: 100 },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [
            {
                type: "oauthbearertoken",
                name: "OAuth Bearer Token",
                description: "Authentication scheme using the OAuth Bearer Token Standard",
                specUri: "https://www.rfc-editor.org/info/rfc6750",
                primary: true,
            },
        ],
        meta: { resourceType: "ServiceProviderConfig", location },
    };
}
