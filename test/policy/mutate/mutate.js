#!/usr/bin/env node
/**
 * One-off mutation test of the policy pack (not part of the suite: mocha runs only *.test.ts).
 *
 *   node test/policy/mutate/mutate.js [workdir]        (MUTANTS=<id substring> for a subset)
 *
 * Copies the repository (node_modules linked) to a private work tree, applies each hand-listed mutant
 * to one file there, runs the policy tests with --bail, and restores the file. A mutant is killed when
 * the run fails. The main tree is never written to, so parallel work on it is not disturbed.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "../../..");
const WORK = process.argv[2] ?? fs.mkdtempSync("/tmp/policy-mutants-");
// MUTANTS=substring runs only the mutants whose id contains it.
const MUTANTS = require("./mutants").MUTANTS.filter((m) => !process.env.MUTANTS || m.id.includes(process.env.MUTANTS));

fs.rmSync(WORK, { recursive: true, force: true });
fs.cpSync(ROOT, WORK, { recursive: true, filter: (src) => !/\/(node_modules|\.git)$/.test(src) });
if (!fs.existsSync(path.join(WORK, "node_modules"))) fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(WORK, "node_modules"));

const TEST = ["mocha", "--no-config", "--bail", "-r", "ts-node/register/transpile-only", "-r", "test/rootHooks.ts", "--extension", "ts", "--timeout", "120000",
    // The fast unit tests first, so that --bail stops a killed mutant early.
    "test/policy/auth0.test.ts", "test/policy/entra.test.ts", "test/policy/tokens.test.ts", "test/policy/values.test.ts",
    "test/policy/program.test.ts", "test/policy/pack.test.ts"];
const run = () => spawnSync(path.join(WORK, "node_modules/.bin/mocha"), TEST.slice(1), { cwd: WORK, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });

const baseline = run();
if (baseline.status !== 0) throw new Error(`the unmutated suite fails:\n${baseline.stdout.slice(-3000)}`);

const results = [];
for (const [i, m] of MUTANTS.entries()) {
    const file = path.join(WORK, m.file);
    const original = fs.readFileSync(file, "utf8");
    const count = original.split(m.from).length - 1;
    if (count !== 1) {
        results.push({ ...m, outcome: `INVALID (${count} matches)` });
        continue;
    }
    fs.writeFileSync(file, original.replace(m.from, m.to));
    try {
        const r = run();
        const failing = /(\d+) failing/.exec(r.stdout)?.[1];
        const outcome = r.status !== 0 ? "killed" : "SURVIVED";
        results.push({ ...m, outcome, failing });
        console.log(`${String(i + 1).padStart(2)} ${outcome.padEnd(8)} ${m.id}`);
    } finally {
        fs.writeFileSync(file, original);
    }
}
const killed = results.filter((r) => r.outcome === "killed").length;
const survived = results.filter((r) => r.outcome === "SURVIVED");
const invalid = results.filter((r) => r.outcome.startsWith("INVALID"));
console.log(`\nmutants ${results.length}, killed ${killed}, survived ${survived.length}, invalid ${invalid.length}`);
for (const r of [...survived, ...invalid]) console.log(`  ${r.outcome}: ${r.id} (${r.file})`);
fs.writeFileSync(path.join(WORK, "mutation-results.json"), JSON.stringify(results, null, 2));
