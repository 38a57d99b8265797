/**
 * The pack's rules as pure functions: plain values in (with `UNKNOWN` where preview cannot know a
 * value), violation messages out. An empty list means compliant, or undecidable because of an
 * unknown value. Messages never include a secret value.
 */
import type { PolicyResource } from "@pulumi/policy";
import * as types from "./resourceTypes";
import { isUnknown, prop, show, UNKNOWN, type Unknown } from "./values";

export const DAY_SECONDS = 86_400;

// ---------------------------------------------------------------------------------------------
// Auth0: waad connection and SCIM configuration (seed "Configure SCIM settings in Auth0" 2 and 5)

/**
 * Seed step 2 for a waad connection with SCIM: User ID Attribute `oid`, common endpoint off (Auth0
 * refuses SCIM on a connection that uses the common endpoint). `options` is the connection's
 * `options` input.
 */
export function waadConnectionViolations(options: unknown): string[] {
    const out: string[] = [];
    const userIdAttribute = prop(options, "userIdAttribute");
    if (!isUnknown(userIdAttribute) && userIdAttribute !== "oid") {
        out.push(
            `options.userIdAttribute is ${show(userIdAttribute)}; a waad connection with SCIM must set it to "oid" ` +
                `(User ID Attribute Type = User Object Identifier), the id Entra's provisioning sends as externalId.`,
        );
    }
    const commonEndpoint = prop(options, "waadCommonEndpoint");
    if (commonEndpoint === true) {
        out.push(
            "options.waadCommonEndpoint is true; SCIM cannot be enabled for a connection that uses the Azure AD " +
                "common endpoint. Set it to false (or leave it unset).",
        );
    }
    return out;
}

/** Seed step 5: "SCIM attribute containing the User ID" is externalId. */
export function scimConfigurationViolations(userIdAttribute: unknown): string[] {
    if (isUnknown(userIdAttribute) || userIdAttribute === "externalId") return [];
    return [
        `userIdAttribute is ${show(userIdAttribute)}; it must be "externalId", the SCIM attribute Entra fills ` +
            "from the user's objectId (state it explicitly: Auth0's default depends on the connection's strategy).",
    ];
}

/**
 * The waad connections of the stack that have SCIM, found through each SCIM configuration's
 * `connectionId` (its property dependencies, else the connection's `id` output when both are known).
 * If a SCIM configuration's connection cannot be identified (its id is a literal, or comes from a
 * resource outside the stack), every waad connection of the stack counts as having SCIM.
 */
export function scimWaadConnections(resources: readonly PolicyResource[]): PolicyResource[] {
    const waad = resources.filter((r) => r.type === types.CONNECTION && prop(r.props, "strategy") === "waad");
    const connections = resources.filter((r) => r.type === types.CONNECTION);
    const found = new Set<PolicyResource>();
    let unresolved = false;
    for (const configuration of resources.filter((r) => r.type === types.SCIM_CONFIGURATION)) {
        let targets = dependencies(configuration, "connectionId", types.CONNECTION);
        if (targets.length === 0) {
            const connectionId = prop(configuration.props, "connectionId");
            targets = typeof connectionId === "string"
                ? connections.filter((c) => prop(c.props, "id") === connectionId)
                : [];
        }
        if (targets.length === 0) unresolved = true;
        for (const target of targets) found.add(target);
    }
    return unresolved ? waad : waad.filter((c) => found.has(c));
}

// ---------------------------------------------------------------------------------------------
// SCIM token scopes (seed "Retrieve SCIM endpoint URL and token" 3)

/** Every SCIM verb Auth0 has a token scope for. */
export const SCIM_VERBS = ["get", "post", "put", "patch", "delete"] as const;
/** The verbs Entra's provisioning uses: it never sends PUT. */
export const ENTRA_VERBS = ["get", "post", "patch", "delete"] as const;
export const USERS_SCOPES: readonly string[] = ENTRA_VERBS.map((verb) => `${verb}:users`);
export const GROUPS_SCOPES: readonly string[] = ENTRA_VERBS.map((verb) => `${verb}:groups`);
/** The groups scopes Entra uses to provision groups (seed: get, post, patch, delete). */
export const ENTRA_GROUPS_SCOPES: readonly string[] = GROUPS_SCOPES;
/** Scopes Auth0 offers that Entra never needs: refused (least privilege). */
export const PUT_SCOPES: readonly string[] = ["put:users", "put:groups"];

/**
 * Every scope is one Entra uses (get|post|patch|delete:users|groups), and there is at least one.
 * `put:users` / `put:groups` are refused: Entra's provisioning never sends PUT, so a token that
 * carries them only widens what a leaked token can do.
 */
export function tokenScopeViolations(scopes: unknown): string[] {
    if (isUnknown(scopes)) return [];
    if (!Array.isArray(scopes) || scopes.length === 0) {
        return [
            `scopes is ${show(scopes)}; a SCIM token must list its scopes, users scopes ` +
                `(${USERS_SCOPES.join(" ")}) and, only to provision groups, groups scopes.`,
        ];
    }
    const out: string[] = [];
    const put = scopes.filter((s): s is string => typeof s === "string" && PUT_SCOPES.includes(s));
    if (put.length > 0) {
        out.push(
            `scopes ${put.map(show).join(", ")} ${put.length === 1 ? "is" : "are"} refused: Entra's provisioning never ` +
                "sends PUT (it updates with PATCH), so the token must not carry put scopes (least privilege).",
        );
    }
    const bad = scopes.filter(
        (s) => !isUnknown(s) && !(typeof s === "string" && (USERS_SCOPES.includes(s) || GROUPS_SCOPES.includes(s) || PUT_SCOPES.includes(s))),
    );
    if (bad.length > 0) {
        out.push(
            `scopes ${bad.map(show).join(", ")} ${bad.length === 1 ? "is" : "are"} not SCIM users or groups scopes; ` +
                `a SCIM token may carry only ${USERS_SCOPES.join(" ")} and ${GROUPS_SCOPES.join(" ")}.`,
        );
    }
    return out;
}

/**
 * Whether the stack provisions groups: `true` if a `ProvisioningSchema` in it has `provisionGroups`
 * true, `false` if every one has it false, `UNKNOWN` if one is unknown and none is true, `undefined`
 * if the stack has no `ProvisioningSchema` (a hand-written stack, or Entra managed elsewhere).
 */
export type GroupsProvisioned = boolean | Unknown | undefined;

export function groupsProvisioned(resources: readonly PolicyResource[]): GroupsProvisioned {
    const values = resources
        .filter((r) => r.type === types.PROVISIONING_SCHEMA)
        .map((r) => prop(r.props, "provisionGroups"));
    if (values.length === 0) return undefined;
    if (values.some((v) => v === true)) return true;
    if (values.some(isUnknown)) return UNKNOWN;
    return false;
}

/**
 * Groups scopes only when groups are provisioned. With a `ProvisioningSchema` in the stack, its
 * `provisionGroups` decides. Without one, nothing in the stack says whether groups are provisioned,
 * so groups scopes are accepted only as the complete set Entra uses (get, post, patch, delete):
 * a partial set is a mistake either way.
 */
export function tokenGroupsScopeViolations(scopes: unknown, groups: GroupsProvisioned): string[] {
    if (isUnknown(scopes) || !Array.isArray(scopes) || isUnknown(groups) || groups === true) return [];
    const present = scopes.filter((s): s is string => typeof s === "string" && GROUPS_SCOPES.includes(s));
    if (present.length === 0) return [];
    if (groups === false) {
        return [
            `scopes include ${present.join(" ")}, but the stack does not provision groups (its ProvisioningSchema has ` +
                "provisionGroups false): remove the groups scopes, or turn on provisionGroups.",
        ];
    }
    if (scopes.some(isUnknown)) return [];
    const missing = ENTRA_GROUPS_SCOPES.filter((s) => !present.includes(s));
    if (missing.length === 0) return [];
    return [
        `scopes include ${present.join(" ")} but not ${missing.join(" ")}, and no ProvisioningSchema in the stack says ` +
            `groups are provisioned: carry all of ${ENTRA_GROUPS_SCOPES.join(" ")} to provision groups, or none.`,
    ];
}

// ---------------------------------------------------------------------------------------------
// Entra provisioning credentials (seed "Configure SCIM in Azure AD for OIDC Apps" 5-7)

export const ENTRA_SCIM_FLAG = "?aadOptscim062020";
/** The hosts that may carry a port in a Tenant URL: the sandbox's emulators on this machine. */
export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost"];
/**
 * A connection id as one plain path segment (Auth0's are `con_` and 16 letters or digits; no dots,
 * slashes, percent-encoding or anything else a URL parser could reinterpret).
 */
const CONNECTION_ID_SEGMENT = /^[A-Za-z0-9_-]+$/;
const SCIM_PATH = /^\/scim\/v2\/connections\/([^/]+)$/;

export interface CredentialsConfig {
    /**
     * The Auth0 domains a Tenant URL may point at (host, or host:port for a loopback emulator),
     * compared without regard to case. Empty: any host that passes the other checks.
     */
    readonly auth0Domains: readonly string[];
}
export const CREDENTIALS_DEFAULTS: CredentialsConfig = { auth0Domains: [] };

/**
 * The Tenant URL (`BaseAddress`), parsed as a URL: `https://{auth0 domain}/scim/v2/connections/{connection id}?aadOptscim062020`
 * and nothing else. https only; no userinfo (`https://acme.us.auth0.com@attacker.example/…` points at
 * attacker.example); a port only on a loopback host; no fragment; the path and query exactly as shown,
 * and written the way a URL parser reads them back (no dot segments, backslashes or percent-encoding that
 * Entra's parser could resolve differently); with `auth0Domains` configured, the host is one of them.
 * Messages name the problem and at most the host, never the whole value (userinfo may hold a password).
 */
export function tenantUrlViolations(baseAddress: unknown, config: CredentialsConfig = CREDENTIALS_DEFAULTS): string[] {
    if (isUnknown(baseAddress)) return [];
    const expected = `https://<auth0 domain>/scim/v2/connections/<connection id>${ENTRA_SCIM_FLAG}`;
    const fail = (why: string) => [`credential BaseAddress (the Tenant URL) ${why}; it must be ${expected}.`];
    if (typeof baseAddress !== "string") return fail(`is ${show(baseAddress)}, not a string`);
    let url: URL;
    try {
        url = new URL(baseAddress);
    } catch {
        return fail("is not a URL");
    }
    if (url.protocol !== "https:") return fail(`uses ${show(url.protocol.replace(/:$/, ""))}, not https`);
    if (url.username !== "" || url.password !== "") {
        return fail("has userinfo (a user name or password before an @), which makes the host the part after the @");
    }
    const out: string[] = [];
    const hostname = url.hostname.toLowerCase();
    const loopback = LOOPBACK_HOSTS.includes(hostname);
    // The written authority, for a port the parser drops (`:443`).
    const written = /^https:\/\/([^/?#\\]*)(.*)$/is.exec(baseAddress);
    const writtenPort = written !== null && /:\d*$/.test(written[1]);
    if ((url.port !== "" || writtenPort) && !loopback) out.push(...fail(`has a port on ${show(hostname)}; a port is allowed only on a loopback host (${LOOPBACK_HOSTS.join(", ")})`));
    const path = SCIM_PATH.exec(url.pathname);
    if (!path || !CONNECTION_ID_SEGMENT.test(path[1])) {
        out.push(...fail("does not have the path /scim/v2/connections/<connection id>"));
    }
    if (url.search !== ENTRA_SCIM_FLAG) {
        out.push(
            `credential BaseAddress (the Tenant URL) does not have exactly the query ${ENTRA_SCIM_FLAG}; Entra needs that flag ` +
                "to send SCIM requests Auth0 accepts (Microsoft's SCIM 2.0 compliance fixes), and nothing else belongs there.",
        );
    }
    if (url.hash !== "" || baseAddress.includes("#")) out.push(...fail("has a fragment (#…)"));
    // The text as written must be what the parser read: the authority is host[:port] (case aside) and the
    // rest is the parsed path and query, so nothing was resolved away (dot segments, `\`, `%2e`, tabs).
    if (out.length === 0 && (!written || written[1].toLowerCase() !== url.host || written[2] !== `${url.pathname}${url.search}`)) {
        out.push(...fail("is not written in plain form (a URL parser reads it as a different address)"));
    }
    if (config.auth0Domains.length > 0) {
        const allowed = config.auth0Domains.map((d) => d.toLowerCase());
        const host = url.host; // lower case, with the port if any
        if (!allowed.includes(host)) out.push(...fail(`points at ${show(host)}, which is not one of the configured auth0Domains (${allowed.join(", ")})`));
    }
    return out;
}

/**
 * `BaseAddress` is a well-formed Tenant URL (`tenantUrlViolations`); `SyncAll` is "false" (only assigned
 * users and groups); no key appears twice (which of two values Entra keeps is not documented, so a
 * second `SyncAll` or `BaseAddress` could undo the checked one).
 */
export function provisioningCredentialViolations(credentials: unknown, config: CredentialsConfig = CREDENTIALS_DEFAULTS): string[] {
    if (isUnknown(credentials)) return [];
    const list = Array.isArray(credentials) ? credentials : [];
    const values = new Map<string, unknown[]>();
    let someKeyUnknown = false;
    for (const credential of list) {
        const key = prop(credential, "key");
        if (isUnknown(key)) someKeyUnknown = true;
        else if (typeof key === "string") values.set(key, [...(values.get(key) ?? []), prop(credential, "value")]);
    }
    const out: string[] = [];
    const duplicates = [...values].filter(([, v]) => v.length > 1).map(([key]) => key);
    if (duplicates.length > 0) {
        out.push(
            `credentials have ${duplicates.map((k) => `${show(k)} ${values.get(k)!.length} times`).join(", ")}; each key must appear ` +
                "once (a second value could override the checked one).",
        );
    }
    if (!values.has("BaseAddress")) {
        if (!someKeyUnknown) out.push(`credentials have no BaseAddress (the Tenant URL): set it to Auth0's SCIM endpoint URL followed by ${ENTRA_SCIM_FLAG}.`);
    } else {
        for (const baseAddress of values.get("BaseAddress")!) out.push(...tenantUrlViolations(baseAddress, config));
    }
    if (!values.has("SyncAll")) {
        if (!someKeyUnknown) out.push('credentials have no SyncAll: set it to "false" (Scope: sync only assigned users and groups).');
    } else {
        for (const syncAll of values.get("SyncAll")!) {
            if (!isUnknown(syncAll) && syncAll !== "false") {
                out.push(`credential SyncAll is ${show(syncAll)}; it must be "false" so that only assigned users and groups are provisioned.`);
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Entra OIDC app (seed "Configure SCIM in Azure AD for OIDC Apps" 2)

/** Assignment Required = Yes. */
export function assignmentRequiredViolations(appRoleAssignmentRequired: unknown): string[] {
    if (isUnknown(appRoleAssignmentRequired) || appRoleAssignmentRequired === true) return [];
    return [
        `appRoleAssignmentRequired is ${show(appRoleAssignmentRequired)}; the OIDC app's service principal must set it ` +
            "to true (Assignment Required = Yes), so only the users and groups assigned to it, the same ones provisioned, can sign in.",
    ];
}

/** Auth0's login callback, `https://{auth0 domain}/login/callback`. */
export function isAuth0CallbackUri(uri: unknown): boolean {
    return typeof uri === "string" && /\/login\/callback\/?$/.test(uri);
}

/**
 * The stack's OIDC app registrations. An app registration is an OIDC app if a waad connection takes its
 * client id (the connection's `options` depend on it), or if it has a Web redirect URI ending in
 * `/login/callback` (Auth0's callback; in `web.redirectUris`, or in an `ApplicationRedirectUris` of type
 * Web for it).
 */
export function oidcApplications(resources: readonly PolicyResource[]): PolicyResource[] {
    const waad = resources.filter((r) => r.type === types.CONNECTION && prop(r.props, "strategy") === "waad");
    const apps = new Set<PolicyResource>();
    for (const connection of waad) {
        for (const app of dependencies(connection, "options", types.APPLICATION)) apps.add(app);
    }
    for (const app of resources.filter((r) => r.type === types.APPLICATION)) {
        const uris = prop(app.props, "web", "redirectUris");
        if (Array.isArray(uris) && uris.some(isAuth0CallbackUri)) apps.add(app);
    }
    for (const redirects of resources.filter((r) => r.type === types.APPLICATION_REDIRECT_URIS)) {
        const uris = prop(redirects.props, "redirectUris");
        if (prop(redirects.props, "type") === "Web" && Array.isArray(uris) && uris.some(isAuth0CallbackUri)) {
            for (const app of dependencies(redirects, "applicationId", types.APPLICATION)) apps.add(app);
        }
    }
    return resources.filter((r) => apps.has(r));
}

/**
 * The service principals of the stack's OIDC app registrations (`oidcApplications`): the one whose
 * `clientId` depends on such an app, or whose `clientId` equals its client id or a waad connection's
 * `options.clientId` (values, when known; a hand-written stack may register the app elsewhere).
 */
export function oidcServicePrincipals(resources: readonly PolicyResource[]): PolicyResource[] {
    const waad = resources.filter((r) => r.type === types.CONNECTION && prop(r.props, "strategy") === "waad");
    const apps = new Set(oidcApplications(resources));
    const clientIds = new Set<string>();
    for (const app of apps) {
        const clientId = prop(app.props, "clientId");
        if (typeof clientId === "string") clientIds.add(clientId);
    }
    for (const connection of waad) {
        const clientId = prop(connection.props, "options", "clientId");
        if (typeof clientId === "string") clientIds.add(clientId);
    }
    return resources.filter((r) => {
        if (r.type !== types.SERVICE_PRINCIPAL) return false;
        if (dependencies(r, "clientId", types.APPLICATION).some((app) => apps.has(app))) return true;
        const clientId = prop(r.props, "clientId");
        return typeof clientId === "string" && clientIds.has(clientId);
    });
}

/**
 * The delegated permission grants (admin consent) given to an OIDC app's service principal: their
 * `servicePrincipalObjectId` depends on it, or equals its `objectId` (values, when known).
 */
export function oidcConsentGrants(resources: readonly PolicyResource[]): PolicyResource[] {
    const principals = new Set(oidcServicePrincipals(resources));
    const objectIds = new Set<string>();
    for (const sp of principals) {
        const objectId = prop(sp.props, "objectId");
        if (typeof objectId === "string") objectIds.add(objectId);
    }
    return resources.filter((r) => {
        if (r.type !== types.DELEGATED_PERMISSION_GRANT) return false;
        if (dependencies(r, "servicePrincipalObjectId", types.SERVICE_PRINCIPAL).some((sp) => principals.has(sp))) return true;
        const objectId = prop(r.props, "servicePrincipalObjectId");
        return typeof objectId === "string" && objectIds.has(objectId);
    });
}

/**
 * The `ApplicationApiAccess` resources of an OIDC app registration: their `applicationId` depends on
 * it, or equals its `id` (values, when known).
 */
export function oidcApiAccesses(resources: readonly PolicyResource[]): PolicyResource[] {
    const apps = new Set(oidcApplications(resources));
    const ids = new Set<string>();
    for (const app of apps) {
        const id = prop(app.props, "id");
        if (typeof id === "string") ids.add(id);
    }
    return resources.filter((r) => {
        if (r.type !== types.APPLICATION_API_ACCESS) return false;
        if (dependencies(r, "applicationId", types.APPLICATION).some((app) => apps.has(app))) return true;
        const applicationId = prop(r.props, "applicationId");
        return typeof applicationId === "string" && ids.has(applicationId);
    });
}

/** Microsoft Graph's application (client) id: the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** The delegated Graph permissions Auth0's waad connection signs in with; nothing else. */
export const OIDC_DELEGATED_SCOPES: readonly string[] = ["openid", "profile", "email", "User.Read"];
/**
 * Their permission ids. Microsoft Graph's permission ids are the same in every tenant (Graph
 * permissions reference); the program reads them from Graph's service principal at run time, and the
 * pack checks an id only when its value is known.
 */
export const OIDC_DELEGATED_SCOPE_IDS: Readonly<Record<string, string>> = {
    openid: "37f7f235-527c-4136-accd-4a02d197296e",
    profile: "14dad69e-099b-42c9-810b-d002981feec1",
    email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
    "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
};
const KNOWN_SCOPE_IDS = new Map(Object.entries(OIDC_DELEGATED_SCOPE_IDS).map(([name, id]) => [id.toLowerCase(), name]));
/** `signInAudience` the OIDC app must have (azuread's default when unset). */
export const OIDC_SIGN_IN_AUDIENCE = "AzureADMyOrg";

const isGraph = (appId: unknown) => typeof appId === "string" && appId.toLowerCase() === MICROSOFT_GRAPH_APP_ID;
const isKnownScopeId = (id: unknown) => typeof id === "string" && KNOWN_SCOPE_IDS.has(id.toLowerCase());

/**
 * The OIDC app registration signs in only its own tenant's accounts (`signInAudience` AzureADMyOrg,
 * azuread's default when unset) and asks only for Microsoft Graph's delegated openid, profile, email
 * and User.Read: every `requiredResourceAccesses` entry is Graph's, every access is of type `Scope`
 * (delegated; `Role` is an application permission the app itself would hold), and every known id is
 * one of the four's.
 */
export function oidcAppViolations(signInAudience: unknown, requiredResourceAccesses: unknown): string[] {
    const out: string[] = [];
    if (!isUnknown(signInAudience) && signInAudience !== undefined && signInAudience !== null && signInAudience !== OIDC_SIGN_IN_AUDIENCE) {
        out.push(
            `signInAudience is ${show(signInAudience)}; the OIDC app must be ${OIDC_SIGN_IN_AUDIENCE} (single tenant): the waad ` +
                "connection signs in the customer's tenant only, and a multi-tenant app lets any tenant's accounts reach Auth0's callback.",
        );
    }
    if (isUnknown(requiredResourceAccesses) || !Array.isArray(requiredResourceAccesses)) return out;
    for (const access of requiredResourceAccesses) {
        const resourceAppId = prop(access, "resourceAppId");
        if (!isUnknown(resourceAppId) && !isGraph(resourceAppId)) {
            out.push(
                `requiredResourceAccesses names resourceAppId ${show(resourceAppId)}; the OIDC app needs Microsoft Graph ` +
                    `(${MICROSOFT_GRAPH_APP_ID}) only.`,
            );
        }
        const accesses = prop(access, "resourceAccesses");
        if (isUnknown(accesses) || !Array.isArray(accesses)) continue;
        for (const entry of accesses) {
            const type = prop(entry, "type");
            const id = prop(entry, "id");
            if (!isUnknown(type) && type !== "Scope") {
                out.push(
                    `requiredResourceAccesses has an access of type ${show(type)}${isUnknown(id) ? "" : ` (id ${show(id)})`}; the OIDC app ` +
                        `asks only for delegated permissions (type "Scope"): ${OIDC_DELEGATED_SCOPES.join(", ")}.`,
                );
            } else if (!isUnknown(id) && isGraph(resourceAppId) && !isKnownScopeId(id)) {
                out.push(
                    `requiredResourceAccesses asks Microsoft Graph for permission id ${show(id)}, which is not one of ` +
                        `${OIDC_DELEGATED_SCOPES.join(", ")}; the OIDC app needs only those.`,
                );
            }
        }
    }
    return out;
}

/**
 * An `ApplicationApiAccess` for the OIDC app: Microsoft Graph only, no app roles (application
 * permissions), and only the four delegated scope ids.
 */
export function oidcApiAccessViolations(apiClientId: unknown, scopeIds: unknown, roleIds: unknown): string[] {
    const out: string[] = [];
    if (!isUnknown(apiClientId) && !isGraph(apiClientId)) {
        out.push(`apiClientId is ${show(apiClientId)}; the OIDC app needs Microsoft Graph (${MICROSOFT_GRAPH_APP_ID}) only.`);
    }
    if (!isUnknown(roleIds) && Array.isArray(roleIds) && roleIds.length > 0) {
        out.push(`roleIds lists ${roleIds.length} app role(s); the OIDC app asks for no application permission, only delegated ${OIDC_DELEGATED_SCOPES.join(", ")}.`);
    }
    if (!isUnknown(scopeIds) && Array.isArray(scopeIds) && isGraph(apiClientId)) {
        const bad = scopeIds.filter((id) => !isUnknown(id) && !isKnownScopeId(id));
        if (bad.length > 0) {
            out.push(`scopeIds ${bad.map(show).join(", ")} are not Graph's ${OIDC_DELEGATED_SCOPES.join(", ")}; the OIDC app needs only those.`);
        }
    }
    return out;
}

/** Admin consent for the OIDC app: `claimValues` only among openid, profile, email, User.Read. */
export function consentGrantViolations(claimValues: unknown): string[] {
    if (isUnknown(claimValues) || !Array.isArray(claimValues)) return [];
    const bad = claimValues.filter((c) => !isUnknown(c) && !(typeof c === "string" && OIDC_DELEGATED_SCOPES.includes(c)));
    if (bad.length === 0) return [];
    return [
        `claimValues ${bad.map(show).join(", ")} ${bad.length === 1 ? "is" : "are"} not among ${OIDC_DELEGATED_SCOPES.join(", ")}; ` +
            "admin consent for the OIDC app grants, for every user, only what the Auth0 sign-in uses.",
    ];
}

// ---------------------------------------------------------------------------------------------
// Token lifetime (mandatory, configurable) and rotation window (advisory, configurable)

export interface LifetimeConfig {
    /** Longest allowed token lifetime, in days. */
    readonly maxLifetimeDays: number;
    /** Report tokens that never expire. */
    readonly requireExpiry: boolean;
}
export const LIFETIME_DEFAULTS: LifetimeConfig = { maxLifetimeDays: 365, requireExpiry: true };

export interface RotationConfig {
    /** Smallest allowed `rotateBeforeDays`: the days a due token has to be rotated before it expires. */
    readonly minRotateBeforeDays: number;
}
export const ROTATION_DEFAULTS: RotationConfig = { minRotateBeforeDays: 7 };

/** The ScimToken provider's default `rotateBeforeDays` (providers/auth0/scimTokenRules.ts). */
export const PROVIDER_DEFAULT_ROTATE_BEFORE_DAYS = 14;

/**
 * The policy's config over its defaults, ignoring values of the wrong type (an array default takes
 * only an array of strings).
 */
export function withDefaults<T extends object>(defaults: T, config: unknown): T {
    const base = defaults as Record<string, unknown>;
    const out: Record<string, unknown> = { ...base };
    if (config && typeof config === "object") {
        for (const [key, value] of Object.entries(config)) {
            if (!(key in base)) continue;
            const fits = Array.isArray(base[key])
                ? Array.isArray(value) && value.every((v) => typeof v === "string")
                : typeof value === typeof base[key] && !Array.isArray(value);
            if (fits) out[key] = value;
        }
    }
    return out as T;
}

/** Auth0 refuses a `token_lifetime` of 900 seconds or less. */
export const MIN_LIFETIME_SECONDS = 900;
const OPT_OUT = "(to accept tokens that never expire, set requireExpiry false in the pack's config for scim-token-lifetime)";

/**
 * Lifetime of a token: `lifetimeSeconds` of a ScimToken; an auth0.ConnectionScimToken never expires.
 * With `requireExpiry` (the default) a token must expire; any lifetime given must be a number of
 * seconds over Auth0's 900 and at most `maxLifetimeDays`.
 */
export function tokenLifetimeViolations(type: string, lifetimeSeconds: unknown, config: LifetimeConfig): string[] {
    if (type === types.CONNECTION_SCIM_TOKEN) {
        return config.requireExpiry
            ? [`auth0.ConnectionScimToken cannot have an expiry, so this token never expires: use the package's ScimToken with lifetimeSeconds (scimTokenLifetimeDays) ${OPT_OUT}.`]
            : [];
    }
    if (isUnknown(lifetimeSeconds)) return [];
    if (lifetimeSeconds === undefined || lifetimeSeconds === null) {
        return config.requireExpiry
            ? [`the token never expires (lifetimeSeconds unset, scimTokenLifetimeDays 0): give it a lifetime; it is rotated before it expires ${OPT_OUT}.`]
            : [];
    }
    if (typeof lifetimeSeconds !== "number" || !Number.isFinite(lifetimeSeconds) || lifetimeSeconds <= MIN_LIFETIME_SECONDS) {
        return [`lifetimeSeconds is ${show(lifetimeSeconds)}; give a number of seconds over ${MIN_LIFETIME_SECONDS} (Auth0's minimum).`];
    }
    if (lifetimeSeconds > config.maxLifetimeDays * DAY_SECONDS) {
        return [
            `the token lives ${+(lifetimeSeconds / DAY_SECONDS).toFixed(2)} days (lifetimeSeconds ${lifetimeSeconds}), ` +
                `more than the ${config.maxLifetimeDays} days allowed (maxLifetimeDays).`,
        ];
    }
    return [];
}

/**
 * The rotation window of a ScimToken with a lifetime: at least `minRotateBeforeDays` (the scheduled
 * `fleet up --rotation-due` runs daily, so that many chances to rotate), and shorter than the
 * lifetime. A token without a lifetime has nothing to rotate before.
 */
export function rotationWindowViolations(lifetimeSeconds: unknown, rotateBeforeDays: unknown, config: RotationConfig): string[] {
    if (typeof lifetimeSeconds !== "number") return [];
    const days = rotateBeforeDays === undefined || rotateBeforeDays === null ? PROVIDER_DEFAULT_ROTATE_BEFORE_DAYS : rotateBeforeDays;
    if (typeof days !== "number") return [];
    const out: string[] = [];
    if (days < config.minRotateBeforeDays) {
        out.push(
            `rotateBeforeDays is ${days}, under the ${config.minRotateBeforeDays} days required (minRotateBeforeDays): ` +
                "a token due for rotation should have that many daily runs to be replaced before it expires.",
        );
    }
    const lifetimeDays = lifetimeSeconds / DAY_SECONDS;
    if (days >= lifetimeDays) {
        out.push(
            `rotateBeforeDays (${days}) is not shorter than the token's lifetime (${+lifetimeDays.toFixed(2)} days): ` +
                "every update would replace the token.",
        );
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

/** The resources of `type` that property `property` of `resource` depends on. */
export function dependencies(resource: PolicyResource, property: string, type: string): PolicyResource[] {
    return (resource.propertyDependencies?.[property] ?? []).filter((r) => r.type === type);
}
