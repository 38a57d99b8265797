/**
 * Fleet and `plan` count the same things for the same stack: the custom resources the program
 * declares. Pinned on the example stack, Pulumi.dev.yaml: `fleet plan`'s RESOURCES column is the
 * number `plan` prints, and the engine's steps for those resources, with the Stack, the components
 * and the default providers the engine also reports, fold to that number of creates.
 */
import * as assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { renderPlan, planStack, type StackPlan } from "../../../tools/plan/plan";
import { resourceCount } from "../../../tools/fleet/plan";
import { ResourceSteps } from "../../../tools/fleet/resourceSteps";
import { countChanges } from "../../../tools/fleet/operations";

/** The engine's events for a first `up` of `plan`: a create per registered resource, and the two default providers. */
function firstUpEvents(plan: StackPlan): EngineEvent[] {
    const providers = ["auth0", "azuread"].map((p) => ({ urn: `urn:pulumi:dev::auth0-entra-scim::pulumi:providers:${p}::default_x`, type: `pulumi:providers:${p}`, custom: true }));
    const stack = { urn: "urn:pulumi:dev::auth0-entra-scim::pulumi:pulumi:Stack::auth0-entra-scim-dev", type: "pulumi:pulumi:Stack", custom: false };
    const all = [stack, ...providers, ...plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => ({ urn: r.urn, type: r.type, custom: r.custom }))];
    return all.flatMap((r, i) => {
        // As the engine sends them: `custom` left out for components (omitempty).
        const metadata = { op: "create", urn: r.urn, type: r.type, provider: "", new: { urn: r.urn, type: r.type, ...(r.custom ? { custom: true } : {}) } } as never;
        return [
            { sequence: 2 * i, timestamp: 0, resourcePreEvent: { metadata } },
            { sequence: 2 * i + 1, timestamp: 0, resOutputsEvent: { metadata } },
        ] as EngineEvent[];
    });
}

describe("fleet counts resources as plan does (Pulumi.dev.yaml)", function () {
    this.timeout(120_000);
    let plan: StackPlan;
    before(async () => {
        plan = await planStack("dev");
        assert.ok(plan.ok, plan.problems.join("\n"));
    });

    it("fleet plan's RESOURCES is the number plan prints", () => {
        const printed = Number(/: (\d+) resources, \d+ components/.exec(renderPlan(plan))?.[1]);
        assert.ok(printed > 0);
        assert.equal(resourceCount(plan), printed);
    });

    it("a first up's steps count as plan's resources: the Stack, components and providers left out", () => {
        const steps = new ResourceSteps();
        const events = firstUpEvents(plan);
        for (const event of events) steps.observe(event);
        const engineTotal = new Set(events.map((e) => (e.resourcePreEvent ?? e.resOutputsEvent)!.metadata.urn)).size;
        assert.ok(engineTotal > resourceCount(plan)! + 2, `the engine's own count (${engineTotal}) is larger: what the issue saw`);
        assert.deepEqual(countChanges(steps.counts()), { create: resourceCount(plan), update: 0, replace: 0, delete: 0 });
    });
});
