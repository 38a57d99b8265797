import * as assert from "node:assert/strict";
import { DEFAULT_ROTATE_BEFORE_DAYS } from "../../providers/auth0/scimTokenRules";
import { scimTokenGroupsScopes, scimTokenLifetime, scimTokenRotationWindow, scimTokenScopes } from "../../policy/policies";
import * as types from "../../policy/resourceTypes";
import { LIFETIME_DEFAULTS, PROVIDER_DEFAULT_ROTATE_BEFORE_DAYS, withDefaults } from "../../policy/rules";
import { runResourcePolicy, runStackPolicy, stackResource, UNKNOWN_ARRAY, UNKNOWN_BOOL, UNKNOWN_NUMBER, UNKNOWN_STRING, urnOf } from "./harness";

const DAY = 86_400;
const USERS = ["get:users", "post:users", "patch:users", "delete:users"];
const GROUPS = ["get:groups", "post:groups", "patch:groups", "delete:groups"];

function token(scopes: unknown, extra: Record<string, unknown> = {}) {
    return { connectionId: "con_1", scopes, ...extra };
}

describe("policy scim-token-scopes (resource, mandatory)", () => {
    for (const type of [types.DYNAMIC_SCIM_TOKEN, types.CONNECTION_SCIM_TOKEN]) {
        it(`passes users scopes, with or without the four groups scopes (${type})`, async () => {
            assert.deepEqual(await runResourcePolicy(scimTokenScopes, type, token(USERS)), []);
            assert.deepEqual(await runResourcePolicy(scimTokenScopes, type, token([...USERS, ...GROUPS])), []);
        });

        it(`refuses put:users and put:groups, which Entra never uses (${type})`, async () => {
            const both = await runResourcePolicy(scimTokenScopes, type, token([...USERS, "put:users", ...GROUPS, "put:groups"]));
            assert.equal(both.length, 1);
            assert.match(both[0], /"put:users", "put:groups" are refused: Entra's provisioning never sends PUT/);
            const one = await runResourcePolicy(scimTokenScopes, type, token([...USERS, "put:users"]));
            assert.equal(one.length, 1);
            assert.match(one[0], /"put:users" is refused/);
            // A put scope next to a foreign one: both problems, each once.
            const mixed = await runResourcePolicy(scimTokenScopes, type, token(["put:groups", "admin"]));
            assert.equal(mixed.length, 2);
            assert.match(mixed[0], /"put:groups" is refused/);
            assert.match(mixed[1], /"admin" is not SCIM users or groups scopes/);
            assert.doesNotMatch(mixed[1], /put:groups"/);
        });

        it(`fails scopes that are not SCIM users or groups scopes, and a token without scopes (${type})`, async () => {
            const bad = await runResourcePolicy(scimTokenScopes, type, token([...USERS, "read:users", "create:scim_token"]));
            assert.equal(bad.length, 1);
            assert.match(bad[0], /"read:users", "create:scim_token" are not SCIM users or groups scopes/);
            assert.match((await runResourcePolicy(scimTokenScopes, type, token([])))[0], /must list its scopes/);
            assert.match((await runResourcePolicy(scimTokenScopes, type, { connectionId: "con_1" }))[0], /scopes is unset/);
        });
    }

    it("reports nothing on unknown scopes, and only known bad ones when some elements are unknown", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenScopes, types.DYNAMIC_SCIM_TOKEN, token(UNKNOWN_ARRAY)), []);
        assert.deepEqual(await runResourcePolicy(scimTokenScopes, types.DYNAMIC_SCIM_TOKEN, token([...USERS, UNKNOWN_STRING])), []);
        const mixed = await runResourcePolicy(scimTokenScopes, types.DYNAMIC_SCIM_TOKEN, token([UNKNOWN_STRING, "admin"]));
        assert.equal(mixed.length, 1);
        assert.match(mixed[0], /"admin" is not/);
    });
});

describe("policy scim-token-groups-scopes (stack, mandatory)", () => {
    const schema = (provisionGroups: unknown) =>
        stackResource(types.PROVISIONING_SCHEMA, "schema", { servicePrincipalId: "sp", jobId: "scim.x", provisionGroups });
    const tok = (scopes: unknown, type = types.DYNAMIC_SCIM_TOKEN) => stackResource(type, "token", token(scopes));

    it("passes groups scopes when the ProvisioningSchema provisions groups", async () => {
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [schema(true), tok([...USERS, ...GROUPS])]), []);
    });

    it("passes a users-only token whatever the schema says", async () => {
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [schema(false), tok(USERS)]), []);
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [schema(true), tok(USERS)]), []);
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [tok(USERS)]), []);
    });

    it("fails groups scopes when the ProvisioningSchema does not provision groups, naming the token", async () => {
        for (const type of types.SCIM_TOKEN_TYPES) {
            const reported = await runStackPolicy(scimTokenGroupsScopes, [schema(false), tok([...USERS, "get:groups"], type)]);
            assert.equal(reported.length, 1);
            assert.equal(reported[0].urn, urnOf(type, "token"));
            assert.match(reported[0].message, /get:groups, but the stack does not provision groups/);
        }
    });

    it("without a ProvisioningSchema, accepts the full Entra groups set and fails a partial one", async () => {
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [tok([...USERS, ...GROUPS])]), []);
        const partial = await runStackPolicy(scimTokenGroupsScopes, [tok([...USERS, "get:groups", "post:groups"])]);
        assert.equal(partial.length, 1);
        assert.match(partial[0].message, /not patch:groups delete:groups/);
    });

    it("reports nothing while provisionGroups or the scopes are unknown", async () => {
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [schema(UNKNOWN_BOOL), tok([...USERS, "get:groups"])]), []);
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [schema(false), tok(UNKNOWN_ARRAY)]), []);
        assert.deepEqual(await runStackPolicy(scimTokenGroupsScopes, [tok([...USERS, "get:groups", UNKNOWN_STRING])]), []);
    });
});

describe("policy scim-token-lifetime (resource, mandatory, configurable)", () => {
    it("is mandatory, requires an expiry by default, and declares its knobs with defaults", () => {
        assert.equal(scimTokenLifetime.enforcementLevel, "mandatory");
        const properties = scimTokenLifetime.configSchema!.properties;
        assert.equal(properties.maxLifetimeDays.default, 365);
        assert.equal(properties.requireExpiry.default, true);
        assert.deepEqual(LIFETIME_DEFAULTS, { maxLifetimeDays: 365, requireExpiry: true });
    });

    it("passes a ScimToken living 365 days by default, and one just over Auth0's 900-second minimum", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: 365 * DAY })), []);
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: 901 })), []);
    });

    it("fails a ScimToken living longer than the default 365 days, and one that never expires, naming the opt-out", async () => {
        const long = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: 365 * DAY + 1 }));
        assert.equal(long.length, 1);
        assert.match(long[0], /lives 365 days.*more than the 365 days allowed/);
        const never = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS));
        assert.equal(never.length, 1);
        assert.match(never[0], /never expires.*set requireExpiry false/);
        const nullLifetime = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: null }));
        assert.match(nullLifetime[0], /never expires/);
        const connectionToken = await runResourcePolicy(scimTokenLifetime, types.CONNECTION_SCIM_TOKEN, token(USERS));
        assert.equal(connectionToken.length, 1);
        assert.match(connectionToken[0], /ConnectionScimToken cannot have an expiry.*set requireExpiry false/);
    });

    it("fails a lifetime Auth0 refuses (900 seconds or less, not a number)", async () => {
        for (const lifetimeSeconds of [900, 0, -DAY, "30d"]) {
            const messages = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds }));
            assert.equal(messages.length, 1, `lifetimeSeconds ${lifetimeSeconds}`);
            assert.match(messages[0], /give a number of seconds over 900/);
        }
    });

    it("maxLifetimeDays changes the outcome", async () => {
        const ninetyDays = token(USERS, { lifetimeSeconds: 90 * DAY });
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, ninetyDays), []);
        const strict = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, ninetyDays, { maxLifetimeDays: 30 });
        assert.equal(strict.length, 1);
        assert.match(strict[0], /more than the 30 days allowed/);
        const lenient = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: 400 * DAY }), { maxLifetimeDays: 730 });
        assert.deepEqual(lenient, []);
    });

    it("the opt-out, requireExpiry false, accepts tokens that never expire but still caps a lifetime", async () => {
        const config = { requireExpiry: false };
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS), config), []);
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.CONNECTION_SCIM_TOKEN, token(USERS), config), []);
        const long = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: 400 * DAY }), config);
        assert.equal(long.length, 1);
    });

    it("reports nothing on an unknown lifetime, and ignores config values of the wrong type", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: UNKNOWN_NUMBER })), []);
        const ignored = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: 400 * DAY }), { maxLifetimeDays: "9999" });
        assert.equal(ignored.length, 1);
        const stillRequired = await runResourcePolicy(scimTokenLifetime, types.DYNAMIC_SCIM_TOKEN, token(USERS), { requireExpiry: "false" });
        assert.equal(stillRequired.length, 1);
    });

    it("ignores the other resource types", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenLifetime, types.SCIM_CONFIGURATION, token(USERS)), []);
    });
});

describe("policy config over defaults (withDefaults)", () => {
    it("takes declared knobs of the declared type, and nothing else", () => {
        const defaults = { days: 1, strict: true, domains: [] as string[] };
        assert.deepEqual(withDefaults(defaults, { days: 5, strict: false, domains: ["a.example"], other: 1 }), { days: 5, strict: false, domains: ["a.example"] });
        assert.deepEqual(withDefaults(defaults, { days: "5", strict: "false", domains: "a.example" }), defaults);
        assert.deepEqual(withDefaults(defaults, { domains: [1] }), defaults);
        assert.deepEqual(withDefaults(defaults, { days: [5] }), defaults);
        assert.deepEqual(withDefaults(defaults, undefined), defaults);
    });
});

describe("policy scim-token-rotation-window (resource, advisory, configurable)", () => {
    const withLifetime = (days: number, rotateBeforeDays?: unknown) =>
        token(USERS, { lifetimeSeconds: days * DAY, ...(rotateBeforeDays === undefined ? {} : { rotateBeforeDays }) });

    it("is advisory, with minRotateBeforeDays 7 by default", () => {
        assert.equal(scimTokenRotationWindow.enforcementLevel, "advisory");
        assert.equal(scimTokenRotationWindow.configSchema!.properties.minRotateBeforeDays.default, 7);
    });

    it("passes rotateBeforeDays exactly minRotateBeforeDays (7)", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(365, 7)), []);
    });

    it("passes rotateBeforeDays 14 on a 365-day token, and an unset one (the provider's default 14)", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(365, 14)), []);
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(365)), []);
    });

    it("uses the ScimToken provider's own default rotateBeforeDays", () => {
        assert.equal(PROVIDER_DEFAULT_ROTATE_BEFORE_DAYS, DEFAULT_ROTATE_BEFORE_DAYS);
    });

    it("fails a window under 7 days, and one not shorter than the lifetime", async () => {
        const short = await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(365, 3));
        assert.equal(short.length, 1);
        assert.match(short[0], /rotateBeforeDays is 3, under the 7 days required/);
        const long = await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(10, 10));
        assert.equal(long.length, 1);
        assert.match(long[0], /not shorter than the token's lifetime \(10 days\)/);
    });

    it("minRotateBeforeDays changes the outcome", async () => {
        const props = withLifetime(365, 14);
        const strict = await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, props, { minRotateBeforeDays: 30 });
        assert.equal(strict.length, 1);
        assert.match(strict[0], /under the 30 days required/);
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(365, 3), { minRotateBeforeDays: 1 }), []);
    });

    it("has nothing to say about tokens that never expire or unknown values", async () => {
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, token(USERS, { rotateBeforeDays: 0 })), []);
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, token(USERS, { lifetimeSeconds: UNKNOWN_NUMBER, rotateBeforeDays: 1 })), []);
        assert.deepEqual(await runResourcePolicy(scimTokenRotationWindow, types.DYNAMIC_SCIM_TOKEN, withLifetime(365, UNKNOWN_NUMBER)), []);
    });
});
