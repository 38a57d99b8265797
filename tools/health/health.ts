/**
 * Is provisioning working for one customer? Reads the stack's outputs and asks the vendors, each
 * stack for its own side (config `mode`, components/modes.ts):
 *
 * - Entra (full and customer stacks): Graph's provisioning job (`GET /servicePrincipals/{sp}/
 *   synchronization/jobs/{job}`: status code, quarantine, the last cycle, escrows, what has been
 *   synchronized) and Entra's saved Tenant URL and Secret Token (`POST …/validateCredentials`);
 * - Auth0 (full and vendor stacks): the SCIM endpoint with the token (`GET {scimEndpointUrl}/
 *   ServiceProviderConfig` and `/Users?count=1`);
 * - the token's expiry: output `scimTokenValidUntil` (full, vendor), or config `scimTokenValidUntil`
 *   as the vendor handed it over (customer).
 *
 * Two kinds of bad news, kept apart: a finding (`error`: the job is quarantined, Auth0 refuses the
 * token) makes the stack unhealthy; a check that could not be made (`unknown`: nothing deployed yet, no
 * credentials of ours, no answer) leaves it "could not check", which says nothing about the customer.
 *
 * Each finding says what to do. Read-only: nothing is restarted or rotated here. Clients (Graph, fetch)
 * and the clock are injected, so tests run it against loopback emulators.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import type { SynchronizationJob, SynchronizationStatus, SynchronizationTaskExecution } from "@microsoft/microsoft-graph-types";
import { isMode, type Mode } from "../../components/modes";
import type { StackConfig, StackOutputs } from "../fleet/operations";
import { tokenExpiry, type TokenExpiry } from "../fleet/token";

/** `unknown`: the check could not be made; it says nothing about the customer's provisioning. */
export type Severity = "ok" | "info" | "warning" | "error" | "unknown";

export type Check = "stack" | "job" | "last cycle" | "escrows" | "provisioned" | "credentials" | "token" | "scim" | "group roles";

/** unhealthy: some finding is an error; unknown: none is, but some check could not be made. */
export type HealthStatus = "healthy" | "unhealthy" | "unknown";

export interface Finding {
    readonly check: Check;
    readonly severity: Severity;
    readonly finding: string;
    /** What to do about it; absent when nothing is needed. */
    readonly action?: string;
    /** The exact commands for it, each on its own line (to copy). */
    readonly commands?: readonly string[];
}

export interface HealthTarget {
    readonly stack: string;
    readonly outputs: StackOutputs;
    readonly config?: StackConfig;
}

export interface HealthClients {
    /** A Graph client whose paths are relative to `/v1.0` (providers/entra/graphClient.ts). Only called for full and customer stacks. */
    readonly graph: Pick<Client, "api">;
    /** For Auth0's SCIM endpoint: `retryingFetch` in production. */
    readonly fetch: typeof fetch;
    readonly now: () => Date;
}

export interface HealthReport {
    readonly stack: string;
    readonly mode: Mode;
    readonly status: HealthStatus;
    /** status is `healthy`: every check was made, and no finding is an `error`. */
    readonly healthy: boolean;
    readonly findings: readonly Finding[];
    /** Graph's job status as read (no secrets in it); absent when it could not be read. */
    readonly jobStatus?: SynchronizationStatus;
    readonly token?: TokenExpiry;
    /** `totalResults` of Auth0's SCIM `/Users`: users the connection holds. */
    readonly scimUsers?: number;
}

const PROJECT = "auth0-entra-scim";
const GRAPH = "https://graph.microsoft.com/v1.0";

/** Everything a finding's action text needs to name. */
interface Names {
    readonly stack: string;
    readonly mode: Mode;
    readonly sp: string;
    readonly job: string;
    /** The stack's `scimTokenGeneration` raised by one: what rotates the token now. */
    readonly nextGeneration: number;
}

/** The outputs each side's checks read. */
const ENTRA_OUTPUTS = ["provisioningServicePrincipalId", "provisioningJobId"];
const AUTH0_OUTPUTS = ["scimEndpointUrl", "scimToken"];

export function stackMode(config: StackConfig | undefined): Mode {
    const mode = config?.[`${PROJECT}:mode`]?.value;
    return isMode(mode) ? mode : "full";
}

/** The status the findings add up to. */
export function healthStatus(findings: readonly Finding[]): HealthStatus {
    if (findings.some((f) => f.severity === "error")) return "unhealthy";
    return findings.some((f) => f.severity === "unknown") ? "unknown" : "healthy";
}

/** A report that could not check anything: `finding` says why. */
export function uncheckedReport(stack: string, mode: Mode, finding: Omit<Finding, "severity">): HealthReport {
    return { stack, mode, status: "unknown", healthy: false, findings: [{ ...finding, severity: "unknown" }] };
}

export async function checkHealth(target: HealthTarget, clients: HealthClients): Promise<HealthReport> {
    const mode = stackMode(target.config);
    const value = (key: string) => {
        const v = target.outputs[key]?.value;
        return typeof v === "string" && v !== "" ? v : undefined;
    };
    const sp = value("provisioningServicePrincipalId");
    const jobId = value("provisioningJobId");
    const endpoint = value("scimEndpointUrl");
    const token = value("scimToken");
    const names: Names = { stack: target.stack, mode, sp: sp ?? "<sp>", job: jobId ?? "<job>", nextGeneration: nextTokenGeneration(target.config) };
    const up = `pulumi up --stack ${target.stack}`;

    if (Object.keys(target.outputs).length === 0) {
        return uncheckedReport(target.stack, mode, {
            check: "stack",
            finding: "never deployed: the stack has no outputs, so there is nothing to check yet",
            action: "deploy it",
            commands: [up],
        });
    }
    const entra = mode !== "vendor";
    const auth0 = mode !== "customer";
    const findings: Finding[] = [];
    const missing = (keys: readonly string[]) => keys.filter((k) => !value(k));
    const entraMissing = entra ? missing(ENTRA_OUTPUTS) : [];
    const auth0Missing = auth0 ? missing(AUTH0_OUTPUTS) : [];
    if (entraMissing.length > 0) {
        const firstRun = mode === "customer" && /^true$/i.test(target.config?.[`${PROJECT}:oidcAppOnly`]?.value ?? "");
        findings.push(
            firstRun
                ? {
                      check: "job",
                      severity: "unknown",
                      finding: "no provisioning job yet: the stack's first run (oidcAppOnly) made the OIDC app only",
                      action: "set tenantUrl and scimToken from the vendor, remove oidcAppOnly, then pulumi up",
                      commands: [`pulumi config rm --stack ${target.stack} ${PROJECT}:oidcAppOnly`, up],
                  }
                : {
                      check: "job",
                      severity: "unknown",
                      finding: `the Entra side cannot be checked: no ${entraMissing.join(", ")} output (its last up did not get that far, or an older program deployed it)`,
                      action: "run pulumi up, then health again",
                      commands: [up],
                  },
        );
    }
    if (auth0Missing.length > 0) {
        findings.push({
            check: "scim",
            severity: "unknown",
            finding: `the Auth0 side cannot be checked: no ${auth0Missing.join(", ")} output (its last up did not get that far, or an older program deployed it)`,
            action: "run pulumi up, then health again",
            commands: [up],
        });
    }

    const now = clients.now();
    // A customer stack has the vendor's token in config, with the expiry the vendor handed over.
    const expiryFrom: StackOutputs = auth0 ? target.outputs : { scimTokenValidUntil: { value: target.config?.[`${PROJECT}:scimTokenValidUntil`]?.value, secret: false } };
    const expiry = tokenExpiry(expiryFrom, target.config, now);
    const checkEntra = entra && entraMissing.length === 0;
    const checkAuth0 = auth0 && auth0Missing.length === 0;
    const [job, credentials, scim] = await Promise.all([
        checkEntra ? readJob(clients.graph, sp!, jobId!) : undefined,
        checkEntra ? validateCredentials(clients.graph, sp!, jobId!) : undefined,
        checkAuth0 ? probeScim(clients.fetch, endpoint!, token!) : undefined,
    ]);

    if (job && "error" in job) {
        findings.push(
            job.status === 404
                ? {
                      check: "job",
                      severity: "error",
                      finding: `the provisioning job is gone: ${job.error}`,
                      action: "it was deleted outside Pulumi: refresh the state, then recreate it",
                      commands: [`pulumi refresh --stack ${names.stack}`, up],
                  }
                : {
                      check: "job",
                      severity: "unknown",
                      finding: `could not read the provisioning job: ${job.error}`,
                      action: GRAPH_IDENTITY,
                  },
        );
    } else if (job) {
        findings.push(...jobFindings(job.job, names, credentials?.ok === false));
    }
    if (credentials) findings.push(credentialFinding(credentials, names, expiry));
    if (checkAuth0 || (mode === "customer" && expiry?.validUntil !== undefined)) findings.push(tokenFinding(expiry, names));
    if (scim) findings.push(...scimFindings(scim, names, expiry));
    if (auth0) findings.push(...groupRoleFindings(target.outputs, names));

    const status = healthStatus(findings);
    return {
        stack: target.stack,
        mode,
        status,
        healthy: status === "healthy",
        findings,
        ...(job && "job" in job ? { jobStatus: job.job.status ?? undefined } : {}),
        // A customer stack knows an expiry only when the vendor handed one over.
        ...(expiry && (auth0 || expiry.validUntil !== undefined) ? { token: expiry } : {}),
        ...(scim?.users !== undefined ? { scimUsers: scim.users } : {}),
    };
}

const GRAPH_IDENTITY =
    "check our Graph identity for this tenant (azuread:tenantId/clientId, ARM_*, or az login --tenant) and its Synchronization.ReadWrite.All permission, then run health again";

/** `scimTokenGeneration` + 1: raising it rotates the token by the safe sequence (new, handed over, confirmed, old revoked). */
export function nextTokenGeneration(config: StackConfig | undefined): number {
    const current = Number(config?.[`${PROJECT}:scimTokenGeneration`]?.value ?? 0);
    return (Number.isInteger(current) && current >= 0 ? current : 0) + 1;
}

export function restartCommand(sp: string, job: string): string {
    return (
        `az rest --method post --url '${GRAPH}/servicePrincipals/${sp}/synchronization/jobs/${job}/restart' ` +
        `--body '{"criteria":{"resetScope":"QuarantineState"}}'`
    );
}

function startCommand(sp: string, job: string): string {
    return `az rest --method post --url '${GRAPH}/servicePrincipals/${sp}/synchronization/jobs/${job}/start'`;
}

/** Entra's provisioning logs of this job (needs AuditLog.Read.All). */
export function logsCommand(job: string): string {
    return `az rest --url "${GRAPH}/auditLogs/provisioning?\\$filter=jobId eq '${job}'&\\$top=50"`;
}

function logs(job: string, what: string): Pick<Finding, "action" | "commands"> {
    return { action: `${what}: see the provisioning logs`, commands: [logsCommand(job)] };
}

function rotate(names: Names, expiry: TokenExpiry | undefined): Pick<Finding, "action" | "commands"> {
    if (names.mode === "customer") {
        // The token is the vendor's: they rotate it, the customer's stack takes the new one from config.
        return {
            action: "ask the vendor for a new SCIM token (their stack rotates it), then set it here and pulumi up",
            commands: [
                `pulumi config set --secret --stack ${names.stack} ${PROJECT}:scimToken <new token>`,
                // --plaintext: the CLI refuses a key whose name contains "token" without --secret or --plaintext.
                `pulumi config set --plaintext --stack ${names.stack} ${PROJECT}:scimTokenValidUntil <its expiry>`,
                `pulumi up --stack ${names.stack}`,
            ],
        };
    }
    const handOver = names.mode === "vendor" ? "; then hand the new token to the customer (npm run handoff)" : "";
    return expiry?.rotationDue
        ? { action: `rotate the token: it is inside its rotation window, so pulumi up rotates it${handOver}`, commands: [`pulumi up --stack ${names.stack}`] }
        : {
              action: `rotate the token now: raise scimTokenGeneration (outside its rotation window pulumi up keeps it)${handOver}`,
              commands: [`pulumi config set --stack ${names.stack} ${PROJECT}:scimTokenGeneration ${names.nextGeneration}`, `pulumi up --stack ${names.stack}`],
          };
}

// ---------------------------------------------------------------------------------------------- job

type JobRead = { job: SynchronizationJob } | { error: string; status?: number };

async function readJob(graph: Pick<Client, "api">, sp: string, job: string): Promise<JobRead> {
    try {
        return { job: (await graph.api(`/servicePrincipals/${enc(sp)}/synchronization/jobs/${enc(job)}`).get()) as SynchronizationJob };
    } catch (error) {
        return { error: graphMessage(error), status: graphStatus(error) };
    }
}

const credentialProblem = (e: { code?: string | null; message?: string | null } | null | undefined) =>
    !!e && /credential|unauthori[sz]ed|401|token/i.test(`${e.code ?? ""} ${e.message ?? ""}`);

function jobFindings(job: SynchronizationJob, names: Names, credentialsInvalid: boolean): Finding[] {
    const status = job.status ?? {};
    const last = status.lastExecution ?? undefined;
    const findings: Finding[] = [];
    const schedule = job.schedule ?? {};

    switch (status.code) {
        case "Active":
            findings.push({ check: "job", severity: "ok", finding: `Active, a cycle every ${describeInterval(schedule.interval)}` });
            break;
        case "Quarantine": {
            const q = status.quarantine ?? {};
            const cause = q.error ? `${q.error.code}: ${q.error.message}` : "no error given";
            const credentialCause = credentialsInvalid || credentialProblem(q.error);
            findings.push({
                check: "job",
                severity: "error",
                finding:
                    `Quarantine (${q.reason ?? "reason unknown"}) since ${q.currentBegan || "?"}, ` +
                    `series ${q.seriesCount ?? "?"}, next attempt ${q.nextAttempt || "?"}; ${cause}`,
                action:
                    (credentialCause ? "fix the credentials first (see the credentials and token rows), then " : "fix the cause, then ") +
                    "restart the job with resetScope QuarantineState",
                commands: [restartCommand(names.sp, names.job)],
            });
            break;
        }
        case "Paused":
            findings.push({
                check: "job",
                severity: "error",
                finding: "Paused: Provisioning Status is Off, nothing is provisioned",
                action: "turn it back on if nobody paused it on purpose: start the job (the stack does not restart a job paused by hand)",
                commands: [startCommand(names.sp, names.job)],
            });
            break;
        case "NotRun":
            findings.push(
                schedule.state === "Disabled"
                    ? {
                          check: "job",
                          severity: "error",
                          finding: "NotRun and its schedule is Disabled: the job was never started",
                          action: "start it: the stack keeps it enabled (refresh, then up), or start the job",
                          commands: [`pulumi up --refresh --stack ${names.stack}`, startCommand(names.sp, names.job)],
                      }
                    : {
                          check: "job",
                          severity: "warning",
                          finding: `NotRun: started, the first cycle has not run yet (one every ${describeInterval(schedule.interval)})`,
                          action: "wait for the first cycle; run health again after it",
                      },
            );
            break;
        default:
            findings.push({
                check: "job",
                severity: "error",
                finding: `status ${status.code ?? "unknown"}: provisioning is not configured`,
                action: "configure it",
                commands: [`pulumi up --stack ${names.stack}`],
            });
    }

    if (status.code !== "Quarantine" && (status.countSuccessiveCompleteFailures ?? 0) > 0) {
        findings.push({
            check: "last cycle",
            severity: "warning",
            finding: `${status.countSuccessiveCompleteFailures} successive complete failure(s); Entra quarantines the job if they go on`,
            ...logs(names.job, "find the cause"),
        });
    }

    if (last) {
        const when = last.timeEnded ?? last.timeBegan ?? "?";
        const counts = describeCounts(last);
        if (last.state === "Failed") {
            const sameAsQuarantine = status.code === "Quarantine" && status.quarantine?.error?.code === last.error?.code;
            findings.push({
                check: "last cycle",
                severity: status.code === "Quarantine" ? "warning" : "error",
                finding: `failed at ${when}: ${last.error ? `${last.error.code}: ${last.error.message}` : "no error given"}` +
                    (sameAsQuarantine ? " (the quarantine's cause)" : ""),
                ...(credentialProblem(last.error) ? { action: "see the credentials and token rows" } : logs(names.job, "find the cause")),
            });
        } else if (last.state === "EntryLevelErrors") {
            findings.push({
                check: "last cycle",
                severity: "warning",
                finding: `ended ${when} with entry-level errors; ${counts}`,
                ...logs(names.job, "some users or groups failed"),
            });
        } else {
            findings.push({ check: "last cycle", severity: "ok", finding: `${last.state ?? "ended"} at ${when}; ${counts}` });
        }

        const escrowed = last.countEscrowed ?? 0;
        if (escrowed > 0 || status.escrowsPruned) {
            findings.push({
                check: "escrows",
                severity: "warning",
                finding:
                    (escrowed > 0 ? `${escrowed} entr${escrowed === 1 ? "y" : "ies"} escrowed in the last cycle (failed, retried next cycle)` : "") +
                    (escrowed > 0 && status.escrowsPruned ? "; " : "") +
                    (status.escrowsPruned ? "escrows were pruned: some entries were given up on" : ""),
                ...logs(names.job, "check the attribute mappings and the failing entries"),
            });
        }
    } else if (status.code === "Active") {
        findings.push({ check: "last cycle", severity: "info", finding: "no cycle has finished yet" });
    }

    const synced = status.synchronizedEntryCountByType ?? [];
    const total = synced.reduce((sum, pair) => sum + (pair.value ?? 0), 0);
    const userEntries = synced.filter((pair) => /user/i.test(pair.key ?? ""));
    const users = userEntries.reduce((sum, pair) => sum + (pair.value ?? 0), 0);
    const hasRun = !!(status.lastSuccessfulExecution || last?.state === "Succeeded" || last?.state === "EntryLevelErrors");
    if (hasRun && (total === 0 || (userEntries.length > 0 && users === 0))) {
        const entitled = last?.countEntitled;
        findings.push({
            check: "provisioned",
            severity: "warning",
            finding:
                "no users provisioned" +
                (entitled === 0 ? ": no assigned user or group is in scope (countEntitled 0)" : entitled ? ` although ${entitled} entitled` : ""),
            action:
                entitled === 0
                    ? "assign users or groups (config assignedUsers / assignedGroups, then pulumi up)"
                    : "assign users / check the attribute mappings and scoping filters",
        });
    } else if (total > 0) {
        findings.push({
            check: "provisioned",
            severity: "ok",
            finding: synced.map((pair) => `${pair.key}: ${pair.value}`).join(", "),
        });
    }
    return findings;
}

function describeCounts(e: SynchronizationTaskExecution): string {
    const parts: Array<[string, number | undefined]> = [
        ["entitled", e.countEntitled],
        ["imported", e.countImported],
        ["exported", e.countExported],
        ["escrowed", e.countEscrowed],
    ];
    return parts.filter(([, n]) => n !== undefined).map(([k, n]) => `${k} ${n}`).join(", ") || "no counts";
}

/** `PT40M` → `40 min`; anything unusual is shown as Graph gave it. */
function describeInterval(interval: string | undefined): string {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(interval ?? "");
    if (!m || (!m[1] && !m[2])) return interval ?? "?";
    return [m[1] && `${m[1]} h`, m[2] && `${m[2]} min`].filter(Boolean).join(" ");
}

// -------------------------------------------------------------------------------------- credentials

/**
 * `ok: false` is Graph's verdict on the saved credentials; `ok: undefined` means we could not ask (our own
 * Graph sign-in or permission failed, or Graph did not answer), which says nothing about the token.
 */
type CredentialCheck = { ok: true } | { ok: false; error: string } | { ok: undefined; error: string };

async function validateCredentials(graph: Pick<Client, "api">, sp: string, job: string): Promise<CredentialCheck> {
    try {
        await graph.api(`/servicePrincipals/${enc(sp)}/synchronization/jobs/${enc(job)}/validateCredentials`).post({ useSavedCredentials: true });
        return { ok: true };
    } catch (error) {
        const status = graphStatus(error);
        const ours = status === undefined || status === 401 || status === 403 || status === 404 || status >= 500;
        return { ok: ours ? undefined : false, error: graphMessage(error) };
    }
}

function credentialFinding(check: CredentialCheck, names: Names, expiry: TokenExpiry | undefined): Finding {
    if (check.ok) return { check: "credentials", severity: "ok", finding: "Entra's saved Tenant URL and Secret Token validate" };
    if (check.ok === undefined) {
        return { check: "credentials", severity: "unknown", finding: `could not validate Entra's saved credentials: ${check.error}`, action: GRAPH_IDENTITY };
    }
    return {
        check: "credentials",
        severity: "error",
        finding: `Entra's saved credentials do not validate: ${check.error}`,
        ...rotate(names, expiry),
    };
}

// -------------------------------------------------------------------------------------------- token

function tokenFinding(expiry: TokenExpiry | undefined, names: Names): Finding {
    if (!expiry || expiry.validUntil === undefined) return { check: "token", severity: "ok", finding: "never expires" };
    if (expiry.daysToExpiry === undefined) {
        return { check: "token", severity: "warning", finding: `scimTokenValidUntil ${JSON.stringify(expiry.validUntil)} is not a date`, ...rotate(names, expiry) };
    }
    if (expiry.expired) {
        return {
            check: "token",
            severity: "error",
            finding: `expired ${expiry.validUntil}: Auth0 refuses it, nothing is provisioned`,
            ...rotate(names, expiry),
        };
    }
    if (expiry.rotationDue) {
        return {
            check: "token",
            severity: "warning",
            finding: `expires ${expiry.validUntil}, in ${expiry.daysToExpiry} day(s): inside the ${expiry.rotateBeforeDays}-day rotation window`,
            ...rotate(names, expiry),
        };
    }
    return {
        check: "token",
        severity: "ok",
        finding: `expires ${expiry.validUntil}, in ${expiry.daysToExpiry} day(s); rotated by the first pulumi up in the last ${expiry.rotateBeforeDays} days`,
    };
}

// -------------------------------------------------------------------------------------- group roles

/** One entry of output `groupRolesPending` (components/auth0/groupRoles.ts). */
export interface PendingGroup {
    readonly entraGroupId: string;
    readonly groupName?: string;
    readonly status?: string;
}

/** Output `groupRolesPending`: the groupRoles groups Entra has not provisioned yet (empty or absent: none). */
export function pendingGroups(outputs: StackOutputs | undefined): PendingGroup[] {
    const value = outputs?.groupRolesPending?.value;
    if (!Array.isArray(value)) return [];
    return value.filter((p): p is PendingGroup => typeof p?.entraGroupId === "string" && p.entraGroupId !== "");
}

/** `pending: waiting for Entra to provision group Finance (0a9b…)`: the one line fleet and health show. */
export function describePending(group: PendingGroup): string {
    const name = typeof group.groupName === "string" && group.groupName !== "" ? `${group.groupName} (${group.entraGroupId})` : group.entraGroupId;
    return `pending: waiting for Entra to provision group ${name}`;
}

/** A pending group is a warning, never unhealthy: Entra's first cycle can take 40 minutes (docs/organizations.md). */
function groupRoleFindings(outputs: StackOutputs, names: Names): Finding[] {
    return pendingGroups(outputs).map((group) => ({
        check: "group roles",
        severity: "warning",
        finding: `${describePending(group)}: its Auth0 roles are bound by the next pulumi up after Entra sends it`,
        action: "wait for a cycle, then pulumi up; if it stays pending, assign the group to the provisioning app and check its Group mapping",
        commands: [`pulumi up --stack ${names.stack}`],
    }));
}

// --------------------------------------------------------------------------------------------- scim

interface ScimAnswer {
    readonly path: string;
    readonly status?: number;
    readonly detail?: string;
    readonly body?: any;
}

interface ScimProbe {
    readonly answers: readonly ScimAnswer[];
    readonly users?: number;
}

async function probeScim(fetcher: typeof fetch, endpoint: string, token: string): Promise<ScimProbe> {
    // The Tenant URL form carries `?aadOptscim062020`; the SCIM base is the path alone.
    const base = new URL(endpoint);
    base.search = "";
    const root = base.toString().replace(/\/+$/, "");
    const ask = async (path: string): Promise<ScimAnswer> => {
        try {
            const response = await fetcher(`${root}${path}`, {
                headers: { Authorization: `Bearer ${token}`, Accept: "application/scim+json, application/json" },
            });
            const text = await response.text();
            let body: any;
            try {
                body = text ? JSON.parse(text) : undefined;
            } catch {
                body = undefined;
            }
            const detail = body?.detail ?? body?.message ?? (response.ok ? undefined : text.slice(0, 200));
            return { path, status: response.status, detail: typeof detail === "string" ? detail : undefined, body };
        } catch (error) {
            return { path, detail: (error as Error).message };
        }
    };
    const answers = await Promise.all([ask("/ServiceProviderConfig"), ask("/Users?count=1")]);
    const users = answers[1].status === 200 && typeof answers[1].body?.totalResults === "number" ? answers[1].body.totalResults : undefined;
    return { answers, users };
}

function scimFindings(probe: ScimProbe, names: Names, expiry: TokenExpiry | undefined): Finding[] {
    const failed = probe.answers.filter((a) => a.status !== 200);
    if (failed.length === 0) {
        return [
            {
                check: "scim",
                severity: "ok",
                finding: `Auth0 accepts the token (ServiceProviderConfig 200, Users 200); the connection holds ${probe.users ?? "?"} SCIM user(s)`,
            },
        ];
    }
    return failed.map((a): Finding => {
        const what = `GET ${a.path.split("?")[0]}`;
        if (a.status === 401) {
            return { check: "scim", severity: "error", finding: `${what}: 401, Auth0 refuses the token${a.detail ? ` (${a.detail})` : ""}`, ...rotate(names, expiry) };
        }
        if (a.status === 403) {
            return {
                check: "scim",
                severity: "error",
                finding: `${what}: 403, the token lacks a scope${a.detail ? ` (${a.detail})` : ""}`,
                ...rotate(names, expiry),
                action: `${rotate(names, expiry).action}; the new token gets the scopes the stack asks for`,
            };
        }
        if (a.status === undefined) {
            return { check: "scim", severity: "unknown", finding: `${what}: no answer (${a.detail ?? "connection failed"})`, action: "check the scimEndpointUrl output and the network; run health again" };
        }
        if (a.status >= 500 || a.status === 429) {
            return { check: "scim", severity: "unknown", finding: `${what}: HTTP ${a.status}${a.detail ? ` (${a.detail})` : ""}`, action: "Auth0 did not answer the check: retry later; if it persists, check Auth0's status page" };
        }
        return {
            check: "scim",
            severity: "error",
            finding: `${what}: HTTP ${a.status}${a.detail ? ` (${a.detail})` : ""}`,
            ...(a.status === 404
                ? {
                      action: "the connection or its SCIM configuration is gone: refresh the state, then recreate it",
                      commands: [`pulumi refresh --stack ${names.stack}`, `pulumi up --stack ${names.stack}`],
                  }
                : { action: "check the scimEndpointUrl output and the token's scopes" }),
        };
    });
}

// ---------------------------------------------------------------------------------------- helpers

const enc = encodeURIComponent;

function graphStatus(error: unknown): number | undefined {
    const s = (error as { statusCode?: unknown })?.statusCode;
    return typeof s === "number" && s > 0 ? s : undefined;
}

/** `HTTP 400 Code: message` from a GraphError; never headers or bodies beyond Graph's own message. */
export function graphMessage(error: unknown): string {
    const e = error as { statusCode?: unknown; code?: unknown; message?: unknown };
    const status = graphStatus(error);
    const message = typeof e?.message === "string" && e.message !== "" ? e.message : String(error);
    const code = typeof e?.code === "string" && e.code !== "" ? `${e.code}: ` : "";
    return `${status ? `HTTP ${status} ` : ""}${code}${message}`;
}
