/**
 * A stack's configuration as the Pulumi CLI hands it to the program: Pulumi.yaml's `config:` defaults
 * and values under `Pulumi.<stack>.yaml`'s `config:`, keys fully qualified (`ns:key`), objects and
 * arrays JSON-encoded, `secure:` values replaced by a placeholder (nothing here can decrypt them) and
 * listed as secret keys. It also checks what the CLI checks before it runs any program (required keys,
 * declared types, secrets that must be encrypted), with the CLI's own wording
 * (pulumi/pulumi sdk/go/common/workspace/config.go).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { declaredValue, isSecureValue, qualifyKey, readProjectFile, readStackFile, stackFile, type ProjectConfigItems, type ProjectConfigType } from "../shared/stackFiles";
import { readYamlFile } from "../shared/yamlFile";
import { looksSecret } from "./mask";

// The files are read by tools/shared/stackFiles.ts; re-exported for the plan's callers.
export { environmentImports, listStacks, stackFile, type ProjectConfigType } from "../shared/stackFiles";

export interface Project {
    readonly name: string;
    /** The directory of Pulumi.yaml (where esc/ templates are looked for). */
    readonly dir?: string;
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
    /**
     * Keys whose value did not come from the stack file or Pulumi.yaml, and where it came from:
     * `from ESC env X` (a placeholder: ESC is not read offline) or `from environment AUTH0_DOMAIN`.
     */
    readonly sources: Record<string, string>;
    /** The Pulumi ESC environments the stack file imports (`environment:`), by name. */
    readonly environments: string[];
}

export interface ResolveOptions {
    /**
     * The environment the providers would see (AUTH0_DOMAIN, ARM_TENANT_ID, …). Default: none, so
     * that a reader of stack files is pure unless its caller opts in (the plan passes process.env).
     */
    readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Provider settings and the environment variable each provider falls back to when the key is not in
 * config (the Terraform providers under @pulumi/auth0 and @pulumi/azuread; docs/credentials.md).
 */
export const PROVIDER_ENV: Readonly<Record<string, string>> = {
    "auth0:domain": "AUTH0_DOMAIN",
    "auth0:clientId": "AUTH0_CLIENT_ID",
    "auth0:clientSecret": "AUTH0_CLIENT_SECRET",
    "auth0:apiToken": "AUTH0_API_TOKEN",
    "azuread:tenantId": "ARM_TENANT_ID",
    "azuread:clientId": "ARM_CLIENT_ID",
    "azuread:clientSecret": "ARM_CLIENT_SECRET",
};

/**
 * Keys the program needs from config that have no default: when the stack imports an ESC environment
 * whose contents are not known here (no esc/<env>.yaml template in the project), it is assumed to
 * provide them, and a placeholder stands in.
 */
const ESC_ASSUMED = ["auth0:domain"];

/** Keys whose placeholder must look like a hostname / a GUID to pass the program's validation. */
const HOSTNAME_KEYS = /^(auth0:domain|[^:]+:(auth0Domain|entraTenantDomain|auth0CustomDomain))$/;
const GUID_KEYS = /^azuread:(tenantId|clientId)$/;

/** An ESC environment name as a stack file imports it: `env`, `project/env`, optionally `@version`. */
const ESC_NAME = /^(?:[A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+(?:@[A-Za-z0-9_.-]+)?$/;

/**
 * The `pulumiConfig` keys of the ESC environment `name` when the project ships its template
 * (`esc/<name>.yaml`, or `esc/<last segment>.yaml`), fully qualified; undefined when it does not.
 */
export function escTemplateKeys(projectDir: string, projectName: string, name: string): string[] | undefined {
    if (!ESC_NAME.test(name) || name.split(/[/@]/).some((s) => s === "." || s === "..")) return undefined;
    const bare = name.replace(/@.*$/, "");
    for (const candidate of [`${bare}.yaml`, `${bare.split("/").pop()}.yaml`]) {
        const file = path.join(projectDir, "esc", candidate);
        if (!fs.existsSync(file)) continue;
        const doc = (readYamlFile(file) ?? {}) as { values?: { pulumiConfig?: Record<string, unknown> } };
        const keys = Object.keys(doc.values?.pulumiConfig ?? {});
        return keys.map((k) => (k.includes(":") ? k : `${projectName}:${k}`));
    }
    return undefined;
}

export function readProject(projectDir: string): Project {
    const { name, dir, main, stackConfigDir, config } = readProjectFile(projectDir);
    return { name, dir, main: resolveMain(projectDir, main), stackConfigDir, config };
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

/**
 * The config the CLI would hand the program. `placeholder(ciphertext)` makes the stand-in for a
 * `secure:` value (distinct per ciphertext, so a changed secret still shows as changed).
 */
export function loadStackConfig(
    project: Project,
    stack: string,
    placeholder: (ciphertext: string) => string,
    configFile = stackFile(project, stack),
    resolve: ResolveOptions = {},
): StackConfig {
    const problems: string[] = [];
    const warnings: string[] = [];
    const scrub: string[] = [];
    const secretKeys = new Set<string>();
    const config: Record<string, string> = {};
    /** Which keys came from the stack file, and whether secure. */
    const fromStack = new Map<string, { secure: boolean; object: boolean; raw: unknown }>();

    const file = readStackFile(configFile);
    if (!file) warnings.push(`${path.basename(configFile)} does not exist: planning with the project's defaults only`);
    const environments = file?.environments ?? [];
    const sources: Record<string, string> = {};
    const qualify = (key: string) => qualifyKey(project.name, key);

    for (const [rawKey, rawValue] of Object.entries(file?.config ?? {})) {
        const key = qualify(rawKey);
        let secure = false;
        const replaceSecure = (value: unknown): unknown => {
            if (isSecureValue(value)) {
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

    // Pulumi ESC: the imported environments' `pulumiConfig` is not read offline (no credentials). What
    // they provide under the stack file's own values gets a placeholder, masked like a secret, that
    // passes the program's validation, so a PR plan never fails for a value the real run would find.
    const escKeys = new Map<string, string>(); // key → the environment it comes from (the last import wins, as in ESC)
    const unknownEnvs: string[] = [];
    for (const env of environments) {
        const keys = escTemplateKeys(project.dir ?? project.stackConfigDir, project.name, env);
        if (keys === undefined) unknownEnvs.push(env);
        for (const key of keys ?? []) escKeys.set(key, env);
    }
    const escPlaceholder = (env: string, key: string): string => {
        const token = createHash("sha256").update(placeholder(`esc:${env}:${key}`)).digest("hex");
        if (HOSTNAME_KEYS.test(key)) return `esc-${token.slice(0, 12)}.invalid`;
        if (GUID_KEYS.test(key)) return `00000000-0000-4000-8000-${token.slice(0, 12)}`;
        return `esc-${token.slice(0, 16)}`;
    };
    const fromEsc = (key: string, env: string, placeholderToo = true) => {
        const bare = key.startsWith(`${project.name}:`) ? key.slice(project.name.length + 1) : key;
        const spec = project.config[bare] ?? project.config[key];
        sources[key] = `from ESC env ${env}`;
        if (!placeholderToo || (spec?.type !== undefined && spec.type !== "string")) return; // only strings can be stood in for
        const stand = escPlaceholder(env, key);
        config[key] = stand;
        scrub.push(stand);
        if (spec?.secret || looksSecret(bare)) secretKeys.add(key);
    };
    for (const [key, env] of escKeys) if (!fromStack.has(key)) fromEsc(key, env);
    const unset = (key: string) => !fromStack.has(key) && !(key in sources);
    const ownDomain = fromStack.get(`${project.name}:auth0Domain`)?.raw;
    const needsDomain = (key: string) => key !== "auth0:domain" || !(typeof ownDomain === "string" && ownDomain.trim() !== "");
    if (unknownEnvs.length > 0) {
        const env = unknownEnvs[unknownEnvs.length - 1];
        for (const key of ESC_ASSUMED) if (unset(key) && needsDomain(key)) fromEsc(key, env);
    }

    // The environment, as the providers read it when the key is not in config.
    const env = resolve.env ?? {};
    for (const [key, variable] of Object.entries(PROVIDER_ENV)) {
        const value = env[variable];
        if (value === undefined || value === "" || !unset(key)) continue;
        sources[key] = `from environment ${variable}`;
        if (key === "auth0:domain" && needsDomain(key)) {
            config[key] = value;
            warnings.push(
                `auth0:domain is not in ${path.basename(configFile)}: planned with ${variable} from the environment, as the Auth0 provider reads it. ` +
                    `The program reads the domain from stack config only (components/config.ts loadTenantConfig: ${project.name}:auth0Domain, else auth0:domain), ` +
                    `so a real \`pulumi up\` reaches it only if the stack config or an imported ESC environment's pulumiConfig sets auth0:domain; ${variable} alone makes it fail`,
            );
        } else if (looksSecret(key.slice(key.indexOf(":") + 1))) {
            scrub.push(value);
        }
    }
    // Project defaults and values, then the CLI's checks, in its order (keys sorted).
    const missing: string[] = [];
    for (const projectKey of Object.keys(project.config).sort()) {
        const spec = project.config[projectKey];
        const key = qualify(projectKey);
        const namespace = key.slice(0, key.indexOf(":"));
        const declared = declaredValue(spec);
        if (key in sources && key in config) continue; // stood in for (ESC) or from the environment
        if (!fromStack.has(key)) {
            if (declared === undefined) {
                if (namespace === project.name) {
                    // An imported ESC environment the project has no template of may well provide it.
                    if (unknownEnvs.length > 0) fromEsc(key, unknownEnvs[unknownEnvs.length - 1]);
                    else missing.push(projectKey);
                }
                continue;
            }
            const { value } = declared;
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
            if (!onStack && sources[key]?.startsWith("from ESC env")) continue; // not read offline: the real run checks it
            if (spec.secret && !onStack?.secure) {
                problems.push(`Stack '${stack}' with configuration key '${projectKey}' must be encrypted as it's secret`);
                break;
            }
            if (onStack?.secure) continue; // cannot decrypt offline, so cannot check its type
            const content = onStack ? onStack.raw : declaredValue(spec)?.value;
            const stringified = onStack && !onStack.object ? config[key] : content;
            if (stringified !== undefined && !validateConfigValue(spec.type, spec.items, stringified)) {
                problems.push(`Stack '${stack}' with configuration key '${projectKey}' must be of type '${fullTypeName(spec.type, spec.items)}'`);
                break;
            }
        }
    }

    if (environments.length > 0) {
        const stood = Object.entries(sources).filter(([, s]) => s.startsWith("from ESC env")).map(([k]) => k);
        warnings.push(
            `${path.basename(configFile)} imports Pulumi ESC ${environments.length === 1 ? "environment" : "environments"} ${environments.join(", ")}: not read offline; ` +
                (stood.length > 0 ? `placeholders (masked) stand in for ${stood.join(", ")}` : "no value is stood in for") +
                (unknownEnvs.length > 0 ? ` (${unknownEnvs.join(", ")}: no esc/<env>.yaml template in the project, so assumed to provide ${ESC_ASSUMED.join(", ")})` : ""),
        );
    }

    return { config, secretKeys: [...secretKeys].sort(), scrub, problems, warnings, configFile, sources, environments };
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
