/**
 * package.json says what the package needs: every runtime dependency is used, and everything the
 * shipped code imports (the program, the providers, the policy pack, the CLI) is a runtime dependency,
 * not a dev one (issue 15: js-yaml was used at run time as a dev dependency; @pulumi/random unused).
 */
import * as assert from "node:assert/strict";
import { builtinModules } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const SHIPPED = ["index.ts", "components", "providers", "policy", "tools"];
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sourceFiles(entry: string): string[] {
    const full = path.join(ROOT, entry);
    if (fs.statSync(full).isFile()) return [full];
    return fs.readdirSync(full, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(path.join(entry, d.name)) : /\.(ts|js)$/.test(d.name) && !d.name.endsWith(".d.ts") ? [path.join(full, d.name)] : []));
}

/** Bare package names imported or required by a file (`@scope/name/sub` → `@scope/name`); type-only imports left out. */
function packagesOf(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    const specs = [...text.matchAll(/^(?!import type)[^\n]*?(?:from\s+|require\(|import\()\s*["'](@?[a-z0-9][\w.-]*(?:\/[\w.-]+)*)["']/gm)].map((m) => m[1]);
    return specs
        .filter((s) => !s.startsWith("node:") && !builtinModules.includes(s.split("/")[0]))
        .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]));
}

describe("package.json dependencies", () => {
    const shipped = new Map<string, string>();
    for (const file of SHIPPED.flatMap(sourceFiles)) for (const name of packagesOf(file)) if (!shipped.has(name)) shipped.set(name, path.relative(ROOT, file));

    it("every package the shipped code imports is a runtime dependency", () => {
        const missing = [...shipped].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (imported by ${file}${name in pkg.devDependencies ? ", declared as a dev dependency" : ""})`);
        assert.deepEqual(missing, []);
    });

    it("every runtime dependency is imported by the shipped code", () => {
        assert.deepEqual(Object.keys(pkg.dependencies).filter((name) => !shipped.has(name)), []);
    });
});
