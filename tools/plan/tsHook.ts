/**
 * A `.ts` loader for the plan's child processes: what `ts-node/register/transpile-only` does
 * (TypeScript's transpileModule with the project's compiler options, no type check), with the output
 * cached on disk by content hash. Loading and running the TypeScript compiler was the largest cost of
 * a plan; with the cache, a stack whose program files did not change since the last plan skips it.
 *
 * plan.ts compiles this file to JavaScript (it cannot load itself) and starts each child with
 * `node -r <that file>`. Settings come from the environment: PLAN_TS_CACHE (the cache directory) and
 * PLAN_TS_CONFIG (the project's tsconfig.json, optional).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

type Ts = typeof import("typescript");

let ts: Ts | undefined;
let options: import("typescript").CompilerOptions | undefined;
let optionsKey = "";

function compiler(): Ts {
    if (!ts) {
        const from = [process.env.PLAN_TS_CONFIG ? path.dirname(process.env.PLAN_TS_CONFIG) : process.cwd(), __dirname];
        ts = require(require.resolve("typescript", { paths: from })) as Ts;
    }
    return ts;
}

/** The project's compiler options as transpileModule wants them (the same defaults ts-node applies). */
function compilerOptions(): import("typescript").CompilerOptions {
    if (options) return options;
    const t = compiler();
    let raw: Record<string, unknown> = {};
    const file = process.env.PLAN_TS_CONFIG;
    if (file && fs.existsSync(file)) {
        const parsed = t.readConfigFile(file, t.sys.readFile);
        raw = (parsed.config?.compilerOptions ?? {}) as Record<string, unknown>;
    }
    const converted = t.convertCompilerOptionsFromJson(raw, file ? path.dirname(file) : process.cwd()).options;
    options = {
        target: t.ScriptTarget.ES2022,
        esModuleInterop: true,
        ...converted,
        module: t.ModuleKind.CommonJS,
        inlineSourceMap: true,
        inlineSources: false,
        sourceMap: false,
        declaration: false,
        noEmit: false,
        outDir: undefined,
    };
    return options;
}

function cacheDir(): string | undefined {
    return process.env.PLAN_TS_CACHE || undefined;
}

function keyOf(source: string, filename: string): string {
    if (!optionsKey) {
        // The options are only known once TypeScript is loaded; until then the tsconfig text and the
        // installed TypeScript version stand in for them.
        const tsconfig = process.env.PLAN_TS_CONFIG && fs.existsSync(process.env.PLAN_TS_CONFIG) ? fs.readFileSync(process.env.PLAN_TS_CONFIG, "utf8") : "";
        let version = "";
        try {
            const pkg = require.resolve("typescript/package.json", { paths: [process.env.PLAN_TS_CONFIG ? path.dirname(process.env.PLAN_TS_CONFIG) : process.cwd(), __dirname] });
            version = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
        } catch {
            version = "?";
        }
        optionsKey = `${version}\n${tsconfig}`;
    }
    return createHash("sha256").update(optionsKey).update("\0").update(filename).update("\0").update(source).digest("hex");
}

function transpile(source: string, filename: string): string {
    const dir = cacheDir();
    const key = keyOf(source, filename);
    const cached = dir ? path.join(dir, `${key}.js`) : undefined;
    if (cached && fs.existsSync(cached)) return fs.readFileSync(cached, "utf8");
    const output = compiler().transpileModule(source, { compilerOptions: compilerOptions(), fileName: filename }).outputText;
    if (cached && dir) {
        try {
            fs.mkdirSync(dir, { recursive: true });
            const tmp = `${cached}.${process.pid}.tmp`;
            fs.writeFileSync(tmp, output);
            fs.renameSync(tmp, cached);
        } catch {
            // a cache that cannot be written only costs time
        }
    }
    return output;
}

const extensions = (require("node:module") as { _extensions: Record<string, (m: NodeJS.Module, f: string) => void> })._extensions;
if (!extensions[".ts"]) {
    extensions[".ts"] = (module, filename) => {
        const source = fs.readFileSync(filename, "utf8");
        (module as unknown as { _compile(code: string, file: string): void })._compile(transpile(source, filename), filename);
    };
}
process.setSourceMapsEnabled?.(true);
