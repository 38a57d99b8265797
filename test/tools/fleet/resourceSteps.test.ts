/** The engine's step events folded to one op per custom resource (the Stack, components and providers left out). */
import * as assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { isProgramResource, ResourceSteps } from "../../../tools/fleet/resourceSteps";

const URN = (type: string, name: string) => `urn:pulumi:s::p::auth0-entra-scim:index:CustomerTenant$${type}::${name}`;
let sequence = 0;
function step(kind: "resourcePreEvent" | "resOutputsEvent", op: string, urn: string, type: string, custom: boolean | undefined, side: "new" | "old" = "new"): EngineEvent {
    const state = { urn, type, ...(custom === undefined ? {} : { custom }) };
    return { sequence: sequence++, timestamp: 0, [kind]: { metadata: { op, urn, type, provider: "", [side]: state } } } as unknown as EngineEvent;
}
const both = (op: string, urn: string, type: string, custom: boolean | undefined, side: "new" | "old" = "new") => [
    step("resourcePreEvent", op, urn, type, custom, side),
    step("resOutputsEvent", op, urn, type, custom, side),
];

describe("fleet's resource steps", () => {
    it("one op per custom resource; a replacement's several steps are one replace", () => {
        const steps = new ResourceSteps();
        const conn = URN("auth0:index/connection:Connection", "conn");
        const events = [
            ...both("create", URN("auth0:index/connectionScimConfiguration:ConnectionScimConfiguration", "scim"), "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration", true),
            ...both("update", URN("azuread:index/application:Application", "oidc"), "azuread:index/application:Application", true),
            ...both("create-replacement", conn, "auth0:index/connection:Connection", true),
            ...both("replace", conn, "auth0:index/connection:Connection", true),
            ...both("delete-replaced", conn, "auth0:index/connection:Connection", true, "old"),
            ...both("delete", URN("azuread:index/appRoleAssignment:AppRoleAssignment", "gone"), "azuread:index/appRoleAssignment:AppRoleAssignment", true, "old"),
            ...both("same", URN("pulumi-nodejs:dynamic:Resource", "guard"), "pulumi-nodejs:dynamic:Resource", true),
            // Not counted: the Stack, a component (custom omitted), a default provider.
            ...both("create", "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", "pulumi:pulumi:Stack", undefined),
            ...both("update", "urn:pulumi:s::p::auth0-entra-scim:index:CustomerTenant::tenant", "auth0-entra-scim:index:CustomerTenant", undefined),
            ...both("create", "urn:pulumi:s::p::pulumi:providers:auth0::default_3_49_0", "pulumi:providers:auth0", true),
        ];
        for (const e of events) steps.observe(e);
        assert.deepEqual(steps.counts(), { create: 1, update: 1, replace: 1, delete: 1, same: 1 });
    });

    it("tells the program's resources from the rest", () => {
        const meta = (type: string, custom?: boolean) => ({ op: "create", urn: `urn:x::y::${type}::n`, type, provider: "", new: { urn: "u", type, ...(custom === undefined ? {} : { custom }) } }) as never;
        assert.equal(isProgramResource(meta("auth0:index/connection:Connection", true)), true);
        assert.equal(isProgramResource(meta("auth0-entra-scim:entra:OidcApp")), false, "a component: custom left out");
        assert.equal(isProgramResource(meta("pulumi:pulumi:Stack", false)), false);
        assert.equal(isProgramResource(meta("pulumi:providers:azuread", true)), false);
    });
});
