/**
 * `auth0-entra-scim bench` (`npm run bench --`): the flags, on commander; the work is in run.ts,
 * loaded only when the bench runs (so `bench --help` costs nothing and never fails).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { UsageError, wholeNumber } from "../tools/cli/common";

export const PARTS = ["programs", "providers", "tests"] as const;
export type Part = (typeof PARTS)[number];

export interface Options {
    readonly parts: ReadonlySet<Part>;
    readonly reps: number;
    readonly sizes: number[];
    readonly testReps: number;
    readonly write: boolean;
}

/** `bench`'s flags on commander (the old `--parts=a,b` spelling still parses). */
export function benchCommand(result: { code?: number }): Command {
    const list = (flag: string) => (value: string) => {
        const items = value.split(",").map((v) => v.trim()).filter(Boolean);
        if (items.length === 0) throw new InvalidArgumentError(`${flag} lists nothing`);
        return items;
    };
    return new Command("bench")
        .description("measure the program and the custom providers against their floors, and npm test; writes BENCHMARKS.md")
        .addOption(new Option("--parts <parts>", `which parts, of ${PARTS.join(",")}`).argParser(list("--parts")).default([...PARTS], PARTS.join(",")))
        .addOption(new Option("--reps <n>", "program repetitions").argParser(wholeNumber("--reps", 1, 1000)).default(7))
        .addOption(new Option("--sizes <sizes>", "assigned principals per program run").argParser(list("--sizes")).default(["1", "100", "1000"], "1,100,1000"))
        .addOption(new Option("--test-reps <n>", "npm test and tsc runs").argParser(wholeNumber("--test-reps", 1, 100)).default(3))
        .addOption(new Option("--no-write", "leave BENCHMARKS.md alone (implied when not all parts run)"))
        .addHelpText("after", "\nExit codes: 0 all floors met; 1 a provider step above its floor or a failure; 2 usage error.")
        .action(async (raw: { parts: string[]; reps: number; sizes: string[]; testReps: number; write: boolean }) => {
            const parts = raw.parts as Part[];
            const bad = parts.filter((p) => !PARTS.includes(p));
            if (bad.length > 0) throw new UsageError(`--parts: unknown part(s) ${bad.join(", ")} (known: ${PARTS.join(", ")})`);
            const sizes = raw.sizes.map(Number);
            if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new UsageError("--sizes must be whole numbers of 1 or more");
            const options: Options = {
                parts: new Set(parts),
                reps: raw.reps,
                sizes,
                testReps: raw.testReps,
                write: raw.write && PARTS.every((p) => parts.includes(p)),
            };
            result.code = await (await import("./run")).runBench(options);
        });
}

