/**
 * `npm run handoff`: the sheet for the other party, from a stack's config and (fake) outputs or plan.
 * No Pulumi CLI and no real plan: both are injected.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { handoffSheet, type HandoffDeps, type PlanOutcome, runHandoff } from "../../tools/handoff/handoff";
import type { StackOutputs } from "../../tools/handoff/pulumiCli";

const ROOT = path.join(__dirname, "..", "..");
const TENANT_URL_PATTERN = /https:\/\/acme\.us\.auth0\.com\/scim\/v2\/connections\/[^\s`<]*(?:<after first pulumi up>|&lt;after first pulumi up&gt;|con_[A-Za-z0-9]+)\?aadOptscim062020/;
const ALL_SCOPES = "get:users post:users patch:users delete:users get:groups post:groups patch:groups delete:groups";

const SCIM_TOKEN = "tok_Q8dRk2mZpL0vXw3.5f1e9c7a0b3d6e8f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
const CLIENT_SECRET = "m2m-Zr8~kQ2.vN5_wT7xY1aB3cD5eF7gH9jK";
const ENTRA_SECRET = "entra-Xy7~Q.2abcdefghijklmnopq";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const OIDC_CLIENT = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/** A project directory with the real Pulumi.yaml and the given stack file. */
function project(stack: string, stackYaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-test-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackYaml);
    return dir;
}

/** Pulumi.dev.yaml with secrets set in clear by mistake, to prove they never reach the sheet. */
const devWithClearSecrets = () =>
    `${fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")}  auth0:clientSecret: ${CLIENT_SECRET}\n  azuread:clientSecret: ${ENTRA_SECRET}\n`;

const ranOutputs: StackOutputs = {
    connectionId: CONNECTION,
    tenantUrl: `https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}?aadOptscim062020`,
    scimEndpointUrl: `https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}`,
    oidcClientId: OIDC_CLIENT,
    scimToken: SCIM_TOKEN,
    scimTokenValidUntil: "2027-11-28T12:00:00.000Z",
};

function deps(projectDir: string, options: { outputs?: StackOutputs | Error; plan?: PlanOutcome; env?: NodeJS.ProcessEnv } = {}) {
    const io = { stdout: "", stderr: "", files: new Map<string, string>() };
    const d: HandoffDeps = {
        projectDir,
        env: options.env ?? {},
        stdout: (t) => (io.stdout += t),
        stderr: (t) => (io.stderr += t),
        readOutputs: async () => {
            if (options.outputs instanceof Error) throw options.outputs;
            return options.outputs;
        },
        loadPlan: () => (options.plan ? () => options.plan! : undefined),
        writeFile: (file, text) => io.files.set(file, text),
    };
    return { deps: d, io };
}

describe("npm run handoff", () => {
    const dirs: string[] = [];
    const dir = (stack: string, yaml: string) => {
        const d = project(stack, yaml);
        dirs.push(d);
        return d;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    describe("the sheet for Pulumi.dev.yaml (not run yet, no plan)", () => {
        for (const format of ["md", "html"] as const) {
            it(`renders as ${format} with the Tenant URL pattern, the redirect URI, the scopes and the seed's Entra steps`, async () => {
                const { deps: d, io } = deps(ROOT, { outputs: undefined });
                assert.equal(await runHandoff(["--stack", "dev", "--format", format], d), 0, io.stderr);
                const sheet = io.stdout;
                if (format === "html") assert.match(sheet, /^<!doctype html>\n<html lang="en">/);
                else assert.match(sheet, /^# Microsoft Entra ID set-up for contoso\n/);
                assert.match(sheet, TENANT_URL_PATTERN);
                assert.ok(sheet.includes("https://acme.us.auth0.com/login/callback"));
                assert.ok(sheet.includes(ALL_SCOPES));
                const lt = format === "html" ? "&lt;" : "<";
                const gt = format === "html" ? "&gt;" : ">";
                assert.ok(sheet.includes(`pulumi config set --secret scimToken ${lt}paste the token from the one-time link${gt}`));
                assert.ok(sheet.includes("pulumi config set mode customer"));
                const q = format === "html" ? "&#39;" : "'";
                assert.ok(sheet.includes(`pulumi config set tenantUrl ${q}https://acme.us.auth0.com/scim/v2/connections/${lt}after first pulumi up${gt}?aadOptscim062020${q}`));
                for (const step of [
                    "Source attribute", "objectId", "Matching precedence", "Sync only assigned users and groups",
                    "Provision on demand", "Provisioning Status: On", "Assignment required = Yes", "Non-gallery",
                ]) {
                    assert.ok(sheet.includes(step), `missing: ${step}`);
                }
                assert.match(io.stderr, /the stack has not run yet; no offline plan/);
            });
        }
    });

    it("with outputs, gives the real Tenant URL, connection and expiry, and no secret value, in both formats and for both readers", async () => {
        const projectDir = dir("contoso", devWithClearSecrets());
        for (const format of ["md", "html"] as const) {
            for (const reader of ["customer", "vendor"] as const) {
                const { deps: d, io } = deps(projectDir, { outputs: ranOutputs, env: { AUTH0_CLIENT_SECRET: "env-secret-value-123" } });
                assert.equal(await runHandoff(["--stack", "contoso", "--format", format, "--mode", reader], d), 0, io.stderr);
                const sheet = io.stdout;
                if (reader === "customer") {
                    assert.ok(sheet.includes(`https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}?aadOptscim062020`));
                    assert.ok(sheet.includes("2027-11-28T12:00:00.000Z"));
                } else {
                    assert.ok(sheet.includes(`pulumi config set oidcClientId ${OIDC_CLIENT}`));
                    assert.ok(sheet.includes("pulumi config set mode vendor"));
                }
                for (const secret of [SCIM_TOKEN, CLIENT_SECRET, ENTRA_SECRET, "env-secret-value-123", SCIM_TOKEN.slice(0, 20), CLIENT_SECRET.slice(4, 20)]) {
                    assert.ok(!sheet.includes(secret), `${format}/${reader} sheet contains a secret`);
                    assert.ok(!io.stderr.includes(secret));
                }
            }
        }
    });

    it("escapes a customer name with <script> in HTML (and outside code in Markdown)", async () => {
        const name = `<script>alert("x")</script>`;
        const projectDir = dir("evil", `config:\n  auth0:domain: acme.us.auth0.com\n  auth0-entra-scim:customerName: '${name}'\n  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com\n`);
        const html = (await handoffSheet("evil", { format: "html" }, deps(projectDir).deps)).text;
        assert.ok(!html.includes("<script"), "raw <script> in the HTML sheet");
        assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
        assert.match(html, /<title>Microsoft Entra ID set-up for &lt;script&gt;/);

        const md = (await handoffSheet("evil", { format: "md" }, deps(projectDir).deps)).text;
        assert.match(md, /^# Microsoft Entra ID set-up for &lt;script>alert\("x"\)&lt;\/script>$/m);
        // In a shell command the name is quoted for the shell and sits in a code block, where Markdown shows it as text.
        assert.ok(md.includes(`pulumi config set customerName '${name}'`));
        const outsideCode = md.replace(/```[\s\S]*?```/g, "").replace(/`[^`]*`/g, "");
        assert.ok(!outsideCode.includes("<script"));
    });

    it("refuses to write a sheet that would contain a secret value, without naming it", async () => {
        const projectDir = dir("leaky", `config:\n  auth0:domain: acme.us.auth0.com\n  auth0:clientSecret: leaky-customer-name\n  auth0-entra-scim:customerName: leaky-customer-name\n`);
        const { deps: d, io } = deps(projectDir);
        assert.equal(await runHandoff(["--stack", "leaky", "--out", "sheet.md"], d), 1);
        assert.equal(io.stdout, "");
        assert.equal(io.files.size, 0);
        assert.match(io.stderr, /would contain 1 secret value\(s\).*nothing was written/);
        assert.ok(!io.stderr.includes("leaky-customer-name"));
    });

    it("before the first pulumi up, takes names from the offline plan and keeps placeholders for ids", async () => {
        const plan: PlanOutcome = {
            stack: "dev",
            ok: true,
            problems: [],
            resources: [
                { type: "auth0:index/connection:Connection", name: "tenant-waad-connection", inputs: { name: "planned-entra", options: { clientSecret: "[secret]" } }, secretInputs: ["options.clientSecret"] },
                { type: "azuread:index/application:Application", name: "tenant-oidc-app", inputs: { displayName: "Planned sign-in" }, secretInputs: [] },
            ],
            outputs: { connectionId: "(known after apply)", tenantUrl: "(known after apply)", scimToken: "[secret]" },
        };
        const { deps: d, io } = deps(ROOT, { outputs: new Error("The Pulumi CLI (pulumi) is not on PATH"), plan });
        assert.equal(await runHandoff(["--stack", "dev"], d), 0, io.stderr);
        assert.ok(io.stdout.includes("`planned-entra`"));
        assert.ok(io.stdout.includes("`Planned sign-in`"));
        assert.ok(io.stdout.includes("https://acme.us.auth0.com/scim/v2/connections/<after first pulumi up>?aadOptscim062020"));
        assert.ok(!io.stdout.includes("known after apply"));
        assert.match(io.stderr, /outputs not read \(The Pulumi CLI \(pulumi\) is not on PATH\); offline plan used/);
    });

    it("lists the plan's problems in the sheet", async () => {
        const plan: PlanOutcome = { stack: "dev", ok: false, problems: ["auth0-entra-scim:entraTenantDomain is required"], resources: [], outputs: {} };
        const { deps: d, io } = deps(ROOT, { plan });
        assert.equal(await runHandoff(["--stack", "dev"], d), 0);
        assert.match(io.stdout, /> The stack's configuration has problems to fix before its next run: auth0-entra-scim:entraTenantDomain is required\./);
    });

    it("from a customer-mode stack, writes the vendor's sheet by default: oidcClientId in, the secrets as placeholders", async () => {
        const projectDir = dir("contoso-entra", `config:
  azuread:tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
  auth0-entra-scim:mode: customer
  auth0-entra-scim:customerName: contoso
  auth0-entra-scim:auth0Domain: acme.us.auth0.com
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
  auth0-entra-scim:tenantUrl: https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}?aadOptscim062020
  auth0-entra-scim:scimToken:
    secure: v1:ZW5jcnlwdGVk
`);
        const { deps: d, io } = deps(projectDir, { outputs: { oidcClientId: OIDC_CLIENT, oidcClientSecret: ENTRA_SECRET } });
        assert.equal(await runHandoff(["--stack", "contoso-entra", "--out", "vendor.md"], d), 0, io.stderr);
        const [[file, sheet]] = [...io.files];
        assert.equal(path.basename(file), "vendor.md");
        assert.equal(io.stdout, "");
        assert.match(sheet, /^# Auth0 set-up for contoso$/m);
        assert.ok(sheet.includes("pulumi config set mode vendor"));
        assert.ok(sheet.includes(`pulumi config set oidcClientId ${OIDC_CLIENT}`));
        assert.ok(sheet.includes("pulumi config set --secret oidcClientSecret <paste the secret from the one-time link>"));
        assert.ok(sheet.includes("pulumi config set --secret auth0:clientSecret <M2M client secret>"));
        assert.ok(!sheet.includes(ENTRA_SECRET) && !sheet.includes("ZW5jcnlwdGVk"));
        assert.match(io.stderr, /wrote vendor\.md/);
    });

    it("turns the stack's extra Entra mapping edits into portal steps and a stack-file snippet", async () => {
        const projectDir = dir("extra", `config:
  auth0:domain: acme.us.auth0.com
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
  auth0-entra-scim:additionalEntraMappings:
    - object: User
      targetAttributeName: title
      source: { expression: "[jobTitle]", name: jobTitle, type: Attribute }
`);
        const { text } = await handoffSheet("extra", { format: "md" }, deps(projectDir).deps);
        assert.ok(text.includes("the row `title` > Edit (Add New Mapping if there is none): Mapping type Direct, Source attribute `jobTitle`. OK."));
        assert.match(text, /auth0-entra-scim:additionalEntraMappings:\n\s+- object: User\n\s+targetAttributeName: title/);
    });

    it("answers bad flags with the usage and exit code 2", async () => {
        for (const argv of [["--stack", "dev", "--format", "pdf"], ["--stack", "dev", "--mode", "full"], ["--format", "md"], ["--stack"]]) {
            const { deps: d, io } = deps(ROOT);
            assert.equal(await runHandoff(argv, d), 2, argv.join(" "));
            assert.match(io.stderr, /Usage:/);
        }
    });
});

describe("handoff --out (issue 15)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-out-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    /** The real file writer (no writeFile stand-in). */
    const real = () => {
        const { deps: d, io } = deps(ROOT);
        return { deps: { ...d, writeFile: undefined }, io };
    };

    it("writes the sheet with mode 0600", async function () {
        if (process.platform === "win32") this.skip();
        const out = path.join(dir, "sheet.md");
        const { deps: d, io } = real();
        assert.equal(await runHandoff(["--stack", "dev", "--out", out], d), 0, io.stderr);
        assert.equal(fs.statSync(out).mode & 0o777, 0o600);
        assert.match(fs.readFileSync(out, "utf8"), /\S/);
    });

    it("refuses to overwrite a file without --force, and with --force makes it 0600", async function () {
        if (process.platform === "win32") this.skip();
        const out = path.join(dir, "sheet.md");
        fs.writeFileSync(out, "keep me", { mode: 0o644 });
        const { deps: d, io } = real();
        assert.equal(await runHandoff(["--stack", "dev", "--out", out], d), 1);
        assert.match(io.stderr, /exists: add --force to overwrite it/);
        assert.equal(fs.readFileSync(out, "utf8"), "keep me");
        const again = real();
        assert.equal(await runHandoff(["--stack", "dev", "--out", out, "--force"], again.deps), 0, again.io.stderr);
        assert.notEqual(fs.readFileSync(out, "utf8"), "keep me");
        assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    });

    it("never follows a symlink, even with --force", async function () {
        if (process.platform === "win32") this.skip();
        const target = path.join(dir, "victim.txt");
        fs.writeFileSync(target, "precious");
        const link = path.join(dir, "sheet.md");
        fs.symlinkSync(target, link);
        for (const argv of [["--out", link], ["--out", link, "--force"]]) {
            const { deps: d, io } = real();
            assert.equal(await runHandoff(["--stack", "dev", ...argv], d), 1, argv.join(" "));
            assert.match(io.stderr, /symbolic link: refusing to follow it/);
            assert.equal(fs.readFileSync(target, "utf8"), "precious");
        }
        // A dangling link (the file it names does not exist yet) is refused too.
        const dangling = path.join(dir, "dangling.md");
        fs.symlinkSync(path.join(dir, "would-be-created"), dangling);
        const { deps: d } = real();
        assert.equal(await runHandoff(["--stack", "dev", "--out", dangling], d), 1);
        assert.equal(fs.existsSync(path.join(dir, "would-be-created")), false);
    });

    it("--force without --out is a usage error", async () => {
        const { deps: d } = real();
        assert.equal(await runHandoff(["--stack", "dev", "--force"], d), 2);
    });
});
