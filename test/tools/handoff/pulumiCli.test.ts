/** The Pulumi CLI readers (tools/handoff/pulumiCli.ts) against a stand-in `pulumi` script on PATH. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { NO_CLI_MESSAGE, NoSuchStackError, pulumiCliOutputsReader, pulumiCliSecretConfigReader } from "../../../tools/handoff/pulumiCli";

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "handoff-cli-"));
}

describe("Pulumi CLI readers", () => {
    let dir: string;
    let bin: string;
    beforeEach(() => {
        dir = tempDir();
        bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A stand-in `pulumi` that logs its arguments and answers `answer` (exit code `code`). */
    function fakePulumi(answer: string, code = 0, stderr = ""): void {
        const script = `#!/bin/sh\necho "$@" >> "${path.join(dir, "args.log")}"\nprintf '%s' '${answer}'\nprintf '%s' '${stderr}' >&2\nexit ${code}\n`;
        fs.writeFileSync(path.join(bin, "pulumi"), script, { mode: 0o755 });
    }
    const env = () => ({ PATH: bin });
    const args = () => fs.readFileSync(path.join(dir, "args.log"), "utf8").trim();

    it("reads outputs with --show-secrets=false, and an empty set as a stack that has not run", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi('{"connectionId":"con_abc","scimToken":"[secret]"}');
        assert.deepEqual(await pulumiCliOutputsReader(dir, env())("dev"), { connectionId: "con_abc", scimToken: "[secret]" });
        assert.equal(args(), "stack output --json --show-secrets=false --stack dev");
        fakePulumi("{}");
        assert.equal(await pulumiCliOutputsReader(dir, env())("dev"), undefined);
    });

    it("fails with the CLI's own complaint, or says the CLI is missing", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi("", 255, "error: not logged in: run pulumi login");
        await assert.rejects(pulumiCliOutputsReader(dir, env())("dev"), (e: Error) => !(e instanceof NoSuchStackError) && /pulumi stack output failed: not logged in/.test(e.message));
        await assert.rejects(pulumiCliOutputsReader(dir, { PATH: path.join(dir, "empty") })("dev"), (e: Error) => e.message === NO_CLI_MESSAGE);
    });

    it("decrypts one config value with pulumi config get; without a CLI there is none", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi("the-decrypted-value\n");
        assert.equal(await pulumiCliSecretConfigReader(dir, env())("dev", "auth0:clientSecret"), "the-decrypted-value");
        assert.equal(args(), "config get auth0:clientSecret --stack dev");
        assert.equal(await pulumiCliSecretConfigReader(dir, { PATH: "" })("dev", "auth0:clientSecret"), undefined);
    });

    it("tells a stack the backend does not have (never initialised there) from other failures", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi("", 6, "error: no stack named dev found");
        await assert.rejects(pulumiCliOutputsReader(dir, env())("dev"), (e: Error) => e instanceof NoSuchStackError && /no stack named dev found/.test(e.message));
    });
});
