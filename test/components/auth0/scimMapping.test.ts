import * as assert from "node:assert/strict";
import { DEFAULT_WAAD_SCIM_MAPPING, mergeScimMappings } from "../../../components/auth0/scimMapping";
import recorded from "../../fixtures/auth0/waad-scim-configuration.json";

describe("Auth0 SCIM mapping (seed: Configure SCIM settings in Auth0, step 6)", () => {
    it("the default is exactly what Auth0 creates for a waad connection", () => {
        assert.equal(recorded.strategy, "waad");
        assert.deepEqual(
            DEFAULT_WAAD_SCIM_MAPPING.map(({ scim, auth0 }) => ({ scim, auth0 })),
            recorded.mapping.map(({ scim, auth0 }) => ({ scim, auth0 })),
        );
    });

    it("without additional mappings sends the default unchanged", () => {
        assert.deepEqual(mergeScimMappings([]), DEFAULT_WAAD_SCIM_MAPPING);
    });

    it("an entry for an already mapped SCIM attribute replaces it in place", () => {
        const merged = mergeScimMappings([{ scim: "Title", auth0: "app_metadata.job_title" }]);
        assert.equal(merged.length, DEFAULT_WAAD_SCIM_MAPPING.length);
        const index = DEFAULT_WAAD_SCIM_MAPPING.findIndex((m) => m.scim === "title");
        assert.deepEqual(merged[index], { scim: "Title", auth0: "app_metadata.job_title" });
        assert.ok(!merged.some((m) => m.auth0 === "app_metadata.title"));
    });

    it("an entry for a new SCIM attribute is appended", () => {
        const extra = { scim: "urn:ietf:params:scim:schemas:extension:acme:2.0:User.badge", auth0: "app_metadata.badge" };
        const merged = mergeScimMappings([extra]);
        assert.deepEqual(merged.slice(0, -1), DEFAULT_WAAD_SCIM_MAPPING);
        assert.deepEqual(merged.at(-1), extra);
    });
});
