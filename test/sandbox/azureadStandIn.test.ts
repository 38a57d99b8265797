/**
 * The azuread stand-in's Provider object, called directly (no engine) against the Graph emulator over
 * plain http: create/read/update/delete of each type, identical inputs = no change, a ForceNew change =
 * replace, reading a deleted object = gone, and SynchronizationJob's `enabled`.
 */
import * as assert from "node:assert/strict";
import type { TokenCredential } from "@azure/identity";
import { createGraphClient } from "../../providers/entra/graphClient";
import { NON_GALLERY_TEMPLATE_ID, startGraphEmulator, type GraphEmulator } from "../../sandbox/emulators/graph";
import { FORCE_NEW } from "../../sandbox/standins/azuread/forceNew";
import { AzureadStandIn, GET_SERVICE_PRINCIPAL, RESOURCES, STAND_IN_LABEL } from "../../sandbox/standins/azuread/main";
import { SECRET_SIG, isSecret } from "../../sandbox/standins/azuread/common";

const urn = (type: string, name = "r") => `urn:pulumi:dev::auth0-entra-scim::${type}::${name}`;
const T = {
    app: "azuread:index/application:Application",
    password: "azuread:index/applicationPassword:ApplicationPassword",
    fromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    sp: "azuread:index/servicePrincipal:ServicePrincipal",
    grant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    job: "azuread:index/synchronizationJob:SynchronizationJob",
    secret: "azuread:index/synchronizationSecret:SynchronizationSecret",
};

describe("sandbox azuread stand-in (Provider, no engine)", () => {
    let graph: GraphEmulator;
    let provider: AzureadStandIn;

    before(async () => {
        graph = await startGraphEmulator();
        const credential: TokenCredential = { getToken: async () => ({ token: graph.issueToken(), expiresOnTimestamp: Date.now() + 3_600_000 }) };
        provider = new AzureadStandIn(() => createGraphClient({ baseUrl: graph.url, credential, retry: { maxAttempts: 1 } }));
    });
    after(() => graph.close());

    /** check, then create, as the engine does. */
    async function create(type: string, news: Record<string, unknown>) {
        const checked = await provider.check(urn(type), {}, news);
        assert.deepEqual(checked.failures, []);
        return provider.create(urn(type), checked.inputs);
    }
    const writes = () => graph.requests.filter((r) => r.method !== "GET").length;

    it("labels itself, reports @pulumi/azuread's version, and serves exactly the program's eight types", () => {
        assert.match(STAND_IN_LABEL, /^pulumi-resource-azuread STAND-IN \(auth0-entra-scim sandbox\): not the real provider$/);
        assert.equal(provider.version, "6.9.1");
        assert.deepEqual(RESOURCES.map((r) => r.token).sort(), Object.values(T).sort());
        assert.deepEqual(Object.keys(FORCE_NEW).sort(), Object.values(T).sort());
    });

    it("OIDC app: Application, ServicePrincipal, getServicePrincipal, delegated grant, password (a secret)", async () => {
        const msGraph = await provider.invoke(GET_SERVICE_PRINCIPAL, { clientId: "00000003-0000-0000-c000-000000000000" });
        const scopeIds = msGraph.outputs.oauth2PermissionScopeIds;
        assert.equal(scopeIds["User.Read"], "e1fe6dd8-ba31-4d61-89e7-88639da4683d");
        assert.equal(msGraph.outputs.objectId, graph.graphServicePrincipalId);

        const appInputs = {
            displayName: "Contoso SSO",
            signInAudience: "AzureADMyOrg",
            web: { redirectUris: ["https://tenant.auth0.com/login/callback"] },
            requiredResourceAccesses: [{ resourceAppId: "00000003-0000-0000-c000-000000000000", resourceAccesses: [{ id: scopeIds.openid, type: "Scope" }] }],
        };
        const app = await create(T.app, appInputs);
        assert.match(app.id, /^\/applications\/[0-9a-f-]{36}$/);
        assert.equal(app.outs.id, app.id);
        assert.equal(graph.applications().find((a) => a.id === app.outs.objectId)?.web.redirectUris[0], "https://tenant.auth0.com/login/callback");

        // identical inputs: no change, and a read + diff writes nothing
        const before = writes();
        const read = await provider.read(app.id, urn(T.app), app.outs);
        assert.equal(read.id, app.id);
        assert.deepEqual(await provider.diff(app.id, urn(T.app), read.props, (await provider.check(urn(T.app), read.inputs, appInputs)).inputs), { changes: false, replaces: [] });
        assert.equal(writes(), before);

        // an in-place update
        const renamed = { ...appInputs, displayName: "Contoso SSO 2" };
        assert.deepEqual(await provider.diff(app.id, urn(T.app), app.outs, renamed), { changes: true, replaces: [] });
        const updated = await provider.update(app.id, urn(T.app), app.outs, renamed);
        assert.equal(updated.outs.displayName, "Contoso SSO 2");

        const sp = await create(T.sp, { clientId: app.outs.clientId, appRoleAssignmentRequired: true });
        assert.equal(sp.id, `/servicePrincipals/${sp.outs.objectId}`);
        assert.deepEqual(await provider.diff(sp.id, urn(T.sp), sp.outs, { clientId: app.outs.clientId, appRoleAssignmentRequired: true }), { changes: false, replaces: [] });
        assert.deepEqual((await provider.diff(sp.id, urn(T.sp), sp.outs, { clientId: "00000000-1111-2222-3333-444444444444", appRoleAssignmentRequired: true })).replaces, ["clientId"]);

        const grant = await create(T.grant, { servicePrincipalObjectId: sp.outs.objectId, resourceServicePrincipalObjectId: msGraph.outputs.objectId, claimValues: ["openid", "profile"] });
        assert.match(grant.id, /^\/oauth2PermissionGrants\/.+/);
        assert.equal(graph.grants()[0].scope, "openid profile");
        await provider.update(grant.id, urn(T.grant), grant.outs, { ...grant.outs, claimValues: ["openid", "profile", "email"] });
        assert.equal(graph.grants()[0].scope, "openid profile email");
        assert.deepEqual((await provider.diff(grant.id, urn(T.grant), grant.outs, { ...grant.outs, servicePrincipalObjectId: msGraph.outputs.objectId })).replaces, ["servicePrincipalObjectId"]);

        const password = await create(T.password, { applicationId: app.id, displayName: "Auth0 connection" });
        assert.match(password.id, new RegExp(`^${app.outs.objectId}/password/[0-9a-f-]{36}$`));
        assert.ok(isSecret(password.outs.value) && typeof password.outs.value.value === "string" && password.outs.value.value.length > 20);
        assert.ok(!JSON.stringify(graph.applications()).includes(password.outs.value.value), "Graph never shows the secret again");
        assert.deepEqual((await provider.diff(password.id, urn(T.password), password.outs, { applicationId: app.id, displayName: "other" })).replaces, ["displayName"]);
        assert.deepEqual((await provider.diff(password.id, urn(T.password), password.outs, { applicationId: app.id, displayName: "Auth0 connection" })).changes, false);

        // delete everything; reads answer "gone"
        await provider.delete(password.id, urn(T.password), password.outs);
        assert.equal((await provider.read(password.id, urn(T.password), password.outs)).id, "");
        await provider.delete(grant.id, urn(T.grant), grant.outs);
        assert.equal((await provider.read(grant.id, urn(T.grant), grant.outs)).id, "");
        await provider.delete(sp.id, urn(T.sp), sp.outs);
        assert.equal((await provider.read(sp.id, urn(T.sp), sp.outs)).id, "");
        await provider.delete(app.id, urn(T.app), updated.outs);
        assert.equal((await provider.read(app.id, urn(T.app), updated.outs)).id, "");
        await provider.delete(app.id, urn(T.app), updated.outs); // deleting what is gone succeeds
    });

    it("provisioning app: ApplicationFromTemplate, assignments, job created stopped, secret, enabled start/pause", async () => {
        const user = graph.seedUser({ userPrincipalName: "ada@contoso.example" });
        const made = await create(T.fromTemplate, { displayName: "Auth0 SCIM", templateId: NON_GALLERY_TEMPLATE_ID });
        const { servicePrincipalId, servicePrincipalObjectId, applicationObjectId } = made.outs;
        assert.equal(made.id, `/applicationTemplates/${NON_GALLERY_TEMPLATE_ID}/instantiate/${applicationObjectId}/${servicePrincipalObjectId}`);
        assert.equal(servicePrincipalId, `/servicePrincipals/${servicePrincipalObjectId}`);
        assert.deepEqual((await provider.diff(made.id, urn(T.fromTemplate), made.outs, { displayName: "Auth0 SCIM", templateId: NON_GALLERY_TEMPLATE_ID })).changes, false);
        assert.deepEqual((await provider.diff(made.id, urn(T.fromTemplate), made.outs, { displayName: "Auth0 SCIM", templateId: "11111111-2222-3333-4444-555555555555" })).replaces, ["templateId"]);

        const sp = await provider.invoke(GET_SERVICE_PRINCIPAL, { objectId: servicePrincipalObjectId });
        const userRole = sp.outputs.appRoles.find((r: { displayName: string }) => r.displayName === "User");
        assert.ok(userRole && sp.outputs.appRoles.some((r: { displayName: string }) => r.displayName === "msiam_access"));

        const assignment = await create(T.assignment, { appRoleId: userRole.id, principalObjectId: user.id, resourceObjectId: servicePrincipalObjectId });
        assert.equal(assignment.id, `/servicePrincipals/${servicePrincipalObjectId}/appRoleAssignedTo/${graph.assignments(servicePrincipalObjectId)[0].id}`);
        assert.equal(assignment.outs.principalType, "User");
        assert.deepEqual((await provider.diff(assignment.id, urn(T.assignment), assignment.outs, { appRoleId: userRole.id, principalObjectId: user.id, resourceObjectId: servicePrincipalObjectId })).changes, false);
        assert.deepEqual((await provider.diff(assignment.id, urn(T.assignment), assignment.outs, { appRoleId: "00000000-0000-0000-0000-000000000000", principalObjectId: user.id, resourceObjectId: servicePrincipalObjectId })).replaces, ["appRoleId"]);

        // id forms are checked: a bare GUID where the resource id belongs, and the reverse
        const wrongJob = await provider.check(urn(T.job), {}, { servicePrincipalId: servicePrincipalObjectId, templateId: "scim", enabled: false });
        assert.match(wrongJob.failures![0].reason, /service principal resource id \(\/servicePrincipals\/\{objectId\}\)/);
        const wrongAssignment = await provider.check(urn(T.assignment), {}, { appRoleId: userRole.id, principalObjectId: user.id, resourceObjectId: servicePrincipalId });
        assert.equal(wrongAssignment.failures![0].property, "resourceObjectId");

        // enabled defaults to true, as in azuread
        assert.equal((await provider.check(urn(T.job), {}, { servicePrincipalId, templateId: "scim" })).inputs.enabled, true);
        graph.reset();
        const job = await create(T.job, { servicePrincipalId, templateId: "scim", enabled: false });
        const jobId = job.id.split("/").pop()!;
        assert.equal(job.id, `${servicePrincipalId}/synchronization/jobs/${jobId}`);
        assert.ok(!graph.calls().some((c) => c.endsWith("/start")), "enabled: false does not start the job");
        assert.equal(graph.job(servicePrincipalObjectId, jobId)!.status!.code, "Paused");
        assert.equal(job.outs.enabled, false);
        assert.ok(graph.schema(servicePrincipalObjectId, jobId)?.synchronizationRules?.length, "a scim job comes with its template's schema");
        assert.deepEqual(await provider.diff(job.id, urn(T.job), job.outs, { servicePrincipalId, templateId: "scim", enabled: false }), { changes: false, replaces: [] });
        assert.deepEqual((await provider.diff(job.id, urn(T.job), job.outs, { servicePrincipalId, templateId: "customappsso", enabled: false })).replaces, ["templateId"]);

        const started = await provider.update(job.id, urn(T.job), job.outs, { ...job.outs, enabled: true });
        assert.equal(graph.job(servicePrincipalObjectId, jobId)!.status!.code, "Active");
        assert.equal(started.outs.enabled, true);
        await provider.update(job.id, urn(T.job), started.outs, { ...job.outs, enabled: false });
        assert.equal(graph.job(servicePrincipalObjectId, jobId)!.status!.code, "Paused");

        const credentials = [
            { key: "BaseAddress", value: "https://tenant.auth0.com/scim/v2/connections/con_1?aadOptscim062020" },
            { key: "SecretToken", value: { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "scim-token-1" } },
            { key: "SyncAll", value: "false" },
        ];
        const secret = await create(T.secret, { servicePrincipalId, credentials });
        assert.equal(secret.id, servicePrincipalId);
        assert.deepEqual(graph.secrets(servicePrincipalObjectId), { BaseAddress: credentials[0].value, SecretToken: "scim-token-1", SyncAll: "false" });
        assert.ok(secret.outs.credentials.every((c: { value: unknown }) => isSecret(c.value)));
        const readSecret = await provider.read(secret.id, urn(T.secret), secret.outs);
        assert.deepEqual(await provider.diff(secret.id, urn(T.secret), readSecret.props, { servicePrincipalId, credentials }), { changes: false, replaces: [] });
        const rotated = credentials.map((c) => (c.key === "SecretToken" ? { key: c.key, value: "scim-token-2" } : c));
        assert.deepEqual(await provider.diff(secret.id, urn(T.secret), secret.outs, { servicePrincipalId, credentials: rotated }), { changes: true, replaces: [] });
        await provider.update(secret.id, urn(T.secret), secret.outs, { servicePrincipalId, credentials: rotated });
        assert.equal(graph.secrets(servicePrincipalObjectId)!.SecretToken, "scim-token-2");

        // deleted behind Pulumi's back: every read answers gone
        graph.deleteObject(applicationObjectId);
        for (const [type, r] of [[T.fromTemplate, made], [T.assignment, assignment], [T.job, job], [T.secret, secret]] as const) {
            assert.equal((await provider.read(r.id, urn(type), r.outs)).id, "", `${type} reads as gone`);
        }
        await provider.delete(job.id, urn(T.job), job.outs);
        await provider.delete(made.id, urn(T.fromTemplate), made.outs);
    });

    it("getServicePrincipal with no match fails as azuread does", async () => {
        await assert.rejects(provider.invoke(GET_SERVICE_PRINCIPAL, { clientId: "99999999-9999-4999-8999-999999999999" }), /No service principals matching appId/);
    });
});
