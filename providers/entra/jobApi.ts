/**
 * Graph calls on a provisioning (synchronization) job: read it, start, pause, restart, check its saved
 * credentials, and provision one subject on demand.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type { SynchronizationJob } from "@microsoft/microsoft-graph-types";
import { graphCall, isNotFound } from "./graphCall";

type Secrets = ReadonlyArray<string | undefined>;

export function jobPath(servicePrincipalId: string, jobId: string): string {
    return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs/${encodeURIComponent(jobId)}`;
}

export function getJob(client: Client, servicePrincipalId: string, jobId: string, secrets: Secrets): Promise<SynchronizationJob> {
    return graphCall<SynchronizationJob>(client, "GET", jobPath(servicePrincipalId, jobId), secrets);
}

/** Provisioning Status On. */
export async function startJob(client: Client, servicePrincipalId: string, jobId: string, secrets: Secrets): Promise<void> {
    await graphCall(client, "POST", `${jobPath(servicePrincipalId, jobId)}/start`, secrets);
}

/** Provisioning Status Off; a job already gone counts as paused. */
export async function pauseJob(client: Client, servicePrincipalId: string, jobId: string, secrets: Secrets): Promise<void> {
    try {
        await graphCall(client, "POST", `${jobPath(servicePrincipalId, jobId)}/pause`, secrets);
    } catch (error) {
        if (!isNotFound(error)) throw error;
    }
}

/** Restart, clearing quarantine so the job does not wait out its back-off (up to 24 h). */
export async function restartJob(client: Client, servicePrincipalId: string, jobId: string, secrets: Secrets): Promise<void> {
    await graphCall(client, "POST", `${jobPath(servicePrincipalId, jobId)}/restart`, secrets, { criteria: { resetScope: "QuarantineState" } });
}

/** Asks Entra to test the credentials it has saved (Tenant URL and Secret Token) against the SCIM endpoint. */
export async function validateSavedCredentials(client: Client, servicePrincipalId: string, jobId: string, secrets: Secrets): Promise<void> {
    await graphCall(client, "POST", `${jobPath(servicePrincipalId, jobId)}/validateCredentials`, secrets, { useSavedCredentials: true });
}

export interface OnDemandSubject {
    readonly objectId: string;
    readonly kind: "User" | "Group";
}

/** Graph's answer: `key` and `value` are JSON strings (the result, and the run with its steps). */
export interface OnDemandAnswer {
    readonly key?: string;
    readonly value?: string;
}

export function provisionOnDemand(
    client: Client, servicePrincipalId: string, jobId: string, ruleId: string, subject: OnDemandSubject, secrets: Secrets,
): Promise<OnDemandAnswer> {
    return graphCall<OnDemandAnswer>(client, "POST", `${jobPath(servicePrincipalId, jobId)}/provisionOnDemand`, secrets, {
        parameters: [{ ruleId, subjects: [{ objectId: subject.objectId, objectTypeName: subject.kind }] }],
    });
}
