/** The question before `fleet up`: y/yes goes ahead; anything else, end of input, Ctrl-C or abort does not. */
import * as assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { canAsk, terminalConfirm } from "../../../tools/fleet/confirm";

function streams() {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (d: Buffer) => (shown += d.toString()));
    return { input, output, shown: () => shown };
}

describe("fleet up's question", () => {
    for (const [typed, answer] of [["y\n", "yes"], ["YES\n", "yes"], [" yes \n", "yes"], ["\n", "no"], ["n\n", "no"], ["yep\n", "no"]] as const) {
        it(`${JSON.stringify(typed)} is ${answer}`, async () => {
            const { input, output, shown } = streams();
            const asked = terminalConfirm(input, output)("Run pulumi up on 3 stack(s)?", new AbortController().signal);
            input.write(typed);
            assert.equal(await asked, answer);
            assert.match(shown(), /Run pulumi up on 3 stack\(s\)\? \[y\/N\] /);
        });
    }

    it("end of input is no; an abort (Ctrl-C) is interrupted", async () => {
        let s = streams();
        const eof = terminalConfirm(s.input, s.output)("Go?", new AbortController().signal);
        s.input.end();
        assert.equal(await eof, "no");
        s = streams();
        const stop = new AbortController();
        const aborted = terminalConfirm(s.input, s.output)("Go?", stop.signal);
        stop.abort();
        assert.equal(await aborted, "interrupted");
    });

    it("asks only when stdin and the question's stream are terminals", () => {
        assert.equal(canAsk({ isTTY: true }, { isTTY: true }), true);
        assert.equal(canAsk({ isTTY: false }, { isTTY: true }), false);
        assert.equal(canAsk({}, { isTTY: true }), false);
        assert.equal(canAsk({ isTTY: true }, {}), false);
    });
});
