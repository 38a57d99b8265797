/**
 * What the program declares for the lifecycle after the first `up` (issue "Lifecycle safety"): the
 * order the engine must follow, what is protected, and what a rename does. Asserted on the
 * registration requests the engine would receive (dependencies, protect, ignoreChanges, aliases).
 */
import * as assert from "node:assert/strict";
import { loadTenantConfig } from "../../components/config";
import { CustomerTenant, TENANT_NAME, tenantAliases } from "../../components/tenant";
import { configWith, installMocks, recordRegistrationRequests, settle, type RegistrationRequest } from "../mocks";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const BASE = {
    auth0Domain: "acme.us.auth0.com",
    entraTenantDomain: "contoso.onmicrosoft.com",
    assignedUsers: [USER],
    provisionOnDemand: [USER],
};

const T = {
    tenant: "auth0-entra-scim:index:CustomerTenant",
    connection: "auth0:index/connection:Connection",
    connectionClients: "auth0:index/connectionClients:ConnectionClients",
    application: "azuread:index/application:Application",
    fromTemplate: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    consent: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
    job: "azuread:index/synchronizationJob:SynchronizationJob",
    secret: "azuread:index/synchronizationSecret:SynchronizationSecret",
    token: "pulumi-nodejs:dynamic/auth0:ScimToken",
    confirmation: "pulumi-nodejs:dynamic/entra:ScimTokenConfirmation",
    revocation: "pulumi-nodejs:dynamic/auth0:ScimTokenRevocation",
    schema: "pulumi-nodejs:dynamic/entra:ProvisioningSchema",
    onDemand: "pulumi-nodejs:dynamic/entra:ProvisionOnDemandCheck",
    start: "pulumi-nodejs:dynamic/entra:ProvisioningStart",
    guard: "pulumi-nodejs:dynamic/guard:StackGuard",
    hold: "pulumi-nodejs:dynamic/entra:ProvisioningHold",
};

async function declare(values: Record<string, unknown> = {}, stack = "contoso") {
    const mocks = await installMocks();
    const requests = recordRegistrationRequests();
    configWith({ ...BASE, ...values });
    const config = loadTenantConfig(undefined, undefined, stack);
    new CustomerTenant(TENANT_NAME, config, { aliases: tenantAliases(config.customerName) });
    await settle();
    const only = (type: string): RegistrationRequest => {
        const found = requests.filter((r) => r.type === type);
        assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
        return found[0];
    };
    return { mocks, requests, only };
}

describe("lifecycle: what the engine is told", () => {
    describe("provisioning starts only when everything it uses is in place", () => {
        it("creates the job stopped and never diffs `enabled` again (a refresh cannot stop or restart it)", async () => {
            const { only } = await declare();
            assert.equal(only(T.job).inputs.enabled, false);
            assert.deepEqual(only(T.job).ignoreChanges, ["enabled"]);
        });
        it("pauses nothing on an up: no hold (a running job stays running through an upgrade or a failed up), then writes the credentials", async () => {
            const { only, requests } = await declare();
            assert.equal(requests.filter((r) => r.type === T.hold).length, 0);
            assert.ok(only(T.secret).dependsOnNames.includes(only(T.job).name));
        });
        it("edits the schema after the credentials and Entra's confirmation of the token", async () => {
            const { only } = await declare();
            assert.ok(only(T.schema).dependsOnNames.includes(only(T.secret).name));
            assert.ok(only(T.schema).dependsOnNames.includes(only(T.confirmation).name));
        });
        it("starts the job again after a replaced schema (whose delete paused it)", async () => {
            const { only, mocks } = await declare();
            assert.equal(only(T.start).inputs.restartAfter, mocks.single(T.schema).state.instanceId);
        });
        it("runs the on-demand check after the secret, Entra's confirmation of the token, the schema and the provisioning app's assignments", async () => {
            const { only, requests } = await declare();
            const needs = only(T.onDemand).dependsOnNames;
            for (const type of [T.secret, T.confirmation, T.schema]) assert.ok(needs.includes(only(type).name), type);
            const provisioningAssignments = requests.filter((r) => r.type === T.assignment && r.name.includes("-provisioning-assignments-"));
            assert.equal(provisioningAssignments.length, 1);
            assert.ok(needs.includes(provisioningAssignments[0].name));
        });
        it("starts the job last: after the check and everything the check waits for", async () => {
            const { only, requests } = await declare();
            const needs = only(T.start).dependsOnNames;
            for (const type of [T.secret, T.confirmation, T.schema, T.onDemand]) assert.ok(needs.includes(only(type).name), type);
            const assignment = requests.find((r) => r.type === T.assignment && r.name.includes("-provisioning-assignments-"))!;
            assert.ok(needs.includes(assignment.name));
        });
        it("starts without a check when none is asked for", async () => {
            const { only, requests } = await declare({ provisionOnDemand: [] });
            assert.equal(requests.filter((r) => r.type === T.onDemand).length, 0);
            assert.ok(only(T.start).dependsOnNames.includes(only(T.schema).name));
        });
    });

    describe("the on-demand check reruns only when what it tests changes", () => {
        it("covers the confirmed token, the Tenant URL, the mappings, the groups toggle and the assignments", async () => {
            const { only } = await declare();
            const covers = only(T.onDemand).inputs.covers;
            assert.deepEqual(Object.keys(covers).sort(), ["assignedPrincipals", "mappingEdits", "provisionGroups", "tenantUrl", "tokenFingerprint"]);
            assert.equal(covers.tokenFingerprint, only(T.confirmation).inputs.tokenFingerprint);
            assert.deepEqual(covers.assignedPrincipals, [USER]);
        });
        it("is the same between two runs of the same config (no rerun, no replacement)", async () => {
            const first = (await declare()).only(T.onDemand).inputs;
            const second = (await declare()).only(T.onDemand).inputs;
            const stable = (inputs: any) => ({ ...inputs, servicePrincipalId: 0, jobId: 0, covers: { ...inputs.covers, tokenFingerprint: 0, tenantUrl: 0 } });
            assert.deepEqual(stable(first), stable(second));
        });
    });

    describe("a token rotation ends with Entra's confirmation, then the revocation", () => {
        it("Entra confirms the token after the secret is written, knowing the token only by its fingerprint", async () => {
            const { only, mocks } = await declare();
            const confirmation = only(T.confirmation);
            assert.ok(confirmation.dependsOnNames.includes(only(T.secret).name));
            assert.match(confirmation.inputs.tokenFingerprint, /^sha256:[0-9a-f]{16}$/);
            const token = mocks.single(T.token).state.token as string;
            assert.ok(!JSON.stringify(confirmation.inputs).includes(token));
            assert.match(confirmation.inputs.servicePrincipalId, /^[0-9a-f-]{36}$/);
            assert.match(confirmation.inputs.jobId, /^scim\./);
        });
        it("the superseded tokens are revoked only after Entra's confirmation", async () => {
            const { only } = await declare();
            const revocation = only(T.revocation);
            assert.ok(revocation.dependsOnNames.includes(only(T.confirmation).name));
            assert.equal(revocation.inputs.confirmation, "entra");
            assert.ok("tokenId" in revocation.inputs && "supersededTokenIds" in revocation.inputs);
            // It can check that Entra's confirmation names the current token (a `--target` of it alone).
            assert.match(revocation.inputs.tokenFingerprint, /^sha256:[0-9a-f]{16}$/);
            assert.ok("confirmedFingerprint" in revocation.inputs);
        });
    });

    describe("renaming is not a replacement", () => {
        it("a new customerName changes display names only: every resource keeps its type and logical name", async () => {
            const before = await declare({ customerName: "contoso" });
            const after = await declare({ customerName: "Contoso Europe" });
            const names = (rs: RegistrationRequest[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
            assert.deepEqual(names(after.requests), names(before.requests));
            assert.equal(after.only(T.connection).inputs.name, before.only(T.connection).inputs.name);
            assert.equal(after.only(T.connection).inputs.displayName, "Contoso Europe");
            assert.equal(after.only(T.application).inputs.displayName, "Auth0 sign-in (Contoso Europe)");
            for (const r of after.requests) assert.ok(!r.name.includes("Contoso"), r.name);
        });
        it("stacks deployed under the customer's name are found through an alias, so upgrading replaces nothing", async () => {
            const { only } = await declare({ customerName: "contoso" });
            assert.deepEqual(only(T.tenant).aliasNames, ["contoso"]);
        });
        it("the guard records the configured connection name and the mode", async () => {
            const { only } = await declare({ connectionName: "contoso-aad" });
            const guard = only(T.guard);
            assert.equal(guard.inputs.connectionName, "contoso-aad");
            assert.equal(guard.inputs.mode, "full");
            assert.equal(guard.inputs.protect, true);
            assert.equal((await declare({ protect: "false" })).only(T.guard).inputs.protect, false);
        });
    });

    describe("protection", () => {
        it("protects the Auth0 connection and both Entra apps by default", async () => {
            const { only } = await declare();
            for (const type of [T.connection, T.application, T.fromTemplate]) assert.equal(only(type).protect, true, type);
        });
        it("protect=false lifts it for a deliberate teardown", async () => {
            const { only } = await declare({ protect: "false" });
            for (const type of [T.connection, T.application, T.fromTemplate]) assert.equal(only(type).protect, false, type);
        });
    });

    describe("smaller ones", () => {
        it("leaves the connection's enabled clients alone unless enabledClients is set: never diffed, never emptied", async () => {
            const unset = (await declare()).only(T.connectionClients);
            assert.deepEqual(unset.ignoreChanges, ["enabledClients"]);
            assert.equal(unset.retainOnDelete, true);
            const { only } = await declare({ enabledClients: ["spaClient123"] });
            assert.deepEqual(only(T.connectionClients).inputs.enabledClients, ["spaClient123"]);
            assert.deepEqual(only(T.connectionClients).ignoreChanges, []);
            assert.equal(only(T.connectionClients).retainOnDelete, false);
        });
        it("never lets the engine rename (replace) a protected connection, whatever the default becomes", async () => {
            assert.deepEqual((await declare()).only(T.connection).ignoreChanges, ["name"]);
            assert.deepEqual((await declare({ protect: "false" })).only(T.connection).ignoreChanges, []);
        });
        it("grants admin consent only where the customer's own admin deploys: off by default in full, on in customer mode", async () => {
            const consents = (d: { requests: RegistrationRequest[] }) => d.requests.filter((r) => r.type === T.consent).length;
            // full: the vendor's identity deploys, and must not hold DelegatedPermissionGrant.ReadWrite.All.
            assert.equal(consents(await declare()), 0, "a full stack grants no consent unless asked");
            const customer = { mode: "customer", oidcAppOnly: "true", provisionOnDemand: [], entraTenantDomain: "" };
            assert.equal(consents(await declare(customer)), 1, "a customer stack (their own admin) grants it");
            assert.equal(consents(await declare({ ...customer, grantAdminConsent: "false" })), 0);

            const { only, mocks } = await declare({ grantAdminConsent: "true" });
            const grant = only(T.consent).inputs;
            assert.deepEqual(grant.claimValues, ["openid", "profile", "email", "User.Read"]);
            const oidcSp = mocks.ofType("azuread:index/servicePrincipal:ServicePrincipal")[0];
            assert.equal(grant.servicePrincipalObjectId, oidcSp.state.objectId);
            assert.match(grant.resourceServicePrincipalObjectId, /^[0-9a-f-]{36}$/);
        });
        it("assignPrincipals false declares no app role assignment (the customer's admin assigns), true assigns on both apps", async () => {
            const assignments = (d: { requests: RegistrationRequest[] }) => d.requests.filter((r) => r.type === T.assignment);
            assert.equal(assignments(await declare()).length, 2, "one user on each of the two apps");
            const skipped = await declare({ assignPrincipals: "false", provisionOnDemand: [] });
            assert.deepEqual(assignments(skipped), []);
            assert.equal(skipped.requests.filter((r) => r.type === T.fromTemplate).length, 1, "the rest is still declared");
        });
        it("auth0CustomDomain adds its /login/callback redirect URI", async () => {
            const { only } = await declare({ auth0CustomDomain: "login.acme.com" });
            assert.deepEqual(only(T.application).inputs.web.redirectUris, [
                "https://acme.us.auth0.com/login/callback",
                "https://login.acme.com/login/callback",
            ]);
        });
    });
});
