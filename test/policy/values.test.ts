import * as assert from "node:assert/strict";
import { unknownCheckingProxy } from "@pulumi/policy";
import { isUnknown, plain, prop, UNKNOWN } from "../../policy/values";
import { UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_OBJECT, UNKNOWN_STRING } from "./harness";

describe("policy values: reading props that may be unknown", () => {
    const props = unknownCheckingProxy({
        strategy: "waad",
        options: { userIdAttribute: UNKNOWN_STRING, waadCommonEndpoint: false, nested: UNKNOWN_OBJECT },
        scopes: ["get:users", UNKNOWN_STRING],
        credentials: UNKNOWN_ARRAY,
        flag: UNKNOWN_BOOL,
    });

    it("the proxy throws on an unknown value, as during a real preview", () => {
        assert.throws(() => (props as any).options.userIdAttribute, /can't be known during preview/);
    });

    it("prop() reads through the proxy, UNKNOWN where a value (or a level above it) is unknown", () => {
        assert.equal(prop(props, "strategy"), "waad");
        assert.equal(prop(props, "options", "waadCommonEndpoint"), false);
        assert.equal(prop(props, "options", "userIdAttribute"), UNKNOWN);
        assert.equal(prop(props, "options", "nested", "deeper"), UNKNOWN);
        assert.equal(prop(props, "flag"), UNKNOWN);
        assert.equal(prop(props, "credentials"), UNKNOWN);
        assert.equal(prop(props, "missing", "deeper"), undefined);
    });

    it("plain() copies objects and arrays, marking unknown elements", () => {
        assert.deepEqual(prop(props, "scopes"), ["get:users", UNKNOWN]);
        assert.deepEqual(plain({ a: [1, { b: UNKNOWN_STRING }] }), { a: [1, { b: UNKNOWN }] });
        assert.ok(isUnknown(UNKNOWN_STRING) && isUnknown(UNKNOWN) && !isUnknown("oid"));
    });
});
