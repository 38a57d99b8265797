import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { StackGuardProvider, type StackGuardInputs } from "../../../providers/guard/stackGuardProvider";

const guard = (extra: Partial<StackGuardInputs> = {}): StackGuardInputs => ({
    protect: true,
    mode: "full",
    connectionName: "contoso-entra",
    configNamespace: "auth0-entra-scim",
    ...extra,
});

describe("StackGuard", () => {
    const provider = new StackGuardProvider();

    it("refuses a configured connection name other than the one it recorded, saying what is lost and both ways out", async () => {
        const { failures } = await provider.check(guard(), guard({ connectionName: "dev-entra" }));
        assert.equal(failures!.length, 1);
        const reason = failures![0].reason;
        assert.match(reason, /auth0-entra-scim:connectionName is "dev-entra", but the deployed Auth0 connection is "contoso-entra"/);
        assert.match(reason, /deleted with every user in it/);
        assert.match(reason, /Nothing was changed/);
        assert.match(reason, /To keep it: pulumi config set auth0-entra-scim:connectionName contoso-entra/);
        assert.match(reason, /pulumi config set auth0-entra-scim:protect false and run pulumi up/);
    });

    it("reads the name a guard of the previous release recorded ({ configured, deployed }: the deployed one)", async () => {
        const previous = { ...guard(), connectionName: { configured: "contoso-entra", deployed: "contoso-entra" } } as unknown as StackGuardInputs;
        assert.equal((await provider.check(previous, guard({ connectionName: "dev-entra" }))).failures!.length, 1);
        assert.deepEqual((await provider.check(previous, guard())).failures, []);
    });

    it("lets a new stack, an unknown name and an unprotected stack through", async () => {
        assert.deepEqual((await provider.check(undefined, guard({ connectionName: "x" }))).failures, []);
        assert.deepEqual((await provider.check({} as StackGuardInputs, guard({ connectionName: "x" }))).failures, []);
        assert.deepEqual((await provider.check(guard(), guard({ connectionName: pulumi.runtime.unknownValue }))).failures, []);
        assert.deepEqual((await provider.check(guard(), guard({ protect: false, connectionName: "b" }))).failures, []);
    });

    it("refuses a mode change while protected, naming what would be deleted", async () => {
        const { failures } = await provider.check(guard(), guard({ mode: "vendor" }));
        assert.equal(failures![0].property, "mode");
        assert.match(failures![0].reason, /from full to vendor, which deletes .*the Entra apps, the provisioning job/);
        assert.match(failures![0].reason, /Nothing was changed/);
        assert.deepEqual((await provider.check(guard(), guard({ mode: "vendor", protect: false }))).failures, []);
    });

    it("refuses dropping the provisioning side of a customer stack (oidcAppOnly after provisioning), before any change", async () => {
        const customer = guard({ mode: "customer", connectionName: undefined, provisioning: true });
        const { failures } = await provider.check(customer, { ...customer, provisioning: false });
        assert.equal(failures![0].property, "provisioning");
        assert.match(failures![0].reason, /would delete the enterprise app, its provisioning job, credentials, assignments and mappings\. Nothing was changed/);
        assert.deepEqual((await provider.check({ ...customer, provisioning: false }, customer)).failures, []);
        assert.deepEqual((await provider.check(customer, { ...customer, provisioning: false, protect: false })).failures, []);
    });

    it("refuses revoking a full stack's admin consent only because the default changed (an earlier release's guard, grantAdminConsent unset)", async () => {
        const previous = guard({ provisioning: true }); // an earlier release recorded no adminConsent
        const upgraded = guard({ provisioning: true, adminConsent: false, adminConsentChosen: false });
        for (const protect of [true, false]) {
            const { failures } = await provider.check(previous, { ...upgraded, protect });
            assert.equal(failures!.length, 1);
            assert.equal(failures![0].property, "adminConsent");
            assert.match(failures![0].reason, /grantAdminConsent is unset, which in a full stack now means false/);
            assert.match(failures![0].reason, /Nothing was changed\. To keep it: pulumi config set auth0-entra-scim:grantAdminConsent true/);
        }
        // Chosen in config (the earlier release then made no grant), kept, or a new stack: no refusal.
        assert.deepEqual((await provider.check(previous, { ...upgraded, adminConsentChosen: true })).failures, []);
        assert.deepEqual((await provider.check(previous, { ...upgraded, adminConsent: true })).failures, []);
        assert.deepEqual((await provider.check(undefined, upgraded)).failures, []);
        assert.deepEqual((await provider.check(guard({ mode: "customer", provisioning: true }), { ...upgraded, mode: "customer" })).failures, []);
    });

    it("refuses turning admin consent off while protected, and lets it through once unprotected", async () => {
        const granted = guard({ provisioning: true, adminConsent: true, adminConsentChosen: true });
        const off = { ...granted, adminConsent: false };
        const reason = (await provider.check(granted, off)).failures![0].reason;
        assert.match(reason, /grantAdminConsent is false, but this stack granted admin consent/);
        // The way through names the protection it needs lifted (the guard cannot see the grant left state).
        assert.match(reason, /pulumi config set auth0-entra-scim:protect false\), then set it back to true/);
        assert.deepEqual((await provider.check(granted, { ...off, protect: false })).failures, []);
        assert.deepEqual((await provider.check(off, off)).failures, []);
    });

    it("never refuses its own deletion: a replaced or renamed guard cannot wedge the stack (issue 14, item 4)", async () => {
        await provider.delete();
    });
});
