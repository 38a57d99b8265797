/**
 * Issue 14, items 4, 5 and 7: the guard refuses before anything is changed and can never wedge the
 * stack; Pulumi's own `protect` keeps what reaches live users even when the guard is gone.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { loadTenantConfig } from "../../components/config";
import { CustomerTenant, TENANT_NAME } from "../../components/tenant";
import { configWith, installMocks, recordRegistrationRequests, settle } from "../mocks";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const GUARD = "pulumi-nodejs:dynamic/guard:StackGuard";
const TENANT = "auth0-entra-scim:index:CustomerTenant";
/** Deleting these undoes nothing anyone uses: they opt out of protection, so they can always go. */
const HARMLESS = [
    GUARD,
    "pulumi-nodejs:dynamic/entra:ScimTokenConfirmation",
    "pulumi-nodejs:dynamic/entra:ProvisionOnDemandCheck",
    "pulumi-nodejs:dynamic/auth0:ScimTokenRevocation",
];

async function declare(values: Record<string, unknown> = {}) {
    const mocks = await installMocks();
    const requests = recordRegistrationRequests();
    configWith({
        auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedUsers: [USER], provisionOnDemand: [USER],
        selfServiceProfile: "true", enabledClients: ["spaClient123"], ...values,
    });
    new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, "contoso"));
    await settle();
    return { mocks, requests };
}

describe("the stack guard and protection (issue 14, items 4, 5, 7)", () => {
    it("declares the guard first, and every child of the tenant waits for it (its refusal comes before any change)", async () => {
        const { requests } = await declare();
        assert.equal(requests.filter((r) => r.type !== TENANT)[0].type, GUARD);
        const guard = requests.find((r) => r.type === GUARD)!;
        assert.deepEqual(guard.dependsOnNames, []);
        const direct = requests.filter((r) => ["tenant-oidc", "tenant-waad", "tenant-scim", "tenant-sso", "tenant-provisioning", "tenant-activation", "tenant-token-revocation", "tenant-oidc-assignments", "tenant-provisioning-assignments"].includes(r.name));
        assert.equal(direct.length, 9, direct.map((r) => r.name).join());
        for (const r of direct) assert.ok(r.dependsOnNames.includes(guard.name), `${r.name} does not wait for the guard`);
    });

    it("a guard that refuses (check failure) lets nothing else be registered", async () => {
        const mocks = await installMocks();
        const original = mocks.newResource.bind(mocks);
        mocks.newResource = async (args) => {
            if (args.type === GUARD) throw new Error("refused");
            return original(args);
        };
        configWith({ auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedUsers: [USER] });
        const swallow = () => undefined;
        process.on("unhandledRejection", swallow);
        try {
            new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, "contoso"));
            // Not `settle()`: what waits for a guard that never answers never finishes.
            await new Promise((resolve) => setTimeout(resolve, 1_000));
        } finally {
            process.off("unhandledRejection", swallow);
        }
        assert.deepEqual(mocks.registrations.map((r) => r.type), [TENANT]);
    });

    it("protect=true: every resource but the harmless ones is protected by Pulumi itself (a destroy stops at them, guard or not)", async () => {
        const { requests } = await declare();
        const custom = requests.filter((r) => !r.type.startsWith("auth0-entra-scim:"));
        for (const r of custom) assert.equal(r.protect, !HARMLESS.includes(r.type), `${r.type} ${r.name}`);
        for (const type of [
            "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration", "pulumi-nodejs:dynamic/auth0:ScimToken",
            "azuread:index/synchronizationJob:SynchronizationJob", "azuread:index/synchronizationSecret:SynchronizationSecret",
            "azuread:index/appRoleAssignment:AppRoleAssignment", "pulumi-nodejs:dynamic/entra:ProvisioningSchema",
            "pulumi-nodejs:dynamic/entra:ProvisioningStart", "azuread:index/applicationPassword:ApplicationPassword",
        ]) {
            assert.ok(custom.some((r) => r.type === type), `${type} is declared`);
        }
    });

    it("protect=false lifts all of it (the one deliberate teardown: protect false, up, destroy)", async () => {
        const { requests } = await declare({ protect: "false" });
        for (const r of requests) assert.equal(r.protect, false, `${r.type} ${r.name}`);
    });

    it("the guard itself is never protected and is deleted before it is replaced", async () => {
        const guard = (await declare()).requests.find((r) => r.type === GUARD)!;
        assert.equal(guard.protect, false);
        assert.equal(guard.deleteBeforeReplace, true);
        assert.ok(pulumi);
    });
});
