import * as assert from "node:assert/strict";
import { entraProvisioningCredentials, oidcAppAssignmentRequired } from "../../policy/policies";
import * as types from "../../policy/resourceTypes";
import { oidcServicePrincipals } from "../../policy/rules";
import { runResourcePolicy, runStackPolicy, stackResource, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_STRING, urnOf, urnsOf } from "./harness";

const TENANT_URL = "https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020";
const credentials = (entries: Record<string, unknown>) => Object.entries(entries).map(([key, value]) => ({ key, value }));

describe("policy entra-provisioning-credentials (resource, mandatory)", () => {
    it("passes a Tenant URL with ?aadOptscim062020 and SyncAll false", async () => {
        const props = { servicePrincipalId: "/servicePrincipals/x", credentials: credentials({ BaseAddress: TENANT_URL, SecretToken: "s3cr3t", SyncAll: "false" }) };
        assert.deepEqual(await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, props), []);
    });

    it("fails a Tenant URL without the flag and SyncAll true, without echoing the secret token", async () => {
        const props = {
            credentials: credentials({ BaseAddress: "https://acme.us.auth0.com/scim/v2/connections/con_1", SecretToken: "s3cr3t", SyncAll: "true" }),
        };
        const messages = await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, props);
        assert.equal(messages.length, 2);
        assert.match(messages[0], /BaseAddress .* does not end with \?aadOptscim062020/);
        assert.match(messages[1], /SyncAll is "true"; it must be "false"/);
        assert.ok(messages.every((m) => !m.includes("s3cr3t")));
    });

    it("fails credentials without BaseAddress or SyncAll, and the flag anywhere but at the end", async () => {
        const missing = await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, { credentials: credentials({ SecretToken: "t" }) });
        assert.equal(missing.length, 2);
        assert.match(missing[0], /no BaseAddress/);
        assert.match(missing[1], /no SyncAll/);
        const misplaced = await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, {
            credentials: credentials({ BaseAddress: "https://a/scim/v2/connections/con_1?aadOptscim062020&x=1", SyncAll: "false" }),
        });
        assert.equal(misplaced.length, 1);
    });

    it("reports nothing on values unknown during preview (the Tenant URL holds the new connection's id)", async () => {
        const unknownUrl = { credentials: credentials({ BaseAddress: UNKNOWN_STRING, SecretToken: UNKNOWN_STRING, SyncAll: "false" }) };
        assert.deepEqual(await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, unknownUrl), []);
        assert.deepEqual(await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, { credentials: UNKNOWN_ARRAY }), []);
        const unknownKey = { credentials: [{ key: UNKNOWN_STRING, value: TENANT_URL }, { key: "SyncAll", value: "false" }] };
        assert.deepEqual(await runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, unknownKey), []);
    });
});

describe("policy oidc-app-assignment-required (stack, mandatory)", () => {
    const CLIENT_ID = "9d2c7f3e-4b1a-4e6f-8c0d-2a3b4c5d6e7f";
    const oidcApp = () =>
        stackResource(types.APPLICATION, "oidc-app", {
            displayName: "Auth0 sign-in (contoso)",
            clientId: UNKNOWN_STRING,
            web: { redirectUris: ["https://acme.us.auth0.com/login/callback"] },
        });

    it("passes when the OIDC app's service principal requires assignment", async () => {
        const app = oidcApp();
        const sp = stackResource(types.SERVICE_PRINCIPAL, "oidc-sp", { clientId: UNKNOWN_STRING, appRoleAssignmentRequired: true }, { clientId: [app] });
        assert.deepEqual(await runStackPolicy(oidcAppAssignmentRequired, [app, sp]), []);
    });

    it("fails when it does not (false or unset), naming the service principal", async () => {
        for (const required of [false, undefined]) {
            const app = oidcApp();
            const sp = stackResource(types.SERVICE_PRINCIPAL, "oidc-sp", { clientId: UNKNOWN_STRING, appRoleAssignmentRequired: required }, { clientId: [app] });
            const reported = await runStackPolicy(oidcAppAssignmentRequired, [app, sp]);
            assert.equal(reported.length, 1);
            assert.equal(reported[0].urn, urnOf(types.SERVICE_PRINCIPAL, "oidc-sp"));
            assert.match(reported[0].message, /appRoleAssignmentRequired is (false|unset)/);
        }
    });

    it("identifies the OIDC app as the one a waad connection signs in with, even without a callback URI", async () => {
        const app = stackResource(types.APPLICATION, "app", { displayName: "x", clientId: UNKNOWN_STRING });
        const connection = stackResource(types.CONNECTION, "c", { strategy: "waad", options: { clientId: UNKNOWN_STRING } }, { options: [app] });
        const sp = stackResource(types.SERVICE_PRINCIPAL, "sp", { clientId: UNKNOWN_STRING, appRoleAssignmentRequired: false }, { clientId: [app] });
        assert.deepEqual(urnsOf(oidcServicePrincipals([app, connection, sp])), [sp.urn]);
        assert.equal((await runStackPolicy(oidcAppAssignmentRequired, [app, connection, sp])).length, 1);
    });

    it("identifies it by client id values, and through an ApplicationRedirectUris of type Web", async () => {
        // Hand-written stack: the app registration lives elsewhere; the connection and the SP carry its client id.
        const connection = stackResource(types.CONNECTION, "c", { strategy: "waad", options: { clientId: CLIENT_ID } });
        const sp = stackResource(types.SERVICE_PRINCIPAL, "sp", { clientId: CLIENT_ID, appRoleAssignmentRequired: false });
        assert.deepEqual(urnsOf(oidcServicePrincipals([connection, sp])), [sp.urn]);

        const app = stackResource(types.APPLICATION, "app", { displayName: "x", clientId: UNKNOWN_STRING });
        const redirects = stackResource(
            types.APPLICATION_REDIRECT_URIS,
            "uris",
            { applicationId: UNKNOWN_STRING, type: "Web", redirectUris: ["https://login.example.com/login/callback"] },
            { applicationId: [app] },
        );
        const sp2 = stackResource(types.SERVICE_PRINCIPAL, "sp2", { clientId: UNKNOWN_STRING }, { clientId: [app] });
        assert.deepEqual(urnsOf(oidcServicePrincipals([app, redirects, sp2])), [sp2.urn]);
    });

    it("leaves other service principals alone (e.g. an app without Auth0's callback)", async () => {
        const app = stackResource(types.APPLICATION, "api", { displayName: "api", clientId: UNKNOWN_STRING, web: { redirectUris: ["https://app.example.com/signin-oidc"] } });
        const sp = stackResource(types.SERVICE_PRINCIPAL, "api-sp", { clientId: UNKNOWN_STRING, appRoleAssignmentRequired: false }, { clientId: [app] });
        assert.deepEqual(await runStackPolicy(oidcAppAssignmentRequired, [app, sp]), []);
    });

    it("reports nothing while appRoleAssignmentRequired is unknown", async () => {
        const app = oidcApp();
        const sp = stackResource(types.SERVICE_PRINCIPAL, "oidc-sp", { clientId: UNKNOWN_STRING, appRoleAssignmentRequired: UNKNOWN_BOOL }, { clientId: [app] });
        assert.deepEqual(await runStackPolicy(oidcAppAssignmentRequired, [app, sp]), []);
    });
});
