/**
 * The GroupRoles provider's pure decisions: which roles to add and remove, when an `up` must call
 * Auth0, what replaces the binding, and the pending message.
 */
import * as assert from "node:assert/strict";
import type { GroupRolesApi } from "../../../providers/auth0/groupRolesClient";
import { GroupRolesProvider } from "../../../providers/auth0/groupRolesProvider";
import { needsBinding, pendingMessage, planBinding, replaceReasons, type GroupRolesOutputs } from "../../../providers/auth0/groupRolesRules";

const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const bound: GroupRolesOutputs = {
    connectionId: "con_1", entraGroupId: GROUP, roles: ["rol_a", "Viewer"], groupId: "grp_1",
    roleIds: ["rol_a", "rol_v"], adoptedRoleIds: [], resolvedRoles: { rol_a: "rol_a", Viewer: "rol_v" },
};

describe("GroupRoles rules", () => {
    it("planBinding: adds what is missing, removes only ours, adopts what someone else gave", () => {
        assert.deepEqual(planBinding(["rol_a", "rol_b"], [], []), { add: ["rol_a", "rol_b"], remove: [], roleIds: ["rol_a", "rol_b"], adoptedRoleIds: [] });
        // rol_x was given by hand and is not configured: never touched.
        assert.deepEqual(planBinding(["rol_a"], ["rol_a", "rol_b", "rol_x"], ["rol_a", "rol_b"]), { add: [], remove: ["rol_b"], roleIds: ["rol_a"], adoptedRoleIds: [] });
        // rol_x was given by hand and is now configured too: adopted, so a later removal leaves it.
        assert.deepEqual(planBinding(["rol_a", "rol_x"], ["rol_x"], []), { add: ["rol_a"], remove: [], roleIds: ["rol_a"], adoptedRoleIds: ["rol_x"] });
        assert.deepEqual(planBinding([], ["rol_x"], []).remove, []);
        // Ours, removed by hand since, and dropped from config: nothing to remove.
        assert.deepEqual(planBinding([], [], ["rol_a"]).remove, []);
    });

    it("needsBinding: pending, other roles, or a configured role missing after a refresh; not labels", () => {
        const news = { connectionId: "con_1", entraGroupId: GROUP, roles: ["Viewer", "rol_a"] };
        assert.equal(needsBinding(bound, news), false, "the same roles in another order");
        assert.equal(needsBinding({ ...bound, pending: "waiting" }, news), true);
        assert.equal(needsBinding({ ...bound, groupId: undefined }, news), true);
        assert.equal(needsBinding(bound, { ...news, roles: ["rol_a"] }), true);
        assert.equal(needsBinding({ ...bound, roleIds: ["rol_a"] }, news), true, "refresh found rol_v gone");
        assert.equal(needsBinding({ ...bound, roleIds: ["rol_a"], adoptedRoleIds: ["rol_v"] }, news), false);
        assert.equal(needsBinding(bound, { ...news, groupName: "Finance", customerName: "Contoso" }), false);
    });

    it("replaceReasons: another connection, group or organization is another binding", () => {
        const news = { connectionId: "con_1", entraGroupId: GROUP, roles: ["rol_a"] };
        assert.deepEqual(replaceReasons(bound, news), []);
        assert.deepEqual(replaceReasons(bound, { ...news, organizationId: "" }), [], "empty is tenant-wide too");
        assert.deepEqual(replaceReasons(bound, { ...news, organizationId: "org_1", connectionId: "con_2" }), ["connectionId", "organizationId"]);
    });

    it("the pending message names the group, with its label", () => {
        assert.match(pendingMessage({ ...bound, groupName: "Finance" }), new RegExp(`^waiting for Entra to provision group Finance \\(${GROUP}\\): `));
        assert.match(pendingMessage(bound), new RegExp(`^waiting for Entra to provision group ${GROUP}: `));
    });

    it("two Auth0 groups with the Entra group's external_id: refused, naming both, binding neither", async () => {
        const writes: string[] = [];
        const api: GroupRolesApi = {
            groupsWithExternalId: async () => [{ id: "grp_1" }, { id: "grp_2" }],
            boundRoles: async () => [],
            assign: async () => void writes.push("assign"),
            unassign: async () => void writes.push("unassign"),
            rolesNamed: async () => [],
            someRoles: async () => [],
        };
        const provider = new GroupRolesProvider({ apiFactory: () => api });
        const error = await provider.create({ connectionId: "con_1", entraGroupId: GROUP, roles: ["rol_a"] }).then(() => undefined, (e: Error) => e);
        assert.match(String(error?.message), /2 groups \(grp_1, grp_2\) carry external_id/);
        assert.deepEqual(writes, []);
    });
});
