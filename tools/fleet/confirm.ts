/**
 * The question before `fleet up` changes stacks, asked on the terminal with node:readline. Anything but
 * `y`/`yes` is no; Ctrl-C (or the run's abort signal) is "interrupted"; end of input is no.
 */
import * as readline from "node:readline";
import type { Answer } from "./runner";

export function terminalConfirm(input: NodeJS.ReadableStream, output: NodeJS.WritableStream & { isTTY?: boolean }): (question: string, signal: AbortSignal) => Promise<Answer> {
    return (question, signal) =>
        new Promise<Answer>((resolve) => {
            const rl = readline.createInterface({ input, output, terminal: !!output.isTTY });
            let done = false;
            const settle = (answer: Answer) => {
                if (done) return;
                done = true;
                signal.removeEventListener("abort", onAbort);
                rl.close();
                if (answer === "interrupted") output.write("\n");
                resolve(answer);
            };
            const onAbort = () => settle("interrupted");
            if (signal.aborted) return settle("interrupted");
            signal.addEventListener("abort", onAbort, { once: true });
            // With a listener here, a terminal's Ctrl-C reaches readline, not the process.
            rl.on("SIGINT", () => settle("interrupted"));
            rl.on("close", () => settle("no"));
            rl.question(`${question} [y/N] `, (text) => settle(/^\s*y(es)?\s*$/i.test(text) ? "yes" : "no"));
        });
}

/** Whether a person can be asked: stdin and the stream the question goes to are both terminals. */
export function canAsk(input: { isTTY?: boolean }, output: { isTTY?: boolean }): boolean {
    return !!input.isTTY && !!output.isTTY;
}
