import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { StackGuardProvider, type StackGuardInputs } from "../../../providers/guard/stackGuardProvider";

const guard = (extra: Partial<StackGuardInputs> = {}): StackGuardInputs => ({
    protect: true,
    mode: "full",
    connectionName: { configured: "contoso-entra", deployed: "contoso-entra" },
    configNamespace: "auth0-entra-scim",
    ...extra,
});

describe("StackGuard", () => {
    const provider = new StackGuardProvider();

    it("refuses a configured connection name that differs from the deployed one, saying what is lost and both ways out", async () => {
        const { failures } = await provider.check(guard(), guard({ connectionName: { configured: "dev-entra", deployed: "contoso-entra" } }));
        assert.equal(failures!.length, 1);
        const reason = failures![0].reason;
        assert.match(reason, /auth0-entra-scim:connectionName is "dev-entra", but the deployed Auth0 connection is "contoso-entra"/);
        assert.match(reason, /deleted with every user in it/);
        assert.match(reason, /To keep it: pulumi config set auth0-entra-scim:connectionName contoso-entra/);
        assert.match(reason, /pulumi config set auth0-entra-scim:protect false/);
    });

    it("checks the deployed name even with no previous guard (a stack upgraded from before it)", async () => {
        const { failures } = await provider.check(undefined as unknown as StackGuardInputs, guard({ connectionName: { configured: "dev-entra", deployed: "contoso-entra" } }));
        assert.equal(failures!.length, 1);
    });

    it("lets a new connection (name unknown in preview) and an unprotected stack through", async () => {
        const unknown = guard({ connectionName: { configured: "x", deployed: pulumi.runtime.unknownValue } });
        assert.deepEqual((await provider.check(undefined as unknown as StackGuardInputs, unknown)).failures, []);
        assert.deepEqual((await provider.check(guard(), guard({ protect: false, connectionName: { configured: "a", deployed: "b" } }))).failures, []);
    });

    it("refuses a mode change while protected, naming what would be deleted", async () => {
        const { failures } = await provider.check(guard(), guard({ mode: "vendor" }));
        assert.equal(failures![0].property, "mode");
        assert.match(failures![0].reason, /from full to vendor, which deletes .*the Entra apps, the provisioning job/);
        assert.deepEqual((await provider.check(guard(), guard({ mode: "vendor", protect: false }))).failures, []);
    });

    it("refuses its own deletion (and so the teardown) while protected", async () => {
        await assert.rejects(provider.delete("g", guard()), /This stack is protected: .*Nothing was deleted\. For a deliberate teardown: pulumi config set auth0-entra-scim:protect false, pulumi up, then pulumi destroy/);
        await provider.delete("g", guard({ protect: false }));
    });
});
