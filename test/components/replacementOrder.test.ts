/**
 * Issue 14, items 1–2: a forced replacement (`up --replace`, `--target-replace`, `state taint`) never
 * calls the provider's `diff`, so an order that correctness relies on must be a resource *option*.
 * Asserted on the registration requests the engine receives.
 */
import * as assert from "node:assert/strict";
import { loadTenantConfig } from "../../components/config";
import { CustomerTenant, TENANT_NAME } from "../../components/tenant";
import { configWith, installMocks, recordRegistrationRequests, settle } from "../mocks";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";

async function declare(values: Record<string, unknown> = {}) {
    await installMocks();
    const requests = recordRegistrationRequests();
    configWith({ auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedUsers: [USER], provisionOnDemand: [USER], ...values });
    new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, "contoso"));
    await settle();
    return requests;
}

/** Types whose delete undoes what a new instance on the same object just did (or would collide with it). */
const DELETE_FIRST = [
    // Delete restores the template onto the same job: after the new one's edits it would undo them.
    "pulumi-nodejs:dynamic/entra:ProvisioningSchema",
    // Delete pauses the same job: after the new one's start it would leave it paused.
    "pulumi-nodejs:dynamic/entra:ProvisioningStart",
    // Delete clears the service principal's credentials: after the new one's write, Entra holds no token.
    "azuread:index/synchronizationSecret:SynchronizationSecret",
    // An assignment exists once: a second create of the same one is refused.
    "azuread:index/appRoleAssignment:AppRoleAssignment",
    // Its delete must never outlive it as a pending delete.
    "pulumi-nodejs:dynamic/guard:StackGuard",
];

/** Types whose new instance must exist before the old one goes (the old token stays until Entra holds the new). */
const CREATE_FIRST = ["pulumi-nodejs:dynamic/auth0:ScimToken", "azuread:index/applicationPassword:ApplicationPassword"];

describe("replacement order is a resource option (honoured on forced replacements)", () => {
    for (const type of DELETE_FIRST) {
        it(`${type.split(":").pop()} is deleteBeforeReplace`, async () => {
            const found = (await declare()).filter((r) => r.type === type);
            assert.ok(found.length > 0, type);
            for (const r of found) assert.equal(r.deleteBeforeReplace, true, r.name);
        });
    }
    it("GroupRoles is deleteBeforeReplace: a new binding for the same group would adopt the roles the old one's delete then removes", async () => {
        const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
        const requests = await declare({ assignedGroups: [GROUP], provisionGroups: "true", groupRoles: { [GROUP]: ["Billing Admin"] } });
        const found = requests.filter((r) => r.type === "pulumi-nodejs:dynamic/auth0:GroupRoles");
        assert.equal(found.length, 1);
        assert.equal(found[0].deleteBeforeReplace, true);
    });
    for (const type of CREATE_FIRST) {
        it(`${type.split(":").pop()} keeps create-before-delete`, async () => {
            for (const r of (await declare()).filter((x) => x.type === type)) assert.equal(r.deleteBeforeReplace, false, r.name);
        });
    }
});
