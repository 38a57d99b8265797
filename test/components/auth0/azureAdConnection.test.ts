import * as assert from "node:assert/strict";
import { AzureAdConnection } from "../../../components/auth0/azureAdConnection";
import { installMocks, settle } from "../../mocks";

describe("AzureAdConnection on its own", () => {
    it("keeps the client secret secret even when handed a plain string", async () => {
        const mocks = await installMocks();
        new AzureAdConnection("c", {
            connectionName: "c-entra",
            displayName: "C",
            entraTenantDomain: "contoso.onmicrosoft.com",
            clientId: "11111111-2222-3333-4444-555555555555",
            clientSecret: "plain-client-secret",
            syncUserProfileAtLogin: false,
            enabledClients: [],
            protect: true,
        });
        await settle();
        const connection = mocks.single("auth0:index/connection:Connection");
        assert.equal(connection.inputs.options.clientSecret, "plain-client-secret");
        assert.ok(connection.secretInputs.has("options"));
    });
});
