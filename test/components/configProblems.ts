/** Assertions on the problems a stack config produces, for the config tests. */
import * as assert from "node:assert/strict";
import { ConfigValidationError } from "../../components/config";

export function configProblems<V>(load: (values: V) => unknown) {
    /** The problems a config produces; fails if it loads. */
    function problemsOf(values: V): readonly string[] {
        try {
            load(values);
        } catch (error) {
            assert.ok(error instanceof ConfigValidationError, `unexpected ${error}`);
            return error.problems;
        }
        assert.fail("config was accepted");
    }
    /** Fails unless some problem mentions every fragment. */
    function assertProblem(values: V, ...fragments: string[]): void {
        const problems = problemsOf(values);
        assert.ok(problems.some((p) => fragments.every((f) => p.includes(f))), `no problem mentions ${fragments.join(" + ")}:\n${problems.join("\n")}`);
    }
    return { problemsOf, assertProblem };
}
