/** The ScimToken provider's `check`: clear failures before any API call, defaults filled in. */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { ScimTokenProvider } from "../../../providers/auth0/scimTokenProvider";

const provider = new ScimTokenProvider();
const base = { connectionId: "con_Hvg6w4PSvAVOoCJ2", scopes: ["get:users", "post:users"] };
const check = (news: Record<string, unknown>) => provider.check(base, { ...base, ...news } as any);
const failed = async (news: Record<string, unknown>) => (await check(news)).failures ?? [];

describe("ScimTokenProvider.check", () => {
    it("accepts a token without expiry and fills in rotateBeforeDays = 14", async () => {
        const result = await check({});
        assert.deepEqual(result.failures, []);
        assert.equal(result.inputs?.rotateBeforeDays, 14);
    });

    it("rejects a lifetime of 900 s or less, as Auth0 does, with the minimum in the message", async () => {
        const [failure] = await failed({ lifetimeSeconds: 900, rotateBeforeDays: 0 });
        assert.equal(failure.property, "lifetimeSeconds");
        assert.match(failure.reason, /greater than 900/);
        assert.deepEqual(await failed({ lifetimeSeconds: 901, rotateBeforeDays: 0 }), []);
        assert.equal((await failed({ lifetimeSeconds: 1000.5, rotateBeforeDays: 0 }))[0]?.property, "lifetimeSeconds");
    });

    it("rejects rotateBeforeDays not smaller than the lifetime in days, which would rotate on every run", async () => {
        const [failure] = await failed({ lifetimeSeconds: 10 * 86_400 });
        assert.equal(failure.property, "rotateBeforeDays");
        assert.match(failure.reason, /rotateBeforeDays \(14\) must be smaller than the token lifetime in days \(10\)/);
        assert.deepEqual(await failed({ lifetimeSeconds: 10 * 86_400, rotateBeforeDays: 3 }), []);
        assert.equal((await failed({ rotateBeforeDays: -1 }))[0]?.property, "rotateBeforeDays");
    });

    it("rejects a missing connection and empty or unknown scopes", async () => {
        assert.equal((await failed({ connectionId: "" }))[0]?.property, "connectionId");
        assert.equal((await failed({ scopes: [] }))[0]?.property, "scopes");
        const [bad] = await failed({ scopes: ["get:users", "read:users"] });
        assert.match(bad.reason, /not valid: "read:users"/);
    });

    it("lets values not known until apply through in a preview", async () => {
        const unknown = pulumi.runtime.unknownValue;
        assert.deepEqual(await failed({ connectionId: unknown, scopes: [unknown], lifetimeSeconds: unknown }), []);
    });
});
