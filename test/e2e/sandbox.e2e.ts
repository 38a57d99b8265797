/**
 * `npm run sandbox`, the README's first command, as a user runs it: up (the emulators start in the
 * background, the engine runs the real program, one provisioning cycle), a refused destroy, the
 * deliberate teardown, and down.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import * as yaml from "js-yaml";
import { PROJECT_ROOT } from "../../sandbox/engine";
import { requireEngine } from "./harness";

const devConfig = (yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;

describe("e2e: npm run sandbox", function () {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "auth0-entra-scim-sandbox-"));
    const sandbox = (...args: string[]) =>
        promisify(execFile)("npm", ["run", "-s", "sandbox", "--", ...args, "--state", state], { cwd: PROJECT_ROOT, timeout: 300_000 }).then(
            ({ stdout }) => ({ code: 0, stdout }),
            (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
        );

    before(async function () {
        await requireEngine(this);
    });
    after(async () => {
        await sandbox("down");
    });

    it("up: says what is stood in for, and prints the users as Auth0 received them, with externalId = objectId", async () => {
        const { code, stdout } = await sandbox("up");
        assert.equal(code, 0, stdout);
        assert.match(stdout, /STAND-IN for the auth0 provider/);
        assert.match(stdout, /STAND-IN for the azuread provider/);
        assert.match(stdout, /connection contoso-entra \(con_\w+, waad, user id from oid\), SCIM on/);
        assert.match(stdout, /SCIM token tok_\w+: .*expires 20\d\d-/);
        assert.match(stdout, /provisioning job \S+: Active, last cycle Succeeded/);
        for (const id of devConfig["auth0-entra-scim:assignedUsers"] as string[]) assert.match(stdout, new RegExp(`externalId=${id}`));
    });

    it("destroy is refused while protected and names the deliberate teardown; destroy --unprotect removes it all", async () => {
        const refused = await sandbox("destroy");
        assert.equal(refused.code, 1);
        assert.match(refused.stdout, /npm run sandbox -- destroy --unprotect/);
        const teardown = await sandbox("destroy", "--unprotect");
        assert.equal(teardown.code, 0, teardown.stdout);
        assert.match(teardown.stdout, /no connection/);
        assert.match(teardown.stdout, /no provisioning job/);
    });

    it("down stops the emulators and removes the state", async () => {
        const { code } = await sandbox("down");
        assert.equal(code, 0);
        assert.equal(fs.existsSync(state), false);
    });
});
