/**
 * One provisioning cycle, as Entra runs it for a started job, against the Graph emulator's tenant: the
 * users and groups assigned to the job's service principal, mapped with the job's schema as our
 * provider wrote it, sent to the SCIM endpoint in the job's `BaseAddress` secret with its `SecretToken`.
 *
 * - Only a job whose status is `Active` runs; a paused (or quarantined) one does nothing.
 * - User: the User object mapping's attribute mappings whose source is an `Attribute` (objectId,
 *   userPrincipalName, mail, mailNickname, displayName, givenName, surname, jobTitle) or the `active`
 *   Switch([IsSoftDeleted]) function; `externalId` is searched (`GET /Users?filter=externalId eq "…"`),
 *   then PATCHed when found, else POSTed.
 * - Group: only when the Group object mapping is `enabled`, with the requests Microsoft documents for
 *   the provisioning service ("Tutorial: Develop and plan provisioning for a SCIM endpoint in Microsoft
 *   Entra ID", Group operations, https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups):
 *   a group it exported before is read back by its SCIM id (`GET /Groups/{id}?excludedAttributes=
 *   members`); one it has not is looked up with `GET /Groups?excludedAttributes=members&filter=
 *   <matching attribute> eq "…"` (the mapping's matchingPriority 1 target: `displayName` by default,
 *   "groups are queried with displayName"); if none, `POST /Groups` without members ("Groups are
 *   created with an empty members list"); else a `PATCH` Replace of the non-member attributes that
 *   differ (a rename); then members by `PATCH` `Add` / `Remove` on `members` with `[{"$ref": null,
 *   value}]`. The attributes are the Group mapping's: Entra's default (and the `scim` template's) is
 *   externalId ← objectId, displayName ← displayName, members ← members (same page, "group
 *   attributes" table). Members are the SCIM ids of the group's members that were provisioned in this
 *   cycle; removals are of members earlier cycles exported. Entra keeps that record (which target id,
 *   which members) itself; here it is kept per Graph emulator and job.
 * - Provision on demand of one group (`provisionGroupOnDemand`, what the Graph emulator's
 *   `provisionOnDemand` runs for a Group subject): the same requests for that group and the up to five
 *   user members picked in the subject's `links.members`, on a started job or not; members already
 *   exported stay.
 * - The `?aadOptscim062020` flag is stripped from the Tenant URL, as Entra does.
 * - The job's status gets `lastExecution` / `lastSuccessfulExecution` (counts and state); a 401 from the
 *   SCIM endpoint moves the job toward quarantine (`countSuccessiveCompleteFailures`, `quarantine`
 *   with reason `EncounteredQuarantineException`), as Graph reports a job whose token is refused.
 */
import type { SynchronizationJob, SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import type { DirectoryGroup, DirectoryUser, GraphEmulator, OnDemandOutcome } from "./graph";

export interface CycleOptions {
    /** Default: the only service principal with a started job. */
    readonly servicePrincipalId?: string;
    /** Default: the service principal's only job. */
    readonly jobId?: string;
    readonly fetch?: typeof fetch;
}

export interface CycleSummary {
    readonly ran: boolean;
    /** Why nothing ran (a paused job). */
    readonly skipped?: string;
    readonly usersSent: number;
    readonly groupsSent: number;
    readonly errors: string[];
    /** The SCIM requests made, as `METHOD path` lines. */
    readonly requests: string[];
}

type Mapping = { targetAttributeName?: string | null; source?: { type?: string | null; name?: string | null; expression?: string | null } | null };

const QUARANTINE_AFTER = 1;

export async function runProvisioningCycle(graph: GraphEmulator, options: CycleOptions = {}): Promise<CycleSummary> {
    const send = options.fetch ?? globalThis.fetch;
    const spId = options.servicePrincipalId ?? onlyStartedServicePrincipal(graph);
    const job = options.jobId ? graph.job(spId, options.jobId) : onlyJob(graph, spId);
    if (!job?.id) throw new Error(`no synchronization job on service principal ${spId}`);
    const jobId = job.id;
    const empty = (skipped: string): CycleSummary => ({ ran: false, skipped, usersSent: 0, groupsSent: 0, errors: [], requests: [] });
    if (job.status?.code !== "Active") return empty(`the job is ${job.status?.code ?? "not started"}`);

    const schema = graph.schema(spId, jobId);
    const secrets = graph.secrets(spId) ?? {};
    const started = new Date().toISOString();
    const errors: string[] = [];
    const requests: string[] = [];
    let unauthorized = false;
    if (!schema) errors.push("the job has no schema");
    if (!secrets.BaseAddress || !secrets.SecretToken) errors.push("the job has no BaseAddress or SecretToken secret");

    let usersSent = 0;
    let groupsSent = 0;
    // Graph's count of synchronized objects per mapping, keyed "<source> to <target>" (stringKeyLongValuePair:
    // "the mapping of the user type from the source system to the target system", e.g. "User to User").
    let entryCounts: { key: string; value: number }[] = [];
    const scimIds = new Map<string, string>();
    if (errors.length === 0) {
        const scim = scimClient(secrets, send, requests, () => (unauthorized = true));
        const rule = schema!.synchronizationRules?.[0];
        const mappingOf = (object: "User" | "Group") => rule?.objectMappings?.find((m) => m.sourceObjectName === object);
        const userMapping = mappingOf("User");
        const groupMapping = mappingOf("Group");
        const countOf = (m: typeof userMapping, value: () => number) => (m?.enabled ? [{ key: `${m.sourceObjectName!.toLowerCase()} to ${m.targetObjectName}`, value: value() }] : []);
        const countEntries = () => [...countOf(userMapping, () => usersSent), ...countOf(groupMapping, () => groupsSent)];
        const assigned = graph.assignments(spId);
        const userIds = new Set<string>();
        const groupIds: string[] = [];
        for (const a of assigned) {
            if (a.principalType === "User") userIds.add(a.principalId);
            if (a.principalType === "Group") {
                groupIds.push(a.principalId);
                // Assigning a group brings its user members into scope.
                for (const member of graph.group(a.principalId)?.members ?? []) if (graph.user(member)) userIds.add(member);
            }
        }

        const upsert = (resource: "Users" | "Groups", body: Record<string, unknown>, label: string) => upsertResource(scim, resource, body, label, errors);

        if (userMapping?.enabled !== false && userMapping) {
            for (const id of userIds) {
                if (unauthorized) break;
                const user = graph.user(id);
                if (!user) continue;
                const body = mapUser(user, (userMapping.attributeMappings ?? []) as Mapping[]);
                const scimId = await upsert("Users", body, `user ${user.userPrincipalName}`);
                if (scimId) {
                    scimIds.set(id, scimId);
                    usersSent++;
                }
            }
        }
        if (groupMapping?.enabled && !unauthorized) {
            const mappings = (groupMapping.attributeMappings ?? []) as Mapping[];
            const exported = exportedMembers(graph);
            for (const id of groupIds) {
                if (unauthorized) break;
                const group = graph.group(id);
                if (!group) continue;
                const key = `${spId}/${jobId}/${group.id}`;
                const pushed = await pushGroup(scim, mapGroup(group, mappings, scimIds), matchingTarget(mappings), exported.get(key), `group ${group.displayName}`, errors);
                if (pushed) {
                    exported.set(key, pushed);
                    groupsSent++;
                }
            }
        }
        entryCounts = countEntries();
    }

    const finished = new Date().toISOString();
    const state = errors.length === 0 ? "Succeeded" : unauthorized || usersSent + groupsSent === 0 ? "Failed" : "CompletedWithErrors";
    const execution = {
        activityIdentifier: `cycle-${Date.now()}`,
        countEntitled: usersSent + groupsSent,
        countEntitledForProvisioning: usersSent + groupsSent,
        countEscrowed: 0,
        countEscrowedRaw: 0,
        countExported: usersSent + groupsSent,
        countExports: usersSent + groupsSent,
        countImported: usersSent + groupsSent,
        countImportedDeltas: 0,
        countImportedReferenceDeltas: 0,
        error: errors.length === 0 ? null : { code: unauthorized ? "SystemForCrossDomainIdentityManagementServiceUnauthorized" : "SystemForCrossDomainIdentityManagementServiceError", message: errors[0], tenantActionable: true },
        state,
        timeBegan: started,
        timeEnded: finished,
    };
    const status = graph.job(spId, jobId)!.status!;
    const failures = state === "Failed" ? (status.countSuccessiveCompleteFailures ?? 0) + 1 : 0;
    graph.patchJob(spId, jobId, {
        status: {
            lastExecution: execution,
            ...(state === "Succeeded" ? { lastSuccessfulExecution: execution, lastSuccessfulExecutionWithExports: execution, synchronizedEntryCountByType: entryCounts } : {}),
            countSuccessiveCompleteFailures: failures,
            ...(unauthorized && failures >= QUARANTINE_AFTER
                ? {
                      code: "Quarantine",
                      quarantine: {
                          currentBegan: status.quarantine?.currentBegan ?? finished,
                          nextAttempt: new Date(Date.now() + 6 * 3_600_000).toISOString(),
                          reason: "EncounteredQuarantineException",
                          seriesBegan: status.quarantine?.seriesBegan ?? finished,
                          seriesCount: (status.quarantine?.seriesCount ?? 0) + 1,
                          error: { code: "SystemForCrossDomainIdentityManagementServiceUnauthorized", message: "The SCIM endpoint refused the Secret Token (HTTP 401).", tenantActionable: true },
                      },
                  }
                : {}),
        } as SynchronizationJob["status"],
    });
    return { ran: true, usersSent, groupsSent, errors, requests };
}

/**
 * At most this many group members in one on-demand run of a group. Microsoft: "you can search for a
 * group and pick up to five users" ("On-demand provisioning in Microsoft Entra ID",
 * https://learn.microsoft.com/en-us/entra/identity/app-provisioning/provision-on-demand); Graph names
 * them in the subject's `links.members` ("All group members that you would like to provision",
 * synchronizationLinkedObjects, https://learn.microsoft.com/en-us/graph/api/resources/synchronization-synchronizationlinkedobjects).
 */
export const ON_DEMAND_GROUP_MEMBERS = 5;

export interface OnDemandGroupOptions {
    /** The members picked (`links.members`, users of the group); none given, none are sent. */
    readonly memberIds?: readonly string[];
    readonly fetch?: typeof fetch;
}

/** What an on-demand run of one group did: Graph's verdict, and the SCIM requests made. */
export type OnDemandGroupPush = OnDemandOutcome & { readonly membersSent: number; readonly requests: string[] };

/**
 * Provision on demand of one assigned group, as the cycle sends it (see the file header), whether or
 * not the job is started: its picked members first (users, when the User mapping is on), then the
 * group with those members; with none picked, the group alone (what our ProvisionOnDemandCheck
 * sends). Members earlier runs exported stay (an on-demand run only adds). What
 * it exported is recorded, so the next cycle reads the group back by its SCIM id.
 */
export async function provisionGroupOnDemand(graph: GraphEmulator, spId: string, jobId: string, groupId: string, options: OnDemandGroupOptions = {}): Promise<OnDemandGroupPush> {
    const requests: string[] = [];
    const errors: string[] = [];
    let unauthorized = false;
    const verdict = (result: OnDemandOutcome["result"], reason?: string, membersSent = 0): OnDemandGroupPush => ({
        result,
        ...(reason ? { reason } : {}),
        ...(result === "Failure" ? { errorCode: unauthorized ? "SystemForCrossDomainIdentityManagementServiceUnauthorized" : "SystemForCrossDomainIdentityManagementServiceError" } : {}),
        membersSent,
        requests,
    });
    const group = graph.group(groupId);
    if (!group) return verdict("Failure", `Group '${groupId}' was not found in the directory`);
    const secrets = graph.secrets(spId) ?? {};
    const rule = graph.schema(spId, jobId)?.synchronizationRules?.[0];
    if (!rule) return verdict("Failure", "The job has no schema");
    if (!secrets.BaseAddress || !secrets.SecretToken) return verdict("Failure", "The job has no BaseAddress or SecretToken secret");
    const mappingOf = (object: "User" | "Group") => rule.objectMappings?.find((m) => m.sourceObjectName === object);
    const groupMapping = mappingOf("Group");
    const userMapping = mappingOf("User");
    if (!groupMapping?.enabled) return verdict("Skipped", "Groups are not provisioned: the Group object mapping is disabled");
    if (!graph.assignments(spId).some((a) => a.principalType === "Group" && a.principalId === group.id)) {
        return verdict("Skipped", `Group '${group.displayName}' is not assigned to the application`);
    }

    const scim = scimClient(secrets, options.fetch ?? globalThis.fetch, requests, () => (unauthorized = true));
    const userMembers = group.members.filter((m) => graph.user(m));
    const picked = (options.memberIds ?? []).filter((m) => userMembers.includes(m)).slice(0, ON_DEMAND_GROUP_MEMBERS);
    const scimIds = new Map<string, string>();
    if (userMapping?.enabled !== false && userMapping) {
        for (const id of picked) {
            const user = graph.user(id)!;
            const scimId = await upsertResource(scim, "Users", mapUser(user, (userMapping.attributeMappings ?? []) as Mapping[]), `user ${user.userPrincipalName}`, errors);
            if (unauthorized || errors.length > 0) return verdict("Failure", errors[0]);
            scimIds.set(id, scimId!);
        }
    }
    const mappings = (groupMapping.attributeMappings ?? []) as Mapping[];
    const exported = exportedMembers(graph);
    const key = `${spId}/${jobId}/${group.id}`;
    const previous = exported.get(key);
    const body = mapGroup(group, mappings, scimIds) as Record<string, unknown> & { members?: Array<{ value: string }> };
    if (body.members && previous) {
        const picks = body.members.map((m) => m.value);
        body.members = [...new Set([...previous.members, ...picks])].map((value) => ({ value }));
    }
    const pushed = await pushGroup(scim, body, matchingTarget(mappings), previous, `group ${group.displayName}`, errors);
    if (!pushed) return verdict("Failure", errors[0]);
    exported.set(key, pushed);
    return verdict("Success", undefined, scimIds.size);
}

type Scim = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** SCIM requests to the job's `BaseAddress` (its `?aadOptscim062020` flag stripped) with its `SecretToken`, recorded as `METHOD path`. */
function scimClient(secrets: Record<string, string>, send: typeof fetch, requests: string[], onUnauthorized: () => void): Scim {
    const base = secrets.BaseAddress.split("?")[0].replace(/\/+$/, "");
    return async (method, path, body) => {
        requests.push(`${method} ${path.split("?")[0]}`);
        const response = await send(`${base}${path}`, {
            method,
            headers: { Authorization: `Bearer ${secrets.SecretToken}`, Accept: "application/scim+json", ...(body ? { "Content-Type": "application/scim+json" } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        if (response.status === 401) onUnauthorized();
        let parsed: any;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        } catch {
            parsed = text;
        }
        return { status: response.status, body: parsed };
    };
}

/** A user (or group) searched by `externalId`, then PATCHed when found, else POSTed; its SCIM id, or undefined (the error recorded). */
async function upsertResource(scim: Scim, resource: "Users" | "Groups", body: Record<string, unknown>, label: string, errors: string[]): Promise<string | undefined> {
    const externalId = body.externalId as string | undefined;
    if (!externalId) {
        errors.push(`${label}: no externalId`);
        return undefined;
    }
    const found = await scim("GET", `/${resource}?filter=${encodeURIComponent(`externalId eq "${externalId}"`)}`);
    if (found.status >= 400) {
        errors.push(`${label}: GET /${resource} answered ${found.status}`);
        return undefined;
    }
    const existing = found.body?.Resources?.[0];
    if (existing?.id) {
        const { schemas: _schemas, ...fields } = body;
        const patched = await scim("PATCH", `/${resource}/${existing.id}`, {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: Object.entries(fields).map(([path, value]) => ({ op: "replace", path, value })),
        });
        if (patched.status >= 400) errors.push(`${label}: PATCH answered ${patched.status}`);
        return patched.status < 400 ? existing.id : undefined;
    }
    const created = await scim("POST", `/${resource}`, body);
    if (created.status >= 400) {
        errors.push(`${label}: POST answered ${created.status}${created.body?.detail ? `: ${created.body.detail}` : ""}`);
        return undefined;
    }
    return created.body?.id;
}
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const GROUP_SCHEMAS = ["urn:ietf:params:scim:schemas:core:2.0:Group", "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"];

/** What a cycle exported for one group: its SCIM id and member SCIM ids. */
interface ExportedGroup {
    readonly id: string;
    readonly members: readonly string[];
}

/** Per Graph emulator: `${sp}/${job}/${group object id}` -> what was last exported. */
const exportedByGraph = new WeakMap<GraphEmulator, Map<string, ExportedGroup>>();
function exportedMembers(graph: GraphEmulator): Map<string, ExportedGroup> {
    if (!exportedByGraph.has(graph)) exportedByGraph.set(graph, new Map());
    return exportedByGraph.get(graph)!;
}

/** The target attribute Entra matches groups on (matchingPriority 1), `displayName` by default. */
function matchingTarget(mappings: readonly Mapping[]): string {
    const matching = mappings.filter((m) => (m as { matchingPriority?: number }).matchingPriority === 1 && m.targetAttributeName);
    return matching[0]?.targetAttributeName ?? "displayName";
}

const scimString = (value: unknown) => `"${String(value).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/**
 * One group, as the provisioning service sends it (see the file header); what is now exported, or
 * undefined when a request failed (the error is recorded).
 */
async function pushGroup(
    scim: Scim,
    body: Record<string, unknown>,
    matchOn: string,
    previous: ExportedGroup | undefined,
    label: string,
    errors: string[],
): Promise<ExportedGroup | undefined> {
    const { members, schemas: _schemas, ...attributes } = body as { members?: Array<{ value: string }>; schemas?: unknown } & Record<string, unknown>;
    const wanted = (members ?? []).map((m) => m.value);
    const fail = (what: string, response: { status: number; body: any }) => {
        errors.push(`${label}: ${what} answered ${response.status}${response.body?.detail ? `: ${response.body.detail}` : ""}`);
        return undefined;
    };
    if (attributes[matchOn] === undefined) {
        errors.push(`${label}: no ${matchOn} to match on`);
        return undefined;
    }
    let existing: any;
    if (previous) {
        const known = await scim("GET", `/Groups/${encodeURIComponent(previous.id)}?excludedAttributes=members`);
        if (known.status >= 400 && known.status !== 404) return fail("GET /Groups/{id}", known);
        existing = known.status === 404 ? undefined : known.body;
    }
    if (!existing) {
        const found = await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`${matchOn} eq ${scimString(attributes[matchOn])}`)}`);
        if (found.status >= 400) return fail("GET /Groups", found);
        existing = found.body?.Resources?.[0];
    }
    let groupId: string;
    let exported: readonly string[];
    if (!existing?.id) {
        const created = await scim("POST", "/Groups", { schemas: GROUP_SCHEMAS, ...attributes, meta: { resourceType: "Group" } });
        if (created.status >= 400 || !created.body?.id) return fail("POST /Groups", created);
        groupId = created.body.id;
        exported = [];
    } else {
        groupId = existing.id;
        exported = previous && previous.id === existing.id ? previous.members : [];
        const changed = Object.entries(attributes).filter(([k, v]) => JSON.stringify(existing[k]) !== JSON.stringify(v));
        if (changed.length > 0) {
            const replaced = await scim("PATCH", `/Groups/${encodeURIComponent(groupId)}`, {
                schemas: [PATCH_OP],
                Operations: changed.map(([path, value]) => ({ op: "Replace", path, value })),
            });
            if (replaced.status >= 400) return fail("PATCH (Replace)", replaced);
        }
    }
    const memberOp = async (op: "Add" | "Remove", ids: readonly string[]) => {
        if (ids.length === 0) return true;
        const patched = await scim("PATCH", `/Groups/${encodeURIComponent(groupId)}`, {
            schemas: [PATCH_OP],
            Operations: [{ op, path: "members", value: ids.map((value) => ({ $ref: null, value })) }],
        });
        if (patched.status >= 400) fail(`PATCH (${op} members)`, patched);
        return patched.status < 400;
    };
    if (!(await memberOp("Add", wanted.filter((m) => !exported.includes(m))))) return undefined;
    if (!(await memberOp("Remove", exported.filter((m) => !wanted.includes(m))))) return undefined;
    return { id: groupId, members: wanted };
}

/** The SCIM user body the User mapping makes for a directory user. */
export function mapUser(user: DirectoryUser, mappings: readonly Mapping[]): Record<string, unknown> {
    const body: Record<string, any> = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"] };
    const source = user as unknown as Record<string, unknown>;
    for (const mapping of mappings) {
        const target = mapping.targetAttributeName;
        if (!target || !mapping.source) continue;
        let value: unknown;
        if (mapping.source.type === "Attribute") value = mapping.source.name === "objectId" ? user.id : source[mapping.source.name ?? ""];
        else if (mapping.source.type === "Function" && /IsSoftDeleted/.test(mapping.source.expression ?? "")) value = user.accountEnabled;
        else if (mapping.source.type === "Constant") value = mapping.source.expression;
        else continue;
        if (value === undefined || value === null || value === "") continue;
        setScim(body, target, value);
    }
    return body;
}

export function mapGroup(group: DirectoryGroup, mappings: readonly Mapping[], scimIds: ReadonlyMap<string, string>): Record<string, unknown> {
    const body: Record<string, any> = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"] };
    for (const mapping of mappings) {
        const target = mapping.targetAttributeName;
        if (!target || mapping.source?.type !== "Attribute") continue;
        const name = mapping.source.name;
        if (name === "members") {
            body.members = group.members.filter((m) => scimIds.has(m)).map((m) => ({ value: scimIds.get(m) }));
            continue;
        }
        const value = name === "objectId" ? group.id : (group as unknown as Record<string, unknown>)[name ?? ""];
        if (value !== undefined && value !== null && value !== "") setScim(body, target, value);
    }
    return body;
}

/** `emails[type eq "work"].value`, `name.givenName`, `urn:…:User:department`, or a plain attribute. */
function setScim(body: Record<string, any>, target: string, value: unknown): void {
    const extension = /^(urn:ietf:params:scim:schemas:extension:[^:]+:[^:]+:User):(.+)$/.exec(target);
    if (extension) {
        body[extension[1]] = { ...(body[extension[1]] ?? {}), [extension[2]]: value };
        if (!body.schemas.includes(extension[1])) body.schemas.push(extension[1]);
        return;
    }
    const multi = /^(\w+)\[type eq "(\w+)"\]\.(\w+)$/.exec(target);
    if (multi) {
        const [, attribute, type, sub] = multi;
        const list: Array<Record<string, unknown>> = (body[attribute] ??= []);
        let entry = list.find((e) => e.type === type);
        if (!entry) list.push((entry = { type, ...(attribute === "emails" ? { primary: true } : {}) }));
        entry[sub] = value;
        return;
    }
    const dotted = /^(\w+)\.(\w+)$/.exec(target);
    if (dotted) {
        body[dotted[1]] = { ...(body[dotted[1]] ?? {}), [dotted[2]]: value };
        return;
    }
    body[target] = target === "active" ? value === true || value === "True" || value === "true" : value;
}

function onlyStartedServicePrincipal(graph: GraphEmulator): string {
    const candidates = graph.servicePrincipals().filter((sp) => graph.jobs(sp.id).length > 0);
    const started = candidates.filter((sp) => graph.jobs(sp.id).some((j) => j.status?.code === "Active"));
    const pick = started.length > 0 ? started : candidates;
    if (pick.length !== 1) throw new Error(`runProvisioningCycle: say which service principal (${pick.length} have jobs)`);
    return pick[0].id;
}

function onlyJob(graph: GraphEmulator, spId: string): SynchronizationJob | undefined {
    const jobs = graph.jobs(spId);
    if (jobs.length > 1) throw new Error(`runProvisioningCycle: service principal ${spId} has ${jobs.length} jobs: say which`);
    return jobs[0];
}

export type { SynchronizationSchema };
