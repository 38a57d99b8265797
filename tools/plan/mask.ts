/**
 * Turns the values a program hands the engine (the wire form: secrets wrapped in a signature object,
 * unknowns as a sentinel string) into what the plan may show: secrets become `[secret]`, anything that
 * only a real provider could know becomes `(known after apply)`. No raw secret leaves this module; a
 * secret's identity survives only as a keyed digest, so two plans can still tell whether it changed.
 */
import { createHmac } from "node:crypto";
import { SECRET, UNKNOWN } from "./types";

// The Pulumi wire protocol's signatures (sdk/nodejs/runtime/rpc.ts): stable across SDK versions.
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Inputs that are never worth showing: a dynamic resource's serialised provider code. */
const NOISE_KEYS = new Set(["__provider"]);

/**
 * A key whose value is a credential: `token`, `secret`, `password`, `clientSecret`, `client_secret`,
 * `SecretToken`, `apiKey`, `privateKey`… but not `tokenId`, `secretKeyRef`-style references or
 * `lifetimeSeconds`.
 */
export function looksSecret(key: string): boolean {
    const words = key
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .split(/[\s_\-.:]+/)
        .filter(Boolean)
        .map((w) => w.toLowerCase());
    if (words.length === 0) return false;
    const last = words[words.length - 1];
    if (["secret", "password", "passwd", "passphrase", "token", "apikey", "credential"].includes(last)) return true;
    if (last === "key" && words.length > 1 && ["api", "private", "access", "signing", "encryption", "shared"].includes(words[words.length - 2])) return true;
    return words[0] === "secret" && words.length <= 2 && last !== "id" && last !== "name";
}

export interface MaskContext {
    /** Values the mocks made up (ids, credentials): a string containing one is `(known after apply)`. */
    readonly generated: readonly string[];
    /** Secret values known from the stack config: a string containing one is masked wherever it appears. */
    readonly scrub: readonly string[];
    /** Keyed digest of a (normalised) raw value. */
    digest(value: unknown): string;
}

export function digester(key: string): (value: unknown) => string {
    return (value) => createHmac("sha256", key).update(canonicalJson(value)).digest("hex").slice(0, 32);
}

export interface Masked {
    readonly value: unknown;
    /** Paths masked as secrets, sorted. */
    readonly secretPaths: string[];
    readonly digests: Record<string, string>;
}

export function isWireSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** A top-level property map (resource inputs, stack outputs): paths start at the keys. */
export function maskProperties(properties: Record<string, unknown>, ctx: MaskContext, dropNoise = true): Masked & { value: Record<string, unknown> } {
    const secretPaths: string[] = [];
    const digests: Record<string, string> = {};
    const value: Record<string, unknown> = {};
    for (const key of Object.keys(properties).sort()) {
        if (dropNoise && NOISE_KEYS.has(key)) continue;
        const v = properties[key];
        if (v === undefined) continue;
        value[key] = maskValue(v, key, key, ctx, secretPaths, digests);
    }
    return { value, secretPaths: secretPaths.sort(), digests };
}

export function maskValue(
    value: unknown,
    path: string,
    key: string | undefined,
    ctx: MaskContext,
    secretPaths: string[],
    digests: Record<string, string>,
): unknown {
    const secret = (raw: unknown) => {
        secretPaths.push(path);
        digests[path] = ctx.digest(normalise(raw, ctx));
        return SECRET;
    };
    if (isWireSecret(value)) return secret(value.value);
    if (value === UNKNOWN_VALUE) return UNKNOWN;
    if (typeof value === "string") {
        if (ctx.scrub.some((s) => s !== "" && value.includes(s))) return secret(value);
        if (key !== undefined && looksSecret(key) && value !== "") return secret(value);
        if (ctx.generated.some((g) => value.includes(g))) return UNKNOWN;
        return value;
    }
    if (value === null || typeof value !== "object") {
        if (key !== undefined && looksSecret(key) && value !== null && typeof value !== "boolean") return secret(value);
        return value;
    }
    if (Array.isArray(value)) {
        return value.map((item, i) => maskValue(item, `${path}[${i}]`, undefined, ctx, secretPaths, digests));
    }
    const record = value as Record<string, unknown>;
    const sig = record[SIG_KEY];
    if (sig === RESOURCE_SIG) return `(resource ${String(record.urn ?? "")})`;
    if (sig === ASSET_SIG || sig === ARCHIVE_SIG) return "(asset)";
    if (sig === OUTPUT_SIG) {
        const inner = "value" in record ? record.value : UNKNOWN_VALUE;
        return maskValue(record.secret ? { [SIG_KEY]: SECRET_SIG, value: inner } : inner, path, key, ctx, secretPaths, digests);
    }
    // A name/value pair whose name is a credential (`{key: "SecretToken", value: …}`): its value is one.
    const pairName = typeof record.key === "string" ? record.key : typeof record.name === "string" ? record.name : undefined;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(record).sort()) {
        const v = record[k];
        if (v === undefined) continue;
        const childPath = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
        if (k === "value" && pairName !== undefined && looksSecret(pairName) && !isWireSecret(v) && v !== UNKNOWN_VALUE && v !== "") {
            secretPaths.push(childPath);
            digests[childPath] = ctx.digest(normalise(v, ctx));
            out[k] = SECRET;
            continue;
        }
        out[k] = maskValue(v, childPath, k, ctx, secretPaths, digests);
    }
    return out;
}

/**
 * A raw value with the wire wrappers removed and made-up values replaced by `(known after apply)`, so
 * that digests compare what the program decided, not what the mocks invented.
 */
export function normalise(value: unknown, ctx: Pick<MaskContext, "generated">): unknown {
    if (isWireSecret(value)) return normalise(value.value, ctx);
    if (value === UNKNOWN_VALUE) return UNKNOWN;
    if (typeof value === "string") return ctx.generated.some((g) => value.includes(g)) ? UNKNOWN : value;
    if (Array.isArray(value)) return value.map((v) => normalise(v, ctx));
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).sort()) out[k] = normalise((value as Record<string, unknown>)[k], ctx);
        return out;
    }
    return value;
}

/** JSON with object keys sorted at every level: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(sortKeys(value)) ?? "undefined";
}

export function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).sort()) {
            const v = (value as Record<string, unknown>)[k];
            if (v !== undefined) out[k] = sortKeys(v);
        }
        return out;
    }
    return value;
}

/** Replaces every occurrence of a known secret in free text (error messages, logs). */
export function scrubText(text: string, secrets: readonly string[]): string {
    let out = text;
    for (const s of secrets) if (s.length >= 4) out = out.split(s).join(SECRET);
    return out;
}
