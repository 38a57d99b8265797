/**
 * The ScimToken resource class under Pulumi mocks (type token, secret `token`, user options kept), and
 * the provider's trip through Pulumi's closure serialisation into a fresh module, as the dynamic
 * provider host loads it.
 */
import * as assert from "node:assert/strict";
import { roundTrip } from "../serialisation";
import { scimTokensClientFactory } from "../../../providers/auth0/managementClient";
import type { ScimTokenOutputs } from "../../../providers/auth0/scimTokenRules";
import { ScimToken } from "../../../providers/auth0/scimToken";
import { ScimTokenProvider } from "../../../providers/auth0/scimTokenProvider";
import { type Auth0Emulator, startAuth0Emulator } from "../../../sandbox/emulators/auth0";
import { installMocks, recordRegistrationRequests, type RecordingMocks, type RegistrationRequest, unwrap } from "../../mocks";

const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";

describe("ScimToken resource", () => {
    let mocks: RecordingMocks;
    let registered: RegistrationRequest[];
    before(async () => {
        mocks = await installMocks();
        registered = recordRegistrationRequests();
    });

    it("registers as auth0:ScimToken with `token` an additional secret output, merged with the caller's options", async () => {
        const token = new ScimToken("scim", { connectionId: CONNECTION, scopes: ["get:users"] }, { protect: true });
        const tokenId = await unwrap(token.tokenId);
        assert.equal(tokenId.value, mocks.single("pulumi-nodejs:dynamic/auth0:ScimToken").state.tokenId);
        const [registration] = registered;
        assert.equal(registration.type, "pulumi-nodejs:dynamic/auth0:ScimToken");
        assert.deepEqual(registration.additionalSecretOutputs, ["token"]);
        assert.equal(registration.protect, true);
        assert.equal(registration.inputs.connectionId, CONNECTION);
        assert.equal(typeof registration.inputs.__provider, "string");
    });
});

describe("ScimTokenProvider serialisation", () => {
    let emulator: Auth0Emulator;
    before(async () => {
        emulator = await startAuth0Emulator();
    });
    after(() => emulator.close());

    // Pulumi runs the provider from its serialised closure: module-level Sets and Error subclasses
    // do not survive that, which is why retry.ts and errors.ts avoid both.
    it("survives Pulumi's closure serialisation and works from the loaded copy", async () => {
        const provider = new ScimTokenProvider({ clientFactory: scimTokensClientFactory(emulator.apiUrl, emulator.bearer) });
        const { copy } = await roundTrip(provider);

        const created = await copy.create({ connectionId: CONNECTION, scopes: ["get:users"], rotateBeforeDays: 14 });
        assert.equal(emulator.tokens(CONNECTION)[0].token, created.outs?.token);
        // Errors keep their message through serialisation (the engine shows it).
        emulator.inject({ method: "DELETE", response: { status: 400, body: { statusCode: 400, error: "Bad Request", message: "nope" } } });
        const error = await copy.delete(created.id, created.outs as ScimTokenOutputs).catch((e: Error) => e);
        assert.match(String(error?.message), /Auth0 DELETE .* failed \(HTTP 400\): nope$/);
    });
});
