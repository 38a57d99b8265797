/**
 * Config the program refuses before the engine registers anything, under the engine: a customer stack
 * whose Tenant URL and SCIM token are both unset (which on a stack with a provisioning side would delete
 * it all) is refused unless `oidcAppOnly` says it is the first run; a typo in a key is refused too.
 */
import * as assert from "node:assert/strict";
import { calls, openSandbox, requireEngine, writes, type Sandbox } from "./harness";

describe("e2e: config refused before anything runs", function () {
    let sandbox: Sandbox;

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openSandbox(engine, {
            config: {
                "auth0-entra-scim:mode": "customer",
                "auth0-entra-scim:connectionName": undefined,
                "auth0-entra-scim:enabledClients": undefined,
                "auth0-entra-scim:provisionGroups": undefined,
                "auth0-entra-scim:syncUserProfileAtLogin": undefined,
                "auth0-entra-scim:additionalMappings": undefined,
                "auth0-entra-scim:entraTenantDomain": undefined,
                "auth0-entra-scim:scimTokenLifetimeDays": undefined,
            },
        });
    });
    after(async () => sandbox?.close());

    const refusedUp = async () => {
        const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.up().then(() => "succeeded", (e: Error) => e.message));
        assert.notEqual(result, "succeeded");
        assert.deepEqual(calls(writes(auth0)), []);
        assert.deepEqual(calls(writes(graph)), []);
        return result;
    };

    it("a customer stack without tenantUrl and scimToken, and without oidcAppOnly, is refused naming the keys", async () => {
        const message = await refusedUp();
        assert.match(message, /tenantUrl and auth0-entra-scim:scimToken are both unset/);
        assert.match(message, /oidcAppOnly/);
    });

    it("with oidcAppOnly it is the documented first run: only the OIDC app", async () => {
        await sandbox.configure({ "auth0-entra-scim:oidcAppOnly": "true" });
        const up = await sandbox.stack.up();
        assert.equal(up.summary.result, "succeeded");
        assert.deepEqual(sandbox.emulators.summary().entra.jobs, []);
        assert.equal(sandbox.emulators.graph.applications().filter((a) => a.appId !== sandbox.emulators.graph.clientId).length, 1);
    });

    it("a key with a typo is refused with the nearest known key, before anything is changed", async () => {
        await sandbox.configure({ "auth0-entra-scim:assignedUser": ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11"] });
        const message = await refusedUp();
        assert.match(message, /assignedUser is not a config key of this project; did you mean auth0-entra-scim:assignedUsers\?/);
    });
});
