import * as assert from "node:assert/strict";
import { scimConfigurationUserId, waadConnectionScimSettings } from "../../policy/policies";
import * as types from "../../policy/resourceTypes";
import { scimWaadConnections } from "../../policy/rules";
import { runResourcePolicy, runStackPolicy, stackResource, UNKNOWN_BOOL, UNKNOWN_OBJECT, UNKNOWN_STRING, urnOf, urnsOf } from "./harness";

const GOOD_OPTIONS = { userIdAttribute: "oid", waadCommonEndpoint: false, tenantDomain: "contoso.onmicrosoft.com" };

function connection(name: string, options: unknown, strategy: unknown = "waad") {
    return stackResource(types.CONNECTION, name, { name, strategy, options });
}

function scimConfiguration(name: string, connectionDeps: ReturnType<typeof connection>[], connectionId: unknown = UNKNOWN_STRING) {
    return stackResource(
        types.SCIM_CONFIGURATION,
        name,
        { connectionId, userIdAttribute: "externalId" },
        { connectionId: connectionDeps },
    );
}

describe("policy waad-connection-scim-settings (stack, mandatory)", () => {
    it("passes a waad connection with SCIM that uses oid and not the common endpoint", async () => {
        const c = connection("c", GOOD_OPTIONS);
        assert.deepEqual(await runStackPolicy(waadConnectionScimSettings, [c, scimConfiguration("cfg", [c])]), []);
    });

    it("passes with waadCommonEndpoint unset (off is Auth0's default)", async () => {
        const c = connection("c", { userIdAttribute: "oid" });
        assert.deepEqual(await runStackPolicy(waadConnectionScimSettings, [c, scimConfiguration("cfg", [c])]), []);
    });

    it("fails a waad connection with SCIM on sub and the common endpoint, naming the connection", async () => {
        const c = connection("c", { userIdAttribute: "sub", waadCommonEndpoint: true });
        const reported = await runStackPolicy(waadConnectionScimSettings, [c, scimConfiguration("cfg", [c])]);
        assert.equal(reported.length, 2);
        assert.ok(reported.every((r) => r.urn === urnOf(types.CONNECTION, "c")));
        assert.match(reported[0].message, /userIdAttribute is "sub".*"oid"/);
        assert.match(reported[1].message, /waadCommonEndpoint is true/);
    });

    it("fails a waad connection with SCIM whose userIdAttribute is unset", async () => {
        const c = connection("c", { waadCommonEndpoint: false });
        const reported = await runStackPolicy(waadConnectionScimSettings, [c, scimConfiguration("cfg", [c])]);
        assert.equal(reported.length, 1);
        assert.match(reported[0].message, /userIdAttribute is unset/);
    });

    it("leaves alone a waad connection without SCIM, and non-waad connections", async () => {
        const scim = connection("scim", GOOD_OPTIONS);
        const plain = connection("plain", { userIdAttribute: "sub", waadCommonEndpoint: true });
        const saml = connection("saml", { userIdAttribute: "sub" }, "samlp");
        const stack = [scim, plain, saml, scimConfiguration("cfg", [scim])];
        assert.deepEqual(await runStackPolicy(waadConnectionScimSettings, stack), []);
        assert.deepEqual(urnsOf(scimWaadConnections(stack)), [scim.urn]);
    });

    it("correlates by the connection's id output when the SCIM configuration has no property dependency", async () => {
        const c = stackResource(types.CONNECTION, "c", { id: "con_123", strategy: "waad", options: { userIdAttribute: "sub" } });
        const other = stackResource(types.CONNECTION, "other", { id: "con_456", strategy: "waad", options: { userIdAttribute: "sub" } });
        const cfg = stackResource(types.SCIM_CONFIGURATION, "cfg", { connectionId: "con_123", userIdAttribute: "externalId" });
        const reported = await runStackPolicy(waadConnectionScimSettings, [c, other, cfg]);
        assert.deepEqual(reported.map((r) => r.urn), [urnOf(types.CONNECTION, "c")]);
    });

    it("checks every waad connection when a SCIM configuration's connection cannot be identified", async () => {
        const a = connection("a", { userIdAttribute: "sub" });
        const b = connection("b", GOOD_OPTIONS);
        const cfg = stackResource(types.SCIM_CONFIGURATION, "cfg", { connectionId: "con_from_elsewhere", userIdAttribute: "externalId" });
        const reported = await runStackPolicy(waadConnectionScimSettings, [a, b, cfg]);
        assert.deepEqual(reported.map((r) => r.urn), [urnOf(types.CONNECTION, "a")]);
    });

    it("reports nothing on values unknown during preview", async () => {
        const c1 = connection("c1", { userIdAttribute: UNKNOWN_STRING, waadCommonEndpoint: UNKNOWN_BOOL });
        const c2 = connection("c2", UNKNOWN_OBJECT);
        const c3 = connection("c3", GOOD_OPTIONS, UNKNOWN_STRING);
        const stack = [c1, c2, c3, scimConfiguration("cfg1", [c1]), scimConfiguration("cfg2", [c2]), scimConfiguration("cfg3", [c3])];
        assert.deepEqual(await runStackPolicy(waadConnectionScimSettings, stack), []);
    });
});

describe("policy scim-configuration-user-id-external-id (resource, mandatory)", () => {
    it("passes userIdAttribute externalId", async () => {
        const props = { connectionId: "con_1", userIdAttribute: "externalId", mappings: [{ auth0: "email", scim: "userName" }] };
        assert.deepEqual(await runResourcePolicy(scimConfigurationUserId, types.SCIM_CONFIGURATION, props), []);
    });

    it("fails userIdAttribute userName, and unset", async () => {
        const wrong = await runResourcePolicy(scimConfigurationUserId, types.SCIM_CONFIGURATION, { connectionId: "con_1", userIdAttribute: "userName" });
        assert.equal(wrong.length, 1);
        assert.match(wrong[0], /userIdAttribute is "userName"; it must be "externalId"/);
        const unset = await runResourcePolicy(scimConfigurationUserId, types.SCIM_CONFIGURATION, { connectionId: "con_1" });
        assert.equal(unset.length, 1);
        assert.match(unset[0], /userIdAttribute is unset/);
    });

    it("reports nothing when userIdAttribute is unknown, or for other resource types", async () => {
        assert.deepEqual(await runResourcePolicy(scimConfigurationUserId, types.SCIM_CONFIGURATION, { userIdAttribute: UNKNOWN_STRING }), []);
        assert.deepEqual(await runResourcePolicy(scimConfigurationUserId, types.CONNECTION, { userIdAttribute: "userName" }), []);
    });
});
