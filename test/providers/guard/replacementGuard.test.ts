import * as assert from "node:assert/strict";
import { ReplacementGuardProvider, type ReplacementGuardInputs } from "../../../providers/guard/replacementGuardProvider";

const guarded = (value: string, allowReplacement = false): ReplacementGuardInputs => ({
    settings: { connectionName: { value, configKey: "auth0-entra-scim:connectionName", loss: "the connection would be deleted with every user in it." } },
    allowReplacement,
});

describe("ReplacementGuard", () => {
    const provider = new ReplacementGuardProvider();

    it("refuses a connectionName change while protected, saying what would be lost and both ways out", async () => {
        const error = await provider.diff("g", guarded("contoso-entra"), guarded("contoso-aad")).then(
            () => assert.fail("expected a refusal"),
            (e: Error) => e,
        );
        assert.match(error.message, /auth0-entra-scim:connectionName would change connectionName from "contoso-entra" to "contoso-aad"/);
        assert.match(error.message, /deleted with every user in it/);
        assert.match(error.message, /To keep it: pulumi config set auth0-entra-scim:connectionName contoso-entra/);
        assert.match(error.message, /pulumi config set auth0-entra-scim:protect false/);
    });

    it("lets it through when protection is lifted, and sees no change when nothing changed", async () => {
        assert.equal((await provider.diff("g", guarded("contoso-entra"), guarded("contoso-aad", true))).changes, true);
        assert.deepEqual(await provider.diff("g", guarded("contoso-entra"), guarded("contoso-entra")), { changes: false, replaces: [], deleteBeforeReplace: false });
    });
});
