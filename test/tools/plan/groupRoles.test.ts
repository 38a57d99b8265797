/**
 * `plan --diff`'s "Group roles" section (tools/plan/groupRoles.ts): the real program planned offline
 * with two stack configs, and the lines a reviewer reads, "Contoso: group Finance (0a9b8c7d…) gains
 * role Billing Admin"; also in the JSON.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { diffAll, renderDiff, renderDiffJson } from "../../../tools/plan/diff";
import { groupRoleChanges } from "../../../tools/plan/groupRoles";
import { planStack } from "../../../tools/plan/plan";
import type { StackPlan } from "../../../tools/plan/types";

const PACKAGE_DIR = path.resolve(__dirname, "../../..");
const FINANCE = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const SUPPORT = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

/** A project in /tmp whose program files are links to this package's, with one stack file. */
function project(stack: string, config: string[]): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-group-roles-"));
    for (const entry of fs.readdirSync(PACKAGE_DIR)) {
        if (entry.startsWith(".") || /^Pulumi\..+\.ya?ml$/.test(entry)) continue;
        fs.symlinkSync(path.join(PACKAGE_DIR, entry), path.join(dir, entry));
    }
    const lines = [
        "config:",
        "  auth0:domain: acme.us.auth0.com",
        "  azuread:tenantId: 00000000-0000-0000-0000-000000000001",
        "  auth0-entra-scim:customerName: Contoso",
        "  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com",
        "  auth0-entra-scim:provisionGroups: \"true\"",
        "  auth0-entra-scim:assignedGroups:",
        `    - ${FINANCE}`,
        `    - ${SUPPORT}`,
        ...config,
    ];
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), lines.join("\n") + "\n", { flag: "wx" });
    return dir;
}

describe("plan --diff: group roles (issue 16)", function () {
    this.timeout(240_000);
    const temps: string[] = [];
    after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const plan = async (config: string[]): Promise<StackPlan> => {
        const dir = project("contoso", config);
        temps.push(dir);
        const planned = await planStack("contoso", { projectDir: dir });
        assert.equal(planned.ok, true, planned.error ?? planned.problems.join("\n"));
        return planned;
    };

    it("lists who gains and who loses which role, by group and customer, in markdown and JSON", async () => {
        const base = await plan([
            "  auth0-entra-scim:groupRoles:",
            `    ${FINANCE}:`,
            "      name: Finance",
            "      roles: [Viewer]",
            `    ${SUPPORT}: [Support]`,
        ]);
        const head = await plan([
            "  auth0-entra-scim:roles:",
            "    - name: Billing Admin",
            "  auth0-entra-scim:groupRoles:",
            `    ${FINANCE}:`,
            "      name: Finance",
            "      roles: [Viewer, Billing Admin]",
        ]);
        const diff = diffAll([base], [head], { base: "main", head: "working tree" });
        const md = renderDiff(diff);
        const section = md.split("### Group roles\n")[1]?.split("\n| Stack")[0] ?? "";
        assert.deepEqual(section.split("\n").filter((l) => l.startsWith("- ")), [
            "- Contoso: group Finance (0a9b8c7d…) gains role Billing Admin (tenant-wide)",
            "- Contoso: group 1b2c3d4e… loses role Support (tenant-wide)",
        ], md);
        assert.ok(md.indexOf("### Group roles") < md.indexOf("| Stack | Plan |"), "at the top, before the per-stack details");
        const json = JSON.parse(renderDiffJson(diff));
        assert.deepEqual(json.stacks[0].groupRoles.map((c: { change: string; role: string }) => `${c.change} ${c.role}`), ["gains Billing Admin", "loses Support"]);
    });

    it("an organization turned on moves the roles: tenant-wide lost, in the organization gained", async () => {
        const groupRoles = ["  auth0-entra-scim:groupRoles:", `    ${FINANCE}: [Viewer]`];
        const base = await plan(groupRoles);
        const head = await plan(["  auth0-entra-scim:organization: true", ...groupRoles]);
        assert.deepEqual(groupRoleChanges(base, head).map((c) => `${c.change} ${c.role} ${c.scope}`), ["gains Viewer organization", "loses Viewer tenant"]);
    });

    it("no section when no group's roles change, for a new stack everything is gained, and a removed stack file loses nothing", async () => {
        const same = await plan(["  auth0-entra-scim:groupRoles:", `    ${FINANCE}: [Viewer]`]);
        assert.ok(!renderDiff(diffAll([same], [same], { base: "main", head: "working tree" })).includes("### Group roles"));
        assert.deepEqual(groupRoleChanges(undefined, same).map((c) => `${c.change} ${c.role}`), ["gains Viewer"]);
        assert.deepEqual(groupRoleChanges(same, undefined), []);
    });
});
