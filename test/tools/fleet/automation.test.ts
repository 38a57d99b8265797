/**
 * The Automation API adapter's one check before any stack (preflight), against a stand-in `pulumi`
 * script: no CLI, no Node language host, no login, each refused once with one line saying what to do;
 * in-process, the Node hosts laid out when the CLI has none.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { automationStackOperations, describeMissingCli, describeNoLogin } from "../../../tools/fleet/automation";
import { DYNAMIC_PROVIDER_HOST, LANGUAGE_HOST } from "../../../tools/fleet/hosts";
import { PreflightError } from "../../../tools/fleet/operations";

describe("fleet preflight (Automation API adapter)", function () {
    if (process.platform === "win32") return;
    this.timeout(30_000);
    let dir: string;
    let root: string;
    let project: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-preflight-"));
        root = path.join(dir, "cli");
        project = path.join(dir, "project");
        fs.mkdirSync(path.join(root, "bin"), { recursive: true });
        fs.mkdirSync(project);
        fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A `pulumi` that knows `version` and `whoami` (logged in when FAKE_LOGIN is set). */
    function fakePulumi(): void {
        fs.writeFileSync(
            path.join(root, "bin", "pulumi"),
            `#!/bin/sh
case "$1" in
  version) echo v3.248.0 ;;
  whoami) if [ -n "$FAKE_LOGIN" ]; then printf '{"user":"ops","url":"%s"}' "$FAKE_LOGIN"; else echo "error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions" >&2; exit 1; fi ;;
  *) exit 3 ;;
esac
`,
            { mode: 0o755 },
        );
    }
    const ops = (extra: { inProcess?: boolean; login?: string; hosts?: string[] } = {}) => {
        const pathDir = path.join(dir, "path");
        fs.mkdirSync(pathDir, { recursive: true });
        for (const host of extra.hosts ?? []) fs.writeFileSync(path.join(pathDir, host), "#!/bin/sh\n", { mode: 0o755 });
        const envVars: Record<string, string> = { PATH: `${pathDir}:/usr/bin:/bin`, PULUMI_HOME: path.join(dir, "home"), ...(extra.login ? { FAKE_LOGIN: extra.login } : {}) };
        return automationStackOperations(project, { pulumiRoot: root, envVars, inProcess: extra.inProcess });
    };
    const refused = async (promise: Promise<unknown>, pattern: RegExp) =>
        assert.rejects(promise, (error: Error) => {
            assert.ok(error instanceof PreflightError, String(error));
            assert.match(error.message, pattern);
            assert.doesNotMatch(error.message, /\n/, "one line");
            return true;
        });

    it("no Pulumi CLI: says where it looked and how to get one", async () => {
        await refused(ops().preflight!({ runsProgram: true }), /^the Pulumi CLI was not found \(.*cli\/bin\/pulumi\): install it/);
        assert.match(describeMissingCli(new Error("spawn pulumi ENOENT")), /was not found \(pulumi on the PATH\)/);
    });

    it("a CLI without the Node language host: refused for commands that run the program, pointing at --in-process", async () => {
        fakePulumi();
        await refused(ops({ login: "file:///b" }).preflight!({ runsProgram: true }), new RegExp(`has no Node.js language host \\(${LANGUAGE_HOST} .*run with --in-process`));
        const health = await ops({ login: "file:///b" }).preflight!({ runsProgram: false });
        assert.equal(health.user, "ops", "health runs no program: no language host needed");
        const withHost = await ops({ login: "file:///b", hosts: [LANGUAGE_HOST] }).preflight!({ runsProgram: true });
        assert.deepEqual(withHost.notes, []);
    });

    it("no login: the CLI's own reason, and the login commands", async () => {
        fakePulumi();
        await refused(
            ops({ hosts: [LANGUAGE_HOST] }).preflight!({ runsProgram: true }),
            /^no Pulumi backend is logged in for this project \(pulumi whoami: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions\): run `pulumi login` \(or `pulumi login --local`/,
        );
        assert.match(describeNoLogin({ message: "x", commandResult: { stderr: "warning: a\nerror: unable to open bucket file:///gone\n" } }), /pulumi whoami: unable to open bucket file:\/\/\/gone\)/);
    });

    it("in-process: no language host needed; the dynamic-provider host laid out when the CLI has none", async () => {
        fakePulumi();
        const info = await ops({ inProcess: true, login: "file:///state" }).preflight!({ runsProgram: true });
        assert.deepEqual([info.user, info.url, info.version], ["ops", "file:///state", "3.248.0"]);
        assert.equal(info.cli, path.join(root, "bin", "pulumi"));
        assert.equal(info.notes?.length, 1);
        assert.match(info.notes![0], new RegExp(`no ${DYNAMIC_PROVIDER_HOST} for this CLI: using @pulumi/pulumi's own`));
        const found = await ops({ inProcess: true, login: "file:///state", hosts: [DYNAMIC_PROVIDER_HOST] }).preflight!({ runsProgram: true });
        assert.deepEqual(found.notes, [], "a host already there is used");
    });

    it("preview --refresh: the CLI's preview is asked to refresh first (the drift check)", async () => {
        const log = path.join(dir, "calls.log");
        fs.writeFileSync(
            path.join(root, "bin", "pulumi"),
            `#!/bin/sh\necho "$*" >>"${log}"\ncase "$1" in\n  version) echo v3.248.0 ;;\n  preview) echo "error: stop here" >&2; exit 1 ;;\nesac\nexit 0\n`,
            { mode: 0o755 },
        );
        const envVars = { PATH: "/usr/bin:/bin", PULUMI_HOME: path.join(dir, "home") };
        const previews = async (refresh: boolean) => {
            fs.rmSync(log, { force: true });
            await assert.rejects(automationStackOperations(project, { pulumiRoot: root, envVars, refresh }).preview("s", () => undefined));
            return fs.readFileSync(log, "utf8").split("\n").filter((l) => l.startsWith("preview"));
        };
        const [refreshed] = await previews(true);
        assert.match(refreshed, /\s--refresh\b/);
        const [plain] = await previews(false);
        assert.doesNotMatch(plain, /--refresh/);
    });
});
