/** Where the engine finds the Node hosts, and the launchers laid out when they are missing. */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DYNAMIC_PROVIDER_HOST, findsPlugin, LANGUAGE_HOST, layOutNodeHosts, POLICY_HOST, pulumiSdkDir, resolveCli } from "../../../tools/fleet/hosts";
import { PROJECT_ROOT } from "../../../sandbox/engine";

describe("fleet's plugin hosts", function () {
    if (process.platform === "win32") return;
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-hosts-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const executable = (file: string) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o755 });
    };

    it("finds a plugin beside the CLI, on the PATH or in the plugin cache, and nowhere else", () => {
        const cli = path.join(dir, "cli", "pulumi");
        executable(cli);
        const env = { PATH: path.join(dir, "path"), PULUMI_HOME: path.join(dir, "home") };
        assert.equal(findsPlugin(LANGUAGE_HOST, cli, env), false);
        executable(path.join(dir, "path", LANGUAGE_HOST));
        assert.equal(findsPlugin(LANGUAGE_HOST, cli, env), true, "on the PATH");
        executable(path.join(dir, "cli", DYNAMIC_PROVIDER_HOST));
        assert.equal(findsPlugin(DYNAMIC_PROVIDER_HOST, cli, env), true, "beside the CLI");
        fs.mkdirSync(path.join(dir, "home", "plugins", "analyzer-policy-nodejs-v3.248.0"), { recursive: true });
        assert.equal(findsPlugin(POLICY_HOST, cli, env), true, "in the plugin cache");
        assert.equal(resolveCli("pulumi", { PATH: path.join(dir, "cli") }), cli);
        // A `pulumi` on the PATH that links to a release folder: the hosts beside the real binary count.
        fs.mkdirSync(path.join(dir, "bin"));
        fs.symlinkSync(cli, path.join(dir, "bin", "pulumi"));
        assert.equal(findsPlugin(DYNAMIC_PROVIDER_HOST, path.join(dir, "bin", "pulumi"), { PATH: "", PULUMI_HOME: path.join(dir, "none") }), true);
    });

    it("lays out launchers of @pulumi/pulumi's own hosts that run", async () => {
        const hosts = layOutNodeHosts(pulumiSdkDir(PROJECT_ROOT));
        try {
            assert.equal(fs.statSync(hosts).mode & 0o077, 0, "private");
            for (const host of [DYNAMIC_PROVIDER_HOST, POLICY_HOST]) assert.ok(fs.statSync(path.join(hosts, host)).mode & 0o100, `${host} is executable`);
            const script = fs.readFileSync(path.join(hosts, DYNAMIC_PROVIDER_HOST), "utf8");
            assert.match(script, /node_modules\/@pulumi\/pulumi\/cmd\/dynamic-provider' "\$@"/);
            // The host starts a gRPC server and prints its port, as the engine expects of a plugin.
            const child = spawn(path.join(hosts, DYNAMIC_PROVIDER_HOST), ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "ignore"] });
            try {
                const port = await new Promise<string>((resolve, reject) => {
                    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
                    child.once("exit", (code) => reject(new Error(`the host exited ${code} before printing a port`)));
                });
                assert.match(port, /^\d+$/);
            } finally {
                child.kill("SIGKILL");
            }
        } finally {
            fs.rmSync(hosts, { recursive: true, force: true });
        }
    });
});
