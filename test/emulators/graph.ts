/**
 * Emulator of Microsoft Graph's job-schema endpoints, on the shared loopback harness:
 * GET/PUT /v1.0/servicePrincipals/{spId}/synchronization/jobs/{jobId}/schema.
 * A PUT replaces the whole schema, answers 204 and gives it a new `version`, as Graph does. Unknown
 * jobs get 404 and a missing or wrong bearer 401, both in Graph's `{"error":{"code","message"}}` shape.
 */
import { randomUUID } from "node:crypto";
import type { SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { Emulator, EmulatorResponse, startEmulator } from "./harness";

export interface GraphEmulator extends Emulator {
    /** The stored schema of a job (a copy), undefined for an unknown job. */
    schema(servicePrincipalId: string, jobId: string): SynchronizationSchema | undefined;
    /** Store (or replace behind the provider's back) a job's schema. */
    setSchema(servicePrincipalId: string, jobId: string, schema: SynchronizationSchema): void;
}

const SCHEMA_PATH = /^\/v1\.0\/servicePrincipals\/([^/]+)\/synchronization\/jobs\/([^/]+)\/schema$/;

export async function startGraphEmulator(token: string): Promise<GraphEmulator> {
    const jobs = new Map<string, SynchronizationSchema>();
    const key = (sp: string, job: string) => `${sp}|${job}`;

    const emulator = await startEmulator((req) => {
        if (req.headers.authorization !== `Bearer ${token}`) {
            return graphError(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }
        const match = SCHEMA_PATH.exec(req.path.split("?")[0]);
        if (!match) return graphError(400, "BadRequest", `Resource not found for the segment '${req.path}'.`);
        const [sp, job] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])];
        const stored = jobs.get(key(sp, job));
        if (!stored) {
            return graphError(404, "ResourceNotFound", `Resource '${job}' does not exist or one of its queried reference-property objects are not present.`);
        }
        if (req.method === "GET") {
            const context = `https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('${sp}')/synchronization/jobs('${job}')/schema/$entity`;
            return { status: 200, body: { "@odata.context": context, ...stored } };
        }
        if (req.method === "PUT") {
            let body: SynchronizationSchema;
            try {
                body = JSON.parse(req.body);
            } catch {
                return graphError(400, "BadRequest", "Unable to read JSON request payload.");
            }
            if (!Array.isArray(body.synchronizationRules) || !Array.isArray(body.directories)) {
                return graphError(400, "BadRequest", "The schema must contain synchronizationRules and directories.");
            }
            jobs.set(key(sp, job), { ...body, version: randomUUID().toUpperCase() });
            return { status: 204 };
        }
        return graphError(405, "Request_BadRequest", `The HTTP method '${req.method}' is not allowed.`);
    });

    return Object.assign(emulator, {
        schema: (sp: string, job: string) => {
            const stored = jobs.get(key(sp, job));
            return stored && structuredClone(stored);
        },
        setSchema: (sp: string, job: string, schema: SynchronizationSchema) => {
            jobs.set(key(sp, job), structuredClone(schema));
        },
    });
}

export function graphError(status: number, code: string, message: string): EmulatorResponse {
    return {
        status,
        body: { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID() } } },
    };
}
