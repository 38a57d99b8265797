/** The program as `pulumi up` runs it: config in, stack outputs out, the token only as a secret. */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "../components/config";
import { configWith, installMocks, settle, unwrap } from "./mocks";

const PROGRAM = require.resolve("../index");

/** Runs index.ts afresh (Node caches modules) and returns its exports. */
function runProgram(): Record<string, pulumi.Output<string>> {
    delete require.cache[PROGRAM];
    return require(PROGRAM);
}

describe("program (index.ts)", () => {
    it("exports the documented outputs, with the SCIM token as the only secret", async () => {
        const mocks = await installMocks();
        configWith({ auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", scimTokenLifetimeDays: "30" });
        const outputs = runProgram();
        await settle();

        const token = mocks.single("pulumi-nodejs:dynamic/auth0:ScimToken").state.token as string;
        const clientSecret = mocks.single("azuread:index/applicationPassword:ApplicationPassword").state.value as string;
        const connectionId = mocks.single("auth0:index/connection:Connection").id;

        const values: Record<string, { value: string; secret: boolean }> = {};
        // No key for an output the mode does not produce (the engine would warn about each on every run).
        assert.ok(Object.values(outputs).every((output) => output !== undefined), Object.keys(outputs).join(", "));
        for (const [name, output] of Object.entries(outputs)) values[name] = await unwrap(output as any);

        // A full stack hands no client secret out; it has no self-service profile unless asked.
        assert.deepEqual(Object.keys(values).sort(), [
            "connectionId", "oidcClientId", "provisioningJobId", "provisioningServicePrincipalId", "redirectUri",
            "scimEndpointUrl", "scimToken", "scimTokenValidUntil", "tenantUrl",
        ]);
        assert.equal(values.redirectUri.value, "https://acme.us.auth0.com/login/callback");
        assert.equal(values.scimTokenValidUntil.value, "2026-12-28T12:00:00.000Z");
        assert.equal(values.scimToken.value, token);
        assert.equal(values.scimToken.secret, true);
        assert.equal(values.connectionId.value, connectionId);
        assert.equal(values.scimEndpointUrl.value, `https://acme.us.auth0.com/scim/v2/connections/${connectionId}`);
        assert.equal(values.tenantUrl.value, `https://acme.us.auth0.com/scim/v2/connections/${connectionId}?aadOptscim062020`);
        assert.equal(values.oidcClientId.value, mocks.single("azuread:index/application:Application").state.clientId);

        for (const [name, { value, secret }] of Object.entries(values)) {
            if (name === "scimToken") continue;
            assert.equal(secret, false, `${name} should be plain`);
            assert.ok(!value.includes(token) && !value.includes(clientSecret), `${name} leaks a credential`);
        }
    });

    it("refuses bad config before registering anything", async () => {
        const mocks = await installMocks();
        configWith({ auth0Domain: "https://acme.us.auth0.com", assignedUsers: ["alice@contoso.com"] });
        assert.throws(runProgram, (error: unknown) => {
            assert.ok(error instanceof ConfigValidationError);
            assert.equal(error.problems.length, 3, error.message);
            return true;
        });
        await settle();
        assert.equal(mocks.registrations.length, 0);
    });
});
