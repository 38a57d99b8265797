/**
 * `handoff`: the sheet for the other party, from a stack's config and (fake) outputs or plan. No
 * Pulumi CLI and no real plan here: both are injected (splitFlow.test.ts runs the real ones).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { handoffSheet, type HandoffDeps, type PlanOutcome, runHandoff } from "../../../tools/handoff/handoff";
import { NoSuchStackError, type StackOutputs } from "../../../tools/handoff/pulumiCli";
import { PULUMI_STACK_NAME } from "../../../tools/handoff/names";
import { allCommands, commandBlock } from "./sheetCommands";

const ROOT = path.join(__dirname, "..", "..", "..");
const ALL_SCOPES = "get:users post:users patch:users delete:users get:groups post:groups patch:groups delete:groups";

const SCIM_TOKEN = "tok_Q8dRk2mZpL0vXw3.5f1e9c7a0b3d6e8f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a";
const CLIENT_SECRET = "m2m-Zr8~kQ2.vN5_wT7xY1aB3cD5eF7gH9jK";
const ENTRA_SECRET = "entra-Xy7~Q.2abcdefghijklmnopq";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const OIDC_CLIENT = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const TENANT_ID = "3d1f4e5a-7b8c-4d9e-8f0a-1b2c3d4e5f60";
const TENANT_URL = `https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}?aadOptscim062020`;

/** A vendor stack waiting for the customer's sign-in app (no oidcClientId yet). */
const VENDOR_STACK = `config:
  auth0:domain: acme.us.auth0.com
  auth0:clientId: 5Jx0mPq2rS4tU6vW8yZ1aB3cD5eF7gH9
  auth0-entra-scim:mode: vendor
  auth0-entra-scim:customerName: Fabrikam Inc.
  auth0-entra-scim:entraTenantDomain: fabrikam.onmicrosoft.com
  auth0-entra-scim:provisionGroups: "true"
`;
/** The customer's stack after step 1 of their sheet. */
const CUSTOMER_STACK = `config:
  azuread:tenantId: ${TENANT_ID}
  auth0-entra-scim:mode: customer
  auth0-entra-scim:customerName: Fabrikam Inc.
  auth0-entra-scim:auth0Domain: acme.us.auth0.com
  auth0-entra-scim:oidcAppOnly: "true"
`;

/** A project directory with the real Pulumi.yaml and the given stack files. */
function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-test-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [stack, yaml] of Object.entries(files)) fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    return dir;
}

const vendorRan: StackOutputs = {
    connectionId: CONNECTION,
    tenantUrl: TENANT_URL,
    scimEndpointUrl: `https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}`,
    scimToken: SCIM_TOKEN,
    scimTokenValidUntil: "2027-11-28T12:00:00.000Z",
};
const fullRan: StackOutputs = { ...vendorRan, oidcClientId: OIDC_CLIENT };

type Outputs = StackOutputs | undefined | Error;

function deps(projectDir: string, options: { outputs?: Outputs; plan?: PlanOutcome; env?: NodeJS.ProcessEnv } = {}) {
    const io = { stdout: "", stderr: "", files: new Map<string, string>(), outputReads: 0 };
    const d: HandoffDeps = {
        projectDir,
        env: options.env ?? {},
        stdout: (t) => (io.stdout += t),
        stderr: (t) => (io.stderr += t),
        readOutputs: async () => {
            io.outputReads++;
            if (options.outputs instanceof Error) throw options.outputs;
            return options.outputs;
        },
        loadPlan: () => (options.plan ? () => options.plan! : undefined),
        writeFile: (file, text) => io.files.set(file, text),
    };
    return { deps: d, io };
}

describe("handoff", () => {
    const dirs: string[] = [];
    const dir = (files: Record<string, string>) => {
        const d = project(files);
        dirs.push(d);
        return d;
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    describe("the customer's sheet from a vendor stack that has not run yet", () => {
        for (const format of ["md", "html"] as const) {
            it(`renders as ${format} with the Tenant URL pattern, the redirect URI, the scopes, both steps and the seed's Entra steps`, async () => {
                const { deps: d, io } = deps(dir({ fabrikam: VENDOR_STACK }), { outputs: undefined });
                assert.equal(await runHandoff(["--stack", "fabrikam", "--format", format], d), 3, io.stderr);
                const sheet = io.stdout;
                const lt = format === "html" ? "&lt;" : "<";
                const gt = format === "html" ? "&gt;" : ">";
                if (format === "html") assert.match(sheet, /^<!doctype html>\n<html lang="en">/);
                else assert.match(sheet, /^# Microsoft Entra ID set-up for Fabrikam Inc\.\n/);
                assert.ok(sheet.includes(`https://acme.us.auth0.com/scim/v2/connections/${lt}after first pulumi up${gt}?aadOptscim062020`));
                assert.ok(sheet.includes("https://acme.us.auth0.com/login/callback"));
                assert.ok(sheet.includes(ALL_SCOPES));
                assert.ok(sheet.includes(`pulumi config set --secret scimToken ${lt}paste the token from the one-time link${gt}`));
                assert.ok(sheet.includes("pulumi config set mode customer"));
                assert.ok(sheet.includes(`pulumi config set tenantUrl ${lt}the Tenant URL we send you${gt}`));
                for (const step of [
                    "Source attribute", "objectId", "Matching precedence", "Sync only assigned users and groups",
                    "Provision on demand", "Provisioning Status: On", "Assignment required = Yes", "Non-gallery",
                ]) {
                    assert.ok(sheet.includes(step), `missing: ${step}`);
                }
            });
        }
    });

    describe("issue 17: the sheet's names", () => {
        it("never suggests a doubled -entra suffix: a customer stack named fabrikam-entra gets connection fabrikam-entra", async () => {
            const { deps: d, io } = deps(dir({ "fabrikam-entra": CUSTOMER_STACK }), { outputs: { oidcClientId: OIDC_CLIENT } });
            assert.equal(await runHandoff(["--stack", "fabrikam-entra"], d), 0, io.stderr);
            assert.ok(!io.stdout.includes("entra-entra"), "a doubled -entra suffix");
            assert.ok(io.stdout.includes("pulumi config set connectionName fabrikam-entra\n"));
            assert.ok(io.stdout.includes("pulumi stack select --create fabrikam\n"));
            assert.ok(io.stdout.includes("npm run -s handoff -- --stack fabrikam --mode customer"));
            assert.ok(io.stdout.includes("npm run -s ticket -- --stack fabrikam`"));
        });

        it("prints stack names Pulumi accepts, and keeps the display name as customerName, for both readers", async () => {
            const projectDir = dir({ fabrikam: VENDOR_STACK, "fabrikam-entra": CUSTOMER_STACK });
            for (const [stack, outputs, reader] of [["fabrikam", undefined, "customer"], ["fabrikam-entra", { oidcClientId: OIDC_CLIENT }, "vendor"]] as const) {
                const { deps: d, io } = deps(projectDir, { outputs });
                await runHandoff(["--stack", stack], d);
                const stackCommands = allCommands(io.stdout).filter((l) => /^pulumi stack (init|select)\b/.test(l));
                assert.ok(stackCommands.length > 0, reader);
                for (const line of stackCommands) assert.match(line.split(" ").pop()!, PULUMI_STACK_NAME, `${reader}: ${line}`);
                assert.ok(!io.stdout.includes("stack init 'Fabrikam Inc.'") && !io.stdout.includes("--stack 'Fabrikam Inc.'"), reader);
                assert.ok(io.stdout.includes("pulumi config set customerName 'Fabrikam Inc.'"), reader);
            }
        });
    });

    describe("issue 17: Option A creates each resource once", () => {
        it("from a vendor stack without the sign-in app: one stack, step 1 the sign-in app only, step 2 provisioning on the same stack", async () => {
            const { deps: d, io } = deps(dir({ fabrikam: VENDOR_STACK }));
            assert.equal(await runHandoff(["--stack", "fabrikam"], d), 3, io.stderr);
            const step1 = commandBlock(io.stdout, /^### Step 1: the sign-in app \(now\)/);
            const step2 = commandBlock(io.stdout, /^### Step 2: provisioning/);
            assert.deepEqual(allCommands(io.stdout).filter((l) => l.startsWith("pulumi stack init")), ["pulumi stack init fabrikam-entra"]);
            assert.ok(step1.includes("pulumi config set oidcAppOnly true"));
            assert.ok(!step1.some((l) => /tenantUrl|scimToken/.test(l)), "step 1 sets nothing of the provisioning side");
            assert.equal(step2[0], "pulumi stack select fabrikam-entra");
            assert.ok(step2.includes("pulumi config rm oidcAppOnly"));
            assert.ok(step2.some((l) => l.startsWith("pulumi config set tenantUrl ")));
            assert.ok(!allCommands(io.stdout).some((l) => /entraTenantDomain/.test(l)), "a customer stack refuses entraTenantDomain");
        });

        it("once the vendor has the sign-in app's client id: step 1 is done, and no command creates a stack", async () => {
            const withClient = `${VENDOR_STACK}  auth0-entra-scim:oidcClientId: ${OIDC_CLIENT}\n  auth0-entra-scim:oidcClientSecret:\n    secure: v1:ZW5jcnlwdGVk\n`;
            const { deps: d, io } = deps(dir({ fabrikam: withClient }), { outputs: vendorRan });
            assert.equal(await runHandoff(["--stack", "fabrikam"], d), 0, io.stderr);
            assert.match(io.stdout, /^### Step 1: the sign-in app \(done\)$/m);
            assert.ok(io.stdout.includes(OIDC_CLIENT));
            assert.ok(!allCommands(io.stdout).some((l) => /^pulumi stack init|oidcAppOnly true/.test(l)));
            const step2 = commandBlock(io.stdout, /^### Step 2: provisioning$/);
            assert.ok(step2.includes(`pulumi config set tenantUrl '${TENANT_URL}'`));
            assert.ok(step2.includes("pulumi config set --plaintext scimTokenValidUntil 2027-11-28T12:00:00.000Z"));
        });

        it("from a full stack: no set-up of the customer's own, only what the stack creates and what is left to them", async () => {
            const { deps: d, io } = deps(ROOT, { outputs: fullRan });
            assert.equal(await runHandoff(["--stack", "dev"], d), 0, io.stderr);
            assert.match(io.stdout, /^## What our stack creates in your tenant$/m);
            assert.ok(!/Option A|Option B/.test(io.stdout));
            assert.deepEqual(allCommands(io.stdout).filter((l) => l.startsWith("pulumi")), []);
        });

        it("refuses a reader that would duplicate the stack's own side (usage error)", async () => {
            const projectDir = dir({ fabrikam: VENDOR_STACK, "fabrikam-entra": CUSTOMER_STACK });
            for (const [stack, mode] of [["fabrikam", "vendor"], ["fabrikam-entra", "customer"]]) {
                const { deps: d, io } = deps(projectDir, { outputs: undefined });
                assert.equal(await runHandoff(["--stack", stack, "--mode", mode], d), 2, `${stack} --mode ${mode}`);
                assert.match(io.stderr, new RegExp(`is itself the ${mode}'s`));
                assert.equal(io.stdout, "");
            }
            const { deps: d, io } = deps(ROOT);
            assert.equal(await runHandoff(["--stack", "dev", "--mode", "vendor"], d), 2);
            assert.match(io.stderr, /runs the Auth0 side itself/);
        });
    });

    describe("issue 17: outputs that cannot be read are not a stack that has not run", () => {
        it("could not read: exit 1 with the reason, nothing written", async () => {
            const { deps: d, io } = deps(dir({ fabrikam: VENDOR_STACK }), { outputs: new Error("pulumi stack output failed: not logged in") });
            assert.equal(await runHandoff(["--stack", "fabrikam", "--out", "sheet.md"], d), 1);
            assert.equal(io.stdout, "");
            assert.equal(io.files.size, 0);
            assert.match(io.stderr, /could not read the outputs of stack fabrikam \(pulumi stack output failed: not logged in\); nothing was written/);
            assert.match(io.stderr, /--offline/);
            assert.ok(!/has not run yet|never been deployed/.test(io.stderr));
        });

        it("never deployed (no outputs, or no such stack in the backend): the sheet with placeholders, said on stderr, exit 3", async () => {
            const projectDir = dir({ fabrikam: VENDOR_STACK });
            for (const [outputs, said] of [
                [undefined, /stack fabrikam has no outputs: it has never been deployed/],
                [new NoSuchStackError("pulumi stack output failed: no stack named 'fabrikam' found"), /has no stack fabrikam: it has never been deployed there/],
            ] as const) {
                const { deps: d, io } = deps(projectDir, { outputs });
                assert.equal(await runHandoff(["--stack", "fabrikam"], d), 3);
                assert.match(io.stdout, /^# Microsoft Entra ID set-up/);
                assert.match(io.stderr, said);
                assert.match(io.stderr, /placeholders for the ids/);
            }
        });

        it("--offline does not ask for outputs and exits 3; a deployed stack exits 0", async () => {
            const projectDir = dir({ fabrikam: VENDOR_STACK });
            const offline = deps(projectDir, { outputs: new Error("must not be asked") });
            assert.equal(await runHandoff(["--stack", "fabrikam", "--offline"], offline.deps), 3, offline.io.stderr);
            assert.equal(offline.io.outputReads, 0);
            assert.match(offline.io.stderr, /--offline: the stack's outputs were not read/);
            const ran = deps(projectDir, { outputs: vendorRan });
            assert.equal(await runHandoff(["--stack", "fabrikam"], ran.deps), 0, ran.io.stderr);
            assert.ok(!/placeholders for the ids/.test(ran.io.stderr));
        });
    });

    describe("issue 17: the stack's own config problems stay with its owner", () => {
        const awaited = [
            "auth0-entra-scim:oidcClientId is required in a vendor stack: the Application (client) ID of the customer's OIDC app, from the customer's `pulumi stack output oidcClientId`",
            "auth0-entra-scim:oidcClientSecret is required in a vendor stack: a client secret of the customer's OIDC app",
        ];
        const own = "auth0-entra-scim:scimTokenRotateBeforeDays: 400 must be smaller than scimTokenLifetimeDays (365), or every run would replace the token";

        it("a plan problem goes to stderr, never into the sheet, and nothing is written (exit 1)", async () => {
            const plan: PlanOutcome = { stack: "fabrikam", ok: false, problems: [...awaited, own], resources: [], outputs: {} };
            const { deps: d, io } = deps(dir({ fabrikam: VENDOR_STACK }), { plan });
            assert.equal(await runHandoff(["--stack", "fabrikam", "--out", "sheet.md"], d), 1);
            assert.equal(io.files.size, 0);
            assert.equal(io.stdout, "");
            assert.match(io.stderr, /stack fabrikam's config has 1 problem to fix before a sheet goes to the customer; nothing was written:\n {2}- auth0-entra-scim:scimTokenRotateBeforeDays: 400 must be smaller/);
        });

        it("a config value the sheet's reader cannot parse is refused the same way", async () => {
            const { deps: d, io } = deps(dir({ fabrikam: `${VENDOR_STACK}  auth0-entra-scim:enabledClients: not-a-list\n` }));
            assert.equal(await runHandoff(["--stack", "fabrikam"], d), 1);
            assert.equal(io.stdout, "");
            assert.match(io.stderr, /- auth0-entra-scim:enabledClients is not a list/);
        });

        it("what the customer is about to send (the sign-in app's client id and secret) does not stop the customer's sheet", async () => {
            const plan: PlanOutcome = { stack: "fabrikam", ok: false, problems: awaited, resources: [], outputs: {} };
            const { deps: d, io } = deps(dir({ fabrikam: VENDOR_STACK }), { plan });
            assert.equal(await runHandoff(["--stack", "fabrikam"], d), 3, io.stderr);
            assert.ok(!io.stdout.includes("is required"));
            // …but the same problems stop a sheet that would not resolve them.
            const projectDir = dir({ "fabrikam-entra": CUSTOMER_STACK });
            const other = deps(projectDir, { plan: { ...plan, stack: "fabrikam-entra" }, outputs: { oidcClientId: OIDC_CLIENT } });
            assert.equal(await runHandoff(["--stack", "fabrikam-entra"], other.deps), 1);
        });
    });

    describe("issue 15: the admin-consent URL", () => {
        const consent = (tenant: string, client: string) => `https://login.microsoftonline.com/${tenant}/adminconsent?client_id=${client}`;
        const full = (extra: string) => dir({ acme: `config:
  auth0:domain: acme.us.auth0.com
  azuread:tenantId: ${TENANT_ID}
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
${extra}` });

        it("a full stack that does not grant consent gives the customer's admin Microsoft's admin-consent URL for its sign-in app", async () => {
            const { deps: d, io } = deps(full('  auth0-entra-scim:grantAdminConsent: "false"\n'), { outputs: fullRan });
            assert.equal(await runHandoff(["--stack", "acme"], d), 0, io.stderr);
            assert.match(io.stdout, /^## Admin consent$/m);
            assert.ok(io.stdout.includes(consent(TENANT_ID, OIDC_CLIENT)));
        });

        it("before the sign-in app exists, the URL has a placeholder for its client id and says when it comes", async () => {
            const { deps: d, io } = deps(full(""), { outputs: undefined });
            assert.equal(await runHandoff(["--stack", "acme"], d), 3);
            assert.ok(io.stdout.includes(consent(TENANT_ID, "<client id of the sign-in app>")));
            assert.match(io.stdout, /we send you its Application \(client\) ID after our first pulumi up/);
        });

        it("a full stack that grants consent itself leaves nothing to consent to", async () => {
            const { deps: d, io } = deps(full('  auth0-entra-scim:grantAdminConsent: "true"\n'), { outputs: fullRan });
            assert.equal(await runHandoff(["--stack", "acme"], d), 0, io.stderr);
            assert.ok(!io.stdout.includes("adminconsent"));
            assert.match(io.stdout, /grants tenant-wide admin consent .*: nothing to do/);
        });

        it("a full stack that leaves the assignments to the customer (assignPrincipals false) asks their admin to make them", async () => {
            const users = "  auth0-entra-scim:assignedUsers:\n    - 6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11\n";
            const { deps: d, io } = deps(full(`${users}  auth0-entra-scim:assignPrincipals: "false"\n`), { outputs: fullRan });
            assert.equal(await runHandoff(["--stack", "acme"], d), 0, io.stderr);
            assert.match(io.stdout, /^## Assignments\n\nOur stack does not assign anyone .*add the same users and groups to both/m);
            // Each app by its name, with the object ids to add to it.
            assert.ok(io.stdout.includes("- `Auth0 sign-in (acme)` (sign-in): `6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11` (user)\n"));
            assert.ok(io.stdout.includes("- `Auth0 SCIM provisioning (acme)` (provisioning): `6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11` (user)\n"));
            assert.ok(!io.stdout.includes("the assignments to both apps"));
            const assigned = deps(full(users), { outputs: fullRan });
            await runHandoff(["--stack", "acme"], assigned.deps);
            assert.ok(assigned.io.stdout.includes("the assignments to both apps: `6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11` (user)"));
            assert.ok(!/^## Assignments$/m.test(assigned.io.stdout));
        });

        it("the offline plan has the last word: no consent grant planned, the URL is given", async () => {
            const plan: PlanOutcome = { stack: "acme", ok: true, problems: [], resources: [{ type: "azuread:index/application:Application", name: "tenant-oidc-app", inputs: {} }], outputs: {} };
            const { deps: d, io } = deps(full('  auth0-entra-scim:grantAdminConsent: "true"\n'), { outputs: fullRan, plan });
            assert.equal(await runHandoff(["--stack", "acme"], d), 0, io.stderr);
            assert.ok(io.stdout.includes(consent(TENANT_ID, OIDC_CLIENT)));
        });

        it("the split flow's customer sheet names the URL, with the known client id once the sign-in app exists", async () => {
            const before = deps(dir({ fabrikam: VENDOR_STACK }));
            await runHandoff(["--stack", "fabrikam"], before.deps);
            assert.ok(before.io.stdout.includes(consent("fabrikam.onmicrosoft.com", "<client id of the sign-in app>")));
            const withClient = `${VENDOR_STACK}  auth0-entra-scim:oidcClientId: ${OIDC_CLIENT}\n`;
            const after = deps(dir({ fabrikam: withClient }), { outputs: vendorRan });
            await runHandoff(["--stack", "fabrikam"], after.deps);
            assert.ok(after.io.stdout.includes(consent("fabrikam.onmicrosoft.com", OIDC_CLIENT)));
        });
    });

    it("with outputs, gives the real Tenant URL, connection and expiry, and no secret value, in both formats and for both readers", async () => {
        const projectDir = dir({
            fabrikam: `${VENDOR_STACK}  auth0:clientSecret: ${CLIENT_SECRET}\n  azuread:clientSecret: ${ENTRA_SECRET}\n`,
            "fabrikam-entra": `${CUSTOMER_STACK}  azuread:clientSecret: ${ENTRA_SECRET}\n`,
        });
        for (const format of ["md", "html"] as const) {
            for (const [stack, outputs, reader] of [["fabrikam", vendorRan, "customer"], ["fabrikam-entra", { oidcClientId: OIDC_CLIENT, oidcClientSecret: ENTRA_SECRET }, "vendor"]] as const) {
                const { deps: d, io } = deps(projectDir, { outputs, env: { AUTH0_CLIENT_SECRET: "env-secret-value-123" } });
                assert.equal(await runHandoff(["--stack", stack, "--format", format], d), 0, io.stderr);
                const sheet = io.stdout;
                if (reader === "customer") {
                    assert.ok(sheet.includes(TENANT_URL));
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
        const projectDir = dir({ evil: `config:\n  auth0:domain: acme.us.auth0.com\n  auth0-entra-scim:mode: vendor\n  auth0-entra-scim:customerName: '${name}'\n  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com\n` });
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
        const projectDir = dir({ leaky: `config:\n  auth0:domain: acme.us.auth0.com\n  auth0:clientSecret: leaky-customer-name\n  auth0-entra-scim:mode: vendor\n  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com\n  auth0-entra-scim:customerName: leaky-customer-name\n` });
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
        const { deps: d, io } = deps(ROOT, { outputs: undefined, plan });
        assert.equal(await runHandoff(["--stack", "dev"], d), 3, io.stderr);
        assert.ok(io.stdout.includes("`planned-entra`"));
        assert.ok(io.stdout.includes("`Planned sign-in`"));
        assert.ok(io.stdout.includes("https://acme.us.auth0.com/scim/v2/connections/<after first pulumi up>?aadOptscim062020"));
        assert.ok(!io.stdout.includes("known after apply"));
        assert.match(io.stderr, /config checked by the offline plan/);
    });

    it("from a customer-mode stack, writes the vendor's sheet by default: oidcClientId in, the secrets as placeholders", async () => {
        const projectDir = dir({ "contoso-entra": `config:
  azuread:tenantId: ${TENANT_ID}
  auth0-entra-scim:mode: customer
  auth0-entra-scim:customerName: contoso
  auth0-entra-scim:auth0Domain: acme.us.auth0.com
  auth0-entra-scim:tenantUrl: ${TENANT_URL}
  auth0-entra-scim:scimToken:
    secure: v1:ZW5jcnlwdGVk
` });
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

    it("a full stack's sheet lists its extra Entra mapping edits among what it creates", async () => {
        const projectDir = dir({ extra: `config:
  auth0:domain: acme.us.auth0.com
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
  auth0-entra-scim:additionalEntraMappings:
    - object: User
      targetAttributeName: title
      source: { expression: "[jobTitle]", name: jobTitle, type: Attribute }
` });
        const { text } = await handoffSheet("extra", { format: "md", offline: true }, deps(projectDir).deps);
        assert.ok(text.includes("- Provision Microsoft Entra ID Users: the attribute `title`: Mapping type Direct, Source attribute `jobTitle`"));
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
    /** The real file writer (no writeFile stand-in), for the deployed example stack. */
    const real = () => {
        const { deps: d, io } = deps(ROOT, { outputs: fullRan });
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
