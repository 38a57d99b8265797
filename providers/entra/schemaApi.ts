/** The two Graph calls on a provisioning job's synchronization schema. */
import type { Client } from "@microsoft/microsoft-graph-client";
import type { SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { graphCall } from "./graphCall";
import { jobPath } from "./jobApi";

export { isNotFound, withoutODataAnnotations } from "./graphCall";

export function schemaPath(servicePrincipalId: string, jobId: string): string {
    return `${jobPath(servicePrincipalId, jobId)}/schema`;
}

export function getSchema(
    client: Client, servicePrincipalId: string, jobId: string, secrets: ReadonlyArray<string | undefined>,
): Promise<SynchronizationSchema> {
    return graphCall<SynchronizationSchema>(client, "GET", schemaPath(servicePrincipalId, jobId), secrets);
}

/**
 * Replaces the whole schema (Graph answers 204). A cycle already running finishes with the schema it
 * started with; the next one uses this.
 */
export async function putSchema(
    client: Client, servicePrincipalId: string, jobId: string, schema: SynchronizationSchema,
    secrets: ReadonlyArray<string | undefined>,
): Promise<void> {
    await graphCall(client, "PUT", schemaPath(servicePrincipalId, jobId), secrets, schema);
}
