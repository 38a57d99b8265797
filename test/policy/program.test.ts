/**
 * The package's own program against the pack: index.ts runs under the repository's Pulumi mocks
 * (test/mocks.ts), every registration becomes what the analyzer would receive (type, inputs,
 * outputs, and the property dependencies the program declared), and every policy runs on it.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import * as types from "../../policy/resourceTypes";
import { groupsProvisioned, oidcApplications, oidcConsentGrants, oidcServicePrincipals, scimWaadConnections } from "../../policy/rules";
import { configWith, installMocks, settle } from "../mocks";
import { OIDC_DELEGATED_SCOPE_IDS } from "../../policy/rules";
import { prop } from "../../policy/values";
import { enablements, organizationGroupRoles } from "../../policy/organizationRules";
import { runResourcePolicy, runStackPolicy, stackResource } from "./harness";

const PROGRAM = require.resolve("../../index");

interface Finding {
    readonly policy: string;
    readonly level: string;
    readonly message: string;
}

/** Property dependencies as the engine records them, by resource name (the last URN segment). */
function recordPropertyDependencies(): Map<string, Record<string, string[]>> {
    const byName = new Map<string, Record<string, string[]>>();
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        const deps: Record<string, string[]> = {};
        for (const [property, value] of req.getPropertydependenciesMap().entries()) {
            deps[property] = value.getUrnsList().map((urn: string) => urn.slice(urn.lastIndexOf("::") + 2));
        }
        byName.set(req.getName(), deps);
        return register(req, callback);
    };
    return byName;
}

/** The pack's config, by policy name (what `--policy-pack-config` gives each policy). */
type PackConfig = Record<string, object>;

async function analyzeProgram(
    config: Record<string, unknown>,
    preview = false,
    packConfig: PackConfig = {},
    secretKeys: string[] = [],
): Promise<{ findings: Finding[]; resources: PolicyResource[] }> {
    const mocks = await installMocks(preview);
    const dependencies = recordPropertyDependencies();
    configWith(config, secretKeys);
    delete require.cache[PROGRAM];
    require(PROGRAM);
    await settle();

    const findings: Finding[] = [];
    const record = (policy: ResourceValidationPolicy | StackValidationPolicy, message: string) =>
        findings.push({ policy: policy.name, level: policy.enforcementLevel ?? "advisory", message });

    // Resource policies see each resource's inputs before it is created.
    for (const policy of policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p)) {
        for (const registration of mocks.registrations) {
            for (const message of await runResourcePolicy(policy, registration.type, registration.inputs, packConfig[policy.name])) record(policy, message);
        }
    }

    // Stack policies see every resource's outputs, linked by their property dependencies.
    const resources = new Map<string, PolicyResource>();
    for (const r of mocks.registrations) resources.set(r.name, stackResource(r.type, r.name, { ...r.inputs, ...r.state, id: r.id }));
    for (const [name, resource] of resources) {
        for (const [property, names] of Object.entries(dependencies.get(name) ?? {})) {
            resource.propertyDependencies[property] = names.flatMap((n) => resources.get(n) ?? []);
        }
    }
    for (const policy of policies.filter((p): p is StackValidationPolicy => "validateStack" in p)) {
        for (const { message } of await runStackPolicy(policy, [...resources.values()], packConfig[policy.name])) record(policy, message);
    }
    return { findings, resources: [...resources.values()] };
}

const CUSTOMER = {
    auth0Domain: "acme.us.auth0.com",
    entraTenantDomain: "contoso.onmicrosoft.com",
    assignedUsers: ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11"],
    assignedGroups: ["0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"],
};

describe("the package's program under the policy pack", function () {
    this.timeout(60_000);

    it("violates nothing with groups provisioned, a 365-day token and admin consent granted by the stack", async () => {
        // Admin consent is opt-in in a full stack since the default became false: on here, so that the
        // consent grant's policies have something to check.
        const { findings, resources } = await analyzeProgram(
            { ...CUSTOMER, provisionGroups: "true", scimTokenLifetimeDays: "365", grantAdminConsent: "true" },
            false,
            { "entra-provisioning-credentials": { auth0Domains: [CUSTOMER.auth0Domain] } },
        );
        assert.deepEqual(findings, []);
        // Not vacuous: the stack policies find the program's connection with SCIM, its OIDC app, service
        // principal and admin consent (through the property dependencies) and its groups setting.
        assert.deepEqual(scimWaadConnections(resources).map((r) => r.type), [types.CONNECTION]);
        assert.deepEqual(oidcApplications(resources).map((r) => r.type), [types.APPLICATION]);
        assert.deepEqual(oidcServicePrincipals(resources).map((r) => r.type), [types.SERVICE_PRINCIPAL]);
        assert.deepEqual(oidcConsentGrants(resources).map((r) => r.type), [types.DELEGATED_PERMISSION_GRANT]);
        assert.equal(groupsProvisioned(resources), true);
        for (const type of [types.SCIM_CONFIGURATION, types.DYNAMIC_SCIM_TOKEN, types.SYNCHRONIZATION_SECRET, types.PROVISIONING_SCHEMA]) {
            assert.ok(resources.some((r) => r.type === type), `the program declares no ${type}`);
        }
        // The OIDC app's scope ids are known values here, so the pack checked them against Graph's.
        const app = oidcApplications(resources)[0];
        const ids = (prop(app.props, "requiredResourceAccesses") as { resourceAccesses: { id: unknown }[] }[])[0].resourceAccesses.map((a) => a.id);
        assert.deepEqual(ids, Object.values(OIDC_DELEGATED_SCOPE_IDS));
    });

    it("fails the program's Tenant URL when auth0Domains names another domain (the check is not vacuous)", async () => {
        const { findings } = await analyzeProgram(
            { ...CUSTOMER, provisionGroups: "true", scimTokenLifetimeDays: "365" },
            false,
            { "entra-provisioning-credentials": { auth0Domains: ["other.us.auth0.com"] } },
        );
        assert.deepEqual(findings.map((f) => [f.policy, f.level]), [["entra-provisioning-credentials", "mandatory"]]);
        assert.match(findings[0].message, /points at "acme.us.auth0.com", which is not one of the configured auth0Domains/);
    });

    it("violates nothing without groups and a 90-day token", async () => {
        const { findings, resources } = await analyzeProgram({ ...CUSTOMER, provisionGroups: "false", scimTokenLifetimeDays: "90" });
        assert.equal(groupsProvisioned(resources), false);
        assert.deepEqual(findings, []);
    });

    it("issue 16: an organization with organization group roles violates nothing, and the pack finds its SCIM connection's enablement", async () => {
        const { findings, resources } = await analyzeProgram({
            ...CUSTOMER, provisionGroups: "true", scimTokenLifetimeDays: "365", organization: "true",
            roles: [{ name: "Billing Admin" }], groupRoles: { [CUSTOMER.assignedGroups[0]]: ["Billing Admin"] },
        });
        assert.deepEqual(findings, []);
        const [enablement] = enablements(resources);
        assert.deepEqual(enablement.connections.map((c) => c.type), [types.CONNECTION]);
        assert.equal(organizationGroupRoles(resources, enablement).length, 1, "the binding is correlated with the organization");
        const preview = await analyzeProgram({ ...CUSTOMER, provisionGroups: "true", organization: "true", groupRoles: { [CUSTOMER.assignedGroups[0]]: ["Viewer"] } }, true);
        assert.deepEqual(preview.findings, [], "nothing reported, nothing thrown, while ids are unknown");
    });

    it("a token that never expires (scimTokenLifetimeDays 0) is a mandatory violation, unless the pack's requireExpiry is off", async () => {
        const config = { ...CUSTOMER, provisionGroups: "false", scimTokenLifetimeDays: "0" };
        const { findings } = await analyzeProgram(config);
        assert.deepEqual(findings.map((f) => [f.policy, f.level]), [["scim-token-lifetime", "mandatory"]]);
        assert.match(findings[0].message, /never expires.*requireExpiry false/);
        const optedOut = await analyzeProgram(config, false, { "scim-token-lifetime": { requireExpiry: false } });
        assert.deepEqual(optedOut.findings, []);
    });

    it("customer mode: the vendor's Tenant URL from config passes the pack, held to auth0Domains", async () => {
        const customer = {
            mode: "customer",
            auth0Domain: CUSTOMER.auth0Domain,
            assignedUsers: CUSTOMER.assignedUsers,
            scimToken: "tok_abc.scim-token-value",
        };
        const good = await analyzeProgram(
            { ...customer, tenantUrl: "https://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020" },
            false,
            { "entra-provisioning-credentials": { auth0Domains: [CUSTOMER.auth0Domain] } },
            ["scimToken"],
        );
        assert.deepEqual(good.findings, []);
        assert.ok(good.resources.some((r) => r.type === types.SYNCHRONIZATION_SECRET));
        assert.deepEqual(oidcConsentGrants(good.resources).map((r) => r.type), [types.DELEGATED_PERMISSION_GRANT]);
    });

    it("reports nothing and throws nothing during a preview, when ids are still unknown", async () => {
        const { findings } = await analyzeProgram({ ...CUSTOMER, provisionGroups: "true", scimTokenLifetimeDays: "365" }, true);
        assert.deepEqual(findings, []);
    });
});
