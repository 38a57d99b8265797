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
import { groupsProvisioned, oidcServicePrincipals, scimWaadConnections } from "../../policy/rules";
import { configWith, installMocks, settle } from "../mocks";
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

async function analyzeProgram(config: Record<string, unknown>, preview = false): Promise<{ findings: Finding[]; resources: PolicyResource[] }> {
    const mocks = await installMocks(preview);
    const dependencies = recordPropertyDependencies();
    configWith(config);
    delete require.cache[PROGRAM];
    require(PROGRAM);
    await settle();

    const findings: Finding[] = [];
    const record = (policy: ResourceValidationPolicy | StackValidationPolicy, message: string) =>
        findings.push({ policy: policy.name, level: policy.enforcementLevel ?? "advisory", message });

    // Resource policies see each resource's inputs before it is created.
    for (const policy of policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p)) {
        for (const registration of mocks.registrations) {
            for (const message of await runResourcePolicy(policy, registration.type, registration.inputs)) record(policy, message);
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
        for (const { message } of await runStackPolicy(policy, [...resources.values()])) record(policy, message);
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

    it("violates nothing with groups provisioned and a 365-day token (Pulumi.dev.yaml's settings)", async () => {
        const { findings, resources } = await analyzeProgram({ ...CUSTOMER, provisionGroups: "true", scimTokenLifetimeDays: "365" });
        assert.deepEqual(findings, []);
        // Not vacuous: the stack policies find the program's connection with SCIM, its OIDC service
        // principal (through the property dependencies) and its groups setting.
        assert.deepEqual(scimWaadConnections(resources).map((r) => r.type), [types.CONNECTION]);
        assert.deepEqual(oidcServicePrincipals(resources).map((r) => r.type), [types.SERVICE_PRINCIPAL]);
        assert.equal(groupsProvisioned(resources), true);
        for (const type of [types.SCIM_CONFIGURATION, types.DYNAMIC_SCIM_TOKEN, types.SYNCHRONIZATION_SECRET, types.PROVISIONING_SCHEMA]) {
            assert.ok(resources.some((r) => r.type === type), `the program declares no ${type}`);
        }
    });

    it("violates nothing mandatory without groups; the advisory lifetime policy notes a token that never expires", async () => {
        const { findings, resources } = await analyzeProgram({ ...CUSTOMER, provisionGroups: "false" });
        assert.equal(groupsProvisioned(resources), false);
        assert.deepEqual(findings.filter((f) => f.level === "mandatory"), []);
        assert.deepEqual(findings.map((f) => f.policy), ["scim-token-lifetime"]);
        assert.match(findings[0].message, /never expires/);
    });

    it("reports nothing and throws nothing during a preview, when ids are still unknown", async () => {
        const { findings } = await analyzeProgram({ ...CUSTOMER, provisionGroups: "true", scimTokenLifetimeDays: "365" }, true);
        assert.deepEqual(findings, []);
    });
});
