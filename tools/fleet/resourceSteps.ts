/**
 * Counts an operation's steps the way `plan` counts resources: one per custom resource the program
 * declares. The engine's own summary (`changeSummary`, `resourceChanges`) also counts the
 * `pulumi:pulumi:Stack`, every component resource and every provider (the default auth0 and azuread
 * providers): a first `up` of Pulumi.dev.yaml is "+ 32 to create" there, against plan's 22 resources.
 * The engine's events say which steps are which (`metadata.new/old.custom`, the type), so the fleet
 * counts from them and keeps the engine's total beside it.
 */
import type { EngineEvent, StepEventMetadata } from "@pulumi/pulumi/automation";
import type { OpCounts } from "./operations";

const REPLACEMENT_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);

/** A custom resource of the program: not the Stack, not a component, not a provider. */
export function isProgramResource(metadata: StepEventMetadata): boolean {
    const type = metadata.type || metadata.urn.split("::")[2]?.split("$").pop() || "";
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) return false;
    const state = metadata.new ?? metadata.old;
    // The engine leaves `custom` out for components (omitempty); no state at all: counted.
    return state ? state.custom === true : true;
}

export class ResourceSteps {
    /** URN → the ops seen for it (a replacement has several steps for one resource). */
    private readonly ops = new Map<string, Set<string>>();

    observe(event: EngineEvent): void {
        const step = event.resourcePreEvent ?? event.resOutputsEvent;
        if (!step || !isProgramResource(step.metadata)) return;
        const { urn, op } = step.metadata;
        let seen = this.ops.get(urn);
        if (!seen) this.ops.set(urn, (seen = new Set()));
        seen.add(op);
    }

    /** The URNs of the program's resources that would change (any op but `same`). */
    changedUrns(): string[] {
        return [...this.ops].filter(([, seen]) => [...seen].some((o) => o !== "same")).map(([urn]) => urn);
    }

    /** One op per resource: `replace` for any replacement step, else the op the engine gave. */
    counts(): OpCounts {
        const counts: Record<string, number> = {};
        for (const seen of this.ops.values()) {
            const ops = [...seen];
            const op = ops.some((o) => REPLACEMENT_OPS.has(o)) ? "replace" : (ops.find((o) => o !== "same") ?? "same");
            counts[op] = (counts[op] ?? 0) + 1;
        }
        return counts;
    }
}
