/**
 * Issue 16 on the customer's sheet: the DNS TXT record of each discovery domain, the groups that carry
 * Auth0 roles (which must be assigned to the provisioning app), and, when the stack assigns nobody,
 * who to assign to which app. Outputs are injected; no Pulumi CLI and no plan.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type HandoffDeps, runHandoff } from "../../../tools/handoff/handoff";
import type { StackOutputs } from "../../../tools/handoff/pulumiCli";

const ROOT = path.join(__dirname, "..", "..", "..");
const TENANT_ID = "3d1f4e5a-7b8c-4d9e-8f0a-1b2c3d4e5f60";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const FINANCE = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const SUPPORT = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";
const TXT_HOST = "_ss-verification.org_Ab12Cd34.contoso.com";
const TXT_VALUE = "5f1e9c7a0b3d6e8f2a4c6e8b0d2f4a6c";

const groupRoles = (organization: string) => `  auth0-entra-scim:provisionGroups: "true"
${organization}  auth0-entra-scim:groupRoles:
    ${FINANCE}: {name: Finance, roles: [Billing Admin, Viewer]}
    ${SUPPORT}: [rol_8f2kQk3oF1aZr7Yx]
`;
const ORGANIZATION = `  auth0-entra-scim:organization: "true"
  auth0-entra-scim:organizationDiscoveryDomains: [contoso.com]
`;
const fullStack = (extra: string, organization = ORGANIZATION) => `config:
  auth0:domain: acme.us.auth0.com
  azuread:tenantId: ${TENANT_ID}
  auth0-entra-scim:customerName: Contoso
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
  auth0-entra-scim:assignedUsers: [${USER}]
  auth0-entra-scim:assignedGroups: [${FINANCE}, ${SUPPORT}]
${groupRoles(organization)}${extra}`;
const vendorStack = `config:
  auth0:domain: acme.us.auth0.com
  auth0-entra-scim:mode: vendor
  auth0-entra-scim:customerName: Contoso
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
${groupRoles(ORGANIZATION)}`;

const ran: StackOutputs = {
    connectionId: CONNECTION,
    tenantUrl: `https://acme.us.auth0.com/scim/v2/connections/${CONNECTION}?aadOptscim062020`,
    oidcClientId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    organizationDiscoveryDomains: [{ domain: "contoso.com", txtHost: TXT_HOST, txtValue: TXT_VALUE }],
    groupRolesPending: [{ entraGroupId: SUPPORT, status: `waiting for Entra to provision group ${SUPPORT}` }],
};

describe("handoff: organization, discovery domains and group roles (issue 16)", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    async function sheet(stackYaml: string, outputs: StackOutputs | undefined, args: string[] = []) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "handoff-org-"));
        dirs.push(dir);
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.contoso.yaml"), stackYaml);
        const io = { stdout: "", stderr: "" };
        const deps: HandoffDeps = {
            projectDir: dir,
            env: {},
            stdout: (t) => (io.stdout += t),
            stderr: (t) => (io.stderr += t),
            readOutputs: async () => outputs,
            loadPlan: () => undefined,
            writeFile: () => assert.fail("no file"),
        };
        const code = await runHandoff(["--stack", "contoso", ...args], deps);
        return { code, ...io };
    }

    describe("the DNS TXT record of each discovery domain", () => {
        it("comes from output organizationDiscoveryDomains: domain, host and value, in both formats", async () => {
            const md = await sheet(fullStack(""), ran);
            assert.equal(md.code, 0, md.stderr);
            assert.match(md.stdout, /^## DNS records for your domains$/m);
            assert.ok(md.stdout.includes(`| \`contoso.com\` | \`${TXT_HOST}\` | \`${TXT_VALUE}\` |`), md.stdout);
            assert.ok(!md.stdout.includes("exists once our pulumi up"));
            const html = await sheet(fullStack(""), ran, ["--format", "html"]);
            assert.ok(html.stdout.includes(`<tr><td><code>contoso.com</code></td><td><code>${TXT_HOST}</code></td><td><code>${TXT_VALUE}</code></td></tr>`));
        });

        it("before the first pulumi up, names the domain with placeholders and says when the record comes", async () => {
            const out = await sheet(fullStack(""), undefined);
            assert.equal(out.code, 3, out.stderr);
            assert.ok(out.stdout.includes("| `contoso.com` | `<after first pulumi up>` | `<after first pulumi up>` |"), out.stdout);
            assert.match(out.stdout, /exists once our pulumi up has created its domain/);
        });

        it("an output value that is not a TXT record's shape never reaches the sheet", async () => {
            const bad = { ...ran, organizationDiscoveryDomains: [{ domain: "contoso.com", txtHost: TXT_HOST, txtValue: "x\n## Injected" }] };
            const out = await sheet(fullStack(""), bad);
            assert.ok(!out.stdout.includes("Injected"));
            assert.ok(out.stdout.includes("| `contoso.com` | `<after first pulumi up>` | `<after first pulumi up>` |"));
        });

        it("a stack without discovery domains has no such section", async () => {
            const out = await sheet(fullStack("", '  auth0-entra-scim:organization: "true"\n'), ran);
            assert.equal(out.code, 0, out.stderr);
            assert.ok(!out.stdout.includes("DNS records"));
        });
    });

    describe("the groups that carry roles", () => {
        it("lists each group with its roles, in the organization, to assign to the provisioning app, and which are still pending", async () => {
            const out = await sheet(fullStack(""), ran);
            assert.equal(out.code, 0, out.stderr);
            assert.match(out.stdout, /^## Groups that carry roles\n\nAssign these groups to the provisioning app `Auth0 SCIM provisioning \(Contoso\)` .*in our Auth0 Organization `contoso`/m);
            assert.ok(out.stdout.includes(`- Finance \`${FINANCE}\`: roles \`Billing Admin\`, \`Viewer\`\n`), out.stdout);
            assert.ok(out.stdout.includes(`- \`${SUPPORT}\`: role \`rol_8f2kQk3oF1aZr7Yx\`; waiting for Entra to provision this group\n`));
        });

        it("without an organization, says the roles are tenant-wide", async () => {
            const out = await sheet(fullStack("", ""), ran);
            assert.equal(out.code, 0, out.stderr);
            assert.match(out.stdout, /^Assign these groups to the provisioning app .*The roles apply tenant-wide in our Auth0 tenant\.$/m);
            assert.ok(!out.stdout.includes("Organization"));
        });

        it("from a vendor stack (split flow): the groups join the assignments of step 1 and Option B, and both sections are there", async () => {
            const out = await sheet(vendorStack, { ...ran, oidcClientId: undefined });
            assert.equal(out.code, 0, out.stderr);
            assert.ok(out.stdout.includes(`pulumi config set --path 'assignedGroups[0]' ${FINANCE}\n`), out.stdout);
            assert.ok(out.stdout.includes(`pulumi config set --path 'assignedGroups[1]' ${SUPPORT}\n`));
            assert.ok(out.stdout.includes(`| Assign to both apps | \`${FINANCE}\` (group), \`${SUPPORT}\` (group) |`));
            assert.match(out.stdout, /^## Groups that carry roles$/m);
            assert.ok(out.stdout.includes(`| \`contoso.com\` | \`${TXT_HOST}\` | \`${TXT_VALUE}\` |`));
        });

        it("a group the full stack does not assign is a config problem: nothing written, the key named (exit 1)", async () => {
            const stack = fullStack("").replace(`[${FINANCE}, ${SUPPORT}]`, `[${FINANCE}]`);
            const out = await sheet(stack, ran);
            assert.equal(out.code, 1);
            assert.equal(out.stdout, "");
            assert.match(out.stderr, new RegExp(`auth0-entra-scim:groupRoles: "${SUPPORT}" is not in auth0-entra-scim:assignedGroups`));
        });
    });

    it("assignPrincipals false: each app by name, with every user and group to add to it", async () => {
        const out = await sheet(fullStack('  auth0-entra-scim:assignPrincipals: "false"\n'), ran);
        assert.equal(out.code, 0, out.stderr);
        const who = `\`${USER}\` (user), \`${FINANCE}\` (group), \`${SUPPORT}\` (group)`;
        assert.ok(out.stdout.includes(`- \`Auth0 sign-in (Contoso)\` (sign-in): ${who}\n`), out.stdout);
        assert.ok(out.stdout.includes(`- \`Auth0 SCIM provisioning (Contoso)\` (provisioning): ${who}\n`));
    });
});
