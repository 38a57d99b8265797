/**
 * The tenant emulator's organizations (sandbox/emulators/auth0Organizations.ts and the files beside it),
 * with the real `auth0` v7 SDK: organization create/read/update/delete and by name, connections through
 * both APIs (the 400 for is_signup_enabled on a waad connection), discovery domains, the groups of the
 * organization's connections and their organization roles, and members by auto-membership.
 */
import * as assert from "node:assert/strict";
import type { ManagementError } from "auth0";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { type ScimConnection, api, scimConnection, sdk } from "./auth0Fixtures";

const status = (error: unknown) => (error as ManagementError).statusCode;
const message = (error: unknown) => ((error as ManagementError).body as { message?: string })?.message ?? "";

describe("sandbox Auth0 tenant emulator: organizations", () => {
    let tenant: Auth0TenantEmulator;
    let acme: ScimConnection;

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        acme = await scimConnection(tenant);
    });
    afterEach(() => tenant.close());

    it("creates, reads (by id and name), lists, updates and deletes organizations in the recorded shapes", async () => {
        const client = sdk(tenant);
        const created = await api(tenant, "POST", "/organizations", { name: "contoso", display_name: "Contoso", metadata: { stack: "contoso" } });
        assert.equal(created.status, 201);
        assert.match(created.body.id, /^org_[A-Za-z0-9]{16}$/);
        assert.deepEqual(created.body, {
            id: created.body.id,
            name: "contoso",
            display_name: "Contoso",
            metadata: { stack: "contoso" },
            third_party_client_access: "block",
            is_app_entitlement_active: false,
        });
        const id = created.body.id;
        assert.deepEqual(await client.organizations.get(id), created.body);
        assert.equal((await client.organizations.getByName("contoso")).id, id);
        assert.deepEqual((await client.organizations.list()).data.map((o) => o.id), [id]);
        assert.deepEqual(Object.keys((await api(tenant, "GET", "/organizations?include_totals=true&take=50")).body), ["organizations"]);

        const updated = await client.organizations.update(id, { display_name: "Contoso Ltd", metadata: { stack: "contoso", owner: "ops" } });
        assert.equal(updated.display_name, "Contoso Ltd");
        assert.deepEqual(updated.metadata, { stack: "contoso", owner: "ops" });
        assert.deepEqual((await client.organizations.update(id, { metadata: { stack: "contoso", owner: null } })).metadata, { stack: "contoso" });

        assert.equal((await api(tenant, "POST", "/organizations", { name: "contoso" })).status, 409);
        for (const name of ["Contoso", "-x", "a b", "x".repeat(51)]) {
            assert.equal((await api(tenant, "POST", "/organizations", { name })).status, 400, name);
        }
        assert.equal((await api(tenant, "POST", "/organizations", { name: "ok", nickname: "x" })).status, 400);

        await client.organizations.delete(id);
        await assert.rejects(client.organizations.get(id), (e) => status(e) === 404 && message(e) === "No organization found by that id or name");
        await assert.rejects(client.organizations.getByName("contoso"), (e) => status(e) === 404);
        await assert.rejects(client.organizations.delete(id), (e) => status(e) === 404);
    });

    it("enables connections through enabled_connections and connections, one state; refuses is_signup_enabled on waad with a 400", async () => {
        const client = sdk(tenant);
        const org = (await client.organizations.create({ name: "contoso" })).id!;
        const database = (await api(tenant, "POST", "/connections", { name: "db", strategy: "auth0" })).body.id;

        const refused = await api(tenant, "POST", `/organizations/${org}/enabled_connections`, { connection_id: acme.connectionId, assign_membership_on_login: true, is_signup_enabled: true });
        assert.equal(refused.status, 400);
        assert.equal(refused.body.error, "Bad Request");
        assert.match(refused.body.message, /is_signup_enabled.*database connections/);
        await assert.rejects(client.organizations.connections.create(org, { connection_id: acme.connectionId, is_signup_enabled: true, assign_membership_on_login: true }), (e) => status(e) === 400);
        assert.equal(tenant.organizationConnections(org).length, 0, "a refused POST stores nothing");

        const added = await client.organizations.enabledConnections.add(org, { connection_id: acme.connectionId, assign_membership_on_login: true, show_as_button: false });
        assert.deepEqual(added, {
            connection_id: acme.connectionId,
            assign_membership_on_login: true,
            show_as_button: false,
            connection: { name: "entra-acme", strategy: "waad" },
        }, "no is_signup_enabled for an enterprise connection, as recorded for okta");
        await assert.rejects(client.organizations.enabledConnections.add(org, { connection_id: acme.connectionId }), (e) => status(e) === 409);
        await assert.rejects(client.organizations.enabledConnections.add(org, { connection_id: "con_doesnotexist0000" }), (e) => status(e) === 404);
        const patchedWaad = await api(tenant, "PATCH", `/organizations/${org}/enabled_connections/${acme.connectionId}`, { is_signup_enabled: true });
        assert.equal(patchedWaad.status, 400);
        assert.equal((await api(tenant, "PATCH", `/organizations/${org}/enabled_connections/${acme.connectionId}`, { is_signup_enabled: false })).status, 200);

        // The EA connections API sees the same entry, with its extra fields (as recorded in TestAccOrganizationConnection).
        const all = await client.organizations.connections.get(org, acme.connectionId);
        assert.deepEqual(all, { ...added, is_enabled: true, organization_access_level: "none" });
        const db = await client.organizations.connections.create(org, { connection_id: database, assign_membership_on_login: true, is_signup_enabled: true });
        assert.equal(db.is_signup_enabled, true);
        assert.equal((await api(tenant, "PATCH", `/organizations/${org}/connections/${database}`, { assign_membership_on_login: false })).status, 400, "sign-up needs auto-membership");
        const listed = await api(tenant, "GET", `/organizations/${org}/connections?include_totals=true&is_enabled=true&page=0&per_page=50`);
        assert.deepEqual([listed.body.total, listed.body.start, listed.body.limit, listed.body.connections.length], [2, 0, 50, 2]);
        const legacy = await client.organizations.enabledConnections.list(org);
        assert.deepEqual(legacy.data.map((c) => c.connection_id), [acme.connectionId, database]);

        const updated = await client.organizations.enabledConnections.update(org, acme.connectionId, { show_as_button: true });
        assert.equal(updated.show_as_button, true);
        assert.equal(updated.assign_membership_on_login, true, "a PATCH keeps what it does not name");
        await client.organizations.connections.delete(org, database);
        await client.organizations.enabledConnections.delete(org, acme.connectionId);
        await assert.rejects(client.organizations.enabledConnections.get(org, acme.connectionId), (e) => status(e) === 404);
        await assert.rejects(client.organizations.enabledConnections.list("org_doesnotexist000"), (e) => status(e) === 404);

        // Deleting the connection removes it from every organization.
        await client.organizations.enabledConnections.add(org, { connection_id: acme.connectionId });
        await api(tenant, "DELETE", `/connections/${acme.connectionId}`);
        assert.deepEqual(tenant.organizationConnections(org), []);
    });

    it("creates an organization with enabled_connections (at most 10)", async () => {
        const created = await api(tenant, "POST", "/organizations", { name: "contoso", enabled_connections: [{ connection_id: acme.connectionId, assign_membership_on_login: true }] });
        assert.equal(created.status, 201);
        assert.deepEqual(created.body.enabled_connections, [{ connection_id: acme.connectionId, assign_membership_on_login: true, show_as_button: true }]);
        const tooMany = Array.from({ length: 11 }, () => ({ connection_id: acme.connectionId }));
        assert.equal((await api(tenant, "POST", "/organizations", { name: "fabrikam", enabled_connections: tooMany })).status, 400);
        const waadSignup = await api(tenant, "POST", "/organizations", { name: "fabrikam", enabled_connections: [{ connection_id: acme.connectionId, is_signup_enabled: true }] });
        assert.equal(waadSignup.status, 400);
        assert.deepEqual(tenant.organizations().map((o) => o.name), ["contoso"], "a refused create leaves no organization");
    });

    it("keeps discovery domains with their TXT record", async () => {
        const client = sdk(tenant);
        const org = (await client.organizations.create({ name: "contoso" })).id!;
        const created = await client.organizations.discoveryDomains.create(org, { domain: "contoso.example", status: "pending", use_for_organization_discovery: true });
        assert.match(created.id, /^ord_[A-Za-z0-9]{22}$/);
        assert.equal(created.verification_host, `_ss-verification.${org}.contoso.example`);
        assert.match(created.verification_txt, /^[0-9a-f]{32}$/);
        assert.deepEqual(Object.keys(created).sort(), ["domain", "id", "status", "use_for_organization_discovery", "verification_host", "verification_txt"]);
        assert.deepEqual(await client.organizations.discoveryDomains.get(org, created.id), created);
        assert.deepEqual(await client.organizations.discoveryDomains.getByName(org, "contoso.example"), created);
        assert.deepEqual((await client.organizations.discoveryDomains.list(org)).data, [created]);
        const defaults = await client.organizations.discoveryDomains.create(org, { domain: "eu.contoso.example" });
        assert.deepEqual([defaults.status, defaults.use_for_organization_discovery], ["pending", true]);

        await assert.rejects(client.organizations.discoveryDomains.create(org, { domain: "contoso.example" }), (e) => status(e) === 409);
        await assert.rejects(client.organizations.discoveryDomains.create(org, { domain: "not a domain" }), (e) => status(e) === 400);
        await assert.rejects(client.organizations.discoveryDomains.create(org, { domain: "x.example", status: "done" as "pending" }), (e) => status(e) === 400);
        const patched = await client.organizations.discoveryDomains.update(org, created.id, { status: "verified" });
        assert.equal(patched.status, "verified");
        assert.equal((await api(tenant, "PATCH", `/organizations/${org}/discovery-domains/${created.id}`, { domain: "other.example" })).status, 400, "the domain cannot change");
        await client.organizations.discoveryDomains.delete(org, created.id);
        await assert.rejects(client.organizations.discoveryDomains.get(org, created.id), (e) => status(e) === 404);
        await assert.rejects(client.organizations.discoveryDomains.delete(org, created.id), (e) => status(e) === 404);
    });

    it("lists the organization's groups and binds organization roles to them; members and their roles follow auto-membership", async () => {
        const client = sdk(tenant);
        const org = (await client.organizations.create({ name: "contoso" })).id!;
        const ada = await acme.user("oid-ada");
        const finance = await acme.group("Finance", "oid-finance", [ada]);
        const billing = (await client.roles.create({ name: "Billing Admin" })).id!;
        const auditor = (await client.roles.create({ name: "Auditor" })).id!;

        // The group's connection is not on the organization yet.
        await assert.rejects(client.organizations.groups.roles.create(org, finance, { roles: [billing] }), (e) => status(e) === 404);
        assert.deepEqual((await client.organizations.groups.list(org)).data, []);

        await client.organizations.enabledConnections.add(org, { connection_id: acme.connectionId, assign_membership_on_login: false });
        assert.deepEqual((await client.organizations.groups.list(org)).data.map((g) => [g.id, g.external_id]), [[finance, "oid-finance"]]);
        await client.organizations.groups.roles.create(org, finance, { roles: [billing] });
        await assert.rejects(client.organizations.groups.roles.create(org, finance, { roles: [billing] }), (e) => status(e) === 409);
        assert.deepEqual((await client.organizations.groups.roles.list(org, finance)).data.map((r) => r.id), [billing]);
        assert.deepEqual(tenant.organizationGroupRoles(org, finance), [billing]);
        assert.deepEqual(tenant.groupRoles(finance), [], "organization roles are not tenant roles");

        // Without auto-membership Ada is no member and does not get the organization role.
        assert.deepEqual((await client.organizations.members.list(org)).data, []);
        assert.deepEqual(tenant.effectiveRoles(ada, org), []);
        await client.organizations.enabledConnections.update(org, acme.connectionId, { assign_membership_on_login: true });
        assert.deepEqual((await client.organizations.members.list(org)).data, [{ user_id: ada, email: "oid-ada@contoso.example", name: "oid-ada" }]);
        assert.deepEqual(tenant.effectiveRoles(ada, org), [billing]);
        assert.deepEqual(tenant.effectiveRoles(ada), [], "outside the organization, no organization role");

        await client.organizations.groups.roles.create(org, finance, { roles: [auditor] });
        await client.organizations.groups.roles.delete(org, finance, { roles: [billing] });
        assert.deepEqual(tenant.organizationGroupRoles(org, finance), [auditor]);
        await assert.rejects(client.organizations.groups.roles.create(org, finance, { roles: ["rol_unknown000000000"] }), (e) => status(e) === 404);
        await assert.rejects(client.organizations.groups.roles.list(org, "grp_Unknown123456789"), (e) => status(e) === 404);
        await assert.rejects(client.organizations.groups.roles.list("org_doesnotexist000", finance), (e) => status(e) === 404);

        await client.organizations.delete(org);
        assert.deepEqual(tenant.organizationGroupRoles(org, finance), [], "the organization's bindings go with it");
    });
});
