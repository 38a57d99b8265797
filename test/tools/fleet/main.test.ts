/**
 * `fleet` as parsed by commander: `up`'s --yes and --dry-run, --in-process where a program runs; and
 * the production run refusing an unconfirmable `up` (no terminal, no --yes) with exit 2, before it
 * runs any `pulumi`.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { main as fleetMain, runFleetCli } from "../../../tools/fleet/main";
import { parse } from "./parseArgs";

describe("fleet flags: --yes, --dry-run, --in-process", () => {
    it("up takes --yes (-y) and --dry-run; preview, up and refresh take --in-process", async () => {
        assert.deepEqual(
            [(await parse(["up", "--all", "--yes"])).args?.yes, (await parse(["up", "--all", "-y"])).args?.yes, (await parse(["up", "--all"])).args?.yes],
            [true, true, false],
        );
        assert.equal((await parse(["up", "--all", "--dry-run"])).args?.dryRun, true);
        for (const command of ["preview", "up", "refresh"]) {
            assert.equal((await parse([command, "--all", "--in-process"])).args?.inProcess, true, command);
        }
        assert.equal((await parse(["preview"])).args?.inProcess, undefined);
        const packed = (await parse(["up", "--all", "--dry-run", "--policy-pack", "policy"])).args;
        assert.deepEqual(packed?.policyPacks, ["policy"], "the plan summary's previews run the pack too");
    });

    it("refuses them where they mean nothing (exit 2)", async () => {
        for (const argv of [["preview", "--yes"], ["refresh", "--all", "--dry-run"], ["health", "--in-process"], ["plan", "--in-process"]]) {
            const { code, args, stderr } = await parse(argv);
            assert.equal(code, 2, argv.join(" "));
            assert.equal(args, undefined);
            assert.match(stderr, /unknown option/);
        }
        let help = "";
        assert.equal(await fleetMain(["up", "--help"], { stdout: (t) => (help += t), stderr: () => undefined }, async () => 0), 0);
        assert.match(help, /-y, --yes/);
        assert.match(help, /--dry-run/);
        assert.match(help, /without a terminal \(CI\), --yes or --dry-run is required/);
    });

    it("the production run: up without a terminal and without --yes is a usage error, before any pulumi runs", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-main-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.contoso.yaml"), "config: {}\n");
            let stderr = "";
            let stdout = "";
            const stdin = Object.assign(new PassThrough(), { isTTY: false });
            const sink = { write: (t: string) => ((stdout += t), true), isTTY: false };
            // An empty PATH: any pulumi run would fail differently.
            const context = { env: { PATH: "" }, stdout: sink, stderr: sink, stdin };
            const code = await fleetMain(["up", "--all", "--project-dir", dir], { stdout: () => undefined, stderr: (t) => (stderr += t) }, (args, io) => runFleetCli(args, io, context));
            assert.equal(code, 2);
            assert.match(stderr, /up: up asks before it changes stacks, and there is no terminal to ask on: add --yes/);
            assert.equal(stdout, "", "nothing ran: no preflight line, no progress");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
