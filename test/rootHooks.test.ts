import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const MOCHA = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
const FIXTURE = "test/fixtures/suite/brokenPolicy.fixture.ts";

/** Runs the broken fixture in a mocha of its own, with or without our root hooks. */
function runFixture(withRootHooks: boolean) {
    const requires = ["ts-node/register/transpile-only", ...(withRootHooks ? ["test/rootHooks.ts"] : [])];
    const args = [MOCHA, "--no-config", "--extension", "ts", ...requires.flatMap((r) => ["--require", r]), FIXTURE];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, FORCE_COLOR: "0" } });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the test run (root hooks)", function () {
    this.timeout(120_000);

    it("is hermetic: vendor credentials exported by whoever runs it reach no test", () => {
        const credentialTests = ["test/providers/auth0/credentials.test.ts", "test/providers/entra/credentials.test.ts"];
        const args = [MOCHA, "--no-config", "--extension", "ts", "--require", "ts-node/register/transpile-only", "--require", "test/rootHooks.ts", ...credentialTests];
        const exported = { AUTH0_API_TOKEN: "exported-token", AUTH0_DOMAIN: "exported.auth0.com", ARM_CLIENT_ID: "exported", ARM_USE_CLI: "false" };
        const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, ...exported, FORCE_COLOR: "0" } });
        assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
        assert.match(run.stdout, /\d+ passing/);
    });

    it("a run that dies inside mocha's failure handling exits 0 without the root hooks (the hazard they guard)", () => {
        const { status, output } = runFixture(false);
        assert.doesNotMatch(output, /\d+ passing/, output);
        assert.equal(status, 0, output);
    });

    it("with the root hooks, the same run fails and says the root suite did not finish", () => {
        const { status, output } = runFixture(true);
        assert.doesNotMatch(output, /\d+ passing/, output);
        assert.notEqual(status, 0, output);
        assert.match(output, /mocha stopped before the root suite finished/);
    });
});
