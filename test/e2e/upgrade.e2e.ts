/**
 * The upgrade from the previous release's state: the stack is deployed by the previous release's
 * program (checked out from git into a worktree), then `up` runs this one over its state.
 *
 * The previous release is main as the last round left it, with two changes that only let it reach
 * the emulators: its config check refused an Auth0 domain with a port (one line relaxed), and its Entra
 * providers always signed in at Microsoft's public cloud, so they get this release's sign-in plumbing
 * (credentials, Graph client and access, errors: the files that pick Graph's and the login host from
 * `metadataHost`), with the schema provider's one client line pointed at it. Their resources, state
 * shape and lifecycle logic (the ProvisioningHold, the guard declared last) are the previous release's.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../sandbox/engine";
import { programFrom } from "../../sandbox/workspace";
import { calls, openSandbox, requireEngine, stateResources, writes, type Sandbox } from "./harness";

/** The previous release: main before this round's lifecycle changes. */
export const PREVIOUS_RELEASE = "a8cd0efe85c129f09089cd4426c470ecbaa7599e";

function checkoutPrevious(): string {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-previous-")), "release");
    execFileSync("git", ["worktree", "add", "--detach", dir, PREVIOUS_RELEASE], { cwd: PROJECT_ROOT, stdio: "pipe" });
    fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const config = path.join(dir, "components", "config.ts");
    const text = fs.readFileSync(config, "utf8");
    const relaxed = text.replace("} else if (!HOSTNAME.test(auth0Domain)) {", "} else if (!HOSTNAME.test(auth0Domain) && !/^127\\.0\\.0\\.1:\\d+$/.test(auth0Domain)) {");
    assert.notEqual(relaxed, text, "the previous release's domain check was not found");
    fs.writeFileSync(config, relaxed);
    for (const file of ["providers/entra/credentials.ts", "providers/entra/graphAccess.ts", "providers/entra/graphClient.ts", "providers/errors.ts"]) {
        fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(dir, file));
    }
    const schemaProvider = path.join(dir, "providers", "entra", "provisioningSchemaProvider.ts");
    const before = fs.readFileSync(schemaProvider, "utf8");
    const pointed = before
        .replace("this.clientFactory ??= () => createGraphClient({ credential: createCredential(settings) });", "this.clientFactory ??= graphClientFactory(settings);")
        .replace('import { createGraphClient } from "./graphClient";', 'import { createGraphClient } from "./graphClient";\nimport { graphClientFactory } from "./graphAccess";');
    assert.notEqual(pointed, before, "the previous release's schema client line was not found");
    fs.writeFileSync(schemaProvider, pointed);
    return dir;
}

function removeWorktree(dir: string): void {
    execFileSync("git", ["worktree", "remove", "--force", dir], { cwd: PROJECT_ROOT, stdio: "pipe" });
}

const PROTECTED_TYPES = [":Connection", ":Application", ":ApplicationFromTemplate", ":SynchronizationJob", ":ConnectionScimConfiguration"];

describe("e2e: upgrading a running stack from the previous release", function () {
    let sandbox: Sandbox;
    let previous: string;

    before(async function () {
        const engine = await requireEngine(this);
        previous = checkoutPrevious();
        sandbox = await openSandbox(engine, { program: programFrom(previous), projectRoot: previous });
        const deployed = await sandbox.stack.up();
        assert.equal(deployed.summary.result, "succeeded");
        await sandbox.emulators.provisioningCycle();
        assert.equal(sandbox.emulators.summary().entra.jobs[0].status, "Active");
        await sandbox.setProgram(undefined); // this release from now on
    });
    after(async () => {
        await sandbox?.close();
        if (previous) removeWorktree(previous);
    });

    it("refuses, before any change, to revoke the admin consent the previous default granted (grantAdminConsent unset)", async () => {
        const refused = await sandbox.traffic(() => sandbox.stack.up().then(() => undefined, (error: Error) => error));
        assert.ok(refused.result instanceof Error, "the up after the upgrade went through with grantAdminConsent unset");
        assert.match(refused.result.message, /grantAdminConsent is unset, which in a full stack now means false/);
        assert.deepEqual(calls(writes(refused.auth0)), []);
        assert.deepEqual(calls(writes(refused.graph)), []);
        await sandbox.configure({ "auth0-entra-scim:grantAdminConsent": "true" }); // the documented way on
    });

    it("replaces and deletes nothing of the customer's, re-serialises the dynamic providers, and keeps the job running", async () => {
        const { result, auth0, graph } = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(result.summary.result, "succeeded");
        assert.equal(result.summary.resourceChanges?.replace ?? 0, 0, JSON.stringify(result.summary.resourceChanges));
        assert.deepEqual(calls(writes(auth0)).filter((c) => c.startsWith("DELETE")), []);
        assert.deepEqual(calls(writes(graph)).filter((c) => c.startsWith("DELETE") || c.endsWith("/pause")), []);
        const state = await stateResources(sandbox.stack);
        assert.deepEqual(state.filter((r) => r.type.endsWith(":ProvisioningHold")).map((r) => r.urn), [], "the hold is gone");
        for (const r of state.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))) {
            assert.ok(r.outputs?.providerVersion, `${r.urn} was not re-serialised with a provider version`);
        }
        for (const type of PROTECTED_TYPES) assert.ok(state.some((r) => r.type.endsWith(type) && r.protect), `${type} is protected`);
        assert.equal(sandbox.emulators.summary().entra.jobs[0].status, "Active");
        const again = await sandbox.traffic(() => sandbox.stack.up());
        assert.deepEqual(calls(writes(again.auth0)), []);
        assert.deepEqual(calls(writes(again.graph)), []);
    });
});
