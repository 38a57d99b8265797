/**
 * The ProvisioningSchema resource class under Pulumi mocks, the credentials the provider resolves, and
 * the provider's trip through Pulumi's closure serialisation into a fresh module, as the dynamic
 * provider host loads it.
 */
import * as assert from "node:assert/strict";
import { AzureCliCredential, ClientSecretCredential } from "@azure/identity";
import { roundTrip } from "../serialisation";
import { createCredential, readAzureSettings } from "../../../providers/entra/credentials";
import { SEED_MAPPING_EDITS } from "../../../providers/entra/defaults";
import { ProvisioningSchema } from "../../../providers/entra/provisioningSchema";
import { ProvisioningSchemaProvider } from "../../../providers/entra/provisioningSchemaProvider";
import { installMocks, recordRegistrationRequests, type RegistrationRequest, unwrap } from "../../mocks";
import { attributeMapping, Harness, JOB_ID, SP_ID, startHarness } from "./setup";

const SECRET = "Zt9~not-for-state.Qq";

describe("ProvisioningSchema resource", () => {
    let registered: RegistrationRequest[];
    before(async () => {
        await installMocks();
        registered = recordRegistrationRequests();
    });

    it("registers as pulumi-nodejs:dynamic/entra:ProvisioningSchema with the seed edits by default", async () => {
        const schema = new ProvisioningSchema("schema", { servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false });
        await unwrap(schema.userRuleId);
        const [registration] = registered;
        assert.equal(registration.type, "pulumi-nodejs:dynamic/entra:ProvisioningSchema");
        assert.deepEqual(registration.inputs.mappingEdits, SEED_MAPPING_EDITS);
        assert.equal(typeof registration.inputs.__provider, "string");
    });
});

describe("entra credentials", () => {
    const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
    const env = { ARM_TENANT_ID: "env-tenant", ARM_CLIENT_ID: "env-client", ARM_CLIENT_SECRET: "env-secret" };

    it("reads azuread:* config first, the ARM_* environment second", () => {
        assert.deepEqual(readAzureSettings(config({ "azuread:tenantId": "cfg-tenant", "azuread:clientSecret": "cfg-secret" }), env),
            { tenantId: "cfg-tenant", clientId: "env-client", clientSecret: "cfg-secret" });
        assert.deepEqual(readAzureSettings(undefined, {}), { tenantId: undefined, clientId: undefined, clientSecret: undefined });
    });

    it("uses a client secret credential with id + secret, the Azure CLI otherwise", () => {
        assert.ok(createCredential({ tenantId: "t", clientId: "c", clientSecret: "s" }) instanceof ClientSecretCredential);
        assert.ok(createCredential({ tenantId: "t" }) instanceof AzureCliCredential);
        assert.ok(createCredential({}) instanceof AzureCliCredential);
        assert.throws(() => createCredential({ clientId: "c", clientSecret: "s" }), /no tenant/);
    });
});

describe("ProvisioningSchemaProvider serialisation", () => {
    let h: Harness;
    before(async () => {
        h = await startHarness();
    });
    after(() => h.graph.close());

    it("carries no credential: they are read by configure, in the provider process", async () => {
        process.env.ARM_CLIENT_SECRET = SECRET;
        try {
            const { text } = await roundTrip(new ProvisioningSchemaProvider());
            assert.ok(!text.includes(SECRET));
        } finally {
            delete process.env.ARM_CLIENT_SECRET;
        }
    });

    it("the loaded copy validates and diffs", async () => {
        const { copy } = await roundTrip(h.provider);
        const { failures } = await copy.check({} as any, { servicePrincipalId: "nope", jobId: JOB_ID, provisionGroups: true, mappingEdits: [...SEED_MAPPING_EDITS] });
        assert.deepEqual(failures!.map((f) => f.property), ["servicePrincipalId"]);
        const { outs } = await h.provider.create({ servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS] });
        const diff = await copy.diff("id", JSON.parse(JSON.stringify(outs)), { servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS] });
        assert.equal(diff.changes, false);
    });

    it("the loaded copy talks to Graph through the retry policy", async () => {
        const { copy } = await roundTrip(h.provider);
        await copy.create({ servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: false, mappingEdits: [...SEED_MAPPING_EDITS] });
        assert.equal(attributeMapping(h.graph.schema(SP_ID, JOB_ID)!, "User", "externalId")!.source!.name, "objectId");
    });
});
