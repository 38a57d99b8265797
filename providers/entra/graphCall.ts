/**
 * One Microsoft Graph call through the SDK client, with Graph's errors turned into `VendorCallError`s
 * that name the call, the status and Graph's own code and message, scrubbed of credentials.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import { isVendorCallError, redact, vendorCallError, type VendorCallError } from "../errors";

export type GraphMethod = "GET" | "PUT" | "POST";

export async function graphCall<T = unknown>(
    client: Client, method: GraphMethod, path: string, secrets: ReadonlyArray<string | undefined>, body?: unknown,
): Promise<T> {
    const request = client.api(path);
    try {
        switch (method) {
            case "GET":
                return withoutODataAnnotations(await request.get()) as T;
            case "PUT":
                return (await request.put(body)) as T;
            case "POST":
                return withoutODataAnnotations(await request.post(body ?? {})) as T;
        }
    } catch (error) {
        throw toVendorCallError(`Microsoft Graph ${method} ${path}`, error, secrets);
    }
}

export function isNotFound(error: unknown): boolean {
    return isVendorCallError(error) && error.status === 404;
}

/** `@odata.context` and friends describe the response, not the resource; they are not sent back. */
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
