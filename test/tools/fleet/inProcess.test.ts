/** `--in-process`: the project's program, found as Pulumi would and loaded afresh for every run. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inlineProgram, programEntry } from "../../../tools/fleet/inProcess";
import { PROJECT_ROOT } from "../../../sandbox/engine";

describe("fleet --in-process program", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "fleet-inline-")));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("is Pulumi.yaml's main, else the project folder (package.json's main)", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
        assert.equal(programEntry(dir), dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: src/prog.js\n");
        assert.equal(programEntry(dir), path.join(dir, "src", "prog.js"));
        assert.equal(programEntry(PROJECT_ROOT), PROJECT_ROOT, "this package: package.json's main, index.ts");
    });

    it("runs the program and the project modules it loads again on every run, so each stack reads its own config", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: prog.js\n");
        // lib.js counts its own evaluations; prog.js exports what it saw.
        fs.writeFileSync(path.join(dir, "lib.js"), "globalThis.__libLoads = (globalThis.__libLoads || 0) + 1; exports.loads = globalThis.__libLoads;\n");
        fs.writeFileSync(path.join(dir, "prog.js"), "const lib = require('./lib'); exports.loads = lib.loads; exports.stack = globalThis.__stackName;\n");
        const g = globalThis as { __libLoads?: number; __stackName?: string };
        const program = inlineProgram(dir);
        try {
            g.__stackName = "contoso";
            const first = await program();
            g.__stackName = "fabrikam";
            const second = await program();
            assert.deepEqual(first, { loads: 1, stack: "contoso" });
            assert.deepEqual(second, { loads: 2, stack: "fabrikam" }, "the top level and its project modules ran again");
        } finally {
            delete g.__libLoads;
            delete g.__stackName;
        }
    });

    it("leaves modules outside the project (node_modules, other folders) cached", async () => {
        fs.mkdirSync(path.join(dir, "node_modules", "dep"), { recursive: true });
        fs.writeFileSync(path.join(dir, "node_modules", "dep", "index.js"), "globalThis.__depLoads = (globalThis.__depLoads || 0) + 1;\n");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nmain: prog.js\n");
        fs.writeFileSync(path.join(dir, "prog.js"), "require('dep'); exports.ok = true;\n");
        const g = globalThis as { __depLoads?: number };
        try {
            const program = inlineProgram(dir);
            await program();
            await program();
            assert.equal(g.__depLoads, 1);
        } finally {
            delete g.__depLoads;
        }
    });
});
