/**
 * Emulator of the Microsoft Graph synchronization endpoints the providers and tools call, on the
 * shared loopback harness, under `/v1.0/servicePrincipals/{spId}/synchronization`:
 * - `jobs/{jobId}/schema` GET/PUT: a PUT replaces the whole schema, answers 204 and gives it a new
 *   `version`, as Graph does;
 * - `jobs/{jobId}` GET (the job with its `status`, shaped like Microsoft's published examples);
 * - `jobs/{jobId}/start|pause|restart` (204), `validateCredentials` (204, or Graph's 400 when the
 *   saved credentials are refused), `provisionOnDemand` (200 with the `key`/`value` pair whose JSON
 *   strings carry the result and the steps);
 * - `secrets` PUT (204), what azuread's SynchronizationSecret writes.
 * Unknown jobs get 404 and a missing or wrong bearer 401, both in Graph's `{"error":{"code","message"}}` shape.
 */
import { randomUUID } from "node:crypto";
import type { SynchronizationJob, SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { Emulator, EmulatorResponse, startEmulator } from "./harness";

/** What a provision-on-demand run of one subject comes to. */
export interface OnDemandOutcome {
    readonly result: "Success" | "Failure" | "Skipped";
    readonly errorCode?: string;
    readonly reason?: string;
    /** Steps beyond the default Import/Scoping/Export ones, or instead of them. */
    readonly steps?: Array<{ name: string; type: string; status: string; description: string; details?: Record<string, string> }>;
}

export interface GraphEmulator extends Emulator {
    /** The stored schema of a job (a copy), undefined for an unknown job. */
    schema(servicePrincipalId: string, jobId: string): SynchronizationSchema | undefined;
    /** Store (or replace behind the provider's back) a job's schema. */
    setSchema(servicePrincipalId: string, jobId: string, schema: SynchronizationSchema): void;
    /** Create a job (status NotRun unless given); the schema is set separately. */
    addJob(servicePrincipalId: string, jobId: string, job?: Partial<SynchronizationJob>): void;
    /** The stored job (a copy), undefined for an unknown one. */
    job(servicePrincipalId: string, jobId: string): SynchronizationJob | undefined;
    /** Change a job behind the tools' back (e.g. quarantine it); `status` is merged one level deep. */
    patchJob(servicePrincipalId: string, jobId: string, patch: Partial<SynchronizationJob>): void;
    /** Whether `validateCredentials` accepts the saved credentials (default true), and Graph's message if not. */
    setCredentialsValid(servicePrincipalId: string, jobId: string, valid: boolean, message?: string): void;
    /** The outcome provision-on-demand reports for one subject (default: Success). */
    setOnDemandOutcome(servicePrincipalId: string, objectId: string, outcome: OnDemandOutcome): void;
    /** The credentials last PUT to the service principal's `synchronization/secrets`, by key. */
    secrets(servicePrincipalId: string): Record<string, string> | undefined;
}

const PREFIX = /^\/v1\.0\/servicePrincipals\/([^/]+)\/synchronization\/(.+)$/;
const JOB_ACTIONS = ["start", "pause", "restart", "validateCredentials", "provisionOnDemand"];

interface StoredJob {
    job: SynchronizationJob;
    schema?: SynchronizationSchema;
    credentials: { valid: boolean; message: string };
}

export async function startGraphEmulator(token: string): Promise<GraphEmulator> {
    const jobs = new Map<string, StoredJob>();
    const secrets = new Map<string, Record<string, string>>();
    const onDemand = new Map<string, OnDemandOutcome>();
    const key = (sp: string, job: string) => `${sp}|${job}`;
    const ensure = (sp: string, job: string): StoredJob => {
        const stored = jobs.get(key(sp, job)) ?? { job: newJob(job), credentials: { valid: true, message: "" } };
        jobs.set(key(sp, job), stored);
        return stored;
    };

    const emulator = await startEmulator((req) => {
        if (req.headers.authorization !== `Bearer ${token}`) {
            return graphError(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }
        const match = PREFIX.exec(req.path.split("?")[0]);
        if (!match) return badSegment(req.path);
        const sp = decodeURIComponent(match[1]);
        const rest = match[2].split("/").map(decodeURIComponent);
        let body: any = {};
        if (req.body) {
            try {
                body = JSON.parse(req.body);
            } catch {
                return graphError(400, "BadRequest", "Unable to read JSON request payload.");
            }
        }

        if (rest.length === 1 && rest[0] === "secrets" && req.method === "PUT") {
            const pairs: Array<{ key: string; value: string }> = body.value ?? [];
            secrets.set(sp, { ...(secrets.get(sp) ?? {}), ...Object.fromEntries(pairs.map((p) => [p.key, p.value])) });
            return { status: 204 };
        }
        if (rest[0] !== "jobs" || rest.length < 2 || rest.length > 3) return badSegment(req.path);
        const jobId = rest[1];
        const stored = jobs.get(key(sp, jobId));
        if (!stored || (rest[2] === "schema" && !stored.schema)) {
            return graphError(404, "ResourceNotFound", `Resource '${jobId}' does not exist or one of its queried reference-property objects are not present.`);
        }
        const context = `https://graph.microsoft.com/v1.0/$metadata#servicePrincipals('${sp}')/synchronization/jobs`;

        if (rest.length === 2) {
            if (req.method !== "GET") return notAllowed(req.method);
            return { status: 200, body: { "@odata.context": `${context}/$entity`, ...stored.job } };
        }
        const action = rest[2];
        if (action === "schema") {
            if (req.method === "GET") return { status: 200, body: { "@odata.context": `${context}('${jobId}')/schema/$entity`, ...stored.schema } };
            if (req.method !== "PUT") return notAllowed(req.method);
            if (!Array.isArray(body.synchronizationRules) || !Array.isArray(body.directories)) {
                return graphError(400, "BadRequest", "The schema must contain synchronizationRules and directories.");
            }
            stored.schema = { ...body, version: randomUUID().toUpperCase() };
            return { status: 204 };
        }
        if (!JOB_ACTIONS.includes(action)) return badSegment(req.path);
        if (req.method !== "POST") return notAllowed(req.method);
        switch (action) {
            case "start":
                setStatus(stored, "Active");
                return { status: 204 };
            case "pause":
                setStatus(stored, "Paused");
                return { status: 204 };
            case "restart":
                // Restart clears quarantine and runs again.
                stored.job.status = { ...stored.job.status, code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0 };
                return { status: 204 };
            case "validateCredentials":
                if (body.useSavedCredentials !== true && !Array.isArray(body.credentials)) {
                    return graphError(400, "BadRequest", "Either useSavedCredentials or credentials must be given.");
                }
                return stored.credentials.valid
                    ? { status: 204 }
                    : graphError(400, "SystemForCrossDomainIdentityManagementCredentialValidationUnauthorized", stored.credentials.message);
            default:
                return provisionOnDemand(body, (objectId) => onDemand.get(key(sp, objectId)));
        }
    });

    return Object.assign(emulator, {
        schema: (sp: string, job: string) => {
            const stored = jobs.get(key(sp, job))?.schema;
            return stored && structuredClone(stored);
        },
        setSchema: (sp: string, job: string, schema: SynchronizationSchema) => {
            ensure(sp, job).schema = structuredClone(schema);
        },
        addJob: (sp: string, job: string, fields: Partial<SynchronizationJob> = {}) => {
            ensure(sp, job).job = { ...newJob(job), ...structuredClone(fields) };
        },
        job: (sp: string, job: string) => {
            const stored = jobs.get(key(sp, job))?.job;
            return stored && structuredClone(stored);
        },
        patchJob: (sp: string, job: string, patch: Partial<SynchronizationJob>) => {
            const stored = ensure(sp, job);
            stored.job = { ...stored.job, ...structuredClone(patch), status: { ...stored.job.status, ...structuredClone(patch.status ?? {}) } };
        },
        setCredentialsValid: (sp: string, job: string, valid: boolean, message = "Failed to validate the credentials: the SCIM endpoint answered 401 Unauthorized.") => {
            ensure(sp, job).credentials = { valid, message };
        },
        setOnDemandOutcome: (sp: string, objectId: string, outcome: OnDemandOutcome) => {
            onDemand.set(key(sp, objectId), outcome);
        },
        secrets: (sp: string) => {
            const stored = secrets.get(sp);
            return stored && { ...stored };
        },
    });
}

function newJob(id: string): SynchronizationJob {
    return {
        id,
        templateId: id.split(".")[0],
        schedule: { expiration: null, interval: "PT40M", state: "Active" },
        status: {
            code: "NotRun",
            countSuccessiveCompleteFailures: 0,
            escrowsPruned: false,
            lastExecution: null,
            lastSuccessfulExecution: null,
            lastSuccessfulExecutionWithExports: null,
            quarantine: null,
            synchronizedEntryCountByType: [],
            progress: [],
        },
        synchronizationJobSettings: [],
    };
}

function setStatus(stored: StoredJob, code: "Active" | "Paused"): void {
    stored.job.status = { ...stored.job.status, code };
}

/**
 * Graph answers 200 whatever the outcome: `key` is `{"result", "details"}` and `value` the run with
 * its `provisioningSteps` and `statusInfo`, both as JSON strings (graph-provisionondemand-customappsso.json).
 */
function provisionOnDemand(body: any, outcomeOf: (objectId: string) => OnDemandOutcome | undefined): EmulatorResponse {
    const subject = body?.parameters?.[0]?.subjects?.[0];
    if (!body?.parameters?.[0]?.ruleId || !subject?.objectId || !subject?.objectTypeName) {
        return graphError(400, "BadRequest", "parameters[0] needs ruleId and subjects[0] with objectId and objectTypeName.");
    }
    const outcome = outcomeOf(subject.objectId) ?? { result: "Success" };
    const step = (name: string, type: string, status: string, description: string, details: Record<string, string> = {}) =>
        ({ name, type, status, description, timestamp: new Date().toISOString(), details });
    const steps = outcome.steps ?? [
        step("EntryImport", "Import", "Success", `Retrieved ${subject.objectTypeName} '${subject.objectId}' from Azure Active Directory`),
        step("EntrySynchronizationScoping", "Scoping", outcome.result === "Skipped" ? "Skipped" : "Success",
            outcome.result === "Skipped" ? outcome.reason ?? "Not in scope" : "Determine if User in scope by evaluating against each scoping filter"),
        step("EntryExportAdd", "Export", outcome.result === "Failure" ? "Failure" : outcome.result === "Skipped" ? "Skipped" : "Success",
            outcome.result === "Failure" ? outcome.reason ?? "Export failed" : `${subject.objectTypeName} '${subject.objectId}' was created in customappsso`),
    ];
    const statusInfo = {
        status: outcome.result,
        errorCode: outcome.errorCode ?? null,
        reason: outcome.reason ?? null,
        additionalDetails: null,
        errorCategory: outcome.result === "Failure" ? "NonServiceFailure" : null,
        recommendedAction: null,
    };
    const value = {
        action: outcome.result === "Success" ? "Create" : "Other",
        changeId: randomUUID(),
        provisioningSteps: steps,
        reportableIdentifier: subject.objectId,
        statusInfo,
        sourceIdentity: { id: subject.objectId, type: subject.objectTypeName, displayName: null, details: null },
        targetSystem: { id: null, name: "customappsso", details: null },
    };
    const resultKey = {
        result: outcome.result,
        details: outcome.errorCode ? { errorCode: outcome.errorCode, errorMessage: outcome.reason ?? "" } : {},
    };
    return {
        status: 200,
        body: {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair",
            key: JSON.stringify(resultKey),
            value: JSON.stringify(value),
        },
    };
}

const badSegment = (path: string) => graphError(400, "BadRequest", `Resource not found for the segment '${path}'.`);
const notAllowed = (method: string) => graphError(405, "Request_BadRequest", `The HTTP method '${method}' is not allowed.`);

export function graphError(status: number, code: string, message: string): EmulatorResponse {
    return {
        status,
        body: { error: { code, message, innerError: { date: new Date().toISOString(), "request-id": randomUUID() } } },
    };
}
