/**
 * Every Management API route of the tenant emulator checks the bearer's scopes
 * (sandbox/emulators/auth0Scopes.ts), with the scope names of Auth0's Management API reference, and
 * refuses with Auth0's 403 body; an unknown bearer is a 401.
 */
import * as assert from "node:assert/strict";
import type { ManagementError } from "auth0";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { MANAGEMENT_SCOPES, requiredScopes } from "../../sandbox/emulators/auth0Scopes";
import { api, scimConnection, sdk } from "./auth0Fixtures";

/** One request per family, with the scope the reference names for it. */
const CASES: ReadonlyArray<[method: string, path: string, scope: string]> = [
    ["GET", "/groups", "read:groups"],
    ["GET", "/groups/{grp}", "read:groups"],
    ["GET", "/groups/{grp}/members", "read:group_members"],
    ["GET", "/groups/{grp}/roles", "read:group_roles"],
    ["POST", "/groups/{grp}/roles", "create:group_roles"],
    ["DELETE", "/groups/{grp}/roles", "delete:group_roles"],
    ["DELETE", "/groups/{grp}", "delete:groups"],
    ["GET", "/roles", "read:roles"],
    ["POST", "/roles", "create:roles"],
    ["PATCH", "/roles/{rol}", "update:roles"],
    ["DELETE", "/roles/{rol}", "delete:roles"],
    ["GET", "/roles/{rol}/groups", "read:group_roles"],
    ["GET", "/organizations", "read:organizations"],
    ["POST", "/organizations", "create:organizations"],
    ["GET", "/organizations/name/contoso", "read:organizations"],
    ["PATCH", "/organizations/{org}", "update:organizations"],
    ["DELETE", "/organizations/{org}", "delete:organizations"],
    ["GET", "/organizations/{org}/enabled_connections", "read:organization_connections"],
    ["POST", "/organizations/{org}/enabled_connections", "create:organization_connections"],
    ["PATCH", "/organizations/{org}/connections/{con}", "update:organization_connections"],
    ["DELETE", "/organizations/{org}/enabled_connections/{con}", "delete:organization_connections"],
    ["GET", "/organizations/{org}/discovery-domains", "read:organization_discovery_domains"],
    ["POST", "/organizations/{org}/discovery-domains", "create:organization_discovery_domains"],
    ["GET", "/organizations/{org}/groups", "read:organization_groups"],
    ["GET", "/organizations/{org}/groups/{grp}/roles", "read:organization_group_roles"],
    ["POST", "/organizations/{org}/groups/{grp}/roles", "create:organization_group_roles"],
    ["DELETE", "/organizations/{org}/groups/{grp}/roles", "delete:organization_group_roles"],
    ["GET", "/organizations/{org}/members", "read:organization_members"],
    ["GET", "/connections", "read:connections"],
    ["POST", "/connections/{con}/scim-configuration/tokens", "create:scim_token"],
];

describe("sandbox Auth0 tenant emulator: Management API scopes", () => {
    let tenant: Auth0TenantEmulator;
    let ids: Record<string, string>;

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        const acme = await scimConnection(tenant);
        const user = await acme.user("oid-ada");
        const org = (await api(tenant, "POST", "/organizations", { name: "contoso" })).body.id;
        await api(tenant, "POST", `/organizations/${org}/enabled_connections`, { connection_id: acme.connectionId });
        ids = {
            grp: await acme.group("Finance", "oid-finance", [user]),
            rol: (await api(tenant, "POST", "/roles", { name: "Billing Admin" })).body.id,
            org,
            con: acme.connectionId,
        };
    });
    afterEach(() => tenant.close());

    it("refuses each route without its scope with Auth0's 403, and lets it through with only that scope", async () => {
        for (const [method, template, scope] of CASES) {
            const path = template.replace(/\{(\w+)\}/g, (_, k: string) => ids[k]);
            const body = method === "POST" || method === "DELETE" || method === "PATCH" ? {} : undefined;
            const withoutIt = tenant.issueBearer(MANAGEMENT_SCOPES.filter((s) => !(requiredScopes(method, path.slice(1).split("/")) ?? []).includes(s)));
            const refused = await api(tenant, method, path, body, withoutIt);
            assert.equal(refused.status, 403, `${method} ${template} without ${scope}`);
            assert.equal(refused.body.errorCode, "insufficient_scope");
            assert.match(refused.body.message, new RegExp(`^Insufficient scope, expected any of: .*${scope}`), `${method} ${template}`);
            const allowed = await api(tenant, method, path, body, tenant.issueBearer([scope]));
            assert.notEqual(allowed.status, 403, `${method} ${template} with ${scope}`);
            assert.notEqual(allowed.status, 401);
        }
    });

    it("accepts update:groups for group roles (Auth0's guide) and needs create:organization_connections for an organization POST with connections", async () => {
        const guide = tenant.issueBearer(["update:groups"]);
        assert.equal((await api(tenant, "POST", `/groups/${ids.grp}/roles`, { roles: [ids.rol] }, guide)).status, 204);
        assert.equal((await api(tenant, "DELETE", `/roles/${ids.rol}/groups`, { groups: [ids.grp] }, guide)).status, 204);

        const orgsOnly = tenant.issueBearer(["create:organizations"]);
        const body = { name: "fabrikam", enabled_connections: [{ connection_id: ids.con }] };
        const refused = await api(tenant, "POST", "/organizations", body, orgsOnly);
        assert.equal(refused.status, 403);
        assert.match(refused.body.message, /create:organization_connections/);
        assert.equal((await api(tenant, "POST", "/organizations", body, tenant.issueBearer(["create:organizations", "create:organization_connections"]))).status, 201);
    });

    it("gives the SDK a 403 ForbiddenError, a wrong bearer a 401, and the client-credentials token the configured scopes", async () => {
        await assert.rejects(sdk(tenant, tenant.issueBearer(["read:roles"])).groups.list(), (e) => (e as ManagementError).statusCode === 403);
        assert.equal((await api(tenant, "GET", "/groups", undefined, "not-a-bearer")).status, 401);

        const narrow = await startAuth0TenantEmulator({ clientId: "m2m", clientSecret: "s", scopes: ["read:groups", "read:roles"] });
        try {
            const token = await (await fetch(`${narrow.url}/oauth/token`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ grant_type: "client_credentials", client_id: "m2m", client_secret: "s", audience: `${narrow.url}/api/v2/` }),
            })).json();
            assert.equal(token.scope, "read:groups read:roles");
            assert.equal((await api(narrow, "GET", "/groups", undefined, token.access_token)).status, 200);
            assert.equal((await api(narrow, "POST", "/roles", { name: "x" }, token.access_token)).status, 403);
        } finally {
            await narrow.close();
        }
    });
});
