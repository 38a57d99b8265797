/**
 * `fleet plan` runs the same check as `npm run plan` (tools/plan/plan.ts) for each stack. The plan
 * module is loaded on first use only, so the other commands do not pay for it.
 */
import type { StackPlan } from "../plan/types";

/** What the runner reads of a plan (tests give their own). */
export type PlanOutcome = Pick<StackPlan, "stack" | "ok" | "problems"> & {
    readonly resources?: readonly unknown[] | number;
    readonly outputs?: Record<string, unknown>;
};

export type PlanStack = (stack: string, options: { projectDir: string }) => Promise<PlanOutcome>;

export function loadPlanStack(): PlanStack {
    return async (stack, options) => (await import("../plan/plan")).planStack(stack, options);
}

/**
 * The resources the program declares, as `plan` prints them ("N resources, M components"): custom
 * resources only, not components nor the Stack; the fleet's change counts count the same things.
 */
export function resourceCount(outcome: PlanOutcome): number | undefined {
    const r = outcome.resources;
    return Array.isArray(r) ? r.filter((resource) => (resource as { custom?: unknown } | null)?.custom !== false).length : typeof r === "number" ? r : undefined;
}
