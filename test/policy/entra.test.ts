import * as assert from "node:assert/strict";
import { entraProvisioningCredentials, oidcAppAssignmentRequired, oidcAppPermissions } from "../../policy/policies";
import * as types from "../../policy/resourceTypes";
import { oidcApiAccesses, oidcApplications, oidcConsentGrants, oidcServicePrincipals } from "../../policy/rules";
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
        assert.match(messages[0], /BaseAddress .* does not have exactly the query \?aadOptscim062020/);
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

    const check = (baseAddress: unknown, config: object = {}) =>
        runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, { credentials: credentials({ BaseAddress: baseAddress, SyncAll: "false" }) }, config);

    it("passes the Tenant URL shapes the program writes: an Auth0 domain, a loopback emulator with a port", async () => {
        for (const url of [
            TENANT_URL,
            "https://acme.eu.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
            "https://127.0.0.1:8443/scim/v2/connections/con_1?aadOptscim062020",
            "https://localhost:3000/scim/v2/connections/con_1?aadOptscim062020",
            "https://ACME.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020",
            "https://login.acme.example/scim/v2/connections/con_2c5d-11ab?aadOptscim062020",
        ]) {
            assert.deepEqual(await check(url), [], url);
        }
    });

    it("fails a Tenant URL that is not a URL, not https, or has userinfo (the host would be the part after @)", async () => {
        const cases: [unknown, RegExp][] = [
            ["acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", /is not a URL/],
            [42, /is 42, not a string/],
            ["http://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", /uses "http", not https/],
            ["ftp://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", /uses "ftp", not https/],
            ["https://acme.us.auth0.com@attacker.example/scim/v2/connections/con_1?aadOptscim062020", /has userinfo/],
            ["https://user:hunter2@acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", /has userinfo/],
        ];
        for (const [url, pattern] of cases) {
            const messages = await check(url);
            assert.equal(messages.length, 1, String(url));
            assert.match(messages[0], pattern);
            assert.ok(!messages[0].includes("hunter2"), "a password in the URL is never echoed");
        }
    });

    it("fails a port on a host that is not loopback, and a path or query other than the exact shape", async () => {
        const cases: [string, RegExp][] = [
            ["https://acme.us.auth0.com:8443/scim/v2/connections/con_1?aadOptscim062020", /has a port on "acme.us.auth0.com"; a port is allowed only on a loopback host/],
            ["https://acme.us.auth0.com:443/scim/v2/connections/con_1?aadOptscim062020", /has a port on "acme.us.auth0.com"/],
            ["https://127.0.0.2:8443/scim/v2/connections/con_1?aadOptscim062020", /a port is allowed only on a loopback host/],
            ["https://acme.us.auth0.com/scim/v2/connections/con_1/Users?aadOptscim062020", /path \/scim\/v2\/connections\/<connection id>/],
            ["https://acme.us.auth0.com/scim/v2/connections/?aadOptscim062020", /path/],
            ["https://acme.us.auth0.com/api/v2/connections/con_1?aadOptscim062020", /path/],
            ["https://acme.us.auth0.com/x/scim/v2/connections/con_1?aadOptscim062020", /path/],
            ["https://acme.us.auth0.com/scim/v2/connections/con%5F1?aadOptscim062020", /path/],
            ["https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020=1", /exactly the query/],
            ["https://acme.us.auth0.com/scim/v2/connections/con_1?x=1&aadOptscim062020", /exactly the query/],
            ["https://acme.us.auth0.com/scim/v2/connections/con_1", /exactly the query/],
            ["https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020#frag", /fragment/],
            ["https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020#", /fragment/],
        ];
        for (const [url, pattern] of cases) {
            const messages = await check(url);
            assert.equal(messages.length, 1, `${url}: ${messages.join(" | ")}`);
            assert.match(messages[0], pattern, url);
        }
    });

    it("fails a Tenant URL a URL parser rewrites (dot segments, backslashes, whitespace)", async () => {
        for (const url of [
            "https://acme.us.auth0.com/scim/v2/connections/x/../con_1?aadOptscim062020",
            "https://acme.us.auth0.com/scim/v2/connections/%2e%2e/con_1?aadOptscim062020",
            "https://acme.us.auth0.com\\scim/v2/connections/con_1?aadOptscim062020",
            "https://acme.us.auth0.com/scim/v2/conn\tections/con_1?aadOptscim062020",
            " https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020",
        ]) {
            const messages = await check(url);
            assert.equal(messages.length, 1, `${JSON.stringify(url)}: ${messages.join(" | ")}`);
            assert.match(messages[0], /not written in plain form|path/, url);
        }
    });

    it("with auth0Domains configured, passes only those hosts (case aside; host:port for an emulator)", async () => {
        const config = { auth0Domains: ["acme.us.auth0.com", "127.0.0.1:8443"] };
        assert.deepEqual(await check(TENANT_URL, config), []);
        assert.deepEqual(await check("https://Acme.US.auth0.com/scim/v2/connections/con_1?aadOptscim062020", config), []);
        assert.deepEqual(await check("https://127.0.0.1:8443/scim/v2/connections/con_1?aadOptscim062020", config), []);
        const other = await check("https://evil.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", config);
        assert.equal(other.length, 1);
        assert.match(other[0], /points at "evil.us.auth0.com", which is not one of the configured auth0Domains/);
        const otherPort = await check("https://127.0.0.1:9999/scim/v2/connections/con_1?aadOptscim062020", config);
        assert.equal(otherPort.length, 1);
        assert.match(otherPort[0], /auth0Domains/);
        // The configured names are compared without regard to case too.
        assert.deepEqual(await check(TENANT_URL, { auth0Domains: ["ACME.US.Auth0.com"] }), []);
        // A bare loopback name does not admit every port.
        const barePort = await check("https://127.0.0.1:8443/scim/v2/connections/con_1?aadOptscim062020", { auth0Domains: ["127.0.0.1"] });
        assert.equal(barePort.length, 1);
        // Without the knob (or with an empty list, or a value of the wrong type), any host passes.
        for (const lenient of [{}, { auth0Domains: [] }, { auth0Domains: "acme.us.auth0.com" }]) {
            assert.deepEqual(await check("https://evil.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", lenient), []);
        }
    });

    it("fails a credential key given twice (two SyncAll, two BaseAddress), whatever the values", async () => {
        const twice = (entries: [string, unknown][]) =>
            runResourcePolicy(entraProvisioningCredentials, types.SYNCHRONIZATION_SECRET, { credentials: entries.map(([key, value]) => ({ key, value })) });
        const syncAll = await twice([["BaseAddress", TENANT_URL], ["SyncAll", "false"], ["SyncAll", "false"]]);
        assert.equal(syncAll.length, 1);
        assert.match(syncAll[0], /credentials have "SyncAll" 2 times; each key must appear once/);
        const overridden = await twice([["BaseAddress", TENANT_URL], ["SyncAll", "false"], ["SyncAll", "true"]]);
        assert.equal(overridden.length, 2);
        assert.match(overridden[1], /SyncAll is "true"/);
        const baseAddress = await twice([["BaseAddress", TENANT_URL], ["BaseAddress", "https://attacker.example/scim/v2/connections/con_1?aadOptscim062020"], ["SyncAll", "false"]]);
        assert.equal(baseAddress.length, 1);
        assert.match(baseAddress[0], /"BaseAddress" 2 times/);
        const secrets = await twice([["BaseAddress", TENANT_URL], ["SecretToken", "s3cr3t-a"], ["SecretToken", "s3cr3t-b"], ["SyncAll", "false"]]);
        assert.equal(secrets.length, 1);
        assert.match(secrets[0], /"SecretToken" 2 times/);
        assert.ok(!secrets[0].includes("s3cr3t"));
        const badSecondUrl = await twice([["BaseAddress", TENANT_URL], ["BaseAddress", "http://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020"], ["SyncAll", "false"]]);
        assert.equal(badSecondUrl.length, 2);
        assert.match(badSecondUrl[1], /not https/);
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

describe("policy oidc-app-permissions (stack, mandatory)", () => {
    const GRAPH = "00000003-0000-0000-c000-000000000000";
    const SCOPE_IDS = {
        openid: "37f7f235-527c-4136-accd-4a02d197296e",
        profile: "14dad69e-099b-42c9-810b-d002981feec1",
        email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
        "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
    };
    const graphAccess = (accesses: unknown, resourceAppId: unknown = GRAPH) => ({ resourceAppId, resourceAccesses: accesses });
    const scopes = (ids: unknown[] = Object.values(SCOPE_IDS)) => ids.map((id) => ({ id, type: "Scope" }));
    const callback = { redirectUris: ["https://acme.us.auth0.com/login/callback"] };
    const app = (props: Record<string, unknown>, name = "oidc-app") =>
        stackResource(types.APPLICATION, name, { displayName: "Auth0 sign-in", clientId: UNKNOWN_STRING, web: callback, ...props });
    const sp = (application: ReturnType<typeof app>, props: Record<string, unknown> = {}) =>
        stackResource(types.SERVICE_PRINCIPAL, "oidc-sp", { clientId: UNKNOWN_STRING, appRoleAssignmentRequired: true, ...props }, { clientId: [application] });
    const grant = (principal: ReturnType<typeof sp>, claimValues: unknown, objectId: unknown = UNKNOWN_STRING) =>
        stackResource(
            types.DELEGATED_PERMISSION_GRANT,
            "oidc-consent",
            { servicePrincipalObjectId: objectId, resourceServicePrincipalObjectId: "graph-sp", claimValues },
            { servicePrincipalObjectId: [principal] },
        );
    const run = (resources: ReturnType<typeof stackResource>[]) => runStackPolicy(oidcAppPermissions, resources);

    it("passes the program's OIDC app: AzureADMyOrg, Graph's four delegated scopes, consent to the four", async () => {
        const a = app({ signInAudience: "AzureADMyOrg", requiredResourceAccesses: [graphAccess(scopes())] });
        const s = sp(a);
        assert.deepEqual(await run([a, s, grant(s, ["openid", "profile", "email", "User.Read"])]), []);
        // Fewer scopes, ids in upper case, signInAudience unset (azuread's default is AzureADMyOrg), no access list.
        const fewer = app({ requiredResourceAccesses: [graphAccess(scopes([SCOPE_IDS.openid.toUpperCase()]), GRAPH.toUpperCase())] });
        assert.deepEqual(await run([fewer, sp(fewer), grant(sp(fewer), ["openid"])]), []);
        assert.deepEqual(await run([app({})]), []);
    });

    it("fails a multi-tenant or personal-account signInAudience, naming the app", async () => {
        for (const audience of ["AzureADMultipleOrgs", "AzureADandPersonalMicrosoftAccount", "PersonalMicrosoftAccount"]) {
            const a = app({ signInAudience: audience });
            const reported = await run([a]);
            assert.equal(reported.length, 1, audience);
            assert.equal(reported[0].urn, urnOf(types.APPLICATION, "oidc-app"));
            assert.match(reported[0].message, new RegExp(`signInAudience is "${audience}"; the OIDC app must be AzureADMyOrg`));
        }
    });

    it("fails an API other than Microsoft Graph, an application permission (Role), and a Graph scope id beyond the four", async () => {
        const otherApi = await run([app({ requiredResourceAccesses: [graphAccess(scopes()), graphAccess(scopes(["11111111-1111-1111-1111-111111111111"]), "00000002-0000-0000-c000-000000000000")] })]);
        assert.equal(otherApi.length, 1);
        assert.match(otherApi[0].message, /resourceAppId "00000002-0000-0000-c000-000000000000"; the OIDC app needs Microsoft Graph/);
        const role = await run([app({ requiredResourceAccesses: [graphAccess([...scopes(), { id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" }])] })]);
        assert.equal(role.length, 1);
        assert.match(role[0].message, /type "Role" \(id "df021288-bdef-4463-88db-98f22de89214"\).*delegated permissions \(type "Scope"\)/);
        const extraScope = await run([app({ requiredResourceAccesses: [graphAccess(scopes([...Object.values(SCOPE_IDS), "a154be20-db9c-4678-8ab7-66f6cc099a59"]))] })]);
        assert.equal(extraScope.length, 1);
        assert.match(extraScope[0].message, /permission id "a154be20-db9c-4678-8ab7-66f6cc099a59", which is not one of openid, profile, email, User.Read/);
    });

    it("fails admin consent to more than the four scopes, naming the grant", async () => {
        const a = app({ signInAudience: "AzureADMyOrg" });
        const s = sp(a);
        const reported = await run([a, s, grant(s, ["openid", "User.Read.All", "Directory.ReadWrite.All"])]);
        assert.equal(reported.length, 1);
        assert.equal(reported[0].urn, urnOf(types.DELEGATED_PERMISSION_GRANT, "oidc-consent"));
        assert.match(reported[0].message, /claimValues "User.Read.All", "Directory.ReadWrite.All" are not among openid, profile, email, User.Read/);
    });

    it("finds the grant by the service principal's object id value too (no property dependency)", async () => {
        const a = app({});
        const s = sp(a, { objectId: "5b0c1d2e-0000-4000-8000-000000000001" });
        const byValue = stackResource(types.DELEGATED_PERMISSION_GRANT, "g", { servicePrincipalObjectId: "5b0c1d2e-0000-4000-8000-000000000001", claimValues: ["Mail.Read"] });
        const reported = await run([a, s, byValue]);
        assert.deepEqual(reported.map((r) => r.urn), [urnOf(types.DELEGATED_PERMISSION_GRANT, "g")]);
        assert.deepEqual(urnsOf(oidcConsentGrants([a, s, byValue])), [byValue.urn]);
    });

    it("checks an ApplicationApiAccess of the OIDC app: Graph only, no app roles, the four scope ids", async () => {
        const a = app({ id: "/applications/abc" });
        const access = (props: Record<string, unknown>, deps = true) =>
            stackResource(types.APPLICATION_API_ACCESS, "access", { applicationId: "/applications/abc", ...props }, deps ? { applicationId: [a] } : {});
        assert.deepEqual(await run([a, access({ apiClientId: GRAPH, scopeIds: Object.values(SCOPE_IDS) })]), []);
        const bad = await run([a, access({ apiClientId: GRAPH, scopeIds: [SCOPE_IDS.openid, "a154be20-db9c-4678-8ab7-66f6cc099a59"], roleIds: ["df021288-bdef-4463-88db-98f22de89214"] })]);
        assert.equal(bad.length, 2);
        assert.match(bad[0].message, /roleIds lists 1 app role/);
        assert.match(bad[1].message, /scopeIds "a154be20-db9c-4678-8ab7-66f6cc099a59" are not Graph's/);
        const otherApi = await run([a, access({ apiClientId: "00000002-0000-0000-c000-000000000000", scopeIds: ["x"] }, false)]);
        assert.equal(otherApi.length, 1, "found by the application id value");
        assert.match(otherApi[0].message, /apiClientId is "00000002-0000-0000-c000-000000000000"/);
        assert.deepEqual(urnsOf(oidcApiAccesses([a, access({}, false)])), [urnOf(types.APPLICATION_API_ACCESS, "access")]);
    });

    it("leaves alone apps that are not the OIDC app, and their grants", async () => {
        const other = stackResource(types.APPLICATION, "api", {
            clientId: UNKNOWN_STRING,
            signInAudience: "AzureADMultipleOrgs",
            web: { redirectUris: ["https://app.example.com/signin-oidc"] },
            requiredResourceAccesses: [graphAccess([{ id: "df021288-bdef-4463-88db-98f22de89214", type: "Role" }])],
        });
        const otherSp = stackResource(types.SERVICE_PRINCIPAL, "api-sp", { clientId: UNKNOWN_STRING }, { clientId: [other] });
        const otherGrant = stackResource(types.DELEGATED_PERMISSION_GRANT, "api-consent", { servicePrincipalObjectId: UNKNOWN_STRING, claimValues: ["Mail.Read"] }, { servicePrincipalObjectId: [otherSp] });
        const otherAccess = stackResource(types.APPLICATION_API_ACCESS, "api-access", { applicationId: UNKNOWN_STRING, apiClientId: "x", roleIds: ["r"] }, { applicationId: [other] });
        assert.deepEqual(await run([other, otherSp, otherGrant, otherAccess]), []);
    });

    it("identifies the OIDC app through the waad connection that signs in with it", async () => {
        const a = stackResource(types.APPLICATION, "app", { clientId: UNKNOWN_STRING, signInAudience: "AzureADMultipleOrgs" });
        const connection = stackResource(types.CONNECTION, "c", { strategy: "waad", options: { clientId: UNKNOWN_STRING } }, { options: [a] });
        assert.deepEqual(urnsOf(oidcApplications([a, connection])), [a.urn]);
        assert.equal((await run([a, connection])).length, 1);
    });

    it("reports nothing on values unknown during preview", async () => {
        const a = app({
            signInAudience: UNKNOWN_STRING,
            requiredResourceAccesses: [graphAccess([{ id: UNKNOWN_STRING, type: "Scope" }, { id: UNKNOWN_STRING, type: UNKNOWN_STRING }]), graphAccess(UNKNOWN_ARRAY, UNKNOWN_STRING)],
        });
        const s = sp(a);
        assert.deepEqual(await run([a, s, grant(s, UNKNOWN_ARRAY), grant(s, ["openid", UNKNOWN_STRING])]), []);
        assert.deepEqual(await run([app({ requiredResourceAccesses: UNKNOWN_ARRAY })]), []);
        // An unknown resourceAppId: the scope ids cannot be judged (they are Graph's only for Graph).
        assert.deepEqual(await run([app({ requiredResourceAccesses: [graphAccess(scopes(["not-a-graph-id"]), UNKNOWN_STRING)] })]), []);
    });
});
