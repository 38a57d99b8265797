import * as assert from "node:assert/strict";
import { SEED_MAPPING_EDITS } from "../../../providers/entra/defaults";
import type { ProvisioningSchemaInputs } from "../../../providers/entra/provisioningSchemaProvider";
import { isVendorCallError, type VendorCallError } from "../../../providers/errors";
import { graphError } from "../../../sandbox/emulators/graph";
import { Harness, JOB_ID, SP_ID, startHarness, TOKEN } from "./setup";

const inputs: ProvisioningSchemaInputs = {
    servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS],
};
const CLIENT_SECRET = "Xq8~client-secret-value.Zz";

describe("entra ProvisioningSchema provider: Graph failures, retried once under one bounded policy", () => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness();
        // The provider learns the secret (to scrub it) from configure, as in a deployment.
        await h.provider.configure({ config: { get: (k) => ({ "azuread:clientSecret": CLIENT_SECRET } as Record<string, string>)[k], require: () => "" } });
    });
    afterEach(async () => {
        await h.graph.close();
    });

    it("429 with Retry-After: waits what Graph asks, then succeeds", async () => {
        h.graph.inject({ method: "GET", times: 1, response: { ...graphError(429, "TooManyRequests", "Too many requests"), headers: { "retry-after": "3" } } });

        await h.provider.create(inputs);

        assert.deepEqual(h.sleeps, [3000]);
        assert.deepEqual([h.count("GET"), h.count("PUT")], [2, 1]);
        assert.equal(h.retries[0].reason, "throttled");
    });

    it("500 twice, then success", async () => {
        h.graph.inject({ method: "PUT", times: 2, response: graphError(500, "InternalServerError", "Something went wrong") });

        const { outs } = await h.provider.create(inputs);

        assert.deepEqual([h.count("GET"), h.count("PUT")], [1, 3]);
        assert.equal(h.retries.length, 2);
        assert.equal(outs!.liveProvisionGroups, false);
    });

    it("a connection reset, then success", async () => {
        h.graph.inject({ method: "GET", times: 1, reset: true });

        await h.provider.create(inputs);

        assert.deepEqual(h.retries.map((r) => r.reason), ["network"]);
        assert.deepEqual([h.count("GET"), h.count("PUT")], [2, 1]);
    });

    it("gives up at the bound: the error names the call, the status and Graph's message, and no credential", async () => {
        h.graph.inject({
            method: "GET", times: 10,
            response: graphError(503, "ServiceUnavailable", `Backend down (request had Authorization: Bearer ${TOKEN}; secret ${CLIENT_SECRET})`),
        });

        const error = await h.provider.create(inputs).then(() => assert.fail("should have failed"), (e) => e);

        assert.ok(isVendorCallError(error));
        assert.equal(error.status, 503);
        assert.equal(h.count("GET"), 4, "maxAttempts");
        assert.match(error.message, /^Microsoft Graph GET \/servicePrincipals\/[^ ]+\/synchronization\/jobs\/[^ ]+\/schema failed \(HTTP 503\): ServiceUnavailable: Backend down/);
        assert.ok(!error.message.includes(TOKEN) && !error.message.includes(CLIENT_SECRET), error.message);
        assert.equal(h.count("PUT"), 0);
    });

    it("a connection that keeps failing ends in an error naming the call, without a status", async () => {
        h.graph.inject({ method: "GET", times: 10, reset: true });

        const error = await h.provider.create(inputs).then(() => assert.fail("should have failed"), (e) => e);

        assert.ok(isVendorCallError(error));
        assert.equal(error.status, undefined);
        assert.match(error.message, /^Microsoft Graph GET .*\/schema failed: .*gave up after 4 attempt\(s\)/);
    });

    it("a non-retried Graph error (401) is reported once, with Graph's code and message", async () => {
        h.graph.inject({ method: "GET", response: graphError(401, "InvalidAuthenticationToken", "Access token has expired.") });

        await assert.rejects(h.provider.create(inputs), (e: VendorCallError) =>
            e.status === 401 && /InvalidAuthenticationToken: Access token has expired\./.test(e.message));
        assert.equal(h.count("GET"), 1);
    });
});
