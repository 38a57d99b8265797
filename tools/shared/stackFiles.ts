/**
 * The one offline reader of a Pulumi project's files for the tools (`plan`, `handoff`, `ticket`,
 * `new-customer`): `Pulumi.yaml` (project name, where the stack files are, the `config:` declarations
 * and the defaults they declare) and `Pulumi.<stack>.yaml` (its `config:` values as written, `secure:`
 * markers, ESC `environment:` imports). Nothing here decrypts or resolves anything: each tool builds
 * its own view on top (tools/plan/stackConfig.ts: what the CLI hands the program; tools/handoff/stack.ts:
 * the settings the sheets print). The program itself reads config through pulumi.Config
 * (components/config.ts), not through this.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readYamlFile } from "./yamlFile";

/** A `config:` declaration in Pulumi.yaml, normalised: a bare value `key: x` is `{default: x}`. */
export interface ProjectConfigType {
    readonly type?: string;
    readonly items?: ProjectConfigItems;
    readonly default?: unknown;
    readonly value?: unknown;
    readonly secret?: boolean;
}

export interface ProjectConfigItems {
    readonly type: string;
    readonly items?: ProjectConfigItems;
}

export interface ProjectFile {
    /** Pulumi.yaml (or Pulumi.yml), absolute. */
    readonly file: string;
    /** Its directory, absolute. */
    readonly dir: string;
    readonly name: string;
    /** Pulumi.yaml's `main`, as written (the plan resolves the entry file from it). */
    readonly main: unknown;
    /** Where the stack files are (`stackConfigDir`), absolute. */
    readonly stackConfigDir: string;
    /** The declarations under `config:`, keys as written (bare for the project's own namespace). */
    readonly config: Record<string, ProjectConfigType>;
}

/** A config value as a stack file holds it, at the top level: plain (string or structured) or encrypted. */
export type ConfigEntry = { readonly secure: false; readonly value: unknown } | { readonly secure: true };

export interface StackFile {
    readonly file: string;
    /** The whole document (`config:`, `environment:`, `encryptionsalt:`, …). */
    readonly doc: Record<string, unknown>;
    /** `config:` as written: keys as written, values raw (`{secure: …}` objects included). */
    readonly config: Record<string, unknown>;
    /** The Pulumi ESC environments it imports (`environment:`), by name. */
    readonly environments: string[];
}

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];
const SCHEMA_KEYS = new Set(["type", "items", "default", "value", "description", "secret"]);

/** The project file in `projectDir`, if there is one. */
export function findProjectFile(projectDir: string): string | undefined {
    return PROJECT_FILES.map((f) => path.join(projectDir, f)).find((f) => fs.existsSync(f));
}

export function readProjectFile(projectDir: string): ProjectFile {
    const file = findProjectFile(projectDir);
    if (!file) throw new Error(`no Pulumi.yaml in ${projectDir}`);
    const doc = (readYamlFile(file) ?? {}) as Record<string, unknown>;
    if (typeof doc.name !== "string" || doc.name === "") throw new Error(`${file}: project is missing a 'name' attribute`);
    const config: Record<string, ProjectConfigType> = {};
    const rawConfig = typeof doc.config === "object" && doc.config !== null ? doc.config : {};
    for (const [key, spec] of Object.entries(rawConfig as Record<string, unknown>)) {
        const isSchema = typeof spec === "object" && spec !== null && !Array.isArray(spec) && Object.keys(spec).some((k) => SCHEMA_KEYS.has(k));
        config[key] = isSchema ? (spec as ProjectConfigType) : { default: spec };
    }
    // `config: <dir>` is the older spelling of `stackConfigDir`.
    const stackConfigDir = path.resolve(projectDir, typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : typeof doc.config === "string" ? doc.config : ".");
    return { file, dir: path.resolve(projectDir), name: doc.name, main: doc.main, stackConfigDir, config };
}

/** `customerName` → `<project>:customerName`; `auth0:domain` stays as it is. */
export function qualifyKey(projectName: string, key: string): string {
    return key.includes(":") ? key : `${projectName}:${key}`;
}

/**
 * The value a declaration gives a stack that does not set the key: its `default`, else its `value`;
 * undefined when it declares only a type (a required key) or null.
 */
export function declaredValue(spec: ProjectConfigType): { readonly value: unknown } | undefined {
    if (spec.default !== undefined && spec.default !== null) return { value: spec.default };
    if (spec.value !== undefined && spec.value !== null) return { value: spec.value };
    return undefined;
}

/** Pulumi's secure marker: a map with the single key `secure` (the ciphertext). */
export function isSecureValue(value: unknown): value is { secure: unknown } {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

/** A raw value as an entry: encrypted when it is a secure marker. */
export function configEntry(value: unknown): ConfigEntry {
    return isSecureValue(value) ? { secure: true } : { secure: false, value };
}

/** The defaults Pulumi.yaml declares, keys fully qualified. */
export function declaredEntries(project: ProjectFile): Map<string, ConfigEntry> {
    const entries = new Map<string, ConfigEntry>();
    for (const [key, spec] of Object.entries(project.config)) {
        const declared = declaredValue(spec);
        if (declared !== undefined) entries.set(qualifyKey(project.name, key), configEntry(declared.value));
    }
    return entries;
}

/** A stack file's top-level `config:` values, keys fully qualified. */
export function stackEntries(projectName: string, stackFile: StackFile): Map<string, ConfigEntry> {
    const entries = new Map<string, ConfigEntry>();
    for (const [key, value] of Object.entries(stackFile.config)) entries.set(qualifyKey(projectName, key), configEntry(value));
    return entries;
}

/** Stack names that have a `Pulumi.<stack>.yaml` (or `.yml`) in the project. */
export function listStacks(project: Pick<ProjectFile, "stackConfigDir">): string[] {
    if (!fs.existsSync(project.stackConfigDir)) return [];
    return fs
        .readdirSync(project.stackConfigDir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The stack's file: `Pulumi.<stack>.yaml`, or `.yml` when only that exists (the CLI's order). */
export function stackFile(project: Pick<ProjectFile, "stackConfigDir">, stack: string): string {
    const yml = path.join(project.stackConfigDir, `Pulumi.${stack}.yml`);
    const yamlFile = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    return fs.existsSync(yamlFile) || !fs.existsSync(yml) ? yamlFile : yml;
}

/** The stack's file if either spelling exists. */
export function existingStackFile(project: Pick<ProjectFile, "stackConfigDir">, stack: string): string | undefined {
    const file = stackFile(project, stack);
    return fs.existsSync(file) ? file : undefined;
}

/** Reads a stack file; undefined when there is none. */
export function readStackFile(file: string): StackFile | undefined {
    if (!fs.existsSync(file)) return undefined;
    const doc = (readYamlFile(file) ?? {}) as Record<string, unknown>;
    const config = typeof doc.config === "object" && doc.config !== null && !Array.isArray(doc.config) ? (doc.config as Record<string, unknown>) : {};
    return { file, doc, config, environments: environmentImports(doc) };
}

/** The names a stack file's `environment:` imports (a list, `{imports: [...]}`, or one name). */
export function environmentImports(doc: Record<string, unknown>): string[] {
    const raw = doc.environment;
    const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" && Array.isArray((raw as { imports?: unknown }).imports) ? (raw as { imports: unknown[] }).imports : typeof raw === "string" ? [raw] : [];
    return list.filter((e): e is string => typeof e === "string" && e.trim() !== "").map((e) => e.trim());
}
