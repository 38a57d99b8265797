/**
 * Issue 16 under the real engine: a stack with `organization: true` and `groupRoles`, against the
 * emulators. The first `up` leaves the group pending; Entra's cycle pushes it; the next `up` binds its
 * roles in the organization, and a no-op `up` writes nothing; a refresh finds no drift, a customer
 * rename updates the organization in place; a role dropped from the config removes
 * one binding while a role given by hand stays; a destroy of the binding removes only ours, and the
 * deliberate teardown removes the rest. Each step's Auth0 requests are printed for BENCHMARKS.md.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT_ROOT } from "../../sandbox/engine";
import type { RecordedRequest } from "../../sandbox/emulators/harness";
import { byMethod, calls, openSandbox, requireEngine, stateResources, urnOfType, writes, type Sandbox } from "./harness";

const devConfig = (yaml.load(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
const GROUP = (devConfig["auth0-entra-scim:assignedGroups"] as string[])[0];
const KEY = (name: string) => `auth0-entra-scim:${name}`;
const groupRoles = (roles: string[]) => ({ [GROUP]: { name: "Finance", roles } });

/** Resource changes other than `same`. */
const changed = (summary: Record<string, number> | undefined) => Object.fromEntries(Object.entries(summary ?? {}).filter(([op]) => op !== "same"));
/** The requests to group-role paths (tenant or organization), as `METHOD path {body}`. */
const roleWrites = (requests: readonly RecordedRequest[]) =>
    writes(requests).filter((r) => /\/groups\/[^/]+\/roles$/.test(r.path.split("?")[0])).map((r) => ({ method: r.method, roles: (JSON.parse(r.body || "{}") as { roles?: string[] }).roles ?? [] }));

describe("e2e: an Auth0 Organization per customer and Entra groups to Auth0 roles (issue 16)", function () {
    let sandbox: Sandbox;
    let viewer: string;
    let organizationId: string;
    const benchmark: Array<{ step: string; auth0: Record<string, number>; writes: number; organizationsGroupsRoles: string[] }> = [];
    /** A step's Auth0 requests: all of them by method, and those of issue 16's paths one by one. */
    const record = (step: string, auth0: readonly RecordedRequest[]) =>
        benchmark.push({
            step,
            auth0: byMethod(auth0),
            writes: calls(writes(auth0)).length,
            organizationsGroupsRoles: calls(auth0).filter((c) => /^\w+ \/api\/v2\/(organizations|groups|roles)\b/.test(c)).map((c) => c.replace(/(org|grp|rol)_[A-Za-z0-9]+/g, "$1_…")),
        });
    const auth0 = () => sandbox.emulators.auth0;
    const finance = () => auth0().groups().find((g) => g.external_id === GROUP) as { id: string } | undefined;
    const roleId = (name: string) => auth0().roles().find((r) => r.name === name)!.id;

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openSandbox(engine, {
            config: {
                [KEY("organization")]: true,
                [KEY("organizationDiscoveryDomains")]: ["contoso.com"],
                [KEY("roles")]: [{ name: "Billing Admin", description: "Pays the bills" }],
                [KEY("groupRoles")]: groupRoles(["Billing Admin", "Viewer"]),
            },
        });
        // A role that exists in the tenant already, referenced by name.
        viewer = auth0().seedRole({ name: "Viewer" }).id;
    });
    after(async () => {
        if (benchmark.length > 0) console.log(`      group roles, Auth0 requests per step: ${JSON.stringify(benchmark)}`);
        await sandbox?.close();
    });

    it("first up: the organization with the connection and its domain; the group is pending, with a warning and groupRolesPending", async () => {
        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.up());
        record("first up", requests);
        assert.equal(result.summary.result, "succeeded");
        const [organization] = auth0().organizations();
        organizationId = organization.id;
        assert.equal(organization.name, "dev");
        assert.equal(organization.display_name, "contoso");
        assert.deepEqual(organization.metadata, { managedBy: "auth0-entra-scim", pulumiStack: "auth0-entra-scim/dev" });
        const [enabled] = auth0().organizationConnections(organizationId);
        assert.equal(enabled.connection_id, auth0().connections()[0].id);
        assert.equal(enabled.assign_membership_on_login, true);
        assert.equal(auth0().discoveryDomains(organizationId)[0].domain, "contoso.com");

        assert.match(result.stdout, new RegExp(`warning: contoso: waiting for Entra to provision group Finance \\(${GROUP}\\)`));
        const outputs = await sandbox.stack.outputs();
        assert.deepEqual(outputs.groupRolesPending.value.map((p: { entraGroupId: string }) => p.entraGroupId), [GROUP]);
        assert.equal(outputs.organizationId.value, organizationId);
        assert.match(outputs.organizationDiscoveryDomains.value[0].txtHost, /contoso\.com$/);
        assert.deepEqual(roleWrites(requests), [], "nothing bound yet");
    });

    it("a preview while pending shows the binding as a change, and writes nothing", async () => {
        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.preview());
        assert.equal(result.changeSummary?.update, 1, JSON.stringify(result.changeSummary));
        assert.deepEqual(calls(writes(requests)), []);
    });

    it("the provisioning cycle pushes the group; the next up binds both roles in the organization, and its members inherit them", async () => {
        const cycle = await sandbox.emulators.provisioningCycle();
        assert.deepEqual(cycle.errors, []);
        const group = finance();
        assert.ok(group, "Entra's cycle created the group in Auth0, external_id = objectId");

        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.up());
        record("up after the cycle (binds)", requests);
        assert.equal(result.summary.result, "succeeded");
        assert.deepEqual(changed(result.summary.resourceChanges), { update: 1 });
        assert.deepEqual(auth0().organizationGroupRoles(organizationId, group.id).sort(), [roleId("Billing Admin"), viewer].sort());
        assert.deepEqual(auth0().groupRoles(group.id), [], "no tenant roles: the organization has them");
        assert.equal(roleWrites(requests).length, 1);
        assert.deepEqual((await sandbox.stack.outputs()).groupRolesPending.value, []);

        // A member of the Entra group, signing in to the organization, gets both roles; outside it, neither.
        const scimGroup = auth0().scimGroups(auth0().connections()[0].id).find((g) => g.externalId === GROUP)!;
        const userId = (scimGroup.members as Array<{ value: string }>)[0].value;
        assert.ok(auth0().organizationMembers(organizationId).some((m) => m.user_id === userId), "SCIM users are members by login");
        assert.deepEqual(auth0().effectiveRoles(userId, organizationId).sort(), [roleId("Billing Admin"), viewer].sort());
        assert.deepEqual(auth0().effectiveRoles(userId), []);
    });

    it("a no-op up: no step, and no Auth0 write", async () => {
        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.up());
        record("no-op up", requests);
        assert.deepEqual(changed(result.summary.resourceChanges), {});
        assert.deepEqual(calls(writes(requests)), []);
    });

    it("refresh then preview: no drift, and the refresh writes nothing", async () => {
        const refreshed = await sandbox.traffic(() => sandbox.stack.refresh());
        assert.deepEqual(calls(writes(refreshed.auth0)), []);
        const { result } = await sandbox.traffic(() => sandbox.stack.preview());
        assert.deepEqual(changed(result.changeSummary), {}, JSON.stringify(result.changeSummary));
    });

    it("a customerName rename updates the organization's display name in place: 0 replaces, the binding untouched", async () => {
        await sandbox.configure({ [KEY("customerName")]: "Contoso Holdings" });
        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(result.summary.result, "succeeded");
        assert.equal(result.summary.resourceChanges?.replace ?? 0, 0, JSON.stringify(result.summary.resourceChanges));
        assert.equal(auth0().organizations()[0].id, organizationId);
        assert.equal(auth0().organizations()[0].display_name, "Contoso Holdings");
        assert.deepEqual(roleWrites(requests), []);
        await sandbox.restore([KEY("customerName")]);
        const back = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(back.result.summary.resourceChanges?.replace ?? 0, 0);
    });

    it("up --replace of the binding (protection lifted): the old one goes first, the new one binds the roles again as its own", async () => {
        await sandbox.configure({ [KEY("protect")]: "false" });
        assert.equal((await sandbox.stack.up()).summary.result, "succeeded"); // lifts Pulumi's protect, changes nothing else
        const group = finance()!;
        const urn = await urnOfType(sandbox.stack, "GroupRoles");
        const { result } = await sandbox.traffic(() => sandbox.stack.up({ replace: [urn] }));
        assert.equal(result.summary.result, "succeeded");
        assert.deepEqual(auth0().organizationGroupRoles(organizationId, group.id).sort(), [roleId("Billing Admin"), viewer].sort());
        const binding = (await stateResources(sandbox.stack)).find((r) => r.urn === urn)!;
        assert.deepEqual([...binding.outputs!.roleIds].sort(), [roleId("Billing Admin"), viewer].sort(), "ours again, not adopted");
        assert.deepEqual(binding.outputs!.adoptedRoleIds ?? [], []);
        await sandbox.restore([KEY("protect")]);
        assert.equal((await sandbox.stack.up()).summary.result, "succeeded");
    });

    it("a role dropped from the config removes one binding; a role given by hand in the dashboard stays", async () => {
        const group = finance()!;
        const auditor = auth0().seedRole({ name: "Auditor" }).id;
        const byHand = await fetch(`${auth0().apiUrl}/organizations/${organizationId}/groups/${group.id}/roles`, {
            method: "POST",
            headers: { authorization: `Bearer ${auth0().bearer}`, "content-type": "application/json" },
            body: JSON.stringify({ roles: [auditor] }),
        });
        assert.equal(byHand.status, 204);

        await sandbox.configure({ [KEY("groupRoles")]: groupRoles(["Billing Admin"]) });
        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.up());
        record("up with a role dropped", requests);
        assert.equal(result.summary.result, "succeeded");
        assert.deepEqual(roleWrites(requests), [{ method: "DELETE", roles: [viewer] }]);
        assert.deepEqual(auth0().organizationGroupRoles(organizationId, group.id).sort(), [roleId("Billing Admin"), auditor].sort());
    });

    it("destroying the binding removes only ours; the deliberate teardown removes the rest", async () => {
        const group = finance()!;
        const auditor = roleId("Auditor");
        await sandbox.configure({ [KEY("protect")]: "false" });
        assert.equal((await sandbox.stack.up()).summary.result, "succeeded");
        const binding = await urnOfType(sandbox.stack, "GroupRoles");
        const { auth0: requests } = await sandbox.traffic(() => sandbox.stack.destroy({ target: [binding] }));
        record("destroy of the binding", requests);
        assert.deepEqual(roleWrites(requests), [{ method: "DELETE", roles: [roleId("Billing Admin")] }]);
        assert.deepEqual(auth0().organizationGroupRoles(organizationId, group.id), [auditor], "the role given by hand stays");
        assert.ok(!(await stateResources(sandbox.stack)).some((r) => r.type.endsWith(":GroupRoles")));

        const destroyed = await sandbox.stack.destroy();
        assert.equal(destroyed.summary.result, "succeeded");
        assert.deepEqual(auth0().organizations(), []);
        assert.ok(!auth0().roles().some((r) => r.name === "Billing Admin"), "the declared role is deleted");
        assert.ok(auth0().roles().some((r) => r.id === viewer), "the referenced role is not ours: it stays");
    });
});

describe("e2e: provisionOnDemand naming the group binds its roles in the first up (issue 16)", function () {
    let sandbox: Sandbox;
    const auth0 = () => sandbox.emulators.auth0;

    before(async function () {
        const engine = await requireEngine(this);
        sandbox = await openSandbox(engine, {
            config: {
                [KEY("organization")]: true,
                [KEY("roles")]: [{ name: "Billing Admin", description: "Pays the bills" }],
                [KEY("groupRoles")]: groupRoles(["Billing Admin"]),
                // The check provisions the group on demand (with up to 5 members) before the binding looks for it.
                [KEY("provisionOnDemand")]: [GROUP],
            },
        });
    });
    after(async () => {
        await sandbox?.close();
    });

    it("first up: the on-demand run pushes the group, and the binding assigns its role in the organization: nothing pending", async () => {
        const { result, auth0: requests, graph } = await sandbox.traffic(() => sandbox.stack.up());
        assert.equal(result.summary.result, "succeeded");
        assert.ok(calls(graph).some((c) => c.endsWith("/provisionOnDemand")), "the check ran provision on demand");
        assert.doesNotMatch(result.stdout, /waiting for Entra to provision group/);
        assert.deepEqual((await sandbox.stack.outputs()).groupRolesPending.value, []);

        const group = auth0().groups().find((g) => g.external_id === GROUP) as { id: string } | undefined;
        assert.ok(group, "the on-demand run created the group in Auth0 (external_id = objectId) before any cycle");
        const [organization] = auth0().organizations();
        const billing = auth0().roles().find((r) => r.name === "Billing Admin")!.id;
        assert.deepEqual(auth0().organizationGroupRoles(organization.id, group.id), [billing]);
        assert.deepEqual(roleWrites(requests), [{ method: "POST", roles: [billing] }]);
        const scimGroup = auth0().scimGroups(auth0().connections()[0].id).find((g) => g.externalId === GROUP)!;
        assert.deepEqual(scimGroup.members ?? [], [], "the check picks no members (links.members): the group arrives alone");
        const binding = calls(requests).filter((c) => /^\w+ \/api\/v2\/(organizations\/[^/]+\/groups|groups)\b/.test(c)).map((c) => c.replace(/(org|grp|rol)_[A-Za-z0-9]+/g, "$1_…"));
        console.log(`      group roles bound on the first up (provisionOnDemand), the binding's Auth0 requests: ${JSON.stringify(binding)}`);
    });

    it("a no-op up: no step, and no Auth0 write", async () => {
        const { result, auth0: requests } = await sandbox.traffic(() => sandbox.stack.up());
        assert.deepEqual(changed(result.summary.resourceChanges), {});
        assert.deepEqual(calls(writes(requests)), []);
    });
});
