/**
 * The auth0 stand-in plugin's Organization, OrganizationConnection, OrganizationDiscoveryDomain and Role
 * (sandbox/standins/auth0), called as the engine would against the tenant emulator: create with the
 * calls terraform-provider-auth0 v1.53.0 makes, no diff for identical inputs, a replacement only where
 * the schema says ForceNew, update, delete, and "gone" for a read of something deleted.
 */
import * as assert from "node:assert/strict";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { FORCE_NEW } from "../../sandbox/standins/auth0/forceNew";
import { Auth0StandInProvider } from "../../sandbox/standins/auth0/provider";
import { MANAGED_BY_PULUMI } from "../../sandbox/standins/auth0/role";
import { toEmulator } from "./auth0Loopback";
import { api, scimConnection } from "./auth0Fixtures";

const urn = (type: string, name: string) => `urn:pulumi:dev::auth0-entra-scim::auth0-entra-scim:auth0:Organization$${type}::${name}`;
const ORGANIZATION = urn("auth0:index/organization:Organization", "contoso");
const ORG_CONNECTION = urn("auth0:index/organizationConnection:OrganizationConnection", "contoso-waad");
const DOMAIN = urn("auth0:index/organizationDiscoveryDomain:OrganizationDiscoveryDomain", "contoso-domain");
const ROLE = urn("auth0:index/role:Role", "billing");
const GONE = { id: "", props: {} };

describe("sandbox auth0 stand-in provider: organizations and roles", () => {
    let tenant: Auth0TenantEmulator;
    let provider: Auth0StandInProvider;

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        provider = new Auth0StandInProvider({ domain: tenant.domain, apiToken: tenant.bearer, fetch: toEmulator });
    });
    afterEach(() => tenant.close());

    it("knows the ForceNew properties of terraform-provider-auth0 v1.53.0's schemas", () => {
        assert.deepEqual(FORCE_NEW["auth0:index/organization:Organization"], []);
        assert.deepEqual(FORCE_NEW["auth0:index/organizationConnection:OrganizationConnection"], []);
        assert.deepEqual(FORCE_NEW["auth0:index/organizationDiscoveryDomain:OrganizationDiscoveryDomain"].map((e) => e.property), ["organizationId", "domain"]);
        assert.deepEqual(FORCE_NEW["auth0:index/role:Role"], []);
    });

    it("Organization: creates, diffs (metadata removal is a change), renames in place, reads gone", async () => {
        assert.deepEqual((await provider.check(ORGANIZATION, {}, { displayName: "x" })).failures!.map((f) => f.property), ["name"]);
        const inputs = { name: "contoso", displayName: "Contoso", metadata: { stack: "contoso" } };
        const { id, outs } = await provider.create(ORGANIZATION, inputs);
        assert.match(id, /^org_/);
        assert.deepEqual(tenant.calls().slice(-2), ["POST /api/v2/organizations", `GET /api/v2/organizations/${id}`]);
        assert.deepEqual(outs, { name: "contoso", displayName: "Contoso", thirdPartyClientAccess: "block", metadata: { stack: "contoso" } });
        assert.deepEqual(await provider.diff(id, ORGANIZATION, outs, inputs), { changes: false, replaces: [], deleteBeforeReplace: false });
        assert.deepEqual((await provider.diff(id, ORGANIZATION, outs, { name: "contoso", displayName: "Contoso" })).changes, true, "metadata removed");
        const renamed = await provider.diff(id, ORGANIZATION, outs, { ...inputs, name: "contoso-ltd" });
        assert.deepEqual([renamed.changes, renamed.replaces], [true, []]);

        tenant.reset();
        const updated = await provider.update(id, ORGANIZATION, outs, { ...inputs, name: "contoso-ltd" });
        assert.deepEqual(tenant.calls(), [`PATCH /api/v2/organizations/${id}`, `GET /api/v2/organizations/${id}`]);
        assert.equal(JSON.parse(tenant.requests[0].body).metadata, undefined, "metadata only when it changed");
        assert.equal(updated.outs.name, "contoso-ltd");
        assert.equal(tenant.organizations()[0].name, "contoso-ltd");

        await provider.delete(id, ORGANIZATION, updated.outs);
        assert.deepEqual(await provider.read(id, ORGANIZATION, updated.outs), GONE);
        await provider.delete(id, ORGANIZATION, updated.outs);
    });

    it("OrganizationConnection: adds the waad connection with auto-membership, never sends isSignupEnabled unset, updates, deletes", async () => {
        const org = (await provider.create(ORGANIZATION, { name: "contoso" })).id;
        const acme = await scimConnection(tenant);
        const checked = await provider.check(ORG_CONNECTION, {}, { organizationId: org, connectionId: acme.connectionId, assignMembershipOnLogin: true, showAsButton: true });
        assert.deepEqual(checked.failures, []);
        assert.equal(checked.inputs.isEnabled, true, "schema Default true");

        tenant.reset();
        const { id, outs } = await provider.create(ORG_CONNECTION, checked.inputs);
        assert.equal(id, `${org}::${acme.connectionId}`);
        assert.deepEqual(tenant.calls(), [`POST /api/v2/organizations/${org}/connections`, `GET /api/v2/organizations/${org}/connections/${acme.connectionId}`]);
        assert.deepEqual(JSON.parse(tenant.requests[0].body), { connection_id: acme.connectionId, assign_membership_on_login: true, show_as_button: true, is_enabled: true });
        assert.deepEqual(outs, {
            organizationId: org,
            connectionId: acme.connectionId,
            assignMembershipOnLogin: true,
            isSignupEnabled: false,
            showAsButton: true,
            isEnabled: true,
            organizationConnectionName: "",
            organizationAccessLevel: "none",
            name: "entra-acme",
            strategy: "waad",
        });
        assert.equal((await provider.diff(id, ORG_CONNECTION, outs, checked.inputs)).changes, false);
        const hidden = await provider.diff(id, ORG_CONNECTION, outs, { ...checked.inputs, showAsButton: false });
        assert.deepEqual([hidden.changes, hidden.replaces], [true, []]);
        const moved = await provider.diff(id, ORG_CONNECTION, outs, { ...checked.inputs, organizationId: "org_other" });
        assert.deepEqual(moved.replaces, [], "no ForceNew in the v1.53.0 schema");

        const updated = await provider.update(id, ORG_CONNECTION, outs, { ...checked.inputs, showAsButton: false });
        assert.equal(updated.outs.showAsButton, false);
        assert.equal(tenant.organizationConnections(org)[0].show_as_button, false);

        // The API's 400 for sign-up on an enterprise connection reaches the engine as the error.
        await provider.delete(id, ORG_CONNECTION, updated.outs);
        await assert.rejects(provider.create(ORG_CONNECTION, { ...checked.inputs, isSignupEnabled: true }), /400.*is_signup_enabled/);
        assert.deepEqual(await provider.read(id, ORG_CONNECTION, updated.outs), GONE);
        await provider.delete(id, ORG_CONNECTION, updated.outs);
    });

    it("OrganizationDiscoveryDomain: outputs the TXT record, updates status in place, replaces on domain, reads gone", async () => {
        const org = (await provider.create(ORGANIZATION, { name: "contoso" })).id;
        const inputs = { organizationId: org, domain: "contoso.example", status: "pending", useForOrganizationDiscovery: true };
        assert.deepEqual((await provider.check(DOMAIN, {}, { organizationId: org, domain: "contoso.example", status: "done" })).failures!.map((f) => f.property), ["status"]);
        const { id, outs } = await provider.create(DOMAIN, inputs);
        const stored = tenant.discoveryDomains(org)[0];
        assert.equal(id, `${org}::${stored.id}`);
        assert.deepEqual(outs, {
            organizationId: org,
            domain: "contoso.example",
            status: "pending",
            verificationTxt: stored.verification_txt,
            verificationHost: `_ss-verification.${org}.contoso.example`,
            useForOrganizationDiscovery: true,
        });
        assert.equal((await provider.diff(id, DOMAIN, outs, inputs)).changes, false);
        assert.deepEqual((await provider.diff(id, DOMAIN, outs, { ...inputs, domain: "fabrikam.example" })).replaces, ["domain"]);
        assert.deepEqual((await provider.diff(id, DOMAIN, outs, { ...inputs, status: "verified" })).replaces, []);

        tenant.reset();
        const updated = await provider.update(id, DOMAIN, outs, { ...inputs, status: "verified" });
        assert.deepEqual(JSON.parse(tenant.requests[0].body), { status: "verified", use_for_organization_discovery: true }, "PATCH without the domain");
        assert.equal(updated.outs.status, "verified");

        await provider.delete(id, DOMAIN, updated.outs);
        assert.deepEqual(await provider.read(id, DOMAIN, updated.outs), GONE);
    });

    it("Role: description defaults to Pulumi's, creates, diffs, updates in place, deletes, reads gone", async () => {
        const checked = await provider.check(ROLE, {}, { name: "Billing Admin" });
        assert.equal(checked.inputs.description, MANAGED_BY_PULUMI);
        const { id, outs } = await provider.create(ROLE, checked.inputs);
        assert.match(id, /^rol_/);
        assert.deepEqual(outs, { name: "Billing Admin", description: MANAGED_BY_PULUMI });
        assert.equal((await api(tenant, "GET", `/roles/${id}`)).body.description, MANAGED_BY_PULUMI);
        assert.equal((await provider.diff(id, ROLE, outs, checked.inputs)).changes, false);
        const renamed = await provider.diff(id, ROLE, outs, { ...checked.inputs, name: "Billing" });
        assert.deepEqual([renamed.changes, renamed.replaces], [true, []]);
        const updated = await provider.update(id, ROLE, outs, { ...checked.inputs, name: "Billing" });
        assert.equal(updated.outs.name, "Billing");
        assert.equal(tenant.roles()[0].name, "Billing");

        await provider.delete(id, ROLE, updated.outs);
        assert.deepEqual(await provider.read(id, ROLE, updated.outs), GONE);
        await provider.delete(id, ROLE, updated.outs);
    });
});
