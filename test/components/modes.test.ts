/**
 * `mode`: a vendor stack (Auth0 side) and a customer stack (Entra side) declare, between them, exactly
 * what a full stack declares, with the values that cross between vendors passed through config; and
 * each refuses keys it does not use and names who produces the ones it needs.
 */
import * as assert from "node:assert/strict";
import { ConfigValidationError, loadTenantConfig } from "../../components/config";
import { defaultGrantAdminConsent, KEY_MODES } from "../../components/modes";
import { CustomerTenant, TENANT_NAME } from "../../components/tenant";
import { configWith, installMocks, settle, unwrap, type Registration } from "../mocks";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const SHARED = { auth0Domain: "acme.us.auth0.com", provisionGroups: "true", protect: "true" };
const AUTH0_SIDE = { entraTenantDomain: "contoso.onmicrosoft.com", enabledClients: ["spaClient123"], scimTokenLifetimeDays: "90", additionalMappings: [{ auth0: "app_metadata.cost_center", scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.costCenter" }] };
const ENTRA_SIDE = { assignedUsers: [USER], provisionOnDemand: [USER], grantAdminConsent: "true" };

/** Values that cross from one vendor's side to the other's: they come from config in a split stack. */
const CROSSING = new Set(["pulumi-nodejs:dynamic/auth0:ScimTokenRevocation::confirmation"]);
const GUARD = "pulumi-nodejs:dynamic/guard:StackGuard";
/** Inputs only a stack with both sides has: the revocation checks Entra's confirmation against the token. */
const BOTH_SIDES_ONLY = new Set(["pulumi-nodejs:dynamic/auth0:ScimTokenRevocation::tokenFingerprint", "pulumi-nodejs:dynamic/auth0:ScimTokenRevocation::confirmedFingerprint"]);

async function run(values: Record<string, unknown>, secretKeys: string[] = []) {
    const mocks = await installMocks(false, true);
    configWith(values, secretKeys);
    const tenant = new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, "contoso"));
    await settle();
    return { mocks, tenant };
}

/** What a registration declares: type, logical name and inputs (crossing values blanked). */
function declared(r: Registration): string {
    const inputs = Object.fromEntries(
        Object.entries(r.inputs)
            .filter(([k]) => k !== "__provider" && !BOTH_SIDES_ONLY.has(`${r.type}::${k}`))
            .map(([k, v]) => [k, CROSSING.has(`${r.type}::${k}`) ? "<crossing>" : v]),
    );
    return `${r.type}::${r.name}::${JSON.stringify(inputs, Object.keys(flatKeys(inputs)).sort())}`;
}

/** Every key at any depth, for a key-sorted JSON. */
function flatKeys(value: unknown, keys: Record<string, true> = {}): Record<string, true> {
    if (Array.isArray(value)) value.forEach((v) => flatKeys(v, keys));
    else if (value && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            keys[k] = true;
            flatKeys(v, keys);
        }
    }
    return keys;
}

describe("modes: full = vendor + customer", () => {
    it("the vendor and customer stacks declare exactly what the full stack declares (types, names, inputs)", async () => {
        const full = await run({ ...SHARED, ...AUTH0_SIDE, ...ENTRA_SIDE });
        const application = full.mocks.single("azuread:index/application:Application");
        const password = full.mocks.single("azuread:index/applicationPassword:ApplicationPassword");
        const token = full.mocks.single("pulumi-nodejs:dynamic/auth0:ScimToken");

        const vendor = await run(
            { ...SHARED, ...AUTH0_SIDE, mode: "vendor", oidcClientId: application.state.clientId, oidcClientSecret: password.state.value },
            ["oidcClientSecret"],
        );
        const customer = await run(
            {
                ...SHARED,
                ...ENTRA_SIDE,
                mode: "customer",
                tenantUrl: (await unwrap(full.tenant.tenantUrl!)).value,
                scimToken: token.state.token,
                scimTokenValidUntil: token.state.validUntil,
            },
            ["scimToken"],
        );

        // Every stack has its own top component and guard; the rest is split between the two sides.
        const perStack = ["auth0-entra-scim:index:CustomerTenant", GUARD];
        for (const [stack, mode] of [[full, "full"], [vendor, "vendor"], [customer, "customer"]] as const) {
            assert.equal(stack.mocks.single(GUARD).inputs.mode, mode);
        }
        const split = (r: Registration) => !perStack.includes(r.type);
        const parts = [...vendor.mocks.registrations, ...customer.mocks.registrations].filter(split).map(declared);
        const whole = full.mocks.registrations.filter(split).map(declared);
        assert.equal(new Set(parts).size, parts.length, "nothing is declared by both sides");
        assert.deepEqual([...parts].sort(), [...whole].sort());
        assert.ok(whole.length > 20, `only ${whole.length} registrations: the comparison would prove little`);
    });

    it("a vendor stack has no Entra resource, a customer stack no Auth0 resource", async () => {
        const vendor = await run({ ...SHARED, ...AUTH0_SIDE, mode: "vendor", oidcClientId: USER, oidcClientSecret: "s3cr3t-value" }, ["oidcClientSecret"]);
        assert.deepEqual(vendor.mocks.registrations.filter((r) => r.type.startsWith("azuread:") || r.type.includes("/entra:")), []);
        assert.equal(vendor.mocks.single("pulumi-nodejs:dynamic/auth0:ScimTokenRevocation").inputs.confirmation, "usage");
        const connection = vendor.mocks.single("auth0:index/connection:Connection");
        assert.equal(connection.inputs.options.clientId, USER);
        assert.ok(connection.secretInputs.has("options"), "the customer's client secret stays a secret");
        for (const name of ["tenantUrl", "scimToken", "redirectUri", "scimTokenValidUntil"] as const) {
            assert.ok(vendor.tenant[name], `a vendor stack outputs ${name}`);
        }
        assert.equal((await unwrap(vendor.tenant.scimToken!)).secret, true);

        const customer = await run(
            { ...SHARED, ...ENTRA_SIDE, mode: "customer", tenantUrl: "https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", scimToken: "tok_1.value" },
            ["scimToken"],
        );
        assert.deepEqual(customer.mocks.registrations.filter((r) => r.type.startsWith("auth0:") || r.type.includes("/auth0:")), []);
        assert.equal(customer.mocks.single(GUARD).inputs.connectionName, undefined, "no connection to guard");
        const secret = customer.mocks.single("azuread:index/synchronizationSecret:SynchronizationSecret");
        assert.ok(secret.secretInputs.has("credentials"));
        const clientSecret = await unwrap(customer.tenant.oidcClientSecret!);
        assert.equal(clientSecret.secret, true);
        assert.equal(clientSecret.value, customer.mocks.single("azuread:index/applicationPassword:ApplicationPassword").state.value);
    });

    it("a customer stack run before the vendor side exists builds only the OIDC app", async () => {
        const { mocks, tenant } = await run({ ...SHARED, ...ENTRA_SIDE, mode: "customer", provisionOnDemand: [], oidcAppOnly: "true" });
        const types = new Set(mocks.registrations.map((r) => r.type));
        assert.ok(types.has("azuread:index/application:Application"));
        assert.ok(!types.has("azuread:index/applicationFromTemplate:ApplicationFromTemplate"));
        assert.ok(!types.has("azuread:index/synchronizationJob:SynchronizationJob"));
        assert.equal(mocks.ofType("azuread:index/appRoleAssignment:AppRoleAssignment").length, 1, "the OIDC app's assignment only");
        assert.ok(tenant.oidcClientId && tenant.oidcClientSecret);
    });
});

describe("modes: config", () => {
    const problems = (values: Record<string, unknown>, secretKeys: string[] = []): string[] => {
        configWith(values, secretKeys);
        try {
            loadTenantConfig(undefined, undefined, "contoso");
        } catch (error) {
            assert.ok(error instanceof ConfigValidationError, String(error));
            return [...error.problems];
        }
        return [];
    };

    it("refuses a key the mode does not use, naming the modes that do", () => {
        const found = problems({ ...SHARED, ...AUTH0_SIDE, mode: "vendor", oidcClientId: USER, oidcClientSecret: "x-secret", assignedUsers: [USER] }, ["oidcClientSecret"]);
        assert.deepEqual(found, [
            "auth0-entra-scim:assignedUsers is set, but a vendor stack does not use it: only a full or customer stack does; remove it with `pulumi config rm assignedUsers`",
        ]);
        const customer = problems({ ...SHARED, mode: "customer", connectionName: "contoso-entra" });
        assert.match(customer.join("\n"), /auth0-entra-scim:connectionName is set, but a customer stack does not use it: only a full or vendor stack does/);
        const full = problems({ ...SHARED, ...AUTH0_SIDE, tenantUrl: "https://x/scim/v2/connections/c?aadOptscim062020" });
        assert.match(full.join("\n"), /auth0-entra-scim:tenantUrl is set, but a full stack does not use it: only a customer stack does/);
    });

    it("refuses a customer Tenant URL that is not Auth0's, parsed as a URL", () => {
        const customer = (tenantUrl: string) =>
            problems({ ...SHARED, ...ENTRA_SIDE, mode: "customer", tenantUrl, scimToken: "tok_1.value" }, ["scimToken"]).filter((p) => p.includes(":tenantUrl:"));
        assert.deepEqual(customer("https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020"), []);
        assert.deepEqual(customer("https://127.0.0.1:8443/scim/v2/connections/con_1?aadOptscim062020"), []);
        for (const bad of [
            "https://acme.us.auth0.com@attacker.example/scim/v2/connections/con_1?aadOptscim062020",
            "http://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020",
            "https://acme.us.auth0.com:8443/scim/v2/connections/con_1?aadOptscim062020",
            "https://acme.us.auth0.com/scim/v2/connections/../con_1?aadOptscim062020",
            "https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020&x=1",
            "https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020#frag",
        ]) {
            assert.equal(customer(bad).length, 1, bad);
        }
    });

    it("says who produces a missing key", () => {
        const vendor = problems({ ...SHARED, ...AUTH0_SIDE, mode: "vendor" }).join("\n");
        assert.match(vendor, /auth0-entra-scim:oidcClientId is required in a vendor stack: .*from the customer's `pulumi stack output oidcClientId`/);
        assert.match(vendor, /auth0-entra-scim:oidcClientSecret is required in a vendor stack: .*pulumi config set --secret oidcClientSecret/);
        const customer = problems({ ...SHARED, mode: "customer", scimToken: "tok_1.value" }, ["scimToken"]).join("\n");
        assert.match(customer, /auth0-entra-scim:tenantUrl is required in a customer stack: .*from the vendor's `pulumi stack output tenantUrl`/);
    });

    it("refuses a credential stored in clear, without echoing it, and a malformed Tenant URL", () => {
        const found = problems({ ...SHARED, mode: "customer", tenantUrl: "https://acme.us.auth0.com/scim/v2/connections/con_1", scimToken: "tok_plain.leaked-value" }).join("\n");
        assert.match(found, /auth0-entra-scim:scimToken is a credential but is stored in clear: set it again with `pulumi config set --secret scimToken`/);
        assert.ok(!found.includes("leaked-value"));
        assert.match(found, /auth0-entra-scim:tenantUrl: "https:\/\/acme\.us\.auth0\.com\/scim\/v2\/connections\/con_1" is not Auth0's Tenant URL for Entra/);
    });

    it("refuses a customer stack without tenantUrl and scimToken unless oidcAppOnly says so (unsetting them deletes provisioning; issue 14, item 6)", () => {
        const found = problems({ ...SHARED, ...ENTRA_SIDE, mode: "customer", provisionOnDemand: [] }).join("\n");
        assert.match(found, /auth0-entra-scim:tenantUrl and auth0-entra-scim:scimToken are both unset in a customer stack/);
        assert.match(found, /would delete it/);
        assert.match(found, /pulumi config set oidcAppOnly true/);
        assert.deepEqual(problems({ ...SHARED, ...ENTRA_SIDE, mode: "customer", provisionOnDemand: [], oidcAppOnly: "true" }), []);
        const both = problems(
            { ...SHARED, ...ENTRA_SIDE, mode: "customer", oidcAppOnly: "true", tenantUrl: "https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020", scimToken: "tok_1.value" },
            ["scimToken"],
        ).join("\n");
        assert.match(both, /auth0-entra-scim:oidcAppOnly is true, but .* is set: provisioning needs oidcAppOnly off/);
        assert.match(problems({ ...SHARED, ...AUTH0_SIDE, oidcAppOnly: "true" }).join("\n"), /oidcAppOnly is set, but a full stack does not use it/);
    });

    it("refuses an unknown mode", () => {
        assert.match(problems({ ...SHARED, ...AUTH0_SIDE, mode: "both" }).join("\n"), /auth0-entra-scim:mode: "both" is not one of full, vendor, customer/);
    });

    it("grantAdminConsent's default follows who deploys the Entra side: the vendor's identity (full) no, the customer's admin (customer) yes", () => {
        assert.equal(defaultGrantAdminConsent("full"), false);
        assert.equal(defaultGrantAdminConsent("customer"), true);
        assert.deepEqual(KEY_MODES.grantAdminConsent, ["full", "customer"], "a vendor stack has no Entra side to consent on");
        assert.deepEqual(KEY_MODES.assignPrincipals, ["full", "customer"]);
    });
});

