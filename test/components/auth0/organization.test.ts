/**
 * Issue 16, item 1: the customer's Auth0 Organization, as the tenant declares it under mocks.
 */
import * as assert from "node:assert/strict";
import { loadTenantConfig } from "../../../components/config";
import { CustomerTenant, TENANT_NAME } from "../../../components/tenant";
import { configWith, installMocks, recordRegistrationRequests, settle, unwrap, type RecordingMocks } from "../../mocks";

const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const BASE = { auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedGroups: [GROUP], provisionGroups: "true", customerName: "Contoso Ltd" };
const T = {
    connection: "auth0:index/connection:Connection",
    organization: "auth0:index/organization:Organization",
    organizationConnection: "auth0:index/organizationConnection:OrganizationConnection",
    domain: "auth0:index/organizationDiscoveryDomain:OrganizationDiscoveryDomain",
};

async function deploy(values: Record<string, unknown>, stack = "contoso") {
    const mocks = await installMocks();
    // What Auth0 answers for a discovery domain: where the TXT record goes and what it holds.
    const answer = mocks.newResource.bind(mocks);
    mocks.newResource = async (args) => {
        const result = await answer(args);
        if (args.type !== T.domain) return result;
        const state = { ...result.state, verificationHost: `_auth0-challenge.${args.inputs.domain}`, verificationTxt: `auth0-domain-verification=${args.name}` };
        return { id: result.id, state };
    };
    const requests = recordRegistrationRequests();
    configWith({ ...BASE, ...values });
    const tenant = new CustomerTenant(TENANT_NAME, loadTenantConfig(undefined, undefined, stack));
    await settle();
    return { mocks, requests, tenant };
}

describe("the customer's Auth0 Organization (issue 16, item 1)", () => {
    let mocks: RecordingMocks;
    let tenant: CustomerTenant;
    before(async () => ({ mocks, tenant } = await deploy({ organization: "true", organizationDiscoveryDomains: ["contoso.com"] })));

    it("is named after the stack, shows the customer's name, and its metadata names the stack", () => {
        const org = mocks.single(T.organization).inputs;
        assert.equal(org.name, "contoso");
        assert.equal(org.displayName, "Contoso Ltd");
        assert.deepEqual(org.metadata, { managedBy: "auth0-entra-scim", pulumiStack: "auth0-entra-scim/acme" });
    });

    it("enables our waad connection with membership on login and the button, and never sets isSignupEnabled", () => {
        const oc = mocks.single(T.organizationConnection);
        assert.equal(oc.inputs.organizationId, mocks.single(T.organization).id);
        assert.equal(oc.inputs.connectionId, mocks.single(T.connection).id);
        assert.equal(oc.inputs.assignMembershipOnLogin, true);
        assert.equal(oc.inputs.showAsButton, true);
        assert.ok(!("isSignupEnabled" in oc.inputs));
    });

    it("declares each discovery domain pending, never reverting Auth0's verification", async () => {
        const { requests } = await deploy({ organization: "contoso-eu", organizationDiscoveryDomains: ["contoso.com", "contoso.de"], organizationShowAsButton: "false" });
        const domains = requests.filter((r) => r.type === T.domain);
        assert.deepEqual(domains.map((d) => d.inputs.domain), ["contoso.com", "contoso.de"]);
        for (const d of domains) {
            assert.equal(d.inputs.status, "pending");
            assert.equal(d.inputs.useForOrganizationDiscovery, true);
            assert.deepEqual(d.ignoreChanges, ["status"]);
        }
        assert.equal(requests.find((r) => r.type === T.organizationConnection)!.inputs.showAsButton, false);
    });

    it("exports the organization id and each domain's TXT host and value", async () => {
        assert.equal((await unwrap(tenant.organizationId!)).value, mocks.single(T.organization).id);
        assert.deepEqual((await unwrap(tenant.organizationDiscoveryDomains!)).value, [
            { domain: "contoso.com", txtHost: "_auth0-challenge.contoso.com", txtValue: "auth0-domain-verification=tenant-organization-domain-contoso.com" },
        ]);
    });

    it("is protected like the connection, and waits for the guard", async () => {
        const { requests } = await deploy({ organization: "true", organizationDiscoveryDomains: ["contoso.com"] });
        for (const type of [T.organization, T.organizationConnection, T.domain]) assert.equal(requests.find((r) => r.type === type)!.protect, true, type);
        const component = requests.find((r) => r.name === "tenant-organization")!;
        assert.ok(component.dependsOnNames.includes("tenant-guard"));
        const unprotected = await deploy({ organization: "true", protect: "false" });
        assert.equal(unprotected.requests.find((r) => r.type === T.organization)!.protect, false);
    });

    it("is not declared without organization; the outputs exist only when there is something to show", async () => {
        const none = await deploy({});
        assert.equal(none.mocks.ofType(T.organization).length, 0);
        assert.equal(none.tenant.organizationId, undefined);
        assert.equal(none.tenant.organizationDiscoveryDomains, undefined);
        const noDomains = await deploy({ organization: "true" });
        assert.equal(noDomains.tenant.organizationDiscoveryDomains, undefined);
    });
});
