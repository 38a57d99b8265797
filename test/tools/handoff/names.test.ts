/** The names the hand-off sheet suggests: stack names Pulumi accepts, connection names without a doubled suffix. */
import * as assert from "node:assert/strict";
import { connectionNameFor, customerStackFor, PULUMI_STACK_NAME, vendorStackFor } from "../../../tools/handoff/names";

describe("handoff names", () => {
    it("follows Pulumi's stack-name rule (sdk/go/common/tokens/stack_name.go)", () => {
        for (const ok of ["fabrikam", "Fabrikam_2.prod", "a", "x".repeat(100)]) assert.match(ok, PULUMI_STACK_NAME);
        for (const bad of ["Fabrikam Inc.", "", "x".repeat(101), "a/b", "tab\there"]) assert.doesNotMatch(bad, PULUMI_STACK_NAME);
    });

    it("pairs the two stacks by name, and never doubles the -entra suffix", () => {
        assert.equal(customerStackFor("fabrikam"), "fabrikam-entra");
        assert.equal(customerStackFor("fabrikam-entra"), "fabrikam-entra");
        assert.equal(customerStackFor("acme/auth0-entra-scim/fabrikam"), "fabrikam-entra");
        assert.equal(vendorStackFor("fabrikam-entra"), "fabrikam");
        assert.equal(vendorStackFor("fabrikam"), "fabrikam");
        assert.equal(connectionNameFor("fabrikam"), "fabrikam-entra");
        assert.equal(connectionNameFor("fabrikam-entra"), "fabrikam-entra");
        assert.equal(connectionNameFor(vendorStackFor("fabrikam-entra-entra")), "fabrikam-entra");
        assert.equal(connectionNameFor("acme_corp.prod"), "acme-corp-prod-entra");
        assert.match(customerStackFor("y".repeat(100)), PULUMI_STACK_NAME);
        assert.throws(() => customerStackFor("Fabrikam Inc."), /not a stack name/);
    });
});
