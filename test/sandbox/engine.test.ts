import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { cachedBinary, engineModuleVersion, EngineUnavailable, findEngine, PROJECT_ROOT, sdkVersion } from "../../sandbox/engine";

describe("the engine (sandbox/engine.ts)", () => {
    it("engine/go.mod builds the Pulumi release package.json pins for @pulumi/pulumi", () => {
        assert.equal(engineModuleVersion(), sdkVersion());
        const lock = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8"));
        assert.equal(lock.packages["node_modules/@pulumi/pulumi"].version, sdkVersion());
    });

    it("caches the binary per version and go.sum, under the engine folder", () => {
        const binary = cachedBinary("3.248.0", { AUTH0_ENTRA_SCIM_ENGINE_DIR: "/cache" });
        assert.match(binary, /^\/cache\/pulumi-v3\.248\.0-[0-9a-f]{16}\/bin\/pulumi$/);
        assert.equal(path.relative(PROJECT_ROOT, cachedBinary("3.248.0", {})).split(path.sep)[0], ".engine");
        const ignored = fs.readFileSync(path.join(PROJECT_ROOT, ".gitignore"), "utf8");
        assert.match(ignored, /^\.engine\/$/m);
    });

    it("without Go, and nothing on the PATH or in the cache, says so in one line", async () => {
        const saved = { PATH: process.env.PATH, DIR: process.env.AUTH0_ENTRA_SCIM_ENGINE_DIR };
        process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), "no-go-"));
        process.env.AUTH0_ENTRA_SCIM_ENGINE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "engine-"));
        try {
            await assert.rejects(findEngine(), (error: Error) => {
                assert.ok(error instanceof EngineUnavailable);
                assert.match(error.message, /^Go is not installed, so the Pulumi CLI v\d+\.\d+\.\d+ cannot be built; /);
                assert.doesNotMatch(error.message, /\n/);
                return true;
            });
        } finally {
            process.env.PATH = saved.PATH;
            if (saved.DIR === undefined) delete process.env.AUTH0_ENTRA_SCIM_ENGINE_DIR;
            else process.env.AUTH0_ENTRA_SCIM_ENGINE_DIR = saved.DIR;
        }
    });

    it("npm run engine --no-build exits 1 with that line when there is no engine to be had", async () => {
        const env = { ...process.env, AUTH0_ENTRA_SCIM_ENGINE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "engine-")), PATH: path.dirname(process.execPath) };
        const result = await promisify(execFile)(process.execPath, ["-r", "ts-node/register/transpile-only", "sandbox/engineCli.ts", "--no-build"], { cwd: PROJECT_ROOT, env }).then(
            () => ({ code: 0, stderr: "" }),
            (error: { code: number; stderr: string }) => error,
        );
        assert.equal(result.code, 1);
        assert.match(result.stderr, /^engine: no Pulumi CLI v[\d.]+ on the PATH or in .*; run `npm run engine`\n$/);
    });
});
