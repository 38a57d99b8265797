/**
 * A protected stack (the default) under the engine: `destroy` is refused before it reaches any live
 * user, also after `pulumi state delete` of the guard; a mode change is refused before anything is
 * applied; and the one deliberate teardown path (protect false, up, destroy) removes everything.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { calls, openDeployedSandbox, requireEngine, stateResources, urnOfType, writes, type Sandbox } from "./harness";

const DELETES = (requests: Parameters<typeof writes>[0]) => calls(writes(requests)).filter((c) => c.startsWith("DELETE"));

describe("e2e: a protected stack under the engine", function () {
    let sandbox: Sandbox;

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openDeployedSandbox(engine);
    });
    after(async () => sandbox?.close());

    const intact = () => {
        const held = sandbox.emulators.summary();
        assert.equal(held.auth0.connections.length, 1);
        assert.equal(held.auth0.tokens.length, 1);
        assert.equal(held.entra.jobs.length, 1);
        assert.equal(held.entra.jobs[0].status, "Active");
        assert.ok(held.auth0.users.length > 0);
    };

    it("destroy is refused, and nothing that reaches a live user is deleted", async () => {
        const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.destroy().then(() => "succeeded", (e: Error) => e.message));
        assert.notEqual(result, "succeeded");
        assert.match(result, /protect/i);
        assert.deepEqual(DELETES(auth0), []);
        assert.deepEqual(DELETES(graph), []);
        intact();
    });

    it("`pulumi state delete` of the guard is refused (everything depends on it), and destroy still deletes nothing of the customer's", async () => {
        // The refused destroy above may have deleted the guard already (it is not protected); put it back.
        await sandbox.stack.up();
        const guard = await urnOfType(sandbox.stack, "StackGuard");
        const refused = await promisify(execFile)(sandbox.engineBinary, ["state", "delete", guard, "--yes", "--stack", "dev"], { cwd: sandbox.workDir, env: { ...process.env, ...sandbox.env() } }).then(
            () => "deleted",
            (e: { stderr: string }) => e.stderr,
        );
        assert.match(refused, /can't be safely deleted because the following resources depend on it/);
        assert.equal(await urnOfType(sandbox.stack, "StackGuard"), guard);
        const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.destroy().then(() => "succeeded", (e: Error) => e.message));
        assert.notEqual(result, "succeeded");
        assert.deepEqual(DELETES(auth0), []);
        assert.deepEqual(DELETES(graph), []);
        intact();
    });

    it("a mode change is refused before anything is applied", async () => {
        await sandbox.stack.up();
        // A valid vendor stack's config: only the guard stands between it and deleting the Entra side.
        const vendor = {
            "auth0-entra-scim:mode": "vendor",
            "auth0-entra-scim:oidcClientId": "9d2c7f3e-4b1a-4e6f-8c0d-2a3b4c5d6e7f",
            "auth0-entra-scim:assignedUsers": undefined,
            "auth0-entra-scim:assignedGroups": undefined,
        };
        try {
            await sandbox.configure(vendor);
            await sandbox.stack.setConfig("auth0-entra-scim:oidcClientSecret", { value: "vendor-side-client-secret", secret: true });
            const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.up().then(() => "succeeded", (e: Error) => e.message));
            assert.notEqual(result, "succeeded");
            assert.match(result, /mode/);
            assert.doesNotMatch(result, /Invalid stack configuration/, "the guard refuses, not the config check");
            assert.deepEqual(calls(writes(auth0)), []);
            assert.deepEqual(calls(writes(graph)), []);
            intact();
        } finally {
            await sandbox.restore(Object.keys(vendor));
        }
    });

    it("up --replace of the guard on a protected stack never wedges it: no pending delete, the next up a no-op", async () => {
        const guard = await urnOfType(sandbox.stack, "StackGuard");
        await sandbox.stack.up({ replace: [guard] }).catch((e: Error) => e.message); // refused or done: either is fine
        assert.deepEqual((await stateResources(sandbox.stack)).filter((r) => r.delete).map((r) => r.urn), [], "a pending delete would refuse for ever");
        const again = await sandbox.stack.up();
        assert.equal(again.summary.result, "succeeded");
        assert.deepEqual(Object.keys(again.summary.resourceChanges ?? {}).filter((op) => op !== "same"), []);
        intact();
    });

    it("the deliberate teardown: protect false, up, destroy removes both sides", async () => {
        await sandbox.configure({ "auth0-entra-scim:protect": "false" });
        assert.equal((await sandbox.stack.up()).summary.result, "succeeded");
        const destroyed = await sandbox.stack.destroy();
        assert.equal(destroyed.summary.result, "succeeded");
        const held = sandbox.emulators.summary();
        assert.deepEqual(held.auth0.connections, []);
        assert.deepEqual(held.auth0.tokens, []);
        assert.deepEqual(held.entra.jobs, []);
        const ours = sandbox.emulators.graph.applications().filter((a) => a.appId !== sandbox.emulators.graph.clientId);
        assert.deepEqual(ours.map((a) => a.displayName), [], "only the deploying app is left");
    });
});
