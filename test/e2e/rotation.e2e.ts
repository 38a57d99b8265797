/**
 * SCIM token rotation by expiry under the engine: the clock is moved forward (the providers' through
 * sandbox/clockShift.js, Auth0's emulator by the same amount) until the token is inside its rotation
 * window. Each step of the rotation then fails once (Auth0's token POST, Entra's Secret Token write,
 * Entra's confirmation, the old token's revocation) and the `up` is run again. After every run the
 * token Entra holds must be alive in Auth0, and the rerun must converge on one token.
 */
import * as assert from "node:assert/strict";
import type { Fault } from "../../sandbox/emulators/harness";
import { calls, openSandbox, requireEngine, writes, type Sandbox } from "./harness";

const DAY_MS = 86_400_000;
// Pulumi.dev.yaml: a 365-day token, rotated 14 days before it expires.
const INTO_THE_WINDOW_MS = 352 * DAY_MS;

describe("e2e: SCIM token rotation by expiry, failing at each step, under the engine", function () {
    let sandbox: Sandbox;

    /** The token Entra holds is one Auth0 still accepts. */
    const entraHoldsALiveToken = () => {
        const { auth0, graph } = sandbox.emulators;
        const [connection] = auth0.connections();
        const [job] = sandbox.emulators.summary().entra.jobs;
        const held = graph.secrets(job.servicePrincipalId)?.SecretToken;
        const live = auth0.tokens(connection.id).filter((t) => !t.valid_until || Date.parse(t.valid_until) > auth0.now().getTime());
        assert.ok(held && live.some((t) => t.token === held), `Entra holds ${held ? "a token Auth0 no longer accepts" : "no token"}`);
        return { live, held };
    };

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openSandbox(engine);
        assert.equal((await sandbox.stack.up()).summary.result, "succeeded");
        entraHoldsALiveToken();
    });
    after(async () => sandbox?.close());

    const steps: Array<{ step: string; vendor: "auth0" | "graph"; fault: Fault }> = [
        { step: "Auth0's token POST", vendor: "auth0", fault: { method: "POST", pathIncludes: "/scim-configuration/tokens", response: { status: 403, body: { statusCode: 403, error: "Forbidden", message: "Insufficient scope" } } } },
        { step: "Entra's Secret Token write", vendor: "graph", fault: { method: "PUT", pathIncludes: "/synchronization/secrets", response: { status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges" } } } } },
        { step: "Entra's confirmation", vendor: "graph", fault: { method: "POST", pathIncludes: "/validateCredentials", response: { status: 400, body: { error: { code: "BadRequest", message: "Credentials are invalid" } } } } },
        { step: "the old token's revocation", vendor: "auth0", fault: { method: "DELETE", pathIncludes: "/scim-configuration/tokens/", response: { status: 403, body: { statusCode: 403, error: "Forbidden", message: "Insufficient scope" } } } },
    ];

    for (const { step, vendor, fault } of steps) {
        it(`a rotation failing at ${step}: Entra keeps a live token, and the rerun converges on one`, async () => {
            sandbox.emulators.advanceClock(INTO_THE_WINDOW_MS);
            await sandbox.configure(); // the providers' clock moves with the next run
            const before = entraHoldsALiveToken().held;

            sandbox.emulators[vendor].inject({ ...fault, times: 1 });
            const failed = await sandbox.stack.up().then(() => "succeeded", (e: Error) => e.message);
            assert.notEqual(failed, "succeeded", `the ${step} fault did not fail the up`);
            entraHoldsALiveToken();

            const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.up());
            assert.equal(result.summary.result, "succeeded");
            const { live, held } = entraHoldsALiveToken();
            assert.equal(live.length, 1, "the superseded token is revoked once Entra holds the new one");
            assert.notEqual(held, before, "Entra holds the new token");
            assert.ok(calls(writes(graph)).every((c) => !c.endsWith("/pause")), "rotation never pauses the job");
            assert.ok(calls(writes(auth0)).some((c) => c.startsWith("DELETE")), "the old token is revoked");
        });
    }

    it("after the rotations, an up is a no-op", async () => {
        const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.up());
        assert.deepEqual(Object.keys(result.summary.resourceChanges ?? {}).filter((op) => op !== "same"), []);
        assert.deepEqual(calls(writes(auth0)), []);
        assert.deepEqual(calls(writes(graph)), []);
    });
});
