/**
 * The production health clients sign in to Graph on first use only: a vendor stack needs no Azure
 * credentials, and credentials that are missing or half-configured make the Entra checks "could not
 * check", never an unhealthy customer or a failed run.
 */
import * as assert from "node:assert/strict";
import { productionHealthClients } from "../../../tools/health/clients";
import { checkHealth } from "../../../tools/health/health";
import type { StackConfig } from "../../../tools/fleet/operations";

const out = (value: unknown, secret = false) => ({ value, secret });
const customer: StackConfig = { "auth0-entra-scim:mode": { value: "customer", secret: false }, "azuread:tenantId": { value: "00000000-0000-0000-0000-000000000001", secret: false } };

describe("health's production clients", () => {
    it("no Azure credentials: building them does not throw; the Entra checks could not be made", async () => {
        const { clients, secrets } = productionHealthClients(customer, { ARM_USE_CLI: "false" });
        assert.deepEqual(secrets, []);
        const report = await checkHealth(
            { stack: "northwind", outputs: { provisioningServicePrincipalId: out("sp"), provisioningJobId: out("scim.job") }, config: customer },
            { ...clients, fetch: () => Promise.reject(new Error("no SCIM call for a customer stack")) },
        );
        assert.equal(report.status, "unknown");
        assert.deepEqual(report.findings.map((f) => [f.check, f.severity]), [["job", "unknown"], ["credentials", "unknown"]]);
        assert.match(report.findings[0].finding, /^could not read the provisioning job: azuread: no credential is configured/);
    });

    it("never signs in for a vendor stack", async () => {
        const vendor: StackConfig = { "auth0-entra-scim:mode": { value: "vendor", secret: false } };
        const { clients } = productionHealthClients(vendor, { ARM_USE_CLI: "false" });
        let graphCalls = 0;
        const graph = { api: (p: string) => (graphCalls++, clients.graph.api(p)) };
        await checkHealth({ stack: "fabrikam", outputs: { scimEndpointUrl: out("http://127.0.0.1:9/scim/v2/connections/c"), scimToken: out("tok_x", true) }, config: vendor }, {
            ...clients,
            graph,
            fetch: () => Promise.reject(new Error("offline")),
        });
        assert.equal(graphCalls, 0);
    });

    it("hands the credential's secrets to the caller, to mask", () => {
        const { secrets } = productionHealthClients({}, { ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_CLIENT_SECRET: "Sup3r~secret.value" });
        assert.ok(secrets.includes("Sup3r~secret.value"));
    });
});
