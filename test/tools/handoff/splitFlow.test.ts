/**
 * The split flow of docs/split-stacks.md, end to end on the hand-off sheets' own commands: each sheet
 * is written by `handoff`, its `sh` lines are run in order by the real Pulumi CLI (stack init/select,
 * config set/rm, on a local file backend with a passphrase), and where the sheet says `pulumi up`, the
 * stack is planned offline (tools/plan) instead: it must be valid and create what the sheet promised,
 * each resource once across the two stacks. The `pulumi up` outputs the next sheet reads are the ones
 * the plan says the stack exports, with made-up ids.
 *
 * The Pulumi CLI is the one `npm run engine` builds (or a `pulumi` of the pinned version on the PATH).
 * Without it the test is skipped, and says so.
 */
import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { findEngine } from "../../../sandbox/engine";
import { runHandoff } from "../../../tools/handoff/handoff";
import { pulumiCliOutputsReader, type StackOutputs, type StackOutputsReader } from "../../../tools/handoff/pulumiCli";
import { PULUMI_STACK_NAME } from "../../../tools/handoff/names";
import { planStack, type StackPlan } from "../../../tools/plan/plan";
import { allCommands, commandBlock, fill, shellWords } from "./sheetCommands";

const run = promisify(execFile);
const ROOT = path.join(__dirname, "..", "..", "..");

const TENANT_ID = "3d1f4e5a-7b8c-4d9e-8f0a-1b2c3d4e5f60";
const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const OIDC_CLIENT_ID = "5b2e7c1d-9f3a-4e6b-8c0d-2a4f6e8b0c1d";
const OIDC_SECRET = "oidc~Sec.ret-For_The-Split-Flow-0123456789";
const M2M_ID = "Yq3nT8vW1xE5rZ7uI9oP2aS4dF6gH0jK";
const M2M_SECRET = "m2m-Secret.value_for-the~split-flow-98765";
const APP_CLIENT = "kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL";
const SCIM_TOKEN = "eyJhbGciOi.split-flow-scim-token.signature-value";
const CONNECTION_ID = "con_SplitFlow0123";
/** Generous: on a loaded machine one plan of the program takes well over its usual 2-3 s. */
const PLAN_TIMEOUT_MS = 180_000;

const count = (plan: StackPlan, type: string) => plan.resources.filter((r) => r.type === type).length;
const T = {
    connection: "auth0:index/connection:Connection",
    scimToken: "pulumi-nodejs:dynamic/auth0:ScimToken",
    oidcApp: "azuread:index/application:Application",
    oidcSecret: "azuread:index/applicationPassword:ApplicationPassword",
    provisioningApp: "azuread:index/applicationFromTemplate:ApplicationFromTemplate",
    job: "azuread:index/synchronizationJob:SynchronizationJob",
    consent: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
    assignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
};

describe("the split flow on the hand-off sheets' own commands (real Pulumi CLI, offline plan)", function () {
    this.timeout(600_000);
    let cli: string;
    let work: string;

    before(async function () {
        try {
            cli = (await findEngine({ noBuild: true })).binary;
        } catch (error) {
            process.stderr.write(`\n  SPLIT-FLOW TEST SKIPPED: no Pulumi CLI to run the sheets' commands with: ${(error as Error).message}\n\n`);
            this.skip();
        }
        work = fs.mkdtempSync(path.join(os.tmpdir(), "split-flow-"));
    });
    after(() => work && fs.rmSync(work, { recursive: true, force: true }));

    /** One party's project copy (Pulumi.yaml) with its own local backend and passphrase. */
    function party(name: string, files: Record<string, string> = {}) {
        const dir = path.join(work, name);
        fs.mkdirSync(path.join(dir, "state"), { recursive: true });
        fs.mkdirSync(path.join(dir, "home"));
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
        const env: NodeJS.ProcessEnv = {
            PATH: process.env.PATH,
            HOME: dir,
            PULUMI_HOME: path.join(dir, "home"),
            PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: `${name}-passphrase`,
            PULUMI_SKIP_UPDATE_CHECK: "true",
        };
        return { dir, env };
    }

    /** The sheet's lines, in order, with the CLI; `pulumi up` (and reads of outputs) are left to the caller. */
    async function runLines(lines: readonly string[], values: Record<string, string>, where: { dir: string; env: NodeJS.ProcessEnv }): Promise<string[]> {
        const ran: string[] = [];
        for (const line of lines) {
            const words = shellWords(fill(line, values));
            if (words.length === 0) continue;
            assert.equal(words[0], "pulumi", `the sheet's Pulumi block runs only pulumi: ${line}`);
            if (words[1] === "up" || (words[1] === "stack" && words[2] === "output")) continue;
            try {
                await run(cli, [...words.slice(1), "--non-interactive"], { cwd: where.dir, env: where.env, timeout: 120_000 });
            } catch (error) {
                assert.fail(`the sheet's line ${JSON.stringify(line)} failed under the Pulumi CLI: ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
            }
            ran.push(words.slice(1, 3).join(" "));
        }
        return ran;
    }

    async function plan(stack: string, dir: string): Promise<StackPlan> {
        const result = await planStack(stack, { projectDir: ROOT, configFile: path.join(dir, `Pulumi.${stack}.yaml`), env: {}, timeoutMs: PLAN_TIMEOUT_MS });
        assert.deepEqual(result.problems, [], `the plan of ${stack} after the sheet's commands has problems`);
        assert.equal(result.ok, true);
        return result;
    }

    async function sheet(stack: string, dir: string, readOutputs: StackOutputsReader, expectedCode: number): Promise<string> {
        const io = { stdout: "", stderr: "" };
        const code = await runHandoff(["--stack", stack], {
            projectDir: dir,
            env: {},
            stdout: (t) => (io.stdout += t),
            stderr: (t) => (io.stderr += t),
            readOutputs,
            loadPlan: () => (s) => planStack(s, { projectDir: ROOT, configFile: path.join(dir, `Pulumi.${s}.yaml`), env: {}, timeoutMs: PLAN_TIMEOUT_MS }),
        });
        assert.equal(code, expectedCode, io.stderr);
        for (const line of allCommands(io.stdout)) {
            for (const [, name] of line.matchAll(/pulumi stack (?:init|select(?: --create)?) (\S+)/g)) assert.match(name, PULUMI_STACK_NAME);
        }
        return io.stdout;
    }

    const outputsOf = (outputs: StackOutputs): StackOutputsReader => async () => outputs;

    it("vendor stack → customer step 1 → vendor's sheet and stack → customer step 2: every plan valid, each resource created once", async () => {
        // The vendor's stack, waiting for the customer's sign-in app.
        const vendor = party("vendor", {
            "Pulumi.fabrikam.yaml": [
                "config:",
                "  auth0:domain: acme.us.auth0.com",
                "  auth0-entra-scim:mode: vendor",
                "  auth0-entra-scim:customerName: Fabrikam Inc.",
                "  auth0-entra-scim:entraTenantDomain: fabrikam.onmicrosoft.com",
                "  auth0-entra-scim:connectionName: fabrikam-entra",
                "",
            ].join("\n"),
        });
        const customer = party("customer");

        // 1. The vendor's sheet for the customer: the backend has no such stack yet, so placeholders and exit 3.
        const first = await sheet("fabrikam", vendor.dir, pulumiCliOutputsReader(vendor.dir, { ...vendor.env, PATH: `${path.dirname(cli)}${path.delimiter}${process.env.PATH}` }), 3);

        // 2. The customer's step 1, as printed.
        const step1 = commandBlock(first, /^### Step 1: the sign-in app/);
        assert.equal(step1.filter((l) => l.startsWith("pulumi stack init ")).length, 1);
        const ran1 = await runLines(step1, { "<your Entra tenant id>": TENANT_ID, "<object id of a user>": USER, "<object id of a group>": GROUP }, customer);
        assert.ok(ran1.includes("stack init"), ran1.join(", "));
        const oidcOnly = await plan("fabrikam-entra", customer.dir);
        assert.equal(count(oidcOnly, T.oidcApp), 1, "step 1 creates the sign-in app");
        assert.equal(count(oidcOnly, T.oidcSecret), 1);
        assert.equal(count(oidcOnly, T.assignment), 2, "the user and the group, on the sign-in app");
        assert.equal(count(oidcOnly, T.provisioningApp), 0, "step 1 creates no provisioning yet");
        assert.equal(count(oidcOnly, T.connection), 0);
        const grants = /It also grants tenant-wide admin consent/.test(first);
        assert.equal(count(oidcOnly, T.consent), grants ? 1 : 0, "the sheet says what pulumi up does about consent");
        const customerFile = fs.readFileSync(path.join(customer.dir, "Pulumi.fabrikam-entra.yaml"), "utf8");
        assert.match(customerFile, /customerName: Fabrikam Inc\./);
        assert.deepEqual(Object.keys(oidcOnly.outputs).sort(), ["oidcClientId", "oidcClientSecret", "redirectUri"]);

        // 3. The customer's sheet for the vendor, after their pulumi up.
        const forVendor = await sheet("fabrikam-entra", customer.dir, outputsOf({ oidcClientId: OIDC_CLIENT_ID, oidcClientSecret: "[secret]", redirectUri: "https://acme.us.auth0.com/login/callback" }), 0);
        assert.ok(!forVendor.includes("fabrikam-entra-entra"));

        // 4. The vendor's Option A, as printed, on the vendor's existing stack file.
        const vendorLines = commandBlock(forVendor, /^## Option A: with Pulumi \(mode vendor\)/);
        await runLines(vendorLines, {
            "<M2M client id>": M2M_ID,
            "<M2M client secret>": M2M_SECRET,
            "<paste the secret from the one-time link>": OIDC_SECRET,
            "<Auth0 client id of your app>": APP_CLIENT,
            "<primary domain of the customer tenant, e.g. contoso.onmicrosoft.com>": "fabrikam.onmicrosoft.com",
        }, vendor);
        const vendorFile = fs.readFileSync(path.join(vendor.dir, "Pulumi.fabrikam.yaml"), "utf8");
        for (const secret of [OIDC_SECRET, M2M_SECRET]) assert.ok(!vendorFile.includes(secret), "a secret in clear in the vendor's stack file");
        assert.match(vendorFile, /oidcClientSecret:\n\s+secure: /);
        const vendorPlan = await plan("fabrikam", vendor.dir);
        assert.equal(count(vendorPlan, T.connection), 1);
        assert.equal(vendorPlan.resources.find((r) => r.type === T.connection)!.inputs.name, "fabrikam-entra");
        assert.equal(count(vendorPlan, T.scimToken), 1);
        assert.equal(vendorPlan.resources.filter((r) => r.type.startsWith("azuread:")).length, 0, "the vendor creates nothing in Entra");

        // 5. The vendor's sheet for the customer again, after the vendor's pulumi up: step 1 is done.
        const tenantUrl = `https://acme.us.auth0.com/scim/v2/connections/${CONNECTION_ID}?aadOptscim062020`;
        const second = await sheet("fabrikam", vendor.dir, outputsOf({ connectionId: CONNECTION_ID, tenantUrl, scimToken: "[secret]", scimTokenValidUntil: "2027-06-01T00:00:00.000Z", redirectUri: "https://acme.us.auth0.com/login/callback" }), 0);
        assert.match(second, /^### Step 1: the sign-in app \(done\)$/m);
        assert.ok(!allCommands(second).some((l) => l.startsWith("pulumi stack init")), "no second stack once the sign-in app exists");

        // 6. The customer's step 2, as printed, on the same stack.
        const step2 = commandBlock(second, /^### Step 2: provisioning/);
        await runLines(step2, { "<paste the token from the one-time link>": SCIM_TOKEN, "<object id of an assigned user, to test with>": USER }, customer);
        const full = await plan("fabrikam-entra", customer.dir);
        const app = (p: StackPlan) => p.resources.filter((r) => r.type === T.oidcApp).map((r) => r.urn);
        assert.deepEqual(app(full), app(oidcOnly), "step 2 keeps step 1's sign-in app: one, the same");
        assert.equal(count(full, T.provisioningApp), 1);
        assert.equal(count(full, T.job), 1);
        assert.equal(count(full, T.connection), 0, "the customer creates nothing in Auth0");
        assert.equal(count(full, T.consent), count(oidcOnly, T.consent));
        const customerFile2 = fs.readFileSync(path.join(customer.dir, "Pulumi.fabrikam-entra.yaml"), "utf8");
        assert.ok(!customerFile2.includes(SCIM_TOKEN) && /scimToken:\n\s+secure: /.test(customerFile2));
        assert.ok(!/oidcAppOnly/.test(customerFile2));
        assert.ok(customerFile2.includes(tenantUrl));

        // Across both stacks: one connection, one sign-in app.
        assert.equal(count(vendorPlan, T.connection) + count(full, T.connection), 1);
        assert.equal(count(vendorPlan, T.oidcApp) + count(full, T.oidcApp), 1);
    });
});
