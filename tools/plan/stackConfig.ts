/**
 * A stack's configuration as the Pulumi CLI hands it to the program: Pulumi.yaml's `config:` defaults
 * and values under `Pulumi.<stack>.yaml`'s `config:`, keys fully qualified (`ns:key`), objects and
 * arrays JSON-encoded, `secure:` values replaced by a placeholder (nothing here can decrypt them) and
 * listed as secret keys. It also checks what the CLI checks before it runs any program (required keys,
 * declared types, secrets that must be encrypted), with the CLI's own wording
 * (pulumi/pulumi sdk/go/common/workspace/config.go).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readYamlFile } from "../shared/yamlFile";
import { looksSecret } from "./mask";

export interface ProjectConfigType {
    readonly type?: string;
    readonly items?: ProjectConfigItems;
    readonly default?: unknown;
    readonly value?: unknown;
    readonly secret?: boolean;
}

interface ProjectConfigItems {
    readonly type: string;
    readonly items?: ProjectConfigItems;
}

export interface Project {
    readonly name: string;
    /** The program's entry file, absolute. */
    readonly main: string;
    /** Where the stack files are. */
    readonly stackConfigDir: string;
    readonly config: Record<string, ProjectConfigType>;
}

export interface StackConfig {
    /** `ns:key` → the string the program reads (PULUMI_CONFIG). */
    readonly config: Record<string, string>;
    /** Keys whose values are secret (PULUMI_CONFIG_SECRET_KEYS). */
    readonly secretKeys: string[];
    /** Strings that must never be shown: secure placeholders and secret-looking values kept in clear. */
    readonly scrub: string[];
    /** Errors the Pulumi CLI would stop at before running the program, in its words. */
    readonly problems: string[];
    readonly warnings: string[];
    readonly configFile: string;
}

const SCHEMA_KEYS = new Set(["type", "items", "default", "value", "description", "secret"]);

export function readProject(projectDir: string): Project {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`no Pulumi.yaml in ${projectDir}`);
    const doc = (readYamlFile(file) ?? {}) as Record<string, any>;
    if (typeof doc.name !== "string" || doc.name === "") throw new Error(`${file}: project is missing a 'name' attribute`);
    const config: Record<string, ProjectConfigType> = {};
    const rawConfig = typeof doc.config === "object" && doc.config !== null ? doc.config : {};
    for (const [key, spec] of Object.entries(rawConfig as Record<string, unknown>)) {
        const isSchema = typeof spec === "object" && spec !== null && !Array.isArray(spec) && Object.keys(spec).some((k) => SCHEMA_KEYS.has(k));
        config[key] = isSchema ? (spec as ProjectConfigType) : { default: spec };
    }
    const stackConfigDir = path.resolve(projectDir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : typeof doc.config === "string" ? doc.config : ".");
    return { name: doc.name, main: resolveMain(projectDir, doc.main), stackConfigDir, config };
}

/** What the nodejs language host runs: Pulumi.yaml `main`, else package.json `main`, else index. */
function resolveMain(projectDir: string, main: unknown): string {
    const base = typeof main === "string" && main !== "" ? path.resolve(projectDir, main) : projectDir;
    let entry = base;
    const pkgFile = path.join(base, "package.json");
    if (fs.existsSync(pkgFile)) {
        const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: string };
        if (pkg.main) entry = path.resolve(base, pkg.main);
    }
    if (fs.existsSync(entry) && fs.statSync(entry).isFile()) return entry;
    for (const candidate of [`${entry}.ts`, `${entry}.js`, path.join(entry, "index.ts"), path.join(entry, "index.js")]) {
        if (fs.existsSync(candidate)) return candidate;
    }
    return entry;
}

/** Stack names that have a `Pulumi.<stack>.yaml` in the project. */
export function listStacks(project: Project): string[] {
    if (!fs.existsSync(project.stackConfigDir)) return [];
    return fs
        .readdirSync(project.stackConfigDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function stackFile(project: Project, stack: string): string {
    const yml = path.join(project.stackConfigDir, `Pulumi.${stack}.yml`);
    const yamlFile = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    return fs.existsSync(yamlFile) || !fs.existsSync(yml) ? yamlFile : yml;
}

/**
 * The config the CLI would hand the program. `placeholder(ciphertext)` makes the stand-in for a
 * `secure:` value (distinct per ciphertext, so a changed secret still shows as changed).
 */
export function loadStackConfig(
    project: Project,
    stack: string,
    placeholder: (ciphertext: string) => string,
    configFile = stackFile(project, stack),
): StackConfig {
    const problems: string[] = [];
    const warnings: string[] = [];
    const scrub: string[] = [];
    const secretKeys = new Set<string>();
    const config: Record<string, string> = {};
    /** Which keys came from the stack file, and whether secure. */
    const fromStack = new Map<string, { secure: boolean; object: boolean; raw: unknown }>();

    let doc: Record<string, any> = {};
    if (fs.existsSync(configFile)) {
        doc = (readYamlFile(configFile) ?? {}) as Record<string, any>;
    } else {
        warnings.push(`${path.basename(configFile)} does not exist: planning with the project's defaults only`);
    }
    if (doc.environment !== undefined) {
        warnings.push(`${path.basename(configFile)} imports Pulumi ESC environments; their values are not read offline`);
    }
    const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);

    for (const [rawKey, rawValue] of Object.entries((doc.config ?? {}) as Record<string, unknown>)) {
        const key = qualify(rawKey);
        let secure = false;
        const replaceSecure = (value: unknown): unknown => {
            if (isSecure(value)) {
                secure = true;
                const stand = placeholder(String(value.secure));
                scrub.push(stand);
                return stand;
            }
            if (Array.isArray(value)) return value.map(replaceSecure);
            if (value !== null && typeof value === "object") {
                return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v)]));
            }
            return value;
        };
        const value = replaceSecure(rawValue);
        const object = value !== null && typeof value === "object";
        config[key] = object ? JSON.stringify(value) : value === null || value === undefined ? "" : String(value);
        if (secure) secretKeys.add(key);
        else if (looksSecret(key.slice(key.indexOf(":") + 1)) && config[key] !== "") {
            scrub.push(config[key]);
            warnings.push(`${key} looks like a secret but is in clear in ${path.basename(configFile)}: set it with \`pulumi config set --secret\``);
        }
        fromStack.set(key, { secure, object, raw: value });
    }

    // Project defaults and values, then the CLI's checks, in its order (keys sorted).
    const missing: string[] = [];
    for (const projectKey of Object.keys(project.config).sort()) {
        const spec = project.config[projectKey];
        const key = qualify(projectKey);
        const namespace = key.slice(0, key.indexOf(":"));
        const hasDefault = spec.default !== undefined && spec.default !== null;
        const hasValue = spec.value !== undefined && spec.value !== null;
        if (!fromStack.has(key)) {
            if (!hasDefault && !hasValue) {
                if (namespace === project.name) missing.push(projectKey);
                continue;
            }
            const value = hasDefault ? spec.default : spec.value;
            const object = value !== null && typeof value === "object";
            config[key] = object ? JSON.stringify(value) : String(value);
        }
    }
    if (missing.length > 0) {
        problems.push(`Stack '${stack}' is missing configuration ${missing.length === 1 ? "value" : "values"} ${formatMissing(missing)}`);
    } else {
        for (const projectKey of Object.keys(project.config).sort()) {
            const spec = project.config[projectKey];
            if (!spec.type) continue;
            const key = qualify(projectKey);
            const onStack = fromStack.get(key);
            if (spec.secret && !onStack?.secure) {
                problems.push(`Stack '${stack}' with configuration key '${projectKey}' must be encrypted as it's secret`);
                break;
            }
            if (onStack?.secure) continue; // cannot decrypt offline, so cannot check its type
            const content = onStack ? onStack.raw : spec.default ?? spec.value;
            const stringified = onStack && !onStack.object ? config[key] : content;
            if (stringified !== undefined && !validateConfigValue(spec.type, spec.items, stringified)) {
                problems.push(`Stack '${stack}' with configuration key '${projectKey}' must be of type '${fullTypeName(spec.type, spec.items)}'`);
                break;
            }
        }
    }

    return { config, secretKeys: [...secretKeys].sort(), scrub, problems, warnings, configFile };
}

function isSecure(value: unknown): value is { secure: string } {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

function formatMissing(keys: string[]): string {
    if (keys.length === 1) return `'${keys[0]}'`;
    const sorted = [...keys].sort();
    return `${sorted.slice(0, -1).map((k) => `'${k}'`).join(", ")} and '${sorted[sorted.length - 1]}'`;
}

function fullTypeName(type: string, items?: ProjectConfigItems): string {
    return items ? `array<${fullTypeName(items.type, items.items)}>` : type;
}

/** The CLI's ValidateConfigValue: scalars may be given as strings ("true", "42"). */
function validateConfigValue(type: string, items: ProjectConfigItems | undefined, value: unknown): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "integer":
            if (typeof value === "number") return Number.isInteger(value);
            return typeof value === "string" && /^[+-]?\d+$/.test(value);
        case "boolean":
            return typeof value === "boolean" || value === "true" || value === "false";
        default:
            return Array.isArray(value) && items !== undefined && value.every((item) => validateConfigValue(items.type, items.items, item));
    }
}
