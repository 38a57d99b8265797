/**
 * `auth0-entra-scim new-customer NAME` (tools/newCustomer): writes Pulumi.NAME.yaml from flags or
 * prompts, checked by the offline plan (every config problem at once) and against the other stacks'
 * connection names and Entra tenant ids; refuses bad names, existing files and, without a terminal,
 * missing required values. Temp projects in /tmp link this package's program files.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT } from "../../tools/cli/common";
import { main } from "../../tools/cli/main";
import type { NewCustomerDeps } from "../../tools/newCustomer/newCustomer";
import { PACKAGE_DIR, planStack, type StackPlan } from "../../tools/plan/plan";
import { loadStackConfig, readProject } from "../../tools/plan/stackConfig";

const TENANT_A = "00000000-0000-0000-0000-00000000000a";
const TENANT_B = "00000000-0000-0000-0000-00000000000b";

function tempProject(stackFiles: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "new-customer-test-"));
    for (const entry of fs.readdirSync(PACKAGE_DIR)) {
        if (entry.startsWith(".") || /^Pulumi\..+\.ya?ml$/.test(entry)) continue;
        fs.symlinkSync(path.join(PACKAGE_DIR, entry), path.join(dir, entry));
    }
    for (const [name, text] of Object.entries(stackFiles)) fs.writeFileSync(path.join(dir, name), text, { flag: "wx" });
    return dir;
}

const okPlan = async (stack: string): Promise<StackPlan> => ({ stack, ok: true, problems: [], resources: [], outputs: {} });

async function run(argv: string[], deps: NewCustomerDeps = {}) {
    const out = { stdout: "", stderr: "" };
    const code = await main(["new-customer", ...argv], {
        io: { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) },
        newCustomer: { interactive: false, plan: okPlan, ...deps },
    });
    return { code, ...out };
}

const FULL = ["--entra-tenant-domain", "fabrikam.onmicrosoft.com", "--entra-tenant-id", TENANT_B, "--auth0-domain", "acme.us.auth0.com"];

describe("new-customer (tools/newCustomer)", function () {
    this.timeout(240_000);
    const temps: string[] = [];
    after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const project = (files: Record<string, string> = {}) => {
        const dir = tempProject(files);
        temps.push(dir);
        return dir;
    };

    it("the README's new-customer command, placeholders filled, writes a stack that plans next to the example stack", async () => {
        const readme = fs.readFileSync(path.join(PACKAGE_DIR, "README.md"), "utf8");
        const command = /npm run new-customer -- ((?:.*\\\n)*.*)/.exec(readme)?.[1];
        assert.ok(command, "README shows no new-customer command");
        const words = (command.replace(/\\\n/g, " ").match(/"[^"]*"|<[^>]*>|\S+/g) ?? []).map((w) => w.replace(/^"(.*)"$/, "$1"));
        const filled = words.map((w) => (w === "<customer's Entra tenant id>" ? TENANT_B : w === "<Auth0 client id of your app>" ? "AbCdEf0123456789AbCdEf0123456789" : w));
        assert.deepEqual(filled.filter((w) => w.startsWith("<")), [], "an unfilled placeholder");
        const dir = project({ "Pulumi.dev.yaml": fs.readFileSync(path.join(PACKAGE_DIR, "Pulumi.dev.yaml"), "utf8") });
        const { code, stdout, stderr } = await run([...filled, "--project-dir", dir], { plan: undefined });
        assert.equal(code, EXIT.OK, stdout + stderr);
        const name = filled[0];
        assert.ok(fs.existsSync(path.join(dir, `Pulumi.${name}.yaml`)));
        assert.ok(readme.includes(`pulumi stack init ${name}`), "the README's next command names the stack it wrote");
    });

    it("refuses a name Pulumi rejects as a stack name, and an existing stack file, writing nothing", async () => {
        const dir = project({ "Pulumi.taken.yaml": "config: {}\n" });
        for (const name of ["Fabrikam Inc.", "../x", "a/b", ".", "..", "x".repeat(101)]) {
            const { code, stderr } = await run([name, "--project-dir", dir, ...FULL]);
            assert.equal(code, EXIT.USAGE, `${name}: ${stderr}`);
            assert.match(stderr, /not a stack name Pulumi accepts/);
        }
        assert.match((await run(["Fabrikam Inc.", "--project-dir", dir])).stderr, /e\.g\. "fabrikam-inc"/);
        const taken = await run(["taken", "--project-dir", dir, ...FULL]);
        assert.equal(taken.code, EXIT.USAGE);
        assert.match(taken.stderr, /already exists: not overwritten/);
        assert.equal(fs.readFileSync(path.join(dir, "Pulumi.taken.yaml"), "utf8"), "config: {}\n");
        assert.deepEqual(fs.readdirSync(dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f)), ["Pulumi.taken.yaml"]);
    });

    it("without a terminal, a missing required value is a usage error naming every one; on a terminal it asks for those only", async () => {
        const dir = project();
        const piped = await run(["fabrikam", "--project-dir", dir]);
        assert.equal(piped.code, EXIT.USAGE);
        assert.match(piped.stderr, /missing --entra-tenant-domain, --entra-tenant-id/);
        assert.equal(fs.existsSync(path.join(dir, "Pulumi.fabrikam.yaml")), false);

        const asked: string[] = [];
        const answers = ["fabrikam.onmicrosoft.com"];
        const tty = await run(["fabrikam", "--project-dir", dir, "--entra-tenant-id", TENANT_B, "--auth0-domain", "acme.us.auth0.com"], {
            interactive: true,
            ask: async (q) => (asked.push(q), answers.shift() ?? ""),
        });
        assert.equal(tty.code, EXIT.OK, tty.stderr);
        assert.equal(asked.length, 1, "only the missing value is asked");
        assert.match(asked[0], /Entra primary domain/);
        assert.match(fs.readFileSync(path.join(dir, "Pulumi.fabrikam.yaml"), "utf8"), /auth0-entra-scim:entraTenantDomain: fabrikam\.onmicrosoft\.com/);
    });

    it("refuses flags the mode does not use", async () => {
        const dir = project();
        const { code, stderr } = await run(["v", "--project-dir", dir, "--mode", "vendor", "--entra-tenant-domain", "v.onmicrosoft.com", "--assigned-user", TENANT_A, "--entra-tenant-id", TENANT_A]);
        assert.equal(code, EXIT.USAGE);
        assert.match(stderr, /--assigned-user, --entra-tenant-id: a vendor stack does not use them/);
    });

    it("writes a stack file the offline plan plans: connection name pinned, repeatable flags as lists, ESC import kept", async () => {
        const dir = project();
        const { code, stdout, stderr } = await run(
            [
                "fabrikam",
                "--project-dir", dir,
                "--customer-name", "Fabrikam Inc.",
                "--entra-tenant-domain", "fabrikam.onmicrosoft.com",
                "--entra-tenant-id", TENANT_B,
                "--environment", "auth0-shared",
                "--assigned-user", "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11",
                "--assigned-user", "7a2d3f5b-1c8e-4d2f-8b66-3a4c9e0f1d22",
                "--assigned-group", "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d",
                "--enabled-client", "kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL",
            ],
            { plan: undefined },
        );
        assert.equal(code, EXIT.OK, stderr);
        assert.match(stdout, /^Wrote .*Pulumi\.fabrikam\.yaml \(full stack, \d+ resources planned offline\)/m);
        assert.match(stdout, /pulumi stack init fabrikam$/m);
        const config = loadStackConfig(readProject(dir), "fabrikam", () => "[secret]");
        assert.equal(config.config["auth0-entra-scim:connectionName"], "fabrikam-entra");
        assert.equal(config.config["auth0-entra-scim:customerName"], "Fabrikam Inc.");
        assert.equal(config.config["azuread:tenantId"], TENANT_B);
        assert.deepEqual(JSON.parse(config.config["auth0-entra-scim:assignedUsers"]), ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11", "7a2d3f5b-1c8e-4d2f-8b66-3a4c9e0f1d22"]);
        assert.deepEqual(JSON.parse(config.config["auth0-entra-scim:enabledClients"]), ["kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL"]);
        assert.deepEqual(config.environments, ["auth0-shared"]);
        const plan = await planStack("fabrikam", { projectDir: dir, env: {} });
        assert.equal(plan.ok, true, plan.error);
        assert.equal(plan.configSources?.["auth0:domain"], "from ESC env auth0-shared");
    });

    it("refuses a connection name and a tenant id another stack uses, with every config problem, in one go", async () => {
        const dir = project({
            "Pulumi.contoso.yaml": [
                "config:",
                "  auth0:domain: acme.us.auth0.com",
                `  azuread:tenantId: ${TENANT_A}`,
                "  auth0-entra-scim:connectionName: shared-entra",
                "  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com",
                "",
            ].join("\n"),
        });
        const { code, stderr } = await run(
            ["fabrikam", "--project-dir", dir, "--entra-tenant-domain", "not a domain", "--entra-tenant-id", TENANT_A.toUpperCase(), "--connection-name", "Shared-Entra", "--auth0-domain", "acme.us.auth0.com", "--assigned-user", "nope"],
            { plan: undefined, env: {} },
        );
        assert.equal(code, EXIT.USAGE, stderr);
        assert.match(stderr, /Pulumi\.fabrikam\.yaml not written \(4 problems\)/);
        assert.match(stderr, /stacks contoso and fabrikam both use the Auth0 connection name "shared-entra"/);
        assert.match(stderr, /stacks contoso and fabrikam both point at the Entra tenant 00000000-0000-0000-0000-00000000000a \(azuread:tenantId\)/);
        assert.match(stderr, /auth0-entra-scim:entraTenantDomain: "not a domain" is not a domain name/);
        assert.match(stderr, /auth0-entra-scim:assignedUsers: "nope" is not an Entra object id/);
        assert.equal(fs.existsSync(path.join(dir, "Pulumi.fabrikam.yaml")), false);
    });

    it("a connection name is only a duplicate within one Auth0 tenant", async () => {
        const dir = project({
            "Pulumi.other.yaml": ["config:", "  auth0:domain: other.eu.auth0.com", "  auth0-entra-scim:connectionName: fabrikam-entra", ""].join("\n"),
        });
        const { code, stderr } = await run(["fabrikam", "--project-dir", dir, ...FULL]);
        assert.equal(code, EXIT.OK, stderr);
    });
});
