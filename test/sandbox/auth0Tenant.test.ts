/**
 * The Auth0 tenant emulator (sandbox/emulators/auth0Tenant.ts) answers like the recorded Management
 * API traffic (shared/fixtures/auth0-recordings, read when present beside the repository; the waad SCIM
 * configuration also from test/fixtures/auth0), and its SCIM endpoint takes only a live token of the
 * connection, with the right scope, recording its use.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { credentialsClientFactory } from "../../providers/auth0/managementClient";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { toEmulator } from "./auth0Loopback";

const RECORDINGS = path.resolve(__dirname, "../../../shared/fixtures/auth0-recordings");
interface Interaction {
    request: { method: string; url: string; body: string };
    response: { code: number; body: string };
}
function recording(name: string): Interaction[] | undefined {
    const file = path.join(RECORDINGS, name);
    if (!fs.existsSync(file)) return undefined;
    return (yaml.load(fs.readFileSync(file, "utf8")) as { interactions: Interaction[] }).interactions;
}
const find = (interactions: Interaction[], method: string, suffix: RegExp, code?: number) => {
    const hit = interactions.find((i) => i.request.method === method && suffix.test(new URL(i.request.url).pathname) && (code === undefined || i.response.code === code));
    assert.ok(hit, `no recorded ${method} ${suffix}`);
    return { request: hit.request.body ? JSON.parse(hit.request.body) : undefined, code: hit.response.code, response: hit.response.body ? JSON.parse(hit.response.body) : undefined };
};

const WAAD_SCIM_FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/auth0/waad-scim-configuration.json"), "utf8"));


describe("sandbox Auth0 tenant emulator", () => {
    let tenant: Auth0TenantEmulator;
    const api = async (method: string, p: string, body?: unknown, token?: string) => {
        const res = await fetch(`${tenant.url}${p}`, {
            method,
            headers: { authorization: `Bearer ${token ?? tenant.bearer}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
            body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const waad = (name: string) => ({
        name,
        strategy: "waad",
        options: { client_id: "123456", client_secret: "123456", tenant_domain: "example.onmicrosoft.com", domain: "example.onmicrosoft.com", identity_api: "microsoft-identity-platform-v2.0", waad_protocol: "openid-connect", useCommonEndpoint: false, userid_attribute: "oid" },
    });

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator({ clientId: "m2m", clientSecret: "m2m-secret" });
    });
    afterEach(() => tenant.close());

    it("creates, reads and deletes a waad connection in the recorded shapes", async function () {
        const interactions = recording("TestAccSCIMToken.yaml");
        const sent = interactions ? find(interactions, "POST", /\/connections$/).request : waad("Acceptance-Test-Azure-AD-TestAccSCIMToken");
        const created = await api("POST", "/api/v2/connections", sent);
        assert.equal(created.status, 201);
        assert.match(created.body.id, /^con_[A-Za-z0-9]{16}$/);
        if (interactions) {
            const recorded = find(interactions, "POST", /\/connections$/).response;
            assert.deepEqual(Object.keys(created.body).sort(), Object.keys(recorded).sort());
            for (const key of Object.keys(recorded.options)) assert.ok(key in created.body.options, `options.${key}`);
            assert.equal(typeof created.body.options.waad_common_endpoint, "boolean");
        }
        assert.deepEqual(created.body.realms, [sent.name]);
        assert.deepEqual(created.body.enabled_clients, []);
        const read = await api("GET", `/api/v2/connections/${created.body.id}`);
        assert.deepEqual(read, { status: 200, body: created.body });

        const listed = await api("GET", `/api/v2/connections?include_totals=true&name=${sent.name}&per_page=50`);
        assert.deepEqual(Object.keys(listed.body), ["total", "start", "limit", "connections"]);
        assert.equal(listed.body.total, 1);
        const checkpoint = await api("GET", "/api/v2/connections?include_totals=true&take=50&strategy=waad&strategy=okta");
        assert.deepEqual(checkpoint.body.connections.map((c: { id: string }) => c.id), [created.body.id]);
        assert.equal((await api("GET", "/api/v2/connections?take=50&strategy=auth0")).body.connections.length, 0);
        assert.equal((await api("POST", "/api/v2/connections", sent)).status, 409);

        const deleted = await api("DELETE", `/api/v2/connections/${created.body.id}`);
        assert.equal(deleted.status, 202);
        assert.ok(Date.parse(deleted.body.deleted_at));
        assert.deepEqual(await api("GET", `/api/v2/connections/${created.body.id}`), {
            status: 404,
            body: { statusCode: 404, error: "Not Found", message: "The connection does not exist", errorCode: "inexistent_connection" },
        });
        assert.equal(tenant.connections().length, 0);
    });

    it("creates, reads, updates and deletes SCIM configurations as recorded", async () => {
        const connection = (await api("POST", "/api/v2/connections", waad("entra-acme"))).body;
        const base = `/api/v2/connections/${connection.id}/scim-configuration`;
        assert.deepEqual((await api("GET", base)).body, { statusCode: 404, error: "Not Found", message: "Not Found" });

        const created = await api("POST", base);
        assert.equal(created.status, 201);
        const { "//": _note, ...fixture } = WAAD_SCIM_FIXTURE;
        assert.deepEqual(Object.keys(created.body), Object.keys(fixture));
        assert.deepEqual(created.body.mapping, fixture.mapping);
        assert.equal(created.body.user_id_attribute, "externalId");
        assert.equal(created.body.connection_name, "entra-acme");
        assert.deepEqual((await api("GET", base)).body, created.body);
        assert.equal((await api("POST", base)).status, 409);
        const defaults = (await api("GET", `${base}/default-mapping`)).body;
        assert.deepEqual(defaults.mapping, fixture.mapping.map(({ scim, auth0 }: { scim: string; auth0: string }) => ({ auth0, scim })));

        const interactions = recording("TestAccSCIMConfiguration.yaml");
        const patchBody = interactions ? find(interactions, "PATCH", /scim-configuration$/).request : { user_id_attribute: "test_attribute", mapping: [{ auth0: "attr_auth0", scim: "scim" }] };
        const patched = await api("PATCH", base, patchBody);
        assert.equal(patched.status, 200);
        assert.deepEqual(patched.body.mapping, patchBody.mapping.map(({ scim, auth0 }: { scim: string; auth0: string }) => ({ scim, auth0 })));
        assert.equal(patched.body.user_id_attribute, patchBody.user_id_attribute);
        if (interactions) {
            const recorded = find(interactions, "PATCH", /scim-configuration$/).response;
            assert.deepEqual(Object.keys(patched.body), Object.keys(recorded));
        }
        assert.equal((await api("DELETE", base)).status, 204);
        assert.equal((await api("GET", base)).status, 404);
        assert.equal(tenant.scimConfiguration(connection.id), undefined);
    });

    it("answers the recorded errors and defaults for other strategies", async function () {
        const interactions = recording("TestAccSCIMConfiguration.yaml");
        if (!interactions) this.skip();
        const missing = find(interactions!, "POST", /con_x+\/scim-configuration$/);
        assert.deepEqual(await api("POST", "/api/v2/connections/con_xxxxxxxxxxxxxxxx/scim-configuration"), { status: missing.code, body: missing.response });

        const database = (await api("POST", "/api/v2/connections", { name: "db", strategy: "auth0" })).body;
        const unsupported = interactions!.filter((i) => i.response.code === 404 && i.response.body.includes("does not support SCIM"))[0];
        assert.deepEqual((await api("POST", `/api/v2/connections/${database.id}/scim-configuration`)).body, JSON.parse(unsupported.response.body));

        const okta = (await api("POST", "/api/v2/connections", { name: "okta", strategy: "okta", options: {} })).body;
        const created = await api("POST", `/api/v2/connections/${okta.id}/scim-configuration`);
        const recorded = find(interactions!, "POST", /scim-configuration$/, 201).response;
        assert.deepEqual(created.body.mapping, recorded.mapping);
        const defaults = find(interactions!, "GET", /default-mapping$/).response;
        assert.deepEqual((await api("GET", `/api/v2/connections/${okta.id}/scim-configuration/default-mapping`)).body, defaults);
    });

    it("refuses the Management API without the bearer, and hands it out for client credentials", async () => {
        assert.equal((await api("GET", "/api/v2/connections", undefined, "wrong")).status, 401);
        const denied = await fetch(`${tenant.url}/oauth/token`, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: "m2m", client_secret: "nope" }) });
        assert.equal(denied.status, 401);
        const granted = await fetch(`${tenant.url}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ grant_type: "client_credentials", client_id: "m2m", client_secret: "m2m-secret", audience: `https://${tenant.domain}/api/v2/` }),
        });
        assert.equal(((await granted.json()) as { access_token: string }).access_token, tenant.bearer);
    });

    it("serves the auth0 SDK's SCIM token calls for a 127.0.0.1:PORT domain, through client credentials", async () => {
        const connection = (await api("POST", "/api/v2/connections", waad("entra-sdk"))).body;
        assert.equal((await api("POST", `/api/v2/connections/${connection.id}/scim-configuration/tokens`, { scopes: ["get:users"] })).status, 404, "no SCIM configuration yet");
        await api("POST", `/api/v2/connections/${connection.id}/scim-configuration`);
        const client = credentialsClientFactory({ domain: tenant.domain, clientId: "m2m", clientSecret: "m2m-secret" }, { fetch: toEmulator })(() => undefined);
        const first = await client.create(connection.id, { scopes: ["get:users", "post:users"], token_lifetime: 3600 });
        assert.match(first.token ?? "", /^tok_/);
        await client.create(connection.id, { scopes: ["get:users"] });
        await assert.rejects(client.create(connection.id, { scopes: ["get:users"] }), /409|Maximum of 2 tokens/);
        const listed = await client.get(connection.id);
        assert.equal(listed.length, 2);
        assert.ok(listed.every((t) => !("token" in t)));
        await client.delete(connection.id, first.token_id!);
        assert.equal(tenant.tokens(connection.id).length, 1);
        assert.ok(tenant.calls().includes("POST /oauth/token"));
    });

    describe("SCIM endpoint", () => {
        let connectionId: string;
        let token: string;
        const scim = async (method: string, p: string, body?: unknown, bearer = token) => {
            const res = await fetch(`${tenant.scimEndpointUrl(connectionId)}${p}`, {
                method,
                headers: { authorization: `Bearer ${bearer}`, "content-type": "application/scim+json" },
                body: body === undefined ? undefined : JSON.stringify(body),
            });
            const text = await res.text();
            return { status: res.status, body: text ? JSON.parse(text) : undefined };
        };
        beforeEach(async () => {
            connectionId = (await api("POST", "/api/v2/connections", waad("entra-scim"))).body.id;
            await api("POST", `/api/v2/connections/${connectionId}/scim-configuration`);
            token = (await api("POST", `/api/v2/connections/${connectionId}/scim-configuration/tokens`, {
                scopes: ["get:users", "post:users", "patch:users", "delete:users"],
                token_lifetime: 3600,
            })).body.token;
        });

        it("refuses a wrong, another connection's or expired token, and a missing scope", async () => {
            assert.equal((await scim("GET", "/Users", undefined, "tok_wrong.value")).status, 401);
            const other = (await api("POST", "/api/v2/connections", waad("entra-other"))).body.id;
            await api("POST", `/api/v2/connections/${other}/scim-configuration`);
            const otherToken = (await api("POST", `/api/v2/connections/${other}/scim-configuration/tokens`, { scopes: ["get:users"] })).body.token;
            const refused = await scim("GET", "/Users", undefined, otherToken);
            assert.equal(refused.status, 401);
            assert.deepEqual(refused.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
            assert.equal((await scim("GET", "/Groups")).status, 403);
            assert.equal(tenant.tokens(connectionId)[0].last_used_at, undefined);
            tenant.advanceClock(3601 * 1000);
            assert.deepEqual((await scim("GET", "/Users")).body.detail, "Token expired");
        });

        it("accepts a live token, stores users, filters, patches, deletes, and records last_used_at", async () => {
            assert.equal((await scim("GET", "/ServiceProviderConfig")).status, 200);
            const lastUsed = tenant.tokens(connectionId)[0].last_used_at;
            assert.ok(lastUsed && Date.parse(lastUsed));
            const user = {
                schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
                externalId: "6f1c-oid",
                userName: "ada@contoso.com",
                active: true,
                emails: [{ type: "work", value: "ada@contoso.com", primary: true }],
                name: { givenName: "Ada", familyName: "Lovelace" },
            };
            const created = await scim("POST", "/Users", user);
            assert.equal(created.status, 201);
            assert.equal(created.body.id, "waad|6f1c-oid");
            assert.equal((await scim("POST", "/Users", user)).status, 409);
            assert.equal((await scim("POST", "/Users", { userName: "no-external-id" })).status, 400);
            const byExternalId = await scim("GET", `/Users?filter=${encodeURIComponent('externalId eq "6f1c-oid"')}`);
            assert.equal(byExternalId.body.totalResults, 1);
            assert.equal((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ADA@contoso.com"')}`)).body.totalResults, 1);
            assert.equal((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "bob@contoso.com"')}`)).body.totalResults, 0);
            const patched = await scim("PATCH", `/Users/${encodeURIComponent(created.body.id)}`, {
                schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                Operations: [
                    { op: "Replace", path: "active", value: "False" },
                    { op: "Add", path: 'emails[type eq "work"].value', value: "ada.l@contoso.com" },
                    { op: "replace", value: { displayName: "Ada L." } },
                ],
            });
            assert.equal(patched.status, 200);
            assert.equal(patched.body.active, false);
            assert.equal(patched.body.emails[0].value, "ada.l@contoso.com");
            assert.equal(tenant.scimUsers(connectionId)[0].displayName, "Ada L.");
            assert.equal(tenant.scimUsers(connectionId)[0].externalId, "6f1c-oid");
            assert.equal((await scim("DELETE", `/Users/${encodeURIComponent(created.body.id)}`)).status, 204);
            assert.equal(tenant.scimUsers(connectionId).length, 0);
        });

        it("serves Groups with the :groups scopes, user members only, and leaves out excludedAttributes", async () => {
            const groupsToken = (await api("POST", `/api/v2/connections/${connectionId}/scim-configuration/tokens`, {
                scopes: ["get:groups", "post:groups", "patch:groups", "put:groups", "delete:groups"],
            })).body.token;
            for (const oid of ["u1", "u2"]) assert.equal((await scim("POST", "/Users", { userName: `${oid}@contoso.com`, externalId: oid })).status, 201);
            const stranger = await scim("POST", "/Groups", { displayName: "Strangers", externalId: "grp-x", members: [{ value: "waad|nobody" }] }, groupsToken);
            assert.equal(stranger.status, 400);
            assert.equal(stranger.body.scimType, "invalidValue");
            const created = await scim("POST", "/Groups", { displayName: "Engineers", externalId: "grp-oid", members: [] }, groupsToken);
            assert.equal(created.status, 201);
            assert.match(created.body.id, /^grp_[1-9a-km-zA-HJ-NP-Z]{14,22}$/);
            const id = encodeURIComponent(created.body.id);
            await scim("PATCH", `/Groups/${id}`, { Operations: [{ op: "Add", path: "members", value: [{ value: "waad|u1" }, { value: "waad|u2" }] }] }, groupsToken);
            await scim("PATCH", `/Groups/${id}`, { Operations: [{ op: "Remove", path: 'members[value eq "waad|u1"]' }] }, groupsToken);
            assert.deepEqual(tenant.scimGroups(connectionId)[0].members, [{ value: "waad|u2" }]);
            const bare = await scim("GET", `/Groups/${id}?excludedAttributes=members`, undefined, groupsToken);
            assert.equal(bare.body.members, undefined);
            assert.equal(bare.body.displayName, "Engineers");
            const listed = await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Engineers"')}`, undefined, groupsToken);
            assert.deepEqual(listed.body.Resources.map((g: { id: string; members?: unknown }) => [g.id, g.members]), [[created.body.id, undefined]]);
            assert.equal((await scim("DELETE", `/Users/${encodeURIComponent("waad|u2")}`)).status, 204);
            assert.deepEqual(tenant.scimGroups(connectionId)[0].members, [], "a deleted user leaves its groups");
            const put = await scim("PUT", `/Groups/${id}`, { displayName: "Engineering", members: [] }, groupsToken);
            assert.equal(put.body.displayName, "Engineering");
            assert.equal((await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "Engineering"')}`, undefined, groupsToken)).body.totalResults, 1);
        });

        it("is gone with the SCIM configuration", async () => {
            await api("DELETE", `/api/v2/connections/${connectionId}/scim-configuration`);
            assert.equal((await scim("GET", "/Users")).status, 404);
            assert.equal(tenant.tokens(connectionId).length, 0);
        });
    });

    it("manages enabled clients as the v7 SDK and the provider call them", async () => {
        const connection = (await api("POST", "/api/v2/connections", waad("entra-clients"))).body;
        const p = `/api/v2/connections/${connection.id}/clients`;
        assert.deepEqual((await api("GET", `${p}?take=50`)).body, { clients: [] });
        assert.equal((await api("PATCH", p, [{ client_id: "app1", status: true }, { client_id: "app2", status: true }])).status, 204);
        assert.equal((await api("PATCH", p, [{ client_id: "app1", status: false }])).status, 204);
        assert.deepEqual((await api("GET", p)).body, { clients: [{ client_id: "app2" }] });
        assert.deepEqual((await api("GET", `/api/v2/connections/${connection.id}`)).body.enabled_clients, ["app2"]);
        assert.deepEqual((await api("GET", `/api/v2/connections/${connection.id}?fields=strategy,name&include_fields=true`)).body, { strategy: "waad", name: "entra-clients" });
    });

    it("keeps self-service profiles and SSO tickets", async () => {
        const created = await api("POST", "/api/v2/self-service-profiles", {
            name: "Entra", allowed_strategies: ["waad"], user_attributes: [{ name: "email", description: "Email", is_optional: false }],
        });
        assert.equal(created.status, 201);
        assert.match(created.body.id, /^ssp_/);
        const patched = await api("PATCH", `/api/v2/self-service-profiles/${created.body.id}`, { description: "d", user_attribute_profile_id: null });
        assert.equal(patched.body.description, "d");
        const connection = (await api("POST", "/api/v2/connections", waad("entra-ticket"))).body;
        const ticket = await api("POST", `/api/v2/self-service-profiles/${created.body.id}/sso-ticket`, { connection_id: connection.id, ttl_sec: 3600 });
        assert.equal(ticket.status, 201);
        assert.equal(tenant.tickets.length, 1);
        assert.equal((await api("DELETE", `/api/v2/self-service-profiles/${created.body.id}`)).status, 204);
        assert.equal((await api("GET", `/api/v2/self-service-profiles/${created.body.id}`)).status, 404);
    });
});
