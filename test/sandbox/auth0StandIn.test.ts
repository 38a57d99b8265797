/**
 * The stand-in auth0 plugin's provider object (sandbox/standins/auth0), called directly as the engine
 * would, against the tenant emulator: each resource type's create/read/update/delete, no diff for
 * identical inputs, a replacement for a replace-only property, "gone" for a read of something deleted,
 * the connection's client secret as a Pulumi secret, and the version of @pulumi/auth0.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { type Auth0TenantEmulator, startAuth0TenantEmulator } from "../../sandbox/emulators/auth0Tenant";
import { FORCE_NEW } from "../../sandbox/standins/auth0/forceNew";
import { isSecret, secret } from "../../sandbox/standins/auth0/props";
import { Auth0StandInProvider, STAND_IN_LABEL, typeOfUrn } from "../../sandbox/standins/auth0/provider";
import { toEmulator } from "./auth0Loopback";

const urn = (type: string, name: string) => `urn:pulumi:dev::auth0-entra-scim::auth0-entra-scim:auth0:AzureAdConnection$${type}::${name}`;
const CONNECTION = urn("auth0:index/connection:Connection", "acme-connection");
const CLIENTS = urn("auth0:index/connectionClients:ConnectionClients", "acme-clients");
const SCIM = urn("auth0:index/connectionScimConfiguration:ConnectionScimConfiguration", "acme-scim");
const PROFILE = urn("auth0:index/selfServiceProfile:SelfServiceProfile", "acme-profile");

/** What components/auth0/azureAdConnection.ts registers (secret client secret included). */
const connectionInputs = (name = "entra-acme") => ({
    name,
    displayName: "Acme (Entra ID)",
    strategy: "waad",
    options: {
        identityApi: "microsoft-identity-platform-v2.0",
        waadProtocol: "openid-connect",
        tenantDomain: "acme.onmicrosoft.com",
        domain: "acme.onmicrosoft.com",
        clientId: "11111111-2222-3333-4444-555555555555",
        clientSecret: secret("entra-client-secret"),
        userIdAttribute: "oid",
        waadCommonEndpoint: false,
        setUserRootAttributes: "on_first_login",
    },
});

describe("sandbox auth0 stand-in provider", () => {
    let tenant: Auth0TenantEmulator;
    let provider: Auth0StandInProvider;

    beforeEach(async () => {
        tenant = await startAuth0TenantEmulator();
        provider = new Auth0StandInProvider({ domain: tenant.domain, apiToken: tenant.bearer, fetch: toEmulator });
    });
    afterEach(() => tenant.close());

    it("reports @pulumi/auth0's version and labels itself a stand-in", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../node_modules/@pulumi/auth0/package.json"), "utf8"));
        assert.equal(provider.version, pkg.version);
        assert.equal(provider.version, "3.49.0");
        assert.match(STAND_IN_LABEL, /STAND-IN.*not the real provider/);
        assert.equal(typeOfUrn(CONNECTION), "auth0:index/connection:Connection");
        assert.deepEqual(FORCE_NEW["auth0:index/connection:Connection"].map((e) => e.property), ["name", "strategy"]);
    });

    it("Connection: checks, creates with the API's names, keeps the secret secret, diffs, updates, replaces on name, reads gone", async () => {
        const bad = await provider.check(CONNECTION, {}, { strategy: "nope" });
        assert.deepEqual(bad.failures!.map((f) => f.property).sort(), ["name", "strategy"]);
        const inputs = connectionInputs();
        assert.deepEqual((await provider.check(CONNECTION, {}, inputs)).failures, []);

        const { id, outs } = await provider.create(CONNECTION, inputs);
        assert.match(id, /^con_/);
        const stored = tenant.connection(id)!;
        assert.equal(stored.options.userid_attribute, "oid");
        assert.equal(stored.options.useCommonEndpoint, false);
        assert.equal(stored.options.set_user_root_attributes, "on_first_login");
        assert.equal(stored.options.client_secret, "entra-client-secret");
        assert.ok(isSecret(outs.options.clientSecret), "options.clientSecret is a secret output");
        assert.equal(outs.options.clientSecret.value, "entra-client-secret");
        assert.equal(outs.name, "entra-acme");
        assert.equal(outs.options.userIdAttribute, "oid");
        assert.equal(outs.options.thumbprints, undefined, "server-only options are not outputs");

        assert.deepEqual(await provider.diff(id, CONNECTION, outs, connectionInputs()), { changes: false, replaces: [], deleteBeforeReplace: false });
        const renamed = await provider.diff(id, CONNECTION, outs, connectionInputs("entra-acme-2"));
        assert.equal(renamed.changes, true);
        assert.deepEqual(renamed.replaces, ["name"]);
        const relabelled = await provider.diff(id, CONNECTION, outs, { ...connectionInputs(), displayName: "Acme" });
        assert.deepEqual([relabelled.changes, relabelled.replaces], [true, []]);
        const unknownName = await provider.diff(id, CONNECTION, outs, { ...connectionInputs(), name: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
        assert.deepEqual(unknownName.replaces, ["name"]);

        const sync = { ...connectionInputs(), displayName: "Acme", options: { ...connectionInputs().options, setUserRootAttributes: "on_each_login" } };
        tenant.reset();
        const updated = await provider.update(id, CONNECTION, outs, sync);
        assert.deepEqual(tenant.calls(), [`PATCH /api/v2/connections/${id}`, `GET /api/v2/connections/${id}`]);
        assert.equal(JSON.parse(tenant.requests[0].body).name, undefined, "name is not sent on update");
        assert.equal(tenant.connection(id)!.display_name, "Acme");
        assert.equal(tenant.connection(id)!.options.set_user_root_attributes, undefined, "on_each_login is Auth0's default, left out");
        assert.equal(updated.outs.options.setUserRootAttributes, "on_each_login");
        assert.equal((await provider.diff(id, CONNECTION, updated.outs, sync)).changes, false);

        const read = await provider.read(id, CONNECTION, updated.outs);
        assert.equal(read.id, id);
        assert.ok(isSecret(read.props.options.clientSecret));
        assert.equal(read.inputs.name, "entra-acme");

        await provider.delete(id, CONNECTION, updated.outs);
        assert.equal(tenant.connection(id), undefined);
        assert.deepEqual(await provider.read(id, CONNECTION, updated.outs), { id: "", props: {} });
        await provider.delete(id, CONNECTION, updated.outs); // already gone: fine
    });

    it("ConnectionClients: refuses to take over other clients, adds and removes by difference, disables on delete", async () => {
        const connectionId = (await provider.create(CONNECTION, connectionInputs())).id;
        const empty = await provider.create(CLIENTS, { connectionId, enabledClients: [] });
        assert.equal(empty.id, connectionId);
        assert.deepEqual(empty.outs, { connectionId, enabledClients: [], name: "entra-acme", strategy: "waad" });
        assert.ok(!tenant.calls().includes(`PATCH /api/v2/connections/${connectionId}/clients`), "nothing to enable: no PATCH");

        const wanted = { connectionId, enabledClients: ["app-a", "app-b"] };
        assert.equal((await provider.diff(connectionId, CLIENTS, empty.outs, wanted)).changes, true);
        const updated = await provider.update(connectionId, CLIENTS, empty.outs, wanted);
        assert.deepEqual(tenant.connection(connectionId)!.enabled_clients, ["app-a", "app-b"]);
        assert.equal((await provider.diff(connectionId, CLIENTS, updated.outs, { connectionId, enabledClients: ["app-b", "app-a"] })).changes, false, "a set");
        assert.deepEqual((await provider.diff(connectionId, CLIENTS, updated.outs, { connectionId: "con_other", enabledClients: ["app-a", "app-b"] })).replaces, ["connectionId"]);

        // Enabled in the dashboard: a refresh brings it into the state, the next up disables it.
        tenant.enableClients(connectionId, "app-dashboard");
        const refreshed = await provider.read(connectionId, CLIENTS, updated.outs);
        assert.deepEqual(refreshed.props.enabledClients, ["app-a", "app-b", "app-dashboard"]);
        assert.equal((await provider.diff(connectionId, CLIENTS, refreshed.props, wanted)).changes, true);
        await provider.update(connectionId, CLIENTS, refreshed.props, wanted);
        assert.deepEqual(tenant.connection(connectionId)!.enabled_clients, ["app-a", "app-b"]);

        const other = (await provider.create(CONNECTION, connectionInputs("entra-other"))).id;
        tenant.enableClients(other, "app-x");
        await assert.rejects(provider.create(CLIENTS, { connectionId: other, enabledClients: ["app-y"] }), /non empty enabled clients/);

        await provider.delete(connectionId, CLIENTS, { ...updated.outs, enabledClients: ["app-a"] });
        assert.deepEqual(tenant.connection(connectionId)!.enabled_clients, ["app-b"]);
    });

    it("ConnectionScimConfiguration: creates, diffs mappings as a set, updates, deletes, reads gone", async () => {
        const connectionId = (await provider.create(CONNECTION, connectionInputs())).id;
        assert.equal((await provider.check(SCIM, {}, { connectionId, userIdAttribute: "externalId" })).failures!.length, 1, "RequiredWith mappings");
        const inputs = {
            connectionId,
            userIdAttribute: "externalId",
            mappings: [
                { auth0: "upn", scim: "userName" },
                { auth0: "email", scim: 'emails[type eq "work"].value' },
                { auth0: "app_metadata.external_id", scim: "externalId" },
            ],
        };
        const { id, outs } = await provider.create(SCIM, inputs);
        assert.equal(id, connectionId);
        assert.equal(outs.connectionId, connectionId);
        assert.equal(outs.connectionName, "entra-acme");
        assert.equal(outs.strategy, "waad");
        assert.equal(outs.tenantName, "sandbox");
        assert.equal(tenant.scimConfiguration(connectionId)!.mapping.length, 3);

        const reordered = { ...inputs, mappings: [...inputs.mappings].reverse() };
        assert.equal((await provider.diff(id, SCIM, outs, reordered)).changes, false);
        const more = { ...inputs, mappings: [...inputs.mappings, { auth0: "name", scim: "displayName" }] };
        const diff = await provider.diff(id, SCIM, outs, more);
        assert.deepEqual([diff.changes, diff.replaces], [true, []]);
        const updated = await provider.update(id, SCIM, outs, more);
        assert.equal(updated.outs.mappings.length, 4);
        assert.equal(tenant.scimConfiguration(connectionId)!.mapping.length, 4);

        await provider.delete(id, SCIM, updated.outs);
        assert.equal(tenant.scimConfiguration(connectionId), undefined);
        assert.deepEqual(await provider.read(id, SCIM, updated.outs), { id: "", props: {} });

        const defaults = await provider.create(SCIM, { connectionId });
        assert.equal(defaults.outs.userIdAttribute, "externalId");
        assert.equal(defaults.outs.mappings[0].auth0, "upn");
    });

    it("SelfServiceProfile: creates, diffs, updates, deletes, reads gone", async () => {
        const inputs = {
            name: "Microsoft Entra ID sign-in and provisioning",
            description: "Connect your Microsoft Entra ID tenant.",
            allowedStrategies: ["waad"],
            userAttributes: [
                { name: "email", description: "Email", isOptional: false },
                { name: "given_name", description: "First name", isOptional: true },
            ],
            branding: { logoUrl: "https://example.com/logo.png", colors: { primary: "#112233" } },
        };
        const { id, outs } = await provider.create(PROFILE, inputs);
        assert.match(id, /^ssp_/);
        const stored = tenant.profiles()[0];
        assert.deepEqual(stored.user_attributes![0], { name: "email", description: "Email", is_optional: false });
        assert.deepEqual(stored.branding, { logo_url: "https://example.com/logo.png", colors: { primary: "#112233" } });
        assert.ok(outs.createdAt);
        assert.equal((await provider.diff(id, PROFILE, outs, inputs)).changes, false);
        const renamed = await provider.diff(id, PROFILE, outs, { ...inputs, name: "Entra" });
        assert.deepEqual([renamed.changes, renamed.replaces], [true, []], "no replace-only property");
        const updated = await provider.update(id, PROFILE, outs, { ...inputs, name: "Entra" });
        assert.equal(updated.outs.name, "Entra");
        assert.equal((await provider.diff(id, PROFILE, updated.outs, { ...inputs, name: "Entra" })).changes, false);
        await provider.delete(id, PROFILE, updated.outs);
        assert.deepEqual(await provider.read(id, PROFILE, updated.outs), { id: "", props: {} });
    });

    it("refuses types it does not serve, naming the ones it does", async () => {
        await assert.rejects(provider.create(urn("auth0:index/client:Client", "c"), {}), /STAND-IN.*auth0:index\/client:Client is not served/);
        assert.ok(specialSigKey);
    });
});
