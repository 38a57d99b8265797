/**
 * `auth0-entra-scim`, the one bin: every subcommand answers --help with exit 0, usage errors exit 2
 * (commander's own included), and the exit-code table is the one docs/cli.md shows.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT } from "../../tools/cli/common";
import { main } from "../../tools/cli/main";

const ROOT = path.resolve(__dirname, "..", "..");

async function cli(argv: string[]) {
    const out = { stdout: "", stderr: "" };
    let sandboxArgs: readonly string[] | undefined;
    const code = await main(argv, {
        io: { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) },
        fleetRun: async () => 0,
        sandbox: async (args) => {
            sandboxArgs = args;
            return 0;
        },
    });
    return { code, ...out, sandboxArgs };
}

describe("auth0-entra-scim (tools/cli)", function () {
    this.timeout(60_000);

    it("answers --help with exit 0 for the tool and every subcommand, bench included", async () => {
        for (const argv of [[], ["plan"], ["fleet"], ["fleet", "up"], ["fleet", "preview"], ["fleet", "refresh"], ["fleet", "plan"], ["fleet", "health"], ["health"], ["handoff"], ["ticket"], ["bench"], ["new-customer"]]) {
            const { code, stdout, stderr } = await cli([...argv, "--help"]);
            assert.equal(code, 0, `${argv.join(" ")} --help: ${stderr}`);
            assert.match(stdout, /^Usage: auth0-entra-scim/, argv.join(" "));
            assert.doesNotMatch(stdout + stderr, /\n\s+at /, "no stack trace");
        }
    });

    it("passes sandbox's arguments, --help included, to sandbox/cli.ts", async () => {
        const { code, sandboxArgs } = await cli(["sandbox", "preview", "--help"]);
        assert.equal(code, 0);
        assert.deepEqual(sandboxArgs, ["preview", "--help"]);
    });

    it("maps commander's usage errors and the tools' own to exit 2", async () => {
        for (const argv of [[], ["deploy"], ["plan", "--nope"], ["plan", "--concurrency", "0"], ["fleet"], ["fleet", "up"], ["handoff"], ["ticket", "--stack", "a", "--stack", "b"], ["bench", "--parts", "nope"], ["bench", "--reps", "x"], ["new-customer"], ["new-customer", "a b"], ["new-customer", "x", "--mode", "nope"]]) {
            const { code, stderr } = await cli(argv);
            assert.equal(code, EXIT.USAGE, `${argv.join(" ")}: ${stderr}`);
            assert.match(stderr, /Usage: auth0-entra-scim/, argv.join(" "));
        }
    });

    it("never echoes the value of a rejected flag", async () => {
        const { code, stderr } = await cli(["plan", "--concurrency", "s3cr3t-value"]);
        assert.equal(code, 2);
        assert.doesNotMatch(stderr, /s3cr3t-value/);
    });

    it("has one exit-code table, the same in docs/cli.md", () => {
        assert.deepEqual(EXIT, { OK: 0, FAILURE: 1, USAGE: 2, ATTENTION: 3, INTERRUPTED: 130 });
        const doc = fs.readFileSync(path.join(ROOT, "docs", "cli.md"), "utf8");
        for (const code of Object.values(EXIT)) assert.match(doc, new RegExp(`^\\| ${code} \\|`, "m"), `docs/cli.md lists exit ${code}`);
    });

    it("bench --help through the real bin exits 0 without a stack trace", () => {
        const result = spawnSync(process.execPath, [path.join(ROOT, "tools", "cli", "bin.js"), "bench", "--help"], { encoding: "utf8", timeout: 60_000 });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /--parts/);
        assert.doesNotMatch(result.stderr, /\n\s+at /);
    });

    it("package.json has the bin and keeps the npm aliases", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        assert.equal(pkg.bin["auth0-entra-scim"], "tools/cli/bin.js");
        for (const name of ["plan", "fleet", "ticket", "handoff", "bench", "health"]) assert.equal(pkg.scripts[name], `node tools/cli/bin.js ${name}`);
    });
});
