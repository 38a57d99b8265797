/**
 * Reads Graph's provision-on-demand answer, which is 200 whatever happened: `key` holds the result
 * (`{"result": "Success" | "Failure" | "Skipped", "details": {errorCode, errorMessage}}`) and `value`
 * the run (`statusInfo`, `provisioningSteps` with each step's status and description), both as JSON
 * strings. No I/O here.
 */
import type { OnDemandAnswer, OnDemandSubject } from "./jobApi";

export interface OnDemandStep {
    readonly name: string;
    readonly type: string;
    readonly status: string;
    readonly description: string;
}

export interface OnDemandResult {
    readonly objectId: string;
    readonly kind: "User" | "Group";
    /** Graph's overall result. */
    readonly result: string;
    /** Whether the principal is provisioned as declared. */
    readonly ok: boolean;
    /** Why not, in a sentence; empty when ok. */
    readonly why: string;
    readonly errorCode?: string;
    readonly steps: OnDemandStep[];
}

/** "Skipped" because Auth0 already holds exactly this user: a rerun of a passing check. */
const ALREADY_IN_SYNC = "RedundantExport";

export function readOnDemandAnswer(subject: OnDemandSubject, answer: OnDemandAnswer): OnDemandResult {
    const key = parseJson(answer.key);
    const value = parseJson(answer.value);
    const statusInfo = value?.statusInfo ?? {};
    const result: string = key?.result ?? statusInfo.status ?? "Unknown";
    const errorCode: string | undefined = key?.details?.errorCode ?? statusInfo.errorCode ?? undefined;
    const steps: OnDemandStep[] = (Array.isArray(value?.provisioningSteps) ? value.provisioningSteps : []).map((s: any) => ({
        name: String(s?.name ?? ""),
        type: String(s?.type ?? ""),
        status: String(s?.status ?? ""),
        description: String(s?.description ?? ""),
        details: s?.details,
    }));
    const rawSteps: any[] = Array.isArray(value?.provisioningSteps) ? value.provisioningSteps : [];
    const alreadyInSync = result.toLowerCase() === "skipped" &&
        (errorCode === ALREADY_IN_SYNC || rawSteps.some((s) => s?.details?.SkipReason === ALREADY_IN_SYNC));
    // Graph's words are capitalised; compare without case. A Warning provisioned the principal.
    const verdict = result.toLowerCase();
    const ok = verdict === "success" || verdict === "warning" || alreadyInSync;
    return {
        objectId: subject.objectId,
        kind: subject.kind,
        result,
        ok,
        why: ok ? "" : explain(result, errorCode, key?.details?.errorMessage ?? statusInfo.reason, rawSteps),
        ...(errorCode ? { errorCode } : {}),
        steps: steps.map(({ name, type, status, description }) => ({ name, type, status, description })),
    };
}

function explain(result: string, errorCode: string | undefined, reason: string | undefined, steps: any[]): string {
    const scoping = steps.find((s) => s?.type === "Scoping");
    if (scoping && scoping.status !== "Success") {
        const assigned = scoping.details?.Assigned;
        const because = assigned === "False" || /assign/i.test(String(scoping.description))
            ? "not assigned to the app"
            : String(scoping.description || "outside the provisioning scope");
        return `not in scope: ${because}`;
    }
    const failed = steps.find((s) => s?.status === "Failure");
    const parts = [
        failed ? `${failed.type || failed.name} step failed: ${failed.description}` : undefined,
        errorCode ? `error ${errorCode}` : undefined,
        reason && (!failed || !String(failed.description).includes(reason)) ? reason : undefined,
    ].filter(Boolean);
    return parts.length > 0 ? parts.join("; ") : `result ${result}`;
}

/** The per-principal report `pulumi up` fails with. */
export function onDemandFailureMessage(results: readonly OnDemandResult[]): string {
    const failed = results.filter((r) => !r.ok);
    const lines = results.map((r) => {
        const head = `  - ${r.kind} ${r.objectId}: ${r.ok ? "provisioned" : `${r.result}, ${r.why}`}`;
        if (r.ok) return head;
        const steps = r.steps.map((s) => `      ${s.type || s.name}: ${s.status}${s.description ? ` (${s.description})` : ""}`);
        return [head, ...steps].join("\n");
    });
    return (
        `Provision on demand did not provision ${failed.length} of ${results.length} principal${results.length === 1 ? "" : "s"}; ` +
        `the provisioning job was not started:\n${lines.join("\n")}\n` +
        "Fix the cause (assignment, token, mapping) and run `pulumi up` again; the check reruns then."
    );
}

function parseJson(text: string | undefined): any {
    if (typeof text !== "string" || text.trim() === "") return undefined;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
