import * as assert from "node:assert/strict";
import { entraTenantUrl, graphJobId, ProvisioningApp } from "../../../components/entra/provisioningApp";
import { SEED_MAPPING_EDITS } from "../../../providers/entra/defaults";
import { installMocks, settle } from "../../mocks";

describe("ProvisioningApp on its own", () => {
    it("keeps the Secret Token secret even when handed a plain string", async () => {
        const mocks = await installMocks();
        new ProvisioningApp("p", {
            displayName: "P",
            tenantUrl: "https://acme.us.auth0.com/scim/v2/connections/con_1?aadOptscim062020",
            scimToken: "tok_plain.value",
            provisionGroups: false,
            mappingEdits: SEED_MAPPING_EDITS,
            protect: true,
        });
        await settle();
        assert.ok(mocks.single("azuread:index/synchronizationSecret:SynchronizationSecret").secretInputs.has("credentials"));
    });

    it("builds the Tenant URL and reads the Graph job id from the azuread resource id", () => {
        assert.equal(entraTenantUrl("https://a.auth0.com/scim/v2/connections/con_1"), "https://a.auth0.com/scim/v2/connections/con_1?aadOptscim062020");
        assert.equal(graphJobId("/servicePrincipals/6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11/synchronization/jobs/scim.abc.def"), "scim.abc.def");
        assert.throws(() => graphJobId("scim.abc.def"), /Unexpected synchronization job id "scim\.abc\.def"/);
    });
});
