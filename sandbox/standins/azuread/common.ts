/**
 * Shared pieces of the azuread stand-in: the Graph client (signed in exactly like our Entra dynamic
 * providers: providers/entra/credentials + graphClient, from ARM_* environment variables), Pulumi's
 * secret and unknown sentinels, and the id forms of terraform-provider-azuread v3.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type { CheckFailure } from "@pulumi/pulumi/provider";
import { readAzureSettings } from "../../../providers/entra/credentials";
import { graphClientFactory } from "../../../providers/entra/graphAccess";

export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, any>;

export interface StandInResource {
    /** The Pulumi type token, `azuread:index/<name>:<Name>`. */
    readonly token: string;
    /** Input property names (Pulumi names), the ones a diff compares. */
    readonly inputs: readonly string[];
    /** Inputs whose change is a replacement (FORCE_NEW, see forceNew.ts). */
    readonly forceNew: readonly string[];
    /** Output properties that are secrets. */
    readonly secretOutputs?: readonly string[];
    readonly defaults?: Props;
    validate?(inputs: Props): CheckFailure[];
    create(graph: Client, inputs: Props): Promise<{ id: string; outs: Props }>;
    /** undefined: the object is gone. */
    read(graph: Client, id: string, state: Props): Promise<Props | undefined>;
    update?(graph: Client, id: string, olds: Props, news: Props): Promise<Props>;
    delete(graph: Client, id: string, state: Props): Promise<void>;
}

let factory: (() => Client) | undefined;
/** The Graph client, from ARM_METADATA_HOSTNAME / ARM_ENVIRONMENT, ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET (any ARM_* our providers read). */
export function graphFromEnvironment(): Client {
    factory ??= graphClientFactory(readAzureSettings(undefined, process.env));
    return factory();
}

export function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Props)[SECRET_SIG] === SECRET_VALUE;
}

/** The plain value, secrets unwrapped at any depth. */
export function plain(value: any): any {
    if (isSecret(value)) return plain(value.value);
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
}

export function secret(value: unknown): Props {
    return { [SECRET_SIG]: SECRET_VALUE, value };
}

export function containsUnknown(value: any): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** Graph's "gone": the SDK's GraphError with status 404. */
export function isNotFound(error: unknown): boolean {
    return (error as { statusCode?: number })?.statusCode === 404;
}

/** `await` a Graph read; undefined when Graph answers 404. */
export async function orGone<T>(read: Promise<T>): Promise<T | undefined> {
    try {
        return await read;
    } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
    }
}

/** A delete of something already gone succeeds. */
export async function deleteIgnoringGone(request: Promise<unknown>): Promise<void> {
    try {
        await request;
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): boolean {
    return typeof value === "string" && UUID.test(value);
}

/** `/servicePrincipals/{guid}` → guid (stable.ParseServicePrincipalID). */
export function servicePrincipalGuid(id: string): string | undefined {
    const match = /^\/servicePrincipals\/([^/]+)$/.exec(id);
    return match && isUuid(match[1]) ? match[1] : undefined;
}

export function applicationGuid(id: string): string | undefined {
    const match = /^\/applications\/([^/]+)$/.exec(id);
    return match && isUuid(match[1]) ? match[1] : undefined;
}

/** Failures for properties that must be a bare object id (UUID), unless still unknown. */
export function requireUuids(inputs: Props, names: readonly string[]): CheckFailure[] {
    return names
        .filter((name) => inputs[name] !== undefined && !containsUnknown(inputs[name]) && !isUuid(plain(inputs[name])))
        .map((name) => ({ property: name, reason: `expected "${name}" to be a valid UUID (a bare object id), got ${JSON.stringify(plain(inputs[name]))}` }));
}

/** Failures for a property that must be a resource id of the given kind. */
export function requireResourceId(inputs: Props, name: string, kind: "servicePrincipals" | "applications"): CheckFailure[] {
    const value = inputs[name];
    if (value === undefined || containsUnknown(value)) return [];
    const ok = kind === "servicePrincipals" ? servicePrincipalGuid(plain(value)) : applicationGuid(plain(value));
    return ok ? [] : [{ property: name, reason: `expected "${name}" to be a ${kind === "servicePrincipals" ? "service principal" : "application"} resource id (/${kind}/{objectId}), got ${JSON.stringify(plain(value))}` }];
}

/** Keep only the listed keys that are set. */
export function pick(props: Props, keys: readonly string[]): Props {
    return Object.fromEntries(keys.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]));
}
