/**
 * `fleet plan` runs the same check as `npm run plan` (tools/plan/plan.ts, its own module) for each stack.
 * It is loaded lazily, by path, only when `plan` is asked for: the other commands do not depend on it,
 * and this file type-checks whether or not it exists. The shape below is what it exports.
 */
import * as path from "node:path";

export interface PlanOutcome {
    readonly stack: string;
    readonly ok: boolean;
    readonly problems: readonly string[];
    /** The resources the program would register (a list, or a count). */
    readonly resources?: readonly unknown[] | number;
    readonly outputs?: Record<string, unknown>;
}

export type PlanStack = (stack: string, options: { projectDir: string }) => Promise<PlanOutcome>;

interface PlanModule {
    planStack?: PlanStack;
}

export function loadPlanStack(modulePath = path.join(__dirname, "..", "plan", "plan")): PlanStack {
    let planStack: PlanStack | undefined;
    return async (stack, options) => {
        if (!planStack) {
            let loaded: PlanModule;
            try {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                loaded = require(modulePath) as PlanModule;
            } catch (error) {
                throw new Error(`fleet plan needs tools/plan/plan.ts (npm run plan); it could not be loaded: ${(error as Error).message}`);
            }
            if (typeof loaded.planStack !== "function") throw new Error("tools/plan/plan.ts does not export planStack(stack, {projectDir})");
            planStack = loaded.planStack;
        }
        return planStack(stack, options);
    };
}

export function resourceCount(outcome: PlanOutcome): number | undefined {
    const r = outcome.resources;
    return Array.isArray(r) ? r.length : typeof r === "number" ? r : undefined;
}
