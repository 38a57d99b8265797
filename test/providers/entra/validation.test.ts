import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { SEED_MAPPING_EDITS } from "../../../providers/entra/defaults";
import { validateMappingEdits } from "../../../providers/entra/mappingEdits";
import { ProvisioningSchemaProvider } from "../../../providers/entra/provisioningSchemaProvider";
import { JOB_ID, SP_ID } from "./setup";

describe("entra mapping edits validation", () => {
    it("accepts the seed edits", () => {
        assert.deepEqual(validateMappingEdits(SEED_MAPPING_EDITS), []);
    });

    it("explains each malformed edit", () => {
        const problems = validateMappingEdits([
            { object: "User", source: { expression: "[mail]", name: "mail", type: "Attribute" } },
            { object: "User", targetAttributeName: "title", matchingPriority: 0 },
            { object: "User", targetAttributeName: "title", matchingPriority: 1.5 },
            { object: "Device", targetAttributeName: "x", matchingPriority: 3 },
            { object: "Group", targetAttributeName: "displayName" },
            { object: "Group", targetAttributeName: "externalId", source: { expression: "", name: "objectId", type: "Expression" } },
            { object: "User", targetAttributeName: "a", matchingPriority: 2 },
            { object: "User", targetAttributeName: "b", matchingPriority: 2 },
        ]);
        assert.deepEqual(problems, [
            "mappingEdits[0].targetAttributeName is missing",
            "mappingEdits[1].matchingPriority must be a positive integer, got 0",
            'mappingEdits[2] edits User "title" a second time',
            "mappingEdits[2].matchingPriority must be a positive integer, got 1.5",
            'mappingEdits[3].object must be "User" or "Group", got "Device"',
            "mappingEdits[4] changes nothing: give a source, a matchingPriority or both",
            "mappingEdits[5].source.expression is missing",
            'mappingEdits[5].source.type must be "Attribute", "Constant" or "Function", got "Expression"',
            'mappingEdits[7] uses matching precedence 2 already given to a',
        ]);
        assert.deepEqual(validateMappingEdits({}), ["mappingEdits must be a list of edits"]);
    });
});

describe("entra ProvisioningSchema provider check", () => {
    const provider = new ProvisioningSchemaProvider(() => assert.fail("check makes no request"));

    it("passes valid inputs and fills the seed edits when none are given", async () => {
        const { inputs, failures } = await provider.check({} as any, { servicePrincipalId: SP_ID, jobId: JOB_ID, provisionGroups: true } as any);
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs!.mappingEdits, SEED_MAPPING_EDITS);
    });

    it("rejects a servicePrincipalId that is not a bare GUID (e.g. the /servicePrincipals/{id} resource id)", async () => {
        const { failures } = await provider.check({} as any, {
            servicePrincipalId: `/servicePrincipals/${SP_ID}`, jobId: JOB_ID, provisionGroups: "yes" as any,
            mappingEdits: [{ object: "User", targetAttributeName: "" }] as any,
        });
        assert.deepEqual(failures!.map((f) => f.property), ["servicePrincipalId", "provisionGroups", "mappingEdits", "mappingEdits"]);
        assert.match(failures![0].reason, /bare object id \(a GUID/);
    });

    it("lets unknown values through during preview", async () => {
        const unknown = pulumi.runtime.unknownValue;
        const { failures } = await provider.check({} as any, { servicePrincipalId: unknown, jobId: unknown, provisionGroups: unknown as any, mappingEdits: unknown as any });
        assert.deepEqual(failures, []);
    });
});
