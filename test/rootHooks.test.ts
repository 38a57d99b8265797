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
