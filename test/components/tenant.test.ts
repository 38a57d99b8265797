/**
 * Every step of the seed (../shared/seed/inbound-scim-azure-ad.md), asserted on what the customer
 * tenant registers under Pulumi mocks. Each `describe` names the seed step it proves.
 */
import * as assert from "node:assert/strict";
import { DEFAULT_WAAD_SCIM_MAPPING } from "../../components/auth0/scimMapping";
import { loadTenantConfig } from "../../components/config";
import { DEFAULT_ACCESS_ROLE_ID } from "../../components/entra/appAssignments";
import { SEED_MAPPING_EDITS } from "../../providers/entra/defaults";
import { CustomerTenant } from "../../components/tenant";
import { GRAPH_SCOPE_IDS, NON_GALLERY_USER_ROLE_ID, RecordingMocks, configWith, installMocks, settle, unwrap } from "../mocks";

const USERS = ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11", "7a2d3f5b-1c8e-4d2f-8b66-3a4c9e0f1d22"];
const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const BASE = {
    auth0Domain: "acme.us.auth0.com",
    entraTenantDomain: "contoso.onmicrosoft.com",
    enabledClients: ["spaClient123"],
    assignedUsers: USERS,
    assignedGroups: [GROUP],
};

const T = {
    connection: "auth0:index/connection:Connection",
    connectionClients: "auth0:index/connectionClients:ConnectionClients",
    scimConfiguration: "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration",
    scimToken: "pulumi-nodejs:dynamic/auth0:ScimToken",
    schema: "pulumi-nodejs:dynamic/entra:ProvisioningSchema",
    onDemand: "pulumi-nodejs:dynamic/entra:ProvisionOnDemandCheck",
    start: "pulumi-nodejs:dynamic/entra:ProvisioningStart",
    application: "azuread:index/application:Application",
    servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
    password: "azuread:index/applicationPassword:ApplicationPassword",
    fromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    syncJob: "azuread:index/synchronizationJob:SynchronizationJob",
    syncSecret: "azuread:index/synchronizationSecret:SynchronizationSecret",
};

async function deploy(
    values: Record<string, unknown> = {},
    delays: Record<string, number> = {},
): Promise<{ mocks: RecordingMocks; tenant: CustomerTenant }> {
    const mocks = await installMocks();
    Object.assign(mocks.delays, delays);
    configWith({ ...BASE, ...values });
    const tenant = new CustomerTenant("acme", loadTenantConfig(undefined, undefined, "acme"));
    await settle();
    return { mocks, tenant };
}

const credential = (mocks: RecordingMocks, key: string) =>
    mocks.single(T.syncSecret).inputs.credentials.find((c: { key: string }) => c.key === key)?.value;

describe("customer tenant", () => {
    let mocks: RecordingMocks;
    let tenant: CustomerTenant;
    before(async () => ({ mocks, tenant } = await deploy()));

    describe("Auth0 settings steps 1-3: the Azure AD connection", () => {
        it("is a waad connection on the customer's tenant, through the Microsoft identity platform v2", () => {
            const c = mocks.single(T.connection).inputs;
            assert.equal(c.strategy, "waad");
            assert.equal(c.name, "acme-entra");
            assert.equal(c.options.tenantDomain, "contoso.onmicrosoft.com");
            assert.equal(c.options.domain, "contoso.onmicrosoft.com");
            assert.equal(c.options.identityApi, "microsoft-identity-platform-v2.0");
        });
        it("step 2: User ID Attribute is oid and the common endpoint is off", () => {
            const { options } = mocks.single(T.connection).inputs;
            assert.equal(options.userIdAttribute, "oid");
            assert.equal(options.waadCommonEndpoint, false);
        });
        it("step 3: profile sync at each login is off by default", () => {
            assert.equal(mocks.single(T.connection).inputs.options.setUserRootAttributes, "on_first_login");
        });
        it("step 3: syncUserProfileAtLogin turns it on", async () => {
            const { mocks: on } = await deploy({ syncUserProfileAtLogin: "true" });
            assert.equal(on.single(T.connection).inputs.options.setUserRootAttributes, "on_each_login");
        });
        it("signs in with the Entra OIDC app's client id and secret, the secret kept secret", () => {
            const connection = mocks.single(T.connection);
            assert.equal(connection.inputs.options.clientId, mocks.single(T.application).state.clientId);
            assert.equal(connection.inputs.options.clientSecret, mocks.single(T.password).state.value);
            assert.ok(connection.secretInputs.has("options"), "options (holding clientSecret) must be a secret input");
        });
        it("is enabled for the configured Auth0 applications", () => {
            const clients = mocks.single(T.connectionClients);
            assert.deepEqual(clients.inputs.enabledClients, ["spaClient123"]);
            assert.equal(clients.inputs.connectionId, mocks.single(T.connection).id);
        });
    });

    describe("Auth0 settings steps 4-6: SCIM on, user id from externalId, the mapping", () => {
        it("step 4: SCIM is switched on for the connection", () => {
            assert.equal(mocks.single(T.scimConfiguration).inputs.connectionId, mocks.single(T.connection).id);
        });
        it("step 5: the SCIM attribute holding the user id is externalId", () => {
            assert.equal(mocks.single(T.scimConfiguration).inputs.userIdAttribute, "externalId");
        });
        it("step 6: the mapping is Auth0's default when nothing is added", () => {
            assert.deepEqual(mocks.single(T.scimConfiguration).inputs.mappings, DEFAULT_WAAD_SCIM_MAPPING);
        });
        it("step 6: additionalMappings replace and extend the default", async () => {
            const { mocks: custom } = await deploy({
                additionalMappings: [
                    { scim: "title", auth0: "app_metadata.job_title" },
                    { scim: "urn:acme:badge", auth0: "app_metadata.badge" },
                ],
            });
            const mappings = custom.single(T.scimConfiguration).inputs.mappings as Array<{ scim: string; auth0: string }>;
            assert.equal(mappings.find((m) => m.scim === "title")?.auth0, "app_metadata.job_title");
            assert.deepEqual(mappings.at(-1), { scim: "urn:acme:badge", auth0: "app_metadata.badge" });
            assert.equal(mappings.length, DEFAULT_WAAD_SCIM_MAPPING.length + 1);
        });
    });

    describe("Retrieve SCIM endpoint URL and token, steps 1-3", () => {
        it("step 1: the endpoint URL is the connection's SCIM URL under the Auth0 domain", async () => {
            const connectionId = mocks.single(T.connection).id;
            assert.equal((await unwrap(tenant.scimEndpointUrl!)).value, `https://acme.us.auth0.com/scim/v2/connections/${connectionId}`);
        });
        it("step 3: the token has the four user scopes Entra needs, and no group scopes by default", () => {
            const token = mocks.single(T.scimToken).inputs;
            assert.deepEqual(token.scopes, ["get:users", "post:users", "patch:users", "delete:users"]);
            assert.equal(token.connectionId, mocks.single(T.connection).id);
        });
        it("step 3: provisionGroups adds the four group scopes", async () => {
            const { mocks: groups } = await deploy({ provisionGroups: "true" });
            assert.deepEqual(groups.single(T.scimToken).inputs.scopes, [
                "get:users", "post:users", "patch:users", "delete:users",
                "get:groups", "post:groups", "patch:groups", "delete:groups",
            ]);
        });
        it("step 2: the token expires after 365 days unless a lifetime is set; 0 is the explicit never", async () => {
            assert.equal(mocks.single(T.scimToken).inputs.lifetimeSeconds, 365 * 86_400);
            const { mocks: forever } = await deploy({ scimTokenLifetimeDays: "0" });
            assert.equal(forever.single(T.scimToken).inputs.lifetimeSeconds, undefined);
        });
        it("step 2: scimTokenLifetimeDays sets an expiry, in seconds, rotated scimTokenRotateBeforeDays early", async () => {
            const { mocks: expiring, tenant: t } = await deploy({ scimTokenLifetimeDays: "90", scimTokenRotateBeforeDays: "10" });
            const token = expiring.single(T.scimToken).inputs;
            assert.equal(token.lifetimeSeconds, 90 * 86_400);
            assert.equal(token.rotateBeforeDays, 10);
            assert.equal(mocks.single(T.scimToken).inputs.rotateBeforeDays, 14, "default rotation window");
            assert.ok(expiring.single(T.scimToken).state.validUntil);
            assert.equal((await unwrap(t.scimToken!)).secret, true);
        });
        it("step 2: the token is a secret output", async () => {
            const token = await unwrap(tenant.scimToken!);
            assert.equal(token.value, mocks.single(T.scimToken).state.token);
            assert.equal(token.secret, true);
        });
    });

    describe("Entra steps 1-2: the OIDC app registration and its enterprise app", () => {
        it("step 1: redirects to Auth0's login callback", () => {
            assert.deepEqual(mocks.single(T.application).inputs.web.redirectUris, ["https://acme.us.auth0.com/login/callback"]);
        });
        it("step 1: asks Microsoft Graph for openid profile email User.Read, delegated", () => {
            const [graph, ...others] = mocks.single(T.application).inputs.requiredResourceAccesses;
            assert.equal(others.length, 0);
            assert.equal(graph.resourceAppId, "00000003-0000-0000-c000-000000000000");
            assert.deepEqual(
                graph.resourceAccesses,
                ["openid", "profile", "email", "User.Read"].map((s) => ({ id: GRAPH_SCOPE_IDS[s], type: "Scope" })),
            );
        });
        it("step 2: its service principal has Assignment Required = Yes", () => {
            const sp = mocks.single(T.servicePrincipal).inputs;
            assert.equal(sp.clientId, mocks.single(T.application).state.clientId);
            assert.equal(sp.appRoleAssignmentRequired, true);
        });
        it("the client secret belongs to the app registration (resource id form) and is a secret output", async () => {
            const password = mocks.single(T.password).inputs;
            assert.equal(password.applicationId, mocks.single(T.application).id);
            assert.match(password.applicationId, /^\/applications\/[0-9a-f-]{36}$/);
        });
    });

    describe("Entra step 3: the non-gallery enterprise app", () => {
        it("is created from the non-gallery template", () => {
            assert.equal(mocks.single(T.fromTemplate).inputs.templateId, "8adf8e6e-67b2-4cf2-a259-e3dc5476c621");
        });
    });

    describe("Entra steps 2 and 4: the same users and groups on both apps", () => {
        const assignmentsOn = (resourceObjectId: string) =>
            mocks.ofType(T.assignment).filter((a) => a.inputs.resourceObjectId === resourceObjectId);

        it("assigns every principal to the OIDC app with Default Access (it declares no roles)", () => {
            const oidc = assignmentsOn(mocks.single(T.servicePrincipal).state.objectId);
            assert.deepEqual(oidc.map((a) => a.inputs.principalObjectId).sort(), [...USERS, GROUP].sort());
            assert.ok(oidc.every((a) => a.inputs.appRoleId === DEFAULT_ACCESS_ROLE_ID));
        });
        it("assigns the same principals to the provisioning app with its User role, looked up", () => {
            const provisioning = assignmentsOn(mocks.single(T.fromTemplate).state.servicePrincipalObjectId);
            assert.deepEqual(provisioning.map((a) => a.inputs.principalObjectId).sort(), [...USERS, GROUP].sort());
            assert.ok(provisioning.every((a) => a.inputs.appRoleId === NON_GALLERY_USER_ROLE_ID));
        });
        it("uses bare object ids, not resource ids", () => {
            assert.equal(mocks.ofType(T.assignment).length, 2 * (USERS.length + 1));
            for (const a of mocks.ofType(T.assignment)) assert.match(a.inputs.resourceObjectId, /^[0-9a-f-]{36}$/);
        });
        it("no principals, no assignments", async () => {
            const { mocks: none } = await deploy({ assignedUsers: [], assignedGroups: [] });
            assert.equal(none.ofType(T.assignment).length, 0);
        });
    });

    describe("Entra steps 5-7 and Testing step 3: automatic provisioning, on", () => {
        it("step 5: the provisioning job uses the scim template on the enterprise app (resource id form)", () => {
            const job = mocks.single(T.syncJob).inputs;
            assert.equal(job.templateId, "scim");
            assert.equal(job.servicePrincipalId, mocks.single(T.fromTemplate).state.servicePrincipalId);
            assert.match(job.servicePrincipalId, /^\/servicePrincipals\/[0-9a-f-]{36}$/);
        });
        it("Testing step 3: Provisioning Status On, by starting the job (created stopped) last", () => {
            assert.equal(mocks.single(T.syncJob).inputs.enabled, false);
            const start = mocks.single(T.start).inputs;
            assert.equal(start.servicePrincipalId, mocks.single(T.fromTemplate).state.servicePrincipalObjectId);
            assert.equal(start.jobId, mocks.single(T.syncJob).id.split("/").pop());
        });
        it("step 6: the Tenant URL is the SCIM endpoint with ?aadOptscim062020", async () => {
            const connectionId = mocks.single(T.connection).id;
            const expected = `https://acme.us.auth0.com/scim/v2/connections/${connectionId}?aadOptscim062020`;
            assert.equal(credential(mocks, "BaseAddress"), expected);
            assert.equal((await unwrap(tenant.tenantUrl!)).value, expected);
            assert.equal(mocks.single(T.syncSecret).inputs.servicePrincipalId, mocks.single(T.fromTemplate).state.servicePrincipalId);
        });
        it("step 7: the Secret Token is the Auth0 SCIM token, sent as a secret", () => {
            assert.equal(credential(mocks, "SecretToken"), mocks.single(T.scimToken).state.token);
            assert.ok(mocks.single(T.syncSecret).secretInputs.has("credentials"));
        });
        it("only assigned users and groups are in scope", () => {
            assert.equal(credential(mocks, "SyncAll"), "false");
        });
        it("exposes the job and service principal ids the mapping step needs", async () => {
            assert.ok(mocks.single(T.syncJob).id.endsWith(mocks.single(T.schema).inputs.jobId));
        });
        it("exports the job and service principal ids", async () => {
            const jobResourceId = mocks.single(T.syncJob).id;
            assert.equal((await unwrap(tenant.provisioningJobId!)).value, jobResourceId.split("/").pop());
            assert.equal((await unwrap(tenant.provisioningServicePrincipalId!)).value, mocks.single(T.fromTemplate).state.servicePrincipalObjectId);
        });
    });

    describe("Entra steps 8-13: attribute mappings and the groups toggle", () => {
        it("edit the provisioning job's schema on the enterprise app (bare object id, Graph job id)", () => {
            const schema = mocks.single(T.schema).inputs;
            assert.equal(schema.servicePrincipalId, mocks.single(T.fromTemplate).state.servicePrincipalObjectId);
            assert.match(schema.servicePrincipalId, /^[0-9a-f-]{36}$/);
            assert.match(schema.jobId, /^scim\./);
            assert.equal(schema.jobId, mocks.single(T.syncJob).id.split("/").pop());
        });
        it("steps 10-13: externalId from objectId, and work email matching with precedence 2", () => {
            assert.deepEqual(mocks.single(T.schema).inputs.mappingEdits, [
                { object: "User", targetAttributeName: "externalId", source: { expression: "[objectId]", name: "objectId", type: "Attribute" } },
                { object: "User", targetAttributeName: 'emails[type eq "work"].value', matchingPriority: 2 },
            ]);
        });
        it("step 9: Provision Entra ID Groups is disabled by default, enabled with provisionGroups", async () => {
            assert.equal(mocks.single(T.schema).inputs.provisionGroups, false);
            const { mocks: groups } = await deploy({ provisionGroups: "true" });
            assert.equal(groups.single(T.schema).inputs.provisionGroups, true);
        });
        it("additionalEntraMappings add edits and may override a seed edit", async () => {
            const title = { object: "User", targetAttributeName: "title", source: { expression: "[jobTitle]", name: "jobTitle", type: "Attribute" } };
            const email = { object: "User", targetAttributeName: 'emails[type eq "work"].value', matchingPriority: 3 };
            const { mocks: extra } = await deploy({ additionalEntraMappings: [title, email] });
            assert.deepEqual(extra.single(T.schema).inputs.mappingEdits, [SEED_MAPPING_EDITS[0], title, email]);
        });
    });

    describe("Testing steps 1-2: provision on demand", () => {
        it("runs nothing unless asked", () => {
            assert.equal(mocks.ofType(T.onDemand).length, 0);
        });
        it("checks each listed principal with the user rule, against the job's bare ids", async () => {
            const { mocks: run } = await deploy({ provisionGroups: "true", provisionOnDemand: [USERS[0], GROUP] });
            const check = run.single(T.onDemand).inputs;
            assert.equal(check.servicePrincipalId, run.single(T.fromTemplate).state.servicePrincipalObjectId);
            assert.equal(check.jobId, run.single(T.syncJob).id.split("/").pop());
            assert.equal(check.ruleId, run.single(T.schema).state.userRuleId);
            assert.deepEqual(check.subjects, [{ objectId: USERS[0], kind: "User" }, { objectId: GROUP, kind: "Group" }]);
        });
    });

    it("registers children under the tenant with names derived from its name", () => {
        const children = mocks.registrations.filter((r) => r.type !== "auth0-entra-scim:index:CustomerTenant");
        assert.equal(mocks.registrations.length - children.length, 1);
        for (const r of children) assert.ok(r.name.startsWith("acme-"), r.name);
    });
});
