/**
 * Emulator of a small Entra tenant behind Microsoft Graph, on the shared loopback harness (HTTP, or
 * HTTPS with `tls`). It serves what our Entra dynamic providers, the project's azuread stand-in and the
 * tools call, in the shapes of Microsoft's published examples (/work/shared/fixtures/graph-*.json):
 *
 * Cloud and sign-in (what azuread's `metadataHost` and @azure/identity with a custom `authorityHost` ask):
 * - `GET /metadata/endpoints?api-version=2022-09-01`: Graph and the login endpoint are this emulator;
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /common/discovery/instance` (MSAL's
 *   authority metadata and instance discovery), `GET /{tenant}/discovery/v2.0/keys`;
 * - `POST /{tenant}/oauth2/v2.0/token` (client credentials: a secret or an assertion): a JWT bearer
 *   with `oid`, `tid`, `appid` (the deploying service principal, seeded), which the Graph routes accept.
 *
 * Directory (`/v1.0`, and `/beta` for the same objects):
 * - `applications` POST/GET/PATCH/DELETE, `addPassword`/`removePassword`, `owners`;
 * - `servicePrincipals` POST/GET (`$filter=appId eq '…'`)/PATCH/DELETE, `owners`, with Microsoft
 *   Graph's own service principal (appId 00000003-0000-0000-c000-000000000000) seeded with its real
 *   delegated scope and app role ids;
 * - `applicationTemplates/{id}/instantiate` (the non-gallery template: an application and a service
 *   principal declaring `User` and `msiam_access` app roles with per-app ids);
 * - `servicePrincipals/{id}/appRoleAssignedTo` POST/GET/DELETE; `oauth2PermissionGrants` POST/GET/PATCH/DELETE;
 * - `users`, `groups`, `groups/{id}/members` (seeded with `seedUser` / `seedGroup`).
 * Deleting an application deletes its service principals; deleting a service principal deletes its jobs,
 * secrets, grants and assignments, as Entra does.
 *
 * Synchronization, under `/v1.0/servicePrincipals/{spId}/synchronization`:
 * - `jobs` POST (from a template: `scim`, `customappsso`; the job created paused with schedule Disabled,
 *   as graph-sync-job-create-awssso.json; a `scim` job's schema is test/fixtures/graph/scim-job-schema.json)
 *   and GET (list);
 * - `jobs/{jobId}` GET/DELETE; `jobs/{jobId}/schema` GET/PUT: a PUT replaces the whole schema, answers
 *   204 and gives it a new `version`, as Graph does;
 * - `jobs/{jobId}/start|pause|restart` (204), `validateCredentials` (204, or Graph's 400 when the
 *   saved credentials are refused), `provisionOnDemand` (200 with the `key`/`value` pair whose JSON
 *   strings carry the result and the steps; a `Group` subject is really sent to the job's SCIM endpoint
 *   with the up to 5 members its `links.members` picks, as `provisionGroupOnDemand` in provisioningCycle.ts; a `User` subject,
 *   or any subject given an outcome with `setOnDemandOutcome`, answers that outcome and sends nothing);
 * - `secrets` PUT (204) and GET, what azuread's SynchronizationSecret writes and reads.
 * Anything unknown or gone gets 404 and a missing or wrong bearer 401, both in Graph's
 * `{"error":{"code","message"}}` shape.
 */
import { randomBytes, randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { SynchronizationJob, SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { Emulator, EmulatorResponse, RecordedRequest, startEmulator } from "./harness";
import { ON_DEMAND_GROUP_MEMBERS, provisionGroupOnDemand } from "./provisioningCycle";

/** What a provision-on-demand run of one subject comes to. */
export interface OnDemandOutcome {
    readonly result: "Success" | "Failure" | "Skipped";
    readonly errorCode?: string;
    readonly reason?: string;
    /** Steps beyond the default Import/Scoping/Export ones, or instead of them. */
    readonly steps?: Array<{ name: string; type: string; status: string; description: string; details?: Record<string, string> }>;
}

export interface GraphEmulatorOptions {
    /** A fixed bearer the Graph routes accept besides the tokens the login endpoint issues. */
    readonly token?: string;
    /** PEM key and certificate: serve HTTPS (sandbox/tls.ts). */
    readonly tls?: { readonly key: string; readonly cert: string };
    readonly port?: number;
    /** The tenant id (default random). */
    readonly tenantId?: string;
    /** The deploying app's client id and secret; when given, the token endpoint refuses any other. */
    readonly client?: { readonly id: string; readonly secret?: string };
    /**
     * What `validateCredentials` with the saved credentials reaches, as Entra's "Test connection" does:
     * the SCIM endpoint in the saved `BaseAddress`, with the saved `SecretToken` (so Auth0 records the
     * token's use). Answers whether it accepted them. Unset: only `setCredentialsValid` decides.
     */
    readonly testSavedCredentials?: (saved: Readonly<Record<string, string>>) => boolean;
}

/** A user in the emulated directory. */
export interface DirectoryUser {
    readonly id: string;
    readonly userPrincipalName: string;
    readonly mail: string | null;
    readonly mailNickname: string;
    readonly displayName: string;
    readonly givenName: string | null;
    readonly surname: string | null;
    readonly jobTitle: string | null;
    readonly accountEnabled: boolean;
}

/** A security group in the emulated directory, with its member object ids. */
export interface DirectoryGroup {
    readonly id: string;
    readonly displayName: string;
    readonly mailNickname: string;
    readonly members: readonly string[];
}

export type GraphObject = Record<string, any> & { id: string };

export interface GraphEmulator extends Emulator {
    readonly tenantId: string;
    /** The client id of the seeded deploying app (what ARM_CLIENT_ID should be). */
    readonly clientId: string;
    /** Object id of the deploying app's service principal (the tokens' `oid`). */
    readonly callerObjectId: string;
    /** Object id of Microsoft Graph's service principal. */
    readonly graphServicePrincipalId: string;
    /** The host:port to give azuread's `metadataHost` / ARM_METADATA_HOSTNAME. */
    readonly metadataHost: string;
    /** Issue a bearer token as the login endpoint would (for tests that skip sign-in). */
    issueToken(claims?: Record<string, unknown>): string;

    /** The stored schema of a job (a copy), undefined for an unknown job. */
    schema(servicePrincipalId: string, jobId: string): SynchronizationSchema | undefined;
    /** Store (or replace behind the provider's back) a job's schema. */
    setSchema(servicePrincipalId: string, jobId: string, schema: SynchronizationSchema): void;
    /** Create a job (status NotRun unless given); the schema is set separately. */
    addJob(servicePrincipalId: string, jobId: string, job?: Partial<SynchronizationJob>): void;
    /** The stored job (a copy), undefined for an unknown one. */
    job(servicePrincipalId: string, jobId: string): SynchronizationJob | undefined;
    /** The jobs of a service principal (copies). */
    jobs(servicePrincipalId: string): SynchronizationJob[];
    /** Change a job behind the tools' back (e.g. quarantine it); `status` is merged one level deep. */
    patchJob(servicePrincipalId: string, jobId: string, patch: Partial<SynchronizationJob>): void;
    /** Whether `validateCredentials` accepts the saved credentials (default true), and Graph's message if not. */
    setCredentialsValid(servicePrincipalId: string, jobId: string, valid: boolean, message?: string): void;
    /** The outcome provision-on-demand reports for one subject (default: Success). */
    setOnDemandOutcome(servicePrincipalId: string, objectId: string, outcome: OnDemandOutcome): void;
    /** The credentials last PUT to the service principal's `synchronization/secrets`, by key. */
    secrets(servicePrincipalId: string): Record<string, string> | undefined;

    /** Applications (copies; password secrets are never kept). */
    applications(): GraphObject[];
    servicePrincipals(): GraphObject[];
    /** App role assignments granted on a resource service principal. */
    assignments(resourceServicePrincipalId: string): GraphObject[];
    /** OAuth2 permission grants (delegated consent). */
    grants(): GraphObject[];
    /** Add a user to the directory (ids and names derived when left out). */
    seedUser(user: Partial<DirectoryUser> & { userPrincipalName: string }): DirectoryUser;
    /** Add a group; `members` are user (or group) object ids. */
    seedGroup(group: Partial<DirectoryGroup> & { displayName: string }): DirectoryGroup;
    /** Change a group as an Entra admin would (rename it, change its members); the next cycle sends it. */
    updateGroup(id: string, change: Partial<Omit<DirectoryGroup, "id">>): DirectoryGroup;
    users(): DirectoryUser[];
    groups(): DirectoryGroup[];
    user(id: string): DirectoryUser | undefined;
    group(id: string): DirectoryGroup | undefined;
    /** Remove a directory object behind the tools' back (an application, service principal, user, group, grant or assignment). */
    deleteObject(id: string): boolean;
}

/** The non-gallery ("Integrate any other application you don't find in the gallery") template. */
export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Microsoft Graph's delegated scopes and app roles (their ids are the same in every tenant). */
const GRAPH_SCOPES: Record<string, string> = {
    openid: "37f7f235-527c-4136-accd-4a02d197296e",
    profile: "14dad69e-099b-42c9-810b-d002981feec1",
    email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
    offline_access: "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
    "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
    "User.Read.All": "a154be20-db9c-4678-8ab7-66f6cc099a59",
};
const GRAPH_APP_ROLES: Record<string, string> = {
    "Application.ReadWrite.All": "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9",
    "Application.ReadWrite.OwnedBy": "18a4783c-866b-4cc7-a460-3d5e5662c884",
    "AppRoleAssignment.ReadWrite.All": "06b708a9-e830-4db3-a914-8e69da51d44f",
    "Synchronization.ReadWrite.All": "9b50c33d-700f-43b1-b2eb-87e89b703581",
    "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
};

const JOB_TEMPLATES = ["scim", "customappsso"];
const SCIM_SCHEMA_FIXTURE = path.join(__dirname, "../../test/fixtures/graph/scim-job-schema.json");
const DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";

const SYNC_PREFIX = /^servicePrincipals\/([^/]+)\/synchronization(?:\/(.*))?$/;
const JOB_ACTIONS = ["start", "pause", "restart", "validateCredentials", "provisionOnDemand"];

interface StoredJob {
    job: SynchronizationJob;
    schema?: SynchronizationSchema;
    credentials: { valid: boolean; message: string };
}

export async function startGraphEmulator(tokenOrOptions: string | GraphEmulatorOptions = {}): Promise<GraphEmulator> {
    const options: GraphEmulatorOptions = typeof tokenOrOptions === "string" ? { token: tokenOrOptions } : tokenOrOptions;
    const tenantId = options.tenantId ?? randomUUID();
    const jobs = new Map<string, StoredJob>();
    const secrets = new Map<string, Record<string, string>>();
    const onDemand = new Map<string, OnDemandOutcome>();
    const applications = new Map<string, GraphObject>();
    const servicePrincipals = new Map<string, GraphObject>();
    const assignments = new Map<string, GraphObject>();
    const grants = new Map<string, GraphObject>();
    const users = new Map<string, DirectoryUser>();
    const groups = new Map<string, DirectoryGroup>();
    const issued = new Set<string>();
    const key = (sp: string, job: string) => `${sp}|${job}`;
    const ensure = (sp: string, job: string): StoredJob => {
        const stored = jobs.get(key(sp, job)) ?? { job: newJob(job), credentials: { valid: true, message: "" } };
        jobs.set(key(sp, job), stored);
        return stored;
    };
    let base = ""; // set once listening
    const now = () => new Date().toISOString();

    // The tenant's own objects: Microsoft Graph's service principal and the deploying app.
    const graphSp: GraphObject = {
        ...servicePrincipalDefaults(),
        id: randomUUID(),
        appId: MICROSOFT_GRAPH_APP_ID,
        displayName: "Microsoft Graph",
        appDisplayName: "Microsoft Graph",
        appOwnerOrganizationId: "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        servicePrincipalNames: ["https://graph.microsoft.com", MICROSOFT_GRAPH_APP_ID],
        oauth2PermissionScopes: Object.entries(GRAPH_SCOPES).map(([value, id]) => ({
            adminConsentDescription: `Allows ${value}`,
            adminConsentDisplayName: value,
            id,
            isEnabled: true,
            type: value.endsWith(".All") ? "Admin" : "User",
            userConsentDescription: `Allows ${value}`,
            userConsentDisplayName: value,
            value,
        })),
        appRoles: Object.entries(GRAPH_APP_ROLES).map(([value, id]) => ({
            allowedMemberTypes: ["Application"],
            description: `Allows ${value}`,
            displayName: value,
            id,
            isEnabled: true,
            origin: "Application",
            value,
        })),
    };
    servicePrincipals.set(graphSp.id, graphSp);
    const clientId = options.client?.id ?? randomUUID();
    const deployerApp: GraphObject = { ...applicationDefaults(), id: randomUUID(), appId: clientId, displayName: "auth0-entra-scim deployer" };
    applications.set(deployerApp.id, deployerApp);
    const deployerSp: GraphObject = { ...servicePrincipalDefaults(), id: randomUUID(), appId: clientId, displayName: deployerApp.displayName, appDisplayName: deployerApp.displayName };
    servicePrincipals.set(deployerSp.id, deployerSp);

    const issueToken = (claims: Record<string, unknown> = {}) => {
        const t = Math.floor(Date.now() / 1000);
        const payload = {
            aud: "https://graph.microsoft.com",
            iss: `https://sts.windows.net/${tenantId}/`,
            iat: t,
            nbf: t,
            exp: t + 3600,
            appid: clientId,
            azp: clientId,
            idtyp: "app",
            oid: deployerSp.id,
            sub: deployerSp.id,
            tid: tenantId,
            roles: Object.keys(GRAPH_APP_ROLES),
            ver: "1.0",
            ...claims,
        };
        const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
        const token = `${b64({ typ: "JWT", alg: "RS256", kid: "sandbox" })}.${b64(payload)}.${Buffer.from("auth0-entra-scim sandbox: not signed").toString("base64url")}`;
        issued.add(token);
        return token;
    };

    const notFound = (id: string) =>
        graphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    const collection = (context: string, values: unknown[]): EmulatorResponse =>
        ({ status: 200, body: { "@odata.context": `${base}/v1.0/$metadata#${context}`, value: values } });
    const entity = (context: string, value: unknown, status = 200): EmulatorResponse =>
        ({ status, body: { "@odata.context": `${base}/v1.0/$metadata#${context}/$entity`, ...(value as object) } });

    const deleteServicePrincipal = (id: string) => {
        servicePrincipals.delete(id);
        for (const k of [...jobs.keys()]) if (k.startsWith(`${id}|`)) jobs.delete(k);
        secrets.delete(id);
        for (const [aid, a] of assignments) if (a.resourceId === id || a.principalId === id) assignments.delete(aid);
        for (const [gid, g] of grants) if (g.clientId === id || g.resourceId === id) grants.delete(gid);
    };
    const deleteObject = (id: string): boolean => {
        if (applications.has(id)) {
            const app = applications.get(id)!;
            applications.delete(id);
            for (const sp of [...servicePrincipals.values()]) if (sp.appId === app.appId) deleteServicePrincipal(sp.id);
            return true;
        }
        if (servicePrincipals.has(id)) {
            deleteServicePrincipal(id);
            return true;
        }
        if (users.delete(id) || groups.delete(id)) {
            for (const [aid, a] of assignments) if (a.principalId === id) assignments.delete(aid);
            return true;
        }
        return assignments.delete(id) || grants.delete(id);
    };

    const createServicePrincipal = (fields: Record<string, any>): GraphObject | EmulatorResponse => {
        const app = [...applications.values()].find((a) => a.appId === fields.appId);
        if (!fields.appId || !app) {
            return graphError(400, "Request_BadRequest", `The appId '${fields.appId}' of the service principal does not reference a valid application object.`);
        }
        if ([...servicePrincipals.values()].some((sp) => sp.appId === fields.appId)) {
            return graphError(409, "Request_MultipleObjectsWithSameKeyValue", "The service principal cannot be created, updated, or restored because the service principal name is already in use.");
        }
        const sp: GraphObject = {
            ...servicePrincipalDefaults(),
            appDisplayName: app.displayName,
            displayName: app.displayName,
            appRoles: structuredClone(app.appRoles ?? []),
            oauth2PermissionScopes: structuredClone(app.api?.oauth2PermissionScopes ?? []),
            servicePrincipalNames: [fields.appId],
            appOwnerOrganizationId: tenantId,
            ...fields,
            id: randomUUID(),
            createdDateTime: now(),
        };
        servicePrincipals.set(sp.id, sp);
        return sp;
    };

    const principal = (id: string): { type: string; displayName: string } | undefined => {
        const user = users.get(id);
        if (user) return { type: "User", displayName: user.displayName };
        const group = groups.get(id);
        if (group) return { type: "Group", displayName: group.displayName };
        const sp = servicePrincipals.get(id);
        if (sp) return { type: "ServicePrincipal", displayName: sp.displayName };
        return undefined;
    };

    const login = (req: RecordedRequest, segments: string[]): EmulatorResponse | undefined => {
        const [tenant, ...rest] = segments;
        const where = rest.join("/");
        const authority = `${base}/${tenant}`;
        if (req.method === "GET" && (where === "v2.0/.well-known/openid-configuration" || where === ".well-known/openid-configuration")) {
            return {
                status: 200,
                body: {
                    token_endpoint: `${authority}/oauth2/v2.0/token`,
                    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
                    jwks_uri: `${authority}/discovery/v2.0/keys`,
                    response_modes_supported: ["query", "fragment", "form_post"],
                    subject_types_supported: ["pairwise"],
                    id_token_signing_alg_values_supported: ["RS256"],
                    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
                    scopes_supported: ["openid", "profile", "email", "offline_access"],
                    issuer: `${base}/${tenant === "organizations" || tenant === "common" ? "{tenantid}" : tenantId}/v2.0`,
                    request_uri_parameter_supported: false,
                    userinfo_endpoint: `${base}/oidc/userinfo`,
                    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
                    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
                    http_logout_supported: true,
                    frontchannel_logout_supported: true,
                    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
                    claims_supported: ["sub", "iss", "aud", "exp", "iat", "oid", "tid"],
                    kerberos_endpoint: `${authority}/kerberos`,
                    tenant_region_scope: "NA",
                    cloud_instance_name: new URL(base).host,
                    cloud_graph_host_name: new URL(base).host,
                    msgraph_host: new URL(base).host,
                    rbac_url: base,
                },
            };
        }
        if (req.method === "GET" && tenant === "common" && where === "discovery/instance") {
            const host = new URL(base).host;
            return {
                status: 200,
                body: {
                    tenant_discovery_endpoint: `${base}/${tenantId}/v2.0/.well-known/openid-configuration`,
                    "api-version": "1.1",
                    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
                },
            };
        }
        if (req.method === "GET" && where === "discovery/v2.0/keys") return { status: 200, body: { keys: [] } };
        if (req.method === "POST" && where === "oauth2/v2.0/token") {
            const form = new URLSearchParams(req.body);
            const aadError = (status: number, error: string, code: number, description: string): EmulatorResponse => ({
                status,
                body: { error, error_description: `AADSTS${code}: ${description}`, error_codes: [code], timestamp: now(), trace_id: randomUUID(), correlation_id: randomUUID() },
            });
            if (tenant !== tenantId && tenant !== "organizations") {
                return aadError(400, "invalid_request", 90002, `Tenant '${tenant}' not found.`);
            }
            if (form.get("grant_type") !== "client_credentials") return aadError(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
            const id = form.get("client_id") ?? "";
            if (id !== clientId) {
                return aadError(400, "unauthorized_client", 700016, `Application with identifier '${id}' was not found in the directory '${tenantId}'.`);
            }
            const secret = form.get("client_secret");
            if (options.client?.secret !== undefined && secret !== null && secret !== options.client.secret) {
                return aadError(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
            }
            if (secret === null && !form.get("client_assertion")) return aadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            const scope = (form.get("scope") ?? "").split(" ").find((s) => s.endsWith("/.default"));
            if (!scope) return aadError(400, "invalid_scope", 1002012, "The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.");
            return {
                status: 200,
                body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: issueToken({ aud: scope.replace(/\/\.default$/, "") }) },
            };
        }
        return undefined;
    };

    const emulator = await startEmulator((req) => {
        const url = new URL(req.path, "http://emulator");
        const segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
        if (req.method === "GET" && url.pathname === "/metadata/endpoints") {
            return {
                status: 200,
                body: {
                    name: "AuthZeroEntraScimSandbox",
                    portal: base,
                    resourceManager: `${base}/`,
                    microsoftGraphResourceId: `${base}/`,
                    graph: `${base}/`,
                    graphAudience: base,
                    authentication: { loginEndpoint: `${base}/`, audiences: [base, `${base}/`], tenant: "common", identityProvider: "AAD" },
                    suffixes: {},
                },
            };
        }
        if (segments[0] !== "v1.0" && segments[0] !== "beta") {
            const answer = segments.length >= 2 ? login(req, segments) : undefined;
            return answer ?? badSegment(url.pathname);
        }
        const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
        if (!bearer || (bearer !== options.token && !issued.has(bearer))) {
            return graphError(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }
        let body: any = {};
        if (req.body) {
            try {
                body = JSON.parse(req.body);
            } catch {
                return graphError(400, "BadRequest", "Unable to read JSON request payload.");
            }
        }
        const rest = segments.slice(1);
        const sync = SYNC_PREFIX.exec(rest.join("/"));
        if (sync) return synchronization(req, decodeURIComponent(sync[1]), sync[2] ? sync[2].split("/") : [], body);
        return directory(req, url, rest, body);
    }, { tls: options.tls, port: options.port });
    base = emulator.url;

    function directory(req: RecordedRequest, url: URL, rest: string[], body: any): EmulatorResponse {
        const [kind, id, sub, subId] = rest;
        const filter = url.searchParams.get("$filter");
        switch (kind) {
            case "applications": {
                if (id === undefined) {
                    if (req.method === "GET") return collection("applications", applyFilter([...applications.values()], filter).map(publicApp));
                    if (req.method !== "POST") return notAllowed(req.method);
                    if (!body.displayName) return graphError(400, "Request_BadRequest", "Property 'displayName' is required.");
                    const app: GraphObject = { ...applicationDefaults(), ...body, id: randomUUID(), appId: randomUUID(), createdDateTime: now(), publisherDomain: "sandbox.onmicrosoft.com", passwordCredentials: [] };
                    applications.set(app.id, app);
                    return entity("applications", publicApp(app), 201);
                }
                const app = applications.get(id);
                if (!app) return notFound(id);
                if (sub === undefined) {
                    if (req.method === "GET") return entity("applications", publicApp(app));
                    if (req.method === "PATCH") {
                        const { id: _id, appId: _appId, passwordCredentials: _p, ...fields } = body;
                        Object.assign(app, fields);
                        return { status: 204 };
                    }
                    if (req.method === "DELETE") {
                        deleteObject(id);
                        return { status: 204 };
                    }
                    return notAllowed(req.method);
                }
                if (sub === "addPassword" && req.method === "POST") {
                    const given = body.passwordCredential ?? {};
                    const secretText = `${randomUUID().slice(0, 3)}8Q~${randomBytes(27).toString("base64url")}`;
                    const credential = {
                        customKeyIdentifier: null,
                        displayName: given.displayName ?? null,
                        endDateTime: given.endDateTime ?? new Date(Date.now() + 2 * 365 * 86_400_000).toISOString(),
                        hint: secretText.slice(0, 3),
                        keyId: randomUUID(),
                        startDateTime: given.startDateTime ?? now(),
                    };
                    app.passwordCredentials = [...(app.passwordCredentials ?? []), { ...credential, secretText: null }];
                    return { status: 200, body: { "@odata.context": `${base}/v1.0/$metadata#microsoft.graph.passwordCredential`, ...credential, secretText } };
                }
                if (sub === "removePassword" && req.method === "POST") {
                    const before = app.passwordCredentials?.length ?? 0;
                    app.passwordCredentials = (app.passwordCredentials ?? []).filter((c: any) => c.keyId !== body.keyId);
                    if (app.passwordCredentials.length === before) return graphError(400, "Request_BadRequest", `No password credential found with keyId '${body.keyId}'.`);
                    return { status: 204 };
                }
                if (sub === "owners" && req.method === "GET") return collection("directoryObjects", []);
                return badSegment(url.pathname);
            }
            case "servicePrincipals": {
                if (id === undefined) {
                    if (req.method === "GET") return collection("servicePrincipals", applyFilter([...servicePrincipals.values()], filter));
                    if (req.method !== "POST") return notAllowed(req.method);
                    const created = createServicePrincipal(body);
                    return "status" in created && typeof created.status === "number" && !("id" in created) ? (created as EmulatorResponse) : entity("servicePrincipals", created, 201);
                }
                const sp = servicePrincipals.get(id);
                if (!sp) return notFound(id);
                if (sub === undefined) {
                    if (req.method === "GET") return entity("servicePrincipals", sp);
                    if (req.method === "PATCH") {
                        const { id: _id, appId: _appId, ...fields } = body;
                        Object.assign(sp, fields);
                        return { status: 204 };
                    }
                    if (req.method === "DELETE") {
                        deleteServicePrincipal(id);
                        return { status: 204 };
                    }
                    return notAllowed(req.method);
                }
                if (sub === "owners" && req.method === "GET") return collection("directoryObjects", []);
                if (sub === "appRoleAssignedTo" || sub === "appRoleAssignments") {
                    const mine = [...assignments.values()].filter((a) => (sub === "appRoleAssignedTo" ? a.resourceId === id : a.principalId === id));
                    const context = `servicePrincipals('${id}')/${sub}`;
                    if (subId === undefined) {
                        if (req.method === "GET") return collection(context, applyFilter(mine, filter));
                        if (req.method !== "POST" || sub !== "appRoleAssignedTo") return notAllowed(req.method);
                        const who = principal(body.principalId ?? "");
                        if (!who) return notFound(body.principalId ?? "");
                        if (body.resourceId && body.resourceId !== id) return graphError(400, "Request_BadRequest", "resourceId does not match the service principal in the URL.");
                        const declared = (sp.appRoles ?? []).some((r: any) => r.id === body.appRoleId && r.isEnabled !== false);
                        if (!declared && !(body.appRoleId === DEFAULT_ACCESS && (sp.appRoles ?? []).length === 0)) {
                            return graphError(400, "Request_BadRequest", "Permission being assigned was not found on application");
                        }
                        if (mine.some((a) => a.principalId === body.principalId && a.appRoleId === body.appRoleId)) {
                            return graphError(409, "Request_BadRequest", "Permission being assigned already exists on the object");
                        }
                        const assignment: GraphObject = {
                            id: randomBytes(24).toString("base64url"),
                            appRoleId: body.appRoleId,
                            createdDateTime: now(),
                            deletedDateTime: null,
                            principalDisplayName: who.displayName,
                            principalId: body.principalId,
                            principalType: who.type,
                            resourceDisplayName: sp.displayName,
                            resourceId: id,
                        };
                        assignments.set(assignment.id, assignment);
                        return entity(context, assignment, 201);
                    }
                    const assignment = mine.find((a) => a.id === subId);
                    if (!assignment) return notFound(subId);
                    if (req.method === "GET") return entity(context, assignment);
                    if (req.method === "DELETE") {
                        assignments.delete(subId);
                        return { status: 204 };
                    }
                    return notAllowed(req.method);
                }
                return badSegment(url.pathname);
            }
            case "applicationTemplates": {
                if (sub !== "instantiate" || req.method !== "POST") return badSegment(url.pathname);
                if (id !== NON_GALLERY_TEMPLATE_ID) return notFound(id);
                if (!body.displayName) return graphError(400, "Request_BadRequest", "Property 'displayName' is required.");
                const roles = [
                    { allowedMemberTypes: ["User"], description: "msiam_access", displayName: "msiam_access", id: randomUUID(), isEnabled: true, origin: "Application", value: null },
                    { allowedMemberTypes: ["User"], description: "User", displayName: "User", id: randomUUID(), isEnabled: true, origin: "Application", value: null },
                ];
                const app: GraphObject = {
                    ...applicationDefaults(),
                    id: randomUUID(),
                    appId: randomUUID(),
                    displayName: body.displayName,
                    createdDateTime: now(),
                    publisherDomain: "sandbox.onmicrosoft.com",
                    signInAudience: "AzureADMyOrg",
                    appRoles: roles,
                    web: { homePageUrl: "https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=customappsso|ISV9.1|primary|z", redirectUris: [], logoutUrl: null, implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: true } },
                    tags: ["WindowsAzureActiveDirectoryCustomSingleSignOnApplication", "WindowsAzureActiveDirectoryIntegratedApp"],
                    passwordCredentials: [],
                };
                applications.set(app.id, app);
                const sp = createServicePrincipal({
                    appId: app.appId,
                    applicationTemplateId: NON_GALLERY_TEMPLATE_ID,
                    preferredSingleSignOnMode: null,
                    tags: ["WindowsAzureActiveDirectoryCustomSingleSignOnApplication", "WindowsAzureActiveDirectoryIntegratedApp"],
                }) as GraphObject;
                return {
                    status: 201,
                    body: { "@odata.context": `${base}/v1.0/$metadata#microsoft.graph.applicationServicePrincipal`, application: publicApp(app), servicePrincipal: sp },
                };
            }
            case "oauth2PermissionGrants": {
                if (id === undefined) {
                    if (req.method === "GET") return collection("oauth2PermissionGrants", applyFilter([...grants.values()], filter));
                    if (req.method !== "POST") return notAllowed(req.method);
                    if (!servicePrincipals.has(body.clientId ?? "")) return notFound(body.clientId ?? "");
                    if (!servicePrincipals.has(body.resourceId ?? "")) return notFound(body.resourceId ?? "");
                    if (body.consentType === "Principal" && !users.has(body.principalId ?? "")) return notFound(body.principalId ?? "");
                    const same = [...grants.values()].find((g) => g.clientId === body.clientId && g.resourceId === body.resourceId && (g.principalId ?? null) === (body.principalId ?? null));
                    if (same) return graphError(409, "Request_MultipleObjectsWithSameKeyValue", "Permission entry already exists.");
                    const grant: GraphObject = { clientId: body.clientId, consentType: body.consentType ?? "AllPrincipals", principalId: body.principalId ?? null, resourceId: body.resourceId, scope: body.scope ?? "", id: randomBytes(24).toString("base64url") };
                    grants.set(grant.id, grant);
                    return entity("oauth2PermissionGrants", grant, 201);
                }
                const grant = grants.get(id);
                if (!grant) return notFound(id);
                if (req.method === "GET") return entity("oauth2PermissionGrants", grant);
                if (req.method === "PATCH") {
                    if (typeof body.scope === "string") grant.scope = body.scope;
                    return { status: 204 };
                }
                if (req.method === "DELETE") {
                    grants.delete(id);
                    return { status: 204 };
                }
                return notAllowed(req.method);
            }
            case "users": {
                if (id === undefined) return req.method === "GET" ? collection("users", applyFilter([...users.values()], filter)) : notAllowed(req.method);
                const user = users.get(id) ?? [...users.values()].find((u) => u.userPrincipalName.toLowerCase() === id.toLowerCase());
                if (!user) return notFound(id);
                return req.method === "GET" ? entity("users", user) : notAllowed(req.method);
            }
            case "groups": {
                if (id === undefined) return req.method === "GET" ? collection("groups", applyFilter([...groups.values()].map(publicGroup), filter)) : notAllowed(req.method);
                const group = groups.get(id);
                if (!group) return notFound(id);
                if (sub === undefined) return req.method === "GET" ? entity("groups", publicGroup(group)) : notAllowed(req.method);
                if (sub === "members" && req.method === "GET") {
                    const members = group.members.map((m) => users.get(m) ? { "@odata.type": "#microsoft.graph.user", ...users.get(m) } : groups.get(m) ? { "@odata.type": "#microsoft.graph.group", ...publicGroup(groups.get(m)!) } : undefined)
                        .filter((m) => m !== undefined);
                    return collection("directoryObjects", members);
                }
                return badSegment(url.pathname);
            }
            default:
                return badSegment(url.pathname);
        }
    }

    function synchronization(req: RecordedRequest, sp: string, rest: string[], body: any): EmulatorResponse | Promise<EmulatorResponse> {
        const context = `${base}/v1.0/$metadata#servicePrincipals('${sp}')/synchronization/jobs`;
        if (rest.length === 1 && rest[0] === "secrets") {
            if (req.method === "PUT") {
                if (!servicePrincipals.has(sp) && !secrets.has(sp) && ![...jobs.keys()].some((k) => k.startsWith(`${sp}|`))) return notFound(sp);
                const pairs: Array<{ key: string; value: string }> = body.value ?? [];
                secrets.set(sp, { ...(secrets.get(sp) ?? {}), ...Object.fromEntries(pairs.map((p) => [p.key, p.value])) });
                return { status: 204 };
            }
            if (req.method === "GET") {
                if (!servicePrincipals.has(sp) && !secrets.has(sp)) return notFound(sp);
                const stored = secrets.get(sp) ?? {};
                return {
                    status: 200,
                    body: {
                        "@odata.context": `${base}/v1.0/$metadata#Collection(microsoft.graph.synchronizationSecretKeyStringValuePair)`,
                        value: Object.entries(stored).map(([k, value]) => ({ key: k, value })),
                    },
                };
            }
            return notAllowed(req.method);
        }
        if (rest[0] !== "jobs") return badSegment(req.path);
        if (rest.length === 1) {
            if (req.method === "GET") {
                if (!servicePrincipals.has(sp) && ![...jobs.keys()].some((k) => k.startsWith(`${sp}|`))) return notFound(sp);
                return { status: 200, body: { "@odata.context": context, value: [...jobs.entries()].filter(([k]) => k.startsWith(`${sp}|`)).map(([, j]) => j.job) } };
            }
            if (req.method !== "POST") return notAllowed(req.method);
            if (!servicePrincipals.has(sp)) return notFound(sp);
            if (!JOB_TEMPLATES.includes(body.templateId)) {
                return graphError(400, "BadRequest", `The synchronization template '${body.templateId}' was not found for this service principal.`);
            }
            const jobId = `${body.templateId}.${tenantId.replace(/-/g, "")}.${randomUUID()}`;
            const stored = ensure(sp, jobId);
            stored.job = {
                ...newJob(jobId),
                templateId: body.templateId,
                schedule: { expiration: null, interval: "PT40M", state: "Disabled" },
                status: { ...newJob(jobId).status, code: "Paused" },
                synchronizationJobSettings: [{ name: "AzureIngestionAttributeOptimization", value: "False" }],
            };
            if (body.templateId === "scim") stored.schema = { ...JSON.parse(fs.readFileSync(SCIM_SCHEMA_FIXTURE, "utf8")), id: jobId };
            return { status: 201, body: { "@odata.context": `${context}/$entity`, ...stored.job } };
        }
        if (rest.length > 3) return badSegment(req.path);
        const jobId = decodeURIComponent(rest[1]);
        const stored = jobs.get(key(sp, jobId));
        if (!stored || (rest[2] === "schema" && !stored.schema)) {
            return graphError(404, "ResourceNotFound", `Resource '${jobId}' does not exist or one of its queried reference-property objects are not present.`);
        }

        if (rest.length === 2) {
            if (req.method === "DELETE") {
                jobs.delete(key(sp, jobId));
                return { status: 204 };
            }
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
                stored.job.schedule = { ...stored.job.schedule, state: "Active" };
                return { status: 204 };
            case "validateCredentials":
                if (body.useSavedCredentials !== true && !Array.isArray(body.credentials)) {
                    return graphError(400, "BadRequest", "Either useSavedCredentials or credentials must be given.");
                }
                return stored.credentials.valid && (body.useSavedCredentials !== true || (options.testSavedCredentials?.(secrets.get(sp) ?? {}) ?? true))
                    ? { status: 204 }
                    : graphError(400, "SystemForCrossDomainIdentityManagementCredentialValidationUnauthorized", stored.credentials.message);
            default:
                // A group without an outcome set is really sent to the job's SCIM endpoint (provisioningCycle.ts).
                return provisionOnDemand(body, (subject) =>
                    onDemand.get(key(sp, subject.objectId)) ??
                    (subject.objectTypeName === "Group"
                        ? provisionGroupOnDemand(emulator as GraphEmulator, sp, jobId, subject.objectId, { memberIds: subject.links?.members?.map((m) => m.objectId) })
                        : undefined));
        }
    }

    const copies = <T>(values: Iterable<T>) => [...values].map((v) => structuredClone(v));
    return Object.assign(emulator, {
        tenantId,
        clientId,
        callerObjectId: deployerSp.id,
        graphServicePrincipalId: graphSp.id,
        metadataHost: new URL(base).host,
        issueToken,
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
        jobs: (sp: string) => copies([...jobs.entries()].filter(([k]) => k.startsWith(`${sp}|`)).map(([, j]) => j.job)),
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
        applications: () => copies(applications.values()).map(publicApp),
        servicePrincipals: () => copies(servicePrincipals.values()),
        assignments: (sp: string) => copies([...assignments.values()].filter((a) => a.resourceId === sp)),
        grants: () => copies(grants.values()),
        seedUser: (user: Partial<DirectoryUser> & { userPrincipalName: string }) => {
            const nickname = user.mailNickname ?? user.userPrincipalName.split("@")[0];
            const stored: DirectoryUser = {
                id: user.id ?? randomUUID(),
                userPrincipalName: user.userPrincipalName,
                mail: user.mail === undefined ? user.userPrincipalName : user.mail,
                mailNickname: nickname,
                displayName: user.displayName ?? nickname,
                givenName: user.givenName ?? null,
                surname: user.surname ?? null,
                jobTitle: user.jobTitle ?? null,
                accountEnabled: user.accountEnabled ?? true,
            };
            users.set(stored.id, stored);
            return { ...stored };
        },
        seedGroup: (group: Partial<DirectoryGroup> & { displayName: string }) => {
            const stored: DirectoryGroup = {
                id: group.id ?? randomUUID(),
                displayName: group.displayName,
                mailNickname: group.mailNickname ?? group.displayName.replace(/[^A-Za-z0-9]/g, ""),
                members: [...(group.members ?? [])],
            };
            groups.set(stored.id, stored);
            return { ...stored, members: [...stored.members] };
        },
        updateGroup: (id: string, change: Partial<Omit<DirectoryGroup, "id">>) => {
            const current = groups.get(id);
            if (!current) throw new Error(`no group ${id}`);
            const next: DirectoryGroup = { ...current, ...change, id, members: [...(change.members ?? current.members)] };
            groups.set(id, next);
            return { ...next, members: [...next.members] };
        },
        users: () => copies(users.values()),
        groups: () => copies(groups.values()),
        user: (id: string) => (users.has(id) ? structuredClone(users.get(id)!) : undefined),
        group: (id: string) => (groups.has(id) ? structuredClone(groups.get(id)!) : undefined),
        deleteObject,
    });
}

/** Only `prop eq 'value'` clauses joined by `and`, which is all azuread and the tools send. */
function applyFilter<T extends Record<string, any>>(values: T[], filter: string | null): T[] {
    if (!filter) return values;
    const clauses = filter.split(/\s+and\s+/i).map((clause) => /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(clause));
    if (clauses.some((c) => !c)) return values.filter(() => false);
    return values.filter((v) => clauses.every((c) => String(v[c![1]] ?? "").toLowerCase() === c![2].replace(/''/g, "'").toLowerCase()));
}

function applicationDefaults(): Record<string, unknown> {
    return {
        deletedDateTime: null,
        api: { acceptMappedClaims: null, knownClientApplications: [], requestedAccessTokenVersion: null, oauth2PermissionScopes: [], preAuthorizedApplications: [] },
        appRoles: [],
        identifierUris: [],
        info: { logoUrl: null, marketingUrl: null, privacyStatementUrl: null, supportUrl: null, termsOfServiceUrl: null },
        keyCredentials: [],
        optionalClaims: null,
        passwordCredentials: [],
        publicClient: { redirectUris: [] },
        requiredResourceAccess: [],
        signInAudience: "AzureADMyOrg",
        spa: { redirectUris: [] },
        tags: [],
        web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    };
}

function servicePrincipalDefaults(): Record<string, unknown> {
    return {
        deletedDateTime: null,
        accountEnabled: true,
        alternativeNames: [],
        appRoleAssignmentRequired: false,
        appRoles: [],
        description: null,
        homepage: null,
        keyCredentials: [],
        loginUrl: null,
        logoutUrl: null,
        notes: null,
        notificationEmailAddresses: [],
        oauth2PermissionScopes: [],
        passwordCredentials: [],
        preferredSingleSignOnMode: null,
        replyUrls: [],
        servicePrincipalNames: [],
        servicePrincipalType: "Application",
        signInAudience: "AzureADMyOrg",
        tags: [],
    };
}

/** An application as Graph shows it: password credentials without their secret. */
function publicApp(app: GraphObject): GraphObject {
    return { ...app, passwordCredentials: (app.passwordCredentials ?? []).map((c: any) => ({ ...c, secretText: null })) };
}

function publicGroup(group: DirectoryGroup): Record<string, unknown> {
    const { members: _members, ...rest } = group;
    return { ...rest, securityEnabled: true, mailEnabled: false, groupTypes: [] };
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

/** start/pause: the status code, and the schedule state azuread reads `enabled` from. */
function setStatus(stored: StoredJob, code: "Active" | "Paused"): void {
    stored.job.status = { ...stored.job.status, code };
    stored.job.schedule = { ...stored.job.schedule, state: code === "Active" ? "Active" : "Disabled" };
}

/**
 * Graph answers 200 whatever the outcome: `key` is `{"result", "details"}` and `value` the run with
 * its `provisioningSteps` and `statusInfo`, both as JSON strings (graph-provisionondemand-customappsso.json).
 */
type OnDemandSubject = { objectId: string; objectTypeName: string; links?: { members?: Array<{ objectId: string }> } };

async function provisionOnDemand(body: any, outcomeOf: (subject: OnDemandSubject) => OnDemandOutcome | undefined | Promise<OnDemandOutcome>): Promise<EmulatorResponse> {
    const subject: OnDemandSubject | undefined = body?.parameters?.[0]?.subjects?.[0];
    if (!body?.parameters?.[0]?.ruleId || !subject?.objectId || !subject?.objectTypeName) {
        return graphError(400, "BadRequest", "parameters[0] needs ruleId and subjects[0] with objectId and objectTypeName.");
    }
    if ((subject.links?.members?.length ?? 0) > ON_DEMAND_GROUP_MEMBERS) {
        return graphError(400, "BadRequest", `On-demand provisioning of a group takes at most ${ON_DEMAND_GROUP_MEMBERS} members in links.members.`);
    }
    const found = await outcomeOf(subject);
    const outcome: OnDemandOutcome = found ? { result: found.result, errorCode: found.errorCode, reason: found.reason, steps: found.steps } : { result: "Success" };
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
