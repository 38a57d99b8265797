/**
 * Issue 14, item 8: a dynamic resource's `read` and `delete` run the code serialised at its last create
 * or update. Every dynamic resource takes `providerVersion`; on an upgrade from the previous release's
 * state (which has none) each one is updated in place, with no replacement and no vendor call.
 */
import * as assert from "node:assert/strict";
import { ScimTokenProvider } from "../../providers/auth0/scimTokenProvider";
import { ScimTokenRevocationProvider } from "../../providers/auth0/scimTokenRevocationProvider";
import type { ScimTokensClient } from "../../providers/auth0/managementClient";
import { SEED_MAPPING_EDITS } from "../../providers/entra/defaults";
import { ProvisionOnDemandCheckProvider } from "../../providers/entra/onDemandCheckProvider";
import { ProvisioningStartProvider } from "../../providers/entra/provisioningStartProvider";
import { ScimTokenConfirmationProvider } from "../../providers/entra/scimTokenConfirmationProvider";
import { StackGuardProvider } from "../../providers/guard/stackGuardProvider";
import { PROVIDER_VERSION } from "../../providers/providerVersion";
import { loadTenantConfig } from "../../components/config";
import { CustomerTenant, TENANT_NAME } from "../../components/tenant";
import { configWith, installMocks, recordRegistrationRequests, settle } from "../mocks";
import { Harness, JOB_ID, SP_ID, startHarness, USER_RULE_ID } from "./entra/setup";

const V = { providerVersion: PROVIDER_VERSION };
/** An Auth0 client that fails the test on any call. */
const noAuth0 = (): ScimTokensClient => new Proxy({} as ScimTokensClient, { get: (_t, name) => () => { throw new Error(`unexpected Auth0 call ${String(name)}`); } });

/** diff says update (never replace), and update writes nothing and records the version. */
async function upgrades<O extends object>(
    provider: { diff(id: string, olds: any, news: any): Promise<any>; update?(id: string, olds: any, news: any): Promise<any> },
    previous: O, news: object,
): Promise<void> {
    const diff = await provider.diff("id", previous, news);
    assert.equal(diff.changes, true, "a version-only change is an update");
    assert.deepEqual(diff.replaces ?? [], []);
    const { outs } = await provider.update!("id", previous, news);
    assert.equal(outs.providerVersion, PROVIDER_VERSION);
    assert.equal((await provider.diff("id", outs, news)).changes, false, "and then nothing is left to do");
}

describe("provider version: an upgrade re-serialises every dynamic resource without a vendor call (issue 14, item 8)", () => {
    let h: Harness;
    beforeEach(async () => {
        h = await startHarness();
        h.graph.addJob(SP_ID, JOB_ID);
        h.graph.reset();
    });
    afterEach(() => h.graph.close());

    it("every dynamic resource registers the current provider version", async () => {
        await installMocks();
        const requests = recordRegistrationRequests();
        configWith({ auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedUsers: ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11"], provisionOnDemand: ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11"] });
        new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, "contoso"));
        await settle();
        const dynamic = requests.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
        assert.equal(new Set(dynamic.map((r) => r.type)).size, 7);
        for (const r of dynamic) assert.equal(r.inputs.providerVersion, PROVIDER_VERSION, r.type);
    });

    it("ProvisioningSchema: no GET, no PUT", async () => {
        const created = (await h.provider.create({ servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS] })).outs!;
        const { providerVersion: _, ...previous } = JSON.parse(JSON.stringify(created));
        h.graph.reset();
        await upgrades(h.provider, previous, { servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS], ...V });
        assert.deepEqual(h.graph.requests, []);
    });

    it("ProvisioningSchema: a refresh keeps the version, so the next diff finds nothing to do", async () => {
        const inputs = { servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS], ...V };
        const created = (await h.provider.create(inputs)).outs!;
        const refreshed = (await h.provider.read(`${SP_ID}/${JOB_ID}`, created)).props!;
        assert.equal(refreshed.providerVersion, PROVIDER_VERSION);
        assert.equal((await h.provider.diff("id", refreshed, inputs)).changes, false);
    });

    it("ProvisioningStart: starts nothing", async () => {
        const previous = { servicePrincipalId: SP_ID, jobId: JOB_ID, restartAfter: "i-1" };
        await upgrades(new ProvisioningStartProvider(h.clientFactory), previous, { ...previous, ...V });
        assert.deepEqual(h.graph.requests, []);
    });

    it("ProvisionOnDemandCheck: provisions nothing", async () => {
        const inputs = { servicePrincipalId: SP_ID, jobId: JOB_ID, ruleId: USER_RULE_ID, subjects: [{ objectId: "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11", kind: "User" as const }], covers: { a: 1 } };
        await upgrades(new ProvisionOnDemandCheckProvider(h.clientFactory), { ...inputs, results: [] }, { ...inputs, ...V });
        assert.deepEqual(h.graph.requests, []);
    });

    it("ScimTokenConfirmation: asks Entra nothing", async () => {
        const inputs = { servicePrincipalId: SP_ID, jobId: JOB_ID, tokenFingerprint: "sha256:0123456789abcdef" };
        await upgrades(new ScimTokenConfirmationProvider({ graphClientFactory: h.clientFactory }), { ...inputs, confirmedFingerprint: inputs.tokenFingerprint, restartedJob: false }, { ...inputs, ...V });
        assert.deepEqual(h.graph.requests, []);
    });

    it("ScimToken: issues and revokes nothing", async () => {
        const inputs = { connectionId: "con_1", scopes: ["get:users", "post:users", "patch:users", "delete:users"], rotateBeforeDays: 14, generation: 0 };
        const previous = { ...inputs, tokenId: "tok_1", token: "secret", createdAt: "2026-11-28T12:00:00.000Z", supersededTokenIds: [] };
        await upgrades(new ScimTokenProvider({ clientFactory: noAuth0 }), previous, { ...inputs, ...V });
    });

    it("ScimTokenRevocation: revokes nothing", async () => {
        const inputs = { connectionId: "con_1", tokenId: "tok_2", supersededTokenIds: ["tok_1"], confirmation: "entra" as const };
        await upgrades(new ScimTokenRevocationProvider({ clientFactory: noAuth0 }), { ...inputs, revokedTokenIds: ["tok_1"], waitingForUse: false }, { ...inputs, ...V });
    });

    it("StackGuard: an update, no refusal", async () => {
        const previous = { protect: true, mode: "full", connectionName: { configured: "c", deployed: "c" }, configNamespace: "auth0-entra-scim" };
        const news = { protect: true, mode: "full", connectionName: "c", configNamespace: "auth0-entra-scim", ...V };
        assert.deepEqual((await new StackGuardProvider().check(previous as any, news)).failures, []);
        await upgrades(new StackGuardProvider(), previous, news);
    });
});

describe("previews show ProvisioningStart and the on-demand check only when they will run (issue 14, item 9)", () => {
    const unknown = (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).runtime.unknownValue;
    it("a schema update (its instance unknown in a preview) is no restart; a known new instance is", async () => {
        const p = new ProvisioningStartProvider(() => { throw new Error("no Graph call"); });
        const olds = { servicePrincipalId: SP_ID, jobId: JOB_ID, restartAfter: "i-1", ...V };
        assert.equal((await p.diff("id", olds, { ...olds, restartAfter: unknown })).changes, false);
        assert.equal((await p.diff("id", olds, { ...olds, restartAfter: "i-2" })).changes, true);
    });
    it("the rule id unknown on the same job is no rerun; on another job, or with what it tests changed, it is", async () => {
        const p = new ProvisionOnDemandCheckProvider(() => { throw new Error("no Graph call"); });
        const olds = { servicePrincipalId: SP_ID, jobId: JOB_ID, ruleId: USER_RULE_ID, subjects: [], covers: { a: 1 }, results: [], ...V };
        assert.equal((await p.diff("id", olds, { ...olds, ruleId: unknown })).changes, false);
        assert.equal((await p.diff("id", olds, { ...olds, ruleId: unknown, jobId: "scim.other" })).changes, true);
        assert.equal((await p.diff("id", olds, { ...olds, ruleId: unknown, covers: { a: 2 } })).changes, true);
    });
});
