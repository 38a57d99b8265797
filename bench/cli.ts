/**
 * `auth0-entra-scim bench` (`npm run bench --`): the flags, on commander; the work is in run.ts,
 * loaded only when the bench runs (so `bench --help` costs nothing and never fails).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { UsageError, wholeNumber } from "../tools/cli/common";

export const PARTS = ["programs", "providers", "tests"] as const;
/** Parts run only when named: `engine` (bench/engine.ts) takes minutes and the Pulumi engine. */
export const EXTRA_PARTS = ["engine"] as const;
export type Part = (typeof PARTS)[number] | (typeof EXTRA_PARTS)[number];
const KNOWN: readonly Part[] = [...PARTS, ...EXTRA_PARTS];

export interface Options {
    readonly parts: ReadonlySet<Part>;
    readonly reps: number;
    readonly sizes: number[];
    /** Assigned users per engine run (part `engine`). */
    readonly engineSizes: number[];
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
        .addOption(new Option("--parts <parts>", `which parts, of ${KNOWN.join(",")} (engine only when named)`).argParser(list("--parts")).default([...PARTS], PARTS.join(",")))
        .addOption(new Option("--reps <n>", "program repetitions").argParser(wholeNumber("--reps", 1, 1000)).default(7))
        .addOption(new Option("--sizes <sizes>", "assigned principals per program run").argParser(list("--sizes")).default(["1", "100", "1000"], "1,100,1000"))
        .addOption(new Option("--engine-sizes <sizes>", "assigned users per engine run (part engine)").argParser(list("--engine-sizes")).default(["1", "10", "100"], "1,10,100"))
        .addOption(new Option("--test-reps <n>", "npm test and tsc runs").argParser(wholeNumber("--test-reps", 1, 100)).default(3))
        .addOption(new Option("--no-write", "leave BENCHMARKS.md alone (implied when not all parts run)"))
        .addHelpText("after", "\nExit codes: 0 all floors met; 1 a provider step above its floor or a failure; 2 usage error.")
        .action(async (raw: { parts: string[]; reps: number; sizes: string[]; engineSizes: string[]; testReps: number; write: boolean }) => {
            const parts = raw.parts as Part[];
            const bad = parts.filter((p) => !KNOWN.includes(p));
            if (bad.length > 0) throw new UsageError(`--parts: unknown part(s) ${bad.join(", ")} (known: ${KNOWN.join(", ")})`);
            const sizes = raw.sizes.map(Number);
            if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new UsageError("--sizes must be whole numbers of 1 or more");
            const engineSizes = raw.engineSizes.map(Number);
            if (engineSizes.some((n) => !Number.isSafeInteger(n) || n < 1 || n > 1000)) throw new UsageError("--engine-sizes must be whole numbers from 1 to 1000");
            const options: Options = {
                parts: new Set(parts),
                reps: raw.reps,
                sizes,
                engineSizes,
                testReps: raw.testReps,
                // The main tables only from a run of all three main parts; the engine's section whenever it runs.
                write: raw.write,
            };
            result.code = await (await import("./run")).runBench(options);
        });
}

