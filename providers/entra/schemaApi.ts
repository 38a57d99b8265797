/**
 * The two Graph calls on a provisioning job's synchronization schema, with Graph's errors turned into
 * `VendorCallError`s that name the call, the status and Graph's own code and message, scrubbed of
 * credentials.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type { SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { isVendorCallError, redact, vendorCallError, type VendorCallError } from "../errors";

export function schemaPath(servicePrincipalId: string, jobId: string): string {
    return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}/schema`;
}

export async function getSchema(
    client: Client, servicePrincipalId: string, jobId: string, secrets: ReadonlyArray<string | undefined>,
): Promise<SynchronizationSchema> {
    const path = schemaPath(servicePrincipalId, jobId);
    try {
        return withoutODataAnnotations(await client.api(path).get()) as SynchronizationSchema;
    } catch (error) {
        throw toVendorCallError(`Microsoft Graph GET ${path}`, error, secrets);
    }
}

/** Replaces the whole schema (Graph answers 204 and restarts a full provisioning cycle). */
export async function putSchema(
    client: Client, servicePrincipalId: string, jobId: string, schema: SynchronizationSchema,
    secrets: ReadonlyArray<string | undefined>,
): Promise<void> {
    const path = schemaPath(servicePrincipalId, jobId);
    try {
        await client.api(path).put(schema);
    } catch (error) {
        throw toVendorCallError(`Microsoft Graph PUT ${path}`, error, secrets);
    }
}

export function isNotFound(error: unknown): boolean {
    return isVendorCallError(error) && error.status === 404;
}

/** `@odata.context` and friends describe the response, not the schema; they are not sent back. */
export function withoutODataAnnotations(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutODataAnnotations);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value).filter(([key]) => !key.includes("@odata.")).map(([k, v]) => [k, withoutODataAnnotations(v)]),
    );
}

/**
 * A GraphError carries `statusCode` (-1 when no response came back, e.g. the connection kept failing)
 * and Graph's `{"error":{"code","message"}}` as `code` and `message`.
 */
function toVendorCallError(call: string, error: unknown, secrets: ReadonlyArray<string | undefined>): VendorCallError {
    const e = error as { statusCode?: unknown; code?: unknown; message?: unknown };
    const status = typeof e?.statusCode === "number" && e.statusCode > 0 ? e.statusCode : undefined;
    const message = typeof e?.message === "string" && e.message !== "" ? e.message : String(error);
    const vendorMessage = typeof e?.code === "string" && e.code !== "" ? `${e.code}: ${message}` : message;
    return vendorCallError(call, status, scrub(vendorMessage, secrets));
}

function scrub(text: string, secrets: ReadonlyArray<string | undefined>): string {
    return redact(text, secrets).replace(/Bearer\s+[\w\-.~+/]+=*/gi, "Bearer [redacted]");
}
