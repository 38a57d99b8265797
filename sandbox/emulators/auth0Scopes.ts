/**
 * Which Management API scope each route of the tenant emulator needs, from the per-endpoint "Scopes"
 * of Auth0's Management API reference (auth0/docs-v2 `main/docs/api/management/v2/<family>/*.mdx`,
 * rendered at https://auth0.com/docs/api/management/v2). A bearer holding none of a route's scopes
 * gets Auth0's 403 `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any
 * of: …","errorCode":"insufficient_scope"}`.
 *
 * Where the reference lists two scopes, either is enough ("expected any of"), except `POST
 * /organizations` with `enabled_connections`, which needs `create:organization_connections` too
 * (assumed from the reference listing both). Group roles: the reference says `create|read|delete:
 * group_roles`, Auth0's guide "Assign Roles for Enterprise Groups" says `update:groups`; both are
 * accepted.
 */
import type { EmulatorResponse } from "./harness";
import { error } from "./auth0Http";

type Rule = readonly [method: string, pattern: RegExp, scopes: readonly string[]];

const ID = "[^/]+";
const route = (path: string) => new RegExp(`^${path.replace(/\*/g, ID)}$`);

const RULES: readonly Rule[] = [
    ["GET", route("connections"), ["read:connections"]],
    ["POST", route("connections"), ["create:connections"]],
    ["GET", route("connections/*"), ["read:connections"]],
    ["PATCH", route("connections/*"), ["update:connections"]],
    ["DELETE", route("connections/*"), ["delete:connections"]],
    ["GET", route("connections/*/clients"), ["read:connections"]],
    ["PATCH", route("connections/*/clients"), ["update:connections"]],
    ["GET", route("connections/*/scim-configuration(/default-mapping)?"), ["read:scim_config"]],
    ["POST", route("connections/*/scim-configuration"), ["create:scim_config"]],
    ["PATCH", route("connections/*/scim-configuration"), ["update:scim_config"]],
    ["DELETE", route("connections/*/scim-configuration"), ["delete:scim_config"]],
    ["GET", route("connections/*/scim-configuration/tokens"), ["read:scim_token"]],
    ["POST", route("connections/*/scim-configuration/tokens"), ["create:scim_token"]],
    ["DELETE", route("connections/*/scim-configuration/tokens/*"), ["delete:scim_token"]],

    ["GET", route("self-service-profiles(/*)?"), ["read:self_service_profiles"]],
    ["POST", route("self-service-profiles"), ["create:self_service_profiles"]],
    ["PATCH", route("self-service-profiles/*"), ["update:self_service_profiles"]],
    ["DELETE", route("self-service-profiles/*"), ["delete:self_service_profiles"]],
    ["POST", route("self-service-profiles/*/sso-ticket"), ["create:sso_access_tickets"]],
    ["POST", route("self-service-profiles/*/sso-ticket/*/revoke"), ["delete:sso_access_tickets"]],

    ["GET", route("groups(/*)?"), ["read:groups"]],
    ["DELETE", route("groups/*"), ["delete:groups"]],
    ["GET", route("groups/*/members"), ["read:group_members"]],
    ["GET", route("groups/*/roles"), ["read:group_roles"]],
    ["POST", route("groups/*/roles"), ["create:group_roles", "update:groups"]],
    ["DELETE", route("groups/*/roles"), ["delete:group_roles", "update:groups"]],

    ["GET", route("roles(/*)?"), ["read:roles"]],
    ["POST", route("roles"), ["create:roles"]],
    ["PATCH", route("roles/*"), ["update:roles"]],
    ["DELETE", route("roles/*"), ["delete:roles"]],
    ["GET", route("roles/*/groups"), ["read:group_roles"]],
    ["POST", route("roles/*/groups"), ["create:group_roles", "update:groups"]],
    ["DELETE", route("roles/*/groups"), ["delete:group_roles", "update:groups"]],

    ["GET", route("organizations(/*|/name/*)?"), ["read:organizations", "read:organizations_summary"]],
    ["POST", route("organizations"), ["create:organizations"]],
    ["PATCH", route("organizations/*"), ["update:organizations"]],
    ["DELETE", route("organizations/*"), ["delete:organizations"]],
    ["GET", route("organizations/*/(enabled_connections|connections)(/*)?"), ["read:organization_connections"]],
    ["POST", route("organizations/*/(enabled_connections|connections)"), ["create:organization_connections"]],
    ["PATCH", route("organizations/*/(enabled_connections|connections)/*"), ["update:organization_connections"]],
    ["DELETE", route("organizations/*/(enabled_connections|connections)/*"), ["delete:organization_connections"]],
    ["GET", route("organizations/*/discovery-domains(/*|/name/*)?"), ["read:organization_discovery_domains"]],
    ["POST", route("organizations/*/discovery-domains"), ["create:organization_discovery_domains"]],
    ["PATCH", route("organizations/*/discovery-domains/*"), ["update:organization_discovery_domains"]],
    ["DELETE", route("organizations/*/discovery-domains/*"), ["delete:organization_discovery_domains"]],
    ["GET", route("organizations/*/groups"), ["read:organization_groups"]],
    ["GET", route("organizations/*/groups/*/roles"), ["read:organization_group_roles"]],
    ["POST", route("organizations/*/groups/*/roles"), ["create:organization_group_roles"]],
    ["DELETE", route("organizations/*/groups/*/roles"), ["delete:organization_group_roles"]],
    ["GET", route("organizations/*/members"), ["read:organization_members"]],
];

/** Every scope some route needs: what the emulator's default bearer holds. */
export const MANAGEMENT_SCOPES: readonly string[] = [
    ...new Set([...RULES.flatMap(([, , scopes]) => scopes), "read:clients", "read:users", "create:organization_connections"]),
];

/** The scopes a route accepts, `undefined` for a route the table does not know (it then 404s on its own). */
export function requiredScopes(method: string, parts: readonly string[]): readonly string[] | undefined {
    const path = parts.join("/");
    return RULES.find(([m, pattern]) => m === method && pattern.test(path))?.[2];
}

export function insufficientScope(expected: readonly string[]): EmulatorResponse {
    return error(403, "Forbidden", `Insufficient scope, expected any of: ${expected.join(",")}`, "insufficient_scope");
}

/** The 403 when `granted` holds none of what the route accepts (and, for the listed extras, all of them). */
export function scopeRefusal(granted: ReadonlySet<string>, method: string, parts: readonly string[], body: unknown): EmulatorResponse | undefined {
    const accepted = requiredScopes(method, parts);
    if (accepted && !accepted.some((s) => granted.has(s))) return insufficientScope(accepted);
    const withConnections = method === "POST" && parts.length === 1 && parts[0] === "organizations" && Array.isArray((body as any)?.enabled_connections);
    if (withConnections && !granted.has("create:organization_connections")) return insufficientScope(["create:organization_connections"]);
    return undefined;
}
