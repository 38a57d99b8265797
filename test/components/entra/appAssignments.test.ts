import * as assert from "node:assert/strict";
import { DEFAULT_ACCESS_ROLE_ID, userAppRoleId } from "../../../components/entra/appAssignments";

const role = (over: Partial<Parameters<typeof userAppRoleId>[0][number]>) => ({
    id: "11111111-1111-1111-1111-111111111111", displayName: "User", value: "", enabled: true, allowedMemberTypes: ["User"], ...over,
});

describe("the app role assignments use (Entra steps 2 and 4)", () => {
    it("is the app's User role, found by display name (non-gallery apps leave value empty)", () => {
        const roles = [role({ id: "msiam", displayName: "msiam_access" }), role({ id: "user-role" })];
        assert.equal(userAppRoleId(roles), "user-role");
    });
    it("or by value", () => {
        assert.equal(userAppRoleId([role({ id: "by-value", displayName: "Standard user", value: "User" })]), "by-value");
    });
    it("is Default Access when the app declares no roles", () => {
        assert.equal(userAppRoleId([]), DEFAULT_ACCESS_ROLE_ID);
    });
    it("skips a disabled User role and one not assignable to users", () => {
        assert.equal(userAppRoleId([role({ enabled: false })]), DEFAULT_ACCESS_ROLE_ID);
        assert.equal(userAppRoleId([role({ allowedMemberTypes: ["Application"] })]), DEFAULT_ACCESS_ROLE_ID);
    });
});
