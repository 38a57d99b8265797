/**
 * A `.ts` loader for the plan's worker processes: what `ts-node/register/transpile-only` does
 * (TypeScript's transpileModule with the project's compiler options, no type check), with the output
 * cached on disk by content hash. Loading and running the TypeScript compiler was the largest cost of
 * a plan; with the cache, a stack whose program files did not change since the last plan skips it.
 *
 * plan.ts compiles this file to JavaScript (it cannot load itself) and starts each worker with
 * `node -r <that file>`. Settings: PLAN_TS_CACHE (the cache directory) from the environment; the
 * project's tsconfig.json from PLAN_TS_CONFIG at start, and then per stack from the worker
 * (`setTsConfig`, below: one worker may plan a git ref's worktree and the working tree in turn).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

type Ts = typeof import("typescript");

let ts: Ts | undefined;
/** The project's tsconfig.json (absent: TypeScript's defaults, as below). */
let tsConfig: string | undefined = process.env.PLAN_TS_CONFIG || undefined;
const optionsByConfig = new Map<string, import("typescript").CompilerOptions>();
const keyByConfig = new Map<string, string>();
/** Transpiled output by cache key: a worker re-requires the program's modules for every stack. */
const memo = new Map<string, string>();

/**
 * The worker's way in: `globalThis[Symbol.for("auth0-entra-scim.plan.tsHook")]`. This file is loaded
 * with `node -r` as compiled JavaScript; requiring tsHook.ts would load a second copy.
 */
const TS_HOOK = Symbol.for("auth0-entra-scim.plan.tsHook");
export interface TsHookApi {
    /** The tsconfig.json of the project whose files load next (undefined: none). */
    setTsConfig(file: string | undefined): void;
}
(globalThis as unknown as Record<symbol, TsHookApi>)[TS_HOOK] = {
    setTsConfig(file) {
        tsConfig = file || undefined;
    },
};

function compiler(): Ts {
    if (!ts) {
        const from = [tsConfig ? path.dirname(tsConfig) : process.cwd(), __dirname];
        ts = require(require.resolve("typescript", { paths: from })) as Ts;
    }
    return ts;
}

/** The project's compiler options as transpileModule wants them (the same defaults ts-node applies). */
function compilerOptions(): import("typescript").CompilerOptions {
    const file = tsConfig;
    const known = optionsByConfig.get(file ?? "");
    if (known) return known;
    const t = compiler();
    let raw: Record<string, unknown> = {};
    if (file && fs.existsSync(file)) {
        const parsed = t.readConfigFile(file, t.sys.readFile);
        raw = (parsed.config?.compilerOptions ?? {}) as Record<string, unknown>;
    }
    const converted = t.convertCompilerOptionsFromJson(raw, file ? path.dirname(file) : process.cwd()).options;
    const options: import("typescript").CompilerOptions = {
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
    optionsByConfig.set(file ?? "", options);
    return options;
}

function cacheDir(): string | undefined {
    return process.env.PLAN_TS_CACHE || undefined;
}

function keyOf(source: string, filename: string): string {
    const file = tsConfig;
    let optionsKey = keyByConfig.get(file ?? "");
    if (optionsKey === undefined) {
        // The options are only known once TypeScript is loaded; until then the tsconfig text and the
        // installed TypeScript version stand in for them.
        const text = file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        let version = "";
        try {
            const pkg = require.resolve("typescript/package.json", { paths: [file ? path.dirname(file) : process.cwd(), __dirname] });
            version = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
        } catch {
            version = "?";
        }
        optionsKey = `${version}\n${text}`;
        keyByConfig.set(file ?? "", optionsKey);
    }
    return createHash("sha256").update(optionsKey).update("\0").update(filename).update("\0").update(source).digest("hex");
}

function transpile(source: string, filename: string): string {
    const dir = cacheDir();
    const key = keyOf(source, filename);
    const remembered = memo.get(key);
    if (remembered !== undefined) return remembered;
    const cached = dir ? path.join(dir, `${key}.js`) : undefined;
    if (cached && fs.existsSync(cached)) {
        const text = fs.readFileSync(cached, "utf8");
        memo.set(key, text);
        return text;
    }
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
    memo.set(key, output);
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
