/**
 * `npm run plan` (tools/plan/): the real program planned offline per stack, as a tree and as JSON,
 * secrets masked, config problems in the program's own words, and `--diff` between a git ref and the
 * working tree with the dangerous changes flagged.
 *
 * Plans run the program in child processes, a few seconds each; stack files that need to be bad or
 * carry secrets live in temp projects in /tmp whose program files are links to this package's.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadTenantConfig } from "../../components/config";
import { diffAll, diffPlans, renderDiff, renderDiffJson, SCIM_TOKEN_TYPE } from "../../tools/plan/diff";
import { main as planMain } from "../../tools/plan/cli";
import { PACKAGE_DIR, planStack, privateCacheDir, renderPlan, renderPlansJson, SECRET, UNKNOWN, type PlannedResource, type StackPlan } from "../../tools/plan/plan";
import { loadStackConfig, readProject } from "../../tools/plan/stackConfig";

const FIXTURES = path.join(__dirname, "fixtures", "plan");
const CLI = path.join(PACKAGE_DIR, "tools", "cli", "bin.js");
const CONNECTION = "auth0:index/connection:Connection";
const TEMPLATED_APP = "azuread:index/applicationFromTemplate:ApplicationFromTemplate";
const PLANTED = [
    "PLANTEDplainClientSecret0001",
    "PLANTEDcipherText0002",
    "PLANTEDcipherText0003",
    "PLANTEDcipherText0004",
];

/**
 * Links `dir/<entry>` to this package's program files (not dotfiles, not its stack files, not the
 * excluded ones). Files written into `dir` afterwards are created exclusively (never through a link).
 */
function linkProgram(dir: string, exclude: readonly string[] = []): void {
    for (const entry of fs.readdirSync(PACKAGE_DIR)) {
        if (entry.startsWith(".") || exclude.includes(entry) || /^Pulumi\..+\.ya?ml$/.test(entry)) continue;
        fs.symlinkSync(path.join(PACKAGE_DIR, entry), path.join(dir, entry));
    }
}

/** Copies a file to a path that must not exist yet (so it can never write through a link). */
function copyNew(source: string, destination: string): void {
    fs.copyFileSync(source, destination, fs.constants.COPYFILE_EXCL);
}

/** A project in /tmp: every program file linked to this package's, plus the given stack files. */
function tempProject(stackFiles: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-test-"));
    linkProgram(dir);
    for (const [name, source] of Object.entries(stackFiles)) copyNew(source, path.join(dir, name));
    return dir;
}

function runCli(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [CLI, "plan", ...args], {
        cwd: PACKAGE_DIR,
        encoding: "utf8",
        timeout: 280_000,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertNoPlantedSecret(text: string, where: string): void {
    for (const secret of PLANTED) assert.ok(!text.includes(secret), `${where} shows the planted secret ${secret}`);
}

/** The chain of parents of a resource, nearest first. */
function ancestors(plan: StackPlan, resource: PlannedResource): PlannedResource[] {
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const chain: PlannedResource[] = [];
    for (let p = resource.parent; p; p = byUrn.get(p)?.parent ?? null) {
        const parent = byUrn.get(p);
        assert.ok(parent, `parent ${p} of ${resource.name} is not in the plan`);
        chain.push(parent);
    }
    return chain;
}

describe("npm run plan (tools/plan)", function () {
    this.timeout(300_000);
    const temps: string[] = [];
    after(() => {
        for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("plans Pulumi.dev.yaml as a tree under the top component, ids unknown, secrets masked, in under 10 s", async () => {
        const plan = await planStack("dev");
        assert.equal(plan.ok, true, plan.error);

        const connection = plan.resources.find((r) => r.type === CONNECTION);
        const provisioningApp = plan.resources.find((r) => r.type === TEMPLATED_APP);
        assert.ok(connection && provisioningApp, "the Auth0 connection and the Entra provisioning app are planned");
        const top = plan.resources.filter((r) => r.parent === null);
        assert.equal(top.length, 1, "one top-level resource");
        assert.equal(top[0].custom, false, "the top-level resource is a component");
        for (const r of [connection, provisioningApp]) {
            const chain = ancestors(plan, r);
            assert.ok(chain.length >= 1, `${r.name} has a parent`);
            assert.equal(chain[chain.length - 1].urn, top[0].urn, `${r.name} sits under the top component`);
            assert.ok(chain.every((c) => !c.custom), `${r.name}'s parents are components`);
        }

        // The inputs that matter, masked and unknown where a real preview could not know them.
        assert.equal(connection.inputs.strategy, "waad");
        assert.equal(connection.inputs.name, "contoso-entra");
        const options = connection.inputs.options as Record<string, unknown>;
        assert.equal(options.clientSecret, SECRET);
        assert.ok(connection.secretInputs.includes("options.clientSecret"));
        assert.equal(options.clientId, UNKNOWN);
        assert.equal(plan.outputs.scimToken, SECRET);
        assert.equal(plan.outputs.connectionId, UNKNOWN);
        assert.ok(!JSON.stringify(plan).includes("__provider"), "the dynamic providers' serialised code is dropped");

        // The text tree: the connection's line is drawn below, and indented deeper than, the top's.
        const text = renderPlan(plan);
        const lines = text.split("\n");
        const topLine = lines.findIndex((l) => l.includes(`${top[0].type}  ${top[0].name}`));
        const connectionLine = lines.findIndex((l) => l.includes(`${CONNECTION}  ${connection.name}`));
        assert.ok(topLine > 0 && connectionLine > topLine, text);
        assert.ok(connectionLine > 0 && lines[connectionLine].indexOf("─ ") > lines[topLine].indexOf("─ ") + 3, "the connection is nested in the tree");
        assert.ok(lines.slice(connectionLine).some((l) => /clientSecret: \[secret\]$/.test(l)));

        const seconds = (plan.durationMs ?? Infinity) / 1000;
        const cpu = (plan.cpuMs ?? Infinity) / 1000;
        console.log(`      plan of dev: ${seconds.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`);
        assert.ok(cpu < 10, `the program's process used ${cpu} s of CPU`);
        // Wall time depends on what else the machine runs; on a machine not loaded past its CPUs it must fit.
        if (os.loadavg()[0] <= os.cpus().length) assert.ok(seconds < 10, `planning one stack took ${seconds} s`);
    });

    it("never shows a secret from the stack config, in text or JSON, even where it reaches an input", async () => {
        const dir = tempProject({ "Pulumi.planted.yaml": path.join(FIXTURES, "stacks", "Pulumi.planted.yaml") });
        temps.push(dir);
        const plan = await planStack("planted", { projectDir: dir });
        assert.equal(plan.ok, true, plan.error);

        for (const [where, text] of [
            ["text", renderPlan(plan)],
            ["JSON", renderPlansJson([plan])],
            ["the plan object", JSON.stringify(plan)],
        ]) {
            assertNoPlantedSecret(text, where);
        }
        // Where they went: the secure display name and the secure mapping are masked inputs.
        const app = plan.resources.find((r) => r.type === "azuread:index/application:Application")!;
        assert.equal(app.inputs.displayName, SECRET);
        const scim = plan.resources.find((r) => r.type === "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration")!;
        const masked = (scim.inputs.mappings as Record<string, unknown>[]).filter((m) => m.auth0 === SECRET || m.scim === SECRET);
        assert.equal(masked.length, 1, JSON.stringify(scim.inputs.mappings));
    });

    it("refuses a credential kept in clear, naming the key, and shows its value nowhere (also pasted into a mapping)", async () => {
        const dir = tempProject({ "Pulumi.clear.yaml": path.join(FIXTURES, "stacks", "Pulumi.clear.yaml") });
        temps.push(dir);
        const plan = await planStack("clear", { projectDir: dir });
        assert.equal(plan.ok, false);
        assert.ok(plan.problems.some((p) => /auth0:clientSecret is a credential but is stored in clear: set it again with `pulumi config set --secret auth0:clientSecret`/.test(p)), plan.problems.join("\n"));
        for (const [where, text] of [
            ["text", renderPlan(plan)],
            ["JSON", renderPlansJson([plan])],
            ["the plan object", JSON.stringify(plan)],
        ]) {
            assertNoPlantedSecret(text, where);
        }
    });

    it("prints a bad stack's ConfigValidationError lines as `pulumi up` would, exits non-zero, and --all carries on", () => {
        const dir = tempProject({
            "Pulumi.bad.yaml": path.join(FIXTURES, "stacks", "Pulumi.bad.yaml"),
            "Pulumi.missing.yaml": path.join(FIXTURES, "stacks", "Pulumi.missing.yaml"),
            "Pulumi.planted.yaml": path.join(FIXTURES, "stacks", "Pulumi.planted.yaml"),
        });
        temps.push(dir);

        // What the program itself throws for that config.
        const project = readProject(dir);
        const config = loadStackConfig(project, "bad", () => "[secret]");
        const saved = pulumi.runtime.allConfig();
        let expected: Error | undefined;
        try {
            pulumi.runtime.setAllConfig(config.config, config.secretKeys);
            loadTenantConfig(undefined, undefined, "bad");
        } catch (error) {
            expected = error as Error;
        } finally {
            pulumi.runtime.setAllConfig(saved);
        }
        assert.equal(expected?.name, "ConfigValidationError");

        const { code, stdout, stderr } = runCli(["--all", "--project-dir", dir]);
        assert.notEqual(code, 0, "a failed stack fails the run");
        for (const line of expected!.message.split("\n")) assert.ok(stdout.split("\n").includes(line), `missing line: ${line}\n${stdout}`);
        // The CLI's own check, before any program runs.
        const required = Object.entries(project.config).filter(([, spec]) => spec.default === undefined && spec.value === undefined).map(([k]) => k);
        if (required.length === 1) assert.ok(stdout.includes(`Stack 'missing' is missing configuration value '${required[0]}'`), stdout);
        // --all went on to plan the good stack after the failing ones.
        assert.match(stdout, /^Stack planted \(Pulumi\.planted\.yaml\): \d+ resources/m);
        assert.ok(stdout.includes(`${CONNECTION}  `));
        assert.match(stdout, /3 stacks planned: 1 ok, 2 failed \(bad, missing\)/);
        assertNoPlantedSecret(stdout + stderr, "the CLI");
    });

    it("fails a plan clearly on a data source it cannot answer", async () => {
        const plan = await planStack("test", { projectDir: path.join(FIXTURES, "unmocked") });
        assert.equal(plan.ok, false);
        assert.match(plan.problems[0], /azuread:index\/getClientConfig:getClientConfig/);
        assert.match(plan.problems[0], /tools\/plan\/mocks\.ts/);
    });

    describe("diffPlans", () => {
        const stackUrn = (type: string, name: string, parentChain = "auth0-entra-scim:index:CustomerTenant") =>
            `urn:pulumi:s::auth0-entra-scim::${parentChain}$${type}::${name}`;
        const top: PlannedResource = {
            urn: "urn:pulumi:s::auth0-entra-scim::auth0-entra-scim:index:CustomerTenant::t",
            type: "auth0-entra-scim:index:CustomerTenant",
            name: "t",
            parent: null,
            custom: false,
            protect: false,
            inputs: {},
            secretInputs: [],
        };
        const resource = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<PlannedResource> = {}): PlannedResource => ({
            urn: stackUrn(type, name),
            type,
            name,
            parent: top.urn,
            custom: true,
            protect: false,
            inputs,
            secretInputs: [],
            ...extra,
        });
        const connection = (name: string, digest = "d1", resourceName = "t-connection") =>
            resource(CONNECTION, resourceName, { name, strategy: "waad", options: { clientSecret: SECRET, clientId: UNKNOWN } }, {
                protect: true,
                secretInputs: ["options.clientSecret"],
                secretDigests: { "options.clientSecret": digest },
            });
        const token = (scopes: string[], connectionUrn = stackUrn(CONNECTION, "t-connection")) =>
            resource(SCIM_TOKEN_TYPE, "t-token", { connectionId: UNKNOWN, scopes, lifetimeSeconds: 31536000 }, { dependencies: { connectionId: [connectionUrn] } });
        const plan = (resources: PlannedResource[], outputs: Record<string, unknown> = {}): StackPlan => ({
            stack: "s",
            ok: true,
            problems: [],
            resources: [top, ...resources],
            outputs,
        });
        const users = ["get:users", "post:users", "patch:users", "delete:users"];
        const groups = ["get:groups", "post:groups", "patch:groups", "delete:groups"];

        it("reports additions, removals and input changes, and nothing for equal plans", () => {
            const clients = resource("auth0:index/connectionClients:ConnectionClients", "t-clients", { enabledClients: ["a"] });
            const job = resource("azuread:index/synchronizationJob:SynchronizationJob", "t-job", { enabled: true, templateId: "scim" });
            const base = plan([connection("c"), clients, token(users)]);
            assert.equal(diffPlans(base, base).status, "unchanged");

            const head = plan([connection("c"), { ...clients, inputs: { enabledClients: ["a", "b"] } }, job, token(users)]);
            const diff = diffPlans(base, head);
            assert.equal(diff.status, "changed");
            assert.deepEqual(diff.added.map((r) => r.name), ["t-job"]);
            assert.deepEqual(diff.removed, []);
            assert.deepEqual(diff.changed.map((c) => [c.name, c.changes.map((x) => [x.path, x.kind, x.addedItems])]), [
                ["t-clients", [["enabledClients", "list", ["b"]]]],
            ]);
            assert.deepEqual(diff.flags, []);

            const back = diffPlans(head, base);
            assert.deepEqual(back.removed.map((r) => r.name), ["t-job"]);
        });

        it("says a secret changed only when its digest did, and never shows it", () => {
            const same = diffPlans(plan([connection("c", "d1")]), plan([connection("c", "d1")]));
            assert.equal(same.status, "unchanged");
            const changed = diffPlans(plan([connection("c", "d1")]), plan([connection("c", "d2")]));
            assert.deepEqual(changed.changed[0].changes, [{ path: "options.clientSecret", kind: "secret" }]);
            const md = renderDiff(diffAll([plan([connection("c", "d1")])], [plan([connection("c", "d2")])], { base: "main", head: "working tree" }));
            assert.match(md, /`options\.clientSecret`: changed \(secret\)/);
            assert.ok(!md.includes("d1") && !md.includes("d2"), "digests are not printed");
        });

        it("flags a renamed connection (its URN changes) as a replacement of a protected resource", () => {
            const diff = diffPlans(plan([connection("c")]), plan([connection("c", "d1", "t-connection-2")]));
            const flag = diff.flags.find((f) => f.kind === "protected-replacement");
            assert.ok(flag, JSON.stringify(diff.flags));
            assert.match(flag.message, /t-connection\*\* would be \*\*replaced\*\*: renamed to \*\*t-connection-2/);
            // An alias to the old URN keeps it: no replacement, no flag.
            const aliased = connection("c", "d1", "t-connection-2");
            const kept = diffPlans(plan([connection("c")]), plan([{ ...aliased, aliases: [stackUrn(CONNECTION, "t-connection")] }]));
            assert.deepEqual(kept.flags, []);
            assert.equal(kept.changed[0].renamedFrom, stackUrn(CONNECTION, "t-connection"));
        });

        it("flags a connection name change as a protected replacement and the token it rotates", () => {
            const diff = diffPlans(plan([connection("old-name"), token(users)]), plan([connection("new-name"), token(users)]));
            const connectionChange = diff.changed.find((c) => c.type === CONNECTION)!;
            assert.equal(connectionChange.replace, true);
            assert.deepEqual(connectionChange.replaceReasons, ["name"]);
            assert.deepEqual(diff.flags.map((f) => f.kind).sort(), ["protected-replacement", "token-rotation"]);
            assert.match(diff.flags.find((f) => f.kind === "token-rotation")!.message, /connectionId/);
            const md = renderDiff({ base: "main", head: "working tree", stacks: [diff] });
            const firstHeading = md.indexOf("\n### ");
            assert.ok(md.indexOf("⚠") >= 0 && md.indexOf("⚠") < firstHeading, "the flags come before the stacks' sections");
        });

        it("an ignored input (ignoreChanges) forces nothing: a protected connection's name is not diffed", () => {
            const ignoring = (name: string) => ({ ...connection(name), ignoreChanges: ["name"] });
            const diff = diffPlans(plan([ignoring("old-name"), token(users)]), plan([ignoring("new-name"), token(users)]));
            const connectionChange = diff.changed.find((c) => c.type === CONNECTION)!;
            assert.equal(connectionChange.replace, false);
            assert.deepEqual(diff.flags.map((f) => f.kind), ["refused-change"]);
        });

        it("flags a token scope change as a rotation, but not a new order of the same scopes", () => {
            const rotated = diffPlans(plan([connection("c"), token(users)]), plan([connection("c"), token([...users, ...groups])]));
            assert.deepEqual(rotated.flags.map((f) => f.kind), ["token-rotation"]);
            assert.match(rotated.flags[0].message, /\+get:groups/);
            const reordered = diffPlans(plan([connection("c"), token(users)]), plan([connection("c"), token([...users].reverse())]));
            assert.deepEqual(reordered.flags, []);
            assert.deepEqual(reordered.changed[0].changes.map((c) => c.kind), ["reordered"]);
        });

        it("reports stacks on one side only as new or removed", () => {
            const p = plan([connection("c")]);
            assert.equal(diffPlans(undefined, p).status, "new");
            assert.equal(diffPlans(p, undefined).status, "removed");
            const failed: StackPlan = { ...p, ok: false, problems: ["x"], resources: [] };
            assert.equal(diffPlans(p, failed).status, "failed");
            assert.deepEqual(JSON.parse(renderDiffJson(diffAll([p], [], { base: "b", head: "h" }))).stacks.map((s: { status: string }) => s.status), ["removed"]);
        });
    });

    it("--diff HEAD in a git repo: worktree made and removed, unchanged stacks quiet, rename and rotation flagged", () => {
        const repo = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-repo-"));
        temps.push(repo);
        const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=plan-test", "-c", "user.email=plan-test@example.com", ...args], { cwd: repo, encoding: "utf8" });
        git("init", "-q");
        linkProgram(repo, ["node_modules"]);
        fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n", { flag: "wx" });
        copyNew(path.join(FIXTURES, "diff", "Pulumi.same.yaml"), path.join(repo, "Pulumi.same.yaml"));
        copyNew(path.join(FIXTURES, "diff", "Pulumi.renamed.base.yaml"), path.join(repo, "Pulumi.renamed.yaml"));
        // A stack deleted in the working tree (its config was incomplete anyway: no program run needed).
        copyNew(path.join(FIXTURES, "stacks", "Pulumi.missing.yaml"), path.join(repo, "Pulumi.gone.yaml"));
        git("add", "-A");
        git("commit", "-qm", "base");
        // The working tree: one stack changed, one deleted, one new (untracked); node_modules as installed.
        fs.symlinkSync(path.join(PACKAGE_DIR, "node_modules"), path.join(repo, "node_modules"));
        fs.rmSync(path.join(repo, "Pulumi.renamed.yaml"));
        copyNew(path.join(FIXTURES, "diff", "Pulumi.renamed.head.yaml"), path.join(repo, "Pulumi.renamed.yaml"));
        fs.rmSync(path.join(repo, "Pulumi.gone.yaml"));
        copyNew(path.join(FIXTURES, "diff", "Pulumi.same.yaml"), path.join(repo, "Pulumi.fresh.yaml"));

        const { code, stdout, stderr } = runCli(["--diff", "HEAD", "--project-dir", repo]);
        assert.equal(code, 3, `a protected change and a token rotation need attention: exit 3\n${stderr}`);
        const worktree = /^worktree (\S+) at /m.exec(stderr)?.[1];
        assert.ok(worktree, stderr);
        assert.ok(stderr.includes(`removed worktree ${worktree}`), stderr);
        assert.equal(fs.existsSync(worktree), false, "the worktree directory is gone");
        assert.equal(git("worktree", "list", "--porcelain").match(/^worktree /gm)?.length, 1, "git no longer lists it");
        assert.equal(git("status", "--porcelain").split("\n").filter(Boolean).sort().join("\n"), [" D Pulumi.gone.yaml", " M Pulumi.renamed.yaml", "?? Pulumi.fresh.yaml"].join("\n"));

        const [flagBlock] = stdout.split("\n### ");
        // Protected, the connection's name is ignored by the engine and the rename refused by the guard.
        assert.match(flagBlock, /⚠ \*\*renamed\*\*: protected `auth0:index\/connection:Connection` \*\*[^*]+\*\*: `name` "[^"]+" → "fabrikam-sso" can only be made by replacing it; `pulumi up` refuses it/);
        assert.match(flagBlock, /⚠ \*\*renamed\*\*: the SCIM token \*\*[^*]+\*\* is \*\*rotated\*\*.*-get:groups/);
        assert.doesNotMatch(flagBlock, /⚠ \*\*(same|fresh|gone)\*\*/);
        assert.match(stdout, /^\| same \| no changes \|$/m);
        assert.match(stdout, /^\| fresh \| \*\*new stack\*\*/m);
        assert.match(stdout, /^\| gone \| \*\*stack removed\*\*/m);
        assert.match(stdout, /^No changes: same\.$/m);
    });
});

describe("plan inputs (issue 15)", function () {
    this.timeout(120_000);
    const io = () => {
        const captured = { stdout: "", stderr: "" };
        return { captured, io: { stdout: (t: string) => (captured.stdout += t), stderr: (t: string) => (captured.stderr += t) } };
    };

    it("refuses a --stack with a path in it, before reading any file", async () => {
        for (const stack of ["../x", "a/b", "..", "/etc/passwd", "x/../../y"]) {
            const { captured, io: o } = io();
            assert.equal(await planMain(["--stack", stack], o), 2, stack);
            assert.match(captured.stderr, /is not a stack name/, stack);
            assert.equal(captured.stdout, "", "nothing planned");
        }
    });

    it("refuses a --timeout setTimeout cannot hold (above 24.8 days), or not above 0, as a usage error", async () => {
        for (const timeout of ["2147484", "3000000", "1e9", "0", "-1", "soon"]) {
            const { captured, io: o } = io();
            assert.equal(await planMain(["--stack", "dev", "--timeout", timeout], o), 2, timeout);
            assert.match(captured.stderr, /--timeout must be a number of seconds above 0 and at most 2147483/, timeout);
        }
    });

    it("answers a missing --project-dir with one line, not a stack trace", () => {
        const { code, stderr } = runCli(["--project-dir", path.join(os.tmpdir(), "no-such-project-dir-xyz")]);
        assert.equal(code, 2);
        assert.match(stderr, /^plan: --project-dir \S+: no such directory$/m);
        assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
    });

    it("runs no code from a temp directory another user could have made: the cache is private (0700) and checked", function () {
        if (process.platform === "win32") this.skip();
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cache-test-"));
        try {
            // The predictable per-user path, made first by "someone else": world-writable, with a planted hook.
            const planted = path.join(tmp, `auth0-entra-scim-plan-cache-${process.getuid!()}`);
            fs.mkdirSync(planted);
            fs.chmodSync(planted, 0o777);
            const dir = privateCacheDir(tmp);
            assert.notEqual(dir, planted, "a world-writable directory is not used");
            assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
            // A symlink at the path is not followed either.
            fs.rmSync(planted, { recursive: true });
            const elsewhere = fs.mkdtempSync(path.join(tmp, "elsewhere-"));
            fs.symlinkSync(elsewhere, planted);
            assert.notEqual(privateCacheDir(tmp), planted);
            // Our own directory, made fresh, is used and is 0700.
            fs.rmSync(planted);
            assert.equal(privateCacheDir(tmp), planted);
            assert.equal(fs.statSync(planted).mode & 0o777, 0o700);
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });

    it("a plan with a planted shared cache in TMPDIR leaves it untouched", async function () {
        if (process.platform === "win32") this.skip();
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-tmpdir-test-"));
        const saved = process.env.TMPDIR;
        try {
            const planted = path.join(tmp, `auth0-entra-scim-plan-cache-${process.getuid!()}`);
            fs.mkdirSync(planted);
            fs.chmodSync(planted, 0o777);
            process.env.TMPDIR = tmp;
            const plan = await planStack("dev", { projectDir: PACKAGE_DIR });
            assert.ok(plan.resources.length > 0 || plan.problems.length > 0, "the plan ran");
            assert.deepEqual(fs.readdirSync(planted), [], "nothing written to (or read from) the shared directory");
        } finally {
            if (saved === undefined) delete process.env.TMPDIR;
            else process.env.TMPDIR = saved;
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});

describe("plan with Pulumi ESC, the environment, and duplicates across stacks (issue 17)", function () {
    this.timeout(240_000);
    const temps: string[] = [];
    after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const write = (dir: string, name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), lines.join("\n") + "\n", { flag: "wx" });
    const project = () => {
        const dir = tempProject({});
        temps.push(dir);
        return dir;
    };
    const ENTRA = "  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com";

    it("stands in for what an imported ESC environment provides, masked, and says so: from its template, or auth0:domain when unknown", () => {
        const dir = project();
        write(dir, "Pulumi.shared.yaml", ["environment:", "  - auth0-shared", "config:", ENTRA]);
        write(dir, "Pulumi.unknown.yaml", ["environment:", "  - myorg/elsewhere", "config:", ENTRA]);
        write(dir, "Pulumi.own.yaml", ["environment:", "  - auth0-shared", "config:", "  auth0:domain: own.us.auth0.com", ENTRA]);
        const proj = readProject(dir);
        const shared = loadStackConfig(proj, "shared", () => "[secret]");
        assert.deepEqual(shared.problems, []);
        assert.deepEqual(shared.environments, ["auth0-shared"]);
        // esc/auth0-shared.yaml's pulumiConfig keys.
        assert.deepEqual(Object.keys(shared.sources).sort(), ["auth0:clientId", "auth0:clientSecret", "auth0:domain"]);
        for (const key of Object.keys(shared.sources)) {
            assert.equal(shared.sources[key], "from ESC env auth0-shared");
            assert.ok(shared.scrub.includes(shared.config[key]), `${key}'s placeholder is masked`);
        }
        assert.match(shared.config["auth0:domain"], /^esc-[0-9a-f]{12}\.invalid$/, "a hostname, so the program's validation passes");
        assert.ok(shared.secretKeys.includes("auth0:clientSecret"));
        const unknown = loadStackConfig(proj, "unknown", () => "[secret]");
        assert.deepEqual(unknown.sources, { "auth0:domain": "from ESC env myorg/elsewhere" });
        assert.ok(unknown.warnings.some((w) => /no esc\/<env>\.yaml template/.test(w)));
        // The stack file's own value wins over the environment's.
        const own = loadStackConfig(proj, "own", () => "[secret]");
        assert.equal(own.config["auth0:domain"], "own.us.auth0.com");
        assert.equal(own.sources["auth0:domain"], undefined);
    });

    it("takes auth0:domain from AUTH0_DOMAIN as the provider does, and says exactly that the program will not", () => {
        const dir = project();
        write(dir, "Pulumi.envd.yaml", ["config:", ENTRA]);
        const proj = readProject(dir);
        assert.equal(loadStackConfig(proj, "envd", () => "[secret]").config["auth0:domain"], undefined, "no environment unless asked for");
        const config = loadStackConfig(proj, "envd", () => "[secret]", undefined, { env: { AUTH0_DOMAIN: "acme.eu.auth0.com", AUTH0_CLIENT_SECRET: "PLANTEDenvSecret0005" } });
        assert.equal(config.config["auth0:domain"], "acme.eu.auth0.com");
        assert.equal(config.sources["auth0:domain"], "from environment AUTH0_DOMAIN");
        assert.equal(config.sources["auth0:clientSecret"], "from environment AUTH0_CLIENT_SECRET");
        assert.equal(config.config["auth0:clientSecret"], undefined, "the program does not read it: not handed to it");
        assert.ok(config.scrub.includes("PLANTEDenvSecret0005"));
        assert.ok(config.warnings.some((w) => w.includes("reads the domain from stack config only (components/config.ts loadTenantConfig") && w.includes("AUTH0_DOMAIN alone makes it fail")));
    });

    it("plans a stack whose auth0:domain is in ESC, showing `from ESC env`, never the placeholder; --all refuses duplicates, one finding per pair", async () => {
        const dir = project();
        write(dir, "Pulumi.esc.yaml", ["environment:", "  - auth0-shared", "config:", "  azuread:tenantId: 00000000-0000-0000-0000-0000000000e1", "  auth0-entra-scim:connectionName: twin-entra", ENTRA]);
        write(dir, "Pulumi.twin.yaml", ["config:", "  auth0:domain: acme.us.auth0.com", "  azuread:tenantId: 00000000-0000-0000-0000-0000000000E1", "  auth0-entra-scim:connectionName: twin-entra", ENTRA]);
        const out = { stdout: "", stderr: "" };
        const io = { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) };
        const code = await planMain(["--all", "--json", "--project-dir", dir, "--concurrency", "2"], io);
        const data = JSON.parse(out.stdout);
        assert.equal(data.schemaVersion, 1);
        const esc = data.stacks.find((s: { stack: string }) => s.stack === "esc");
        assert.equal(esc.ok, true, esc.error);
        assert.equal(esc.configSources["auth0:domain"], "from ESC env auth0-shared");
        assert.doesNotMatch(out.stdout, /esc-[0-9a-f]{12}\.invalid/);
        assert.deepEqual(
            data.duplicates.map((d: { kind: string; stacks: string[] }) => `${d.kind} ${d.stacks.join(",")}`),
            ["connectionName esc,twin", "tenantId esc,twin"],
        );
        assert.equal(code, 1, "duplicates fail the plan");

        const text = { stdout: "", stderr: "" };
        await planMain(["--stack", "esc", "--project-dir", dir], { stdout: (t) => (text.stdout += t), stderr: (t) => (text.stderr += t) });
        assert.match(text.stdout, /^config auth0:domain: from ESC env auth0-shared$/m);
        assert.match(text.stdout, /^Refused: 2 duplicates across stacks$/m);
    });
});
