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

export const SCIM_VERBS = ["get", "post", "put", "patch", "delete"] as const;
export const USERS_SCOPES: readonly string[] = SCIM_VERBS.map((verb) => `${verb}:users`);
export const GROUPS_SCOPES: readonly string[] = SCIM_VERBS.map((verb) => `${verb}:groups`);
/** The groups scopes Entra uses to provision groups (seed: get, post, patch, delete). */
export const ENTRA_GROUPS_SCOPES: readonly string[] = ["get:groups", "post:groups", "patch:groups", "delete:groups"];

/** Every scope is a SCIM users or groups scope, and there is at least one. */
export function tokenScopeViolations(scopes: unknown): string[] {
    if (isUnknown(scopes)) return [];
    if (!Array.isArray(scopes) || scopes.length === 0) {
        return [
            `scopes is ${show(scopes)}; a SCIM token must list its scopes, users scopes ` +
                `(${USERS_SCOPES.join(" ")}) and, only to provision groups, groups scopes.`,
        ];
    }
    const bad = scopes.filter((s) => !isUnknown(s) && !(typeof s === "string" && (USERS_SCOPES.includes(s) || GROUPS_SCOPES.includes(s))));
    if (bad.length === 0) return [];
    return [
        `scopes ${bad.map(show).join(", ")} ${bad.length === 1 ? "is" : "are"} not SCIM users or groups scopes; ` +
            `a SCIM token may carry only ${USERS_SCOPES.join(" ")} and ${GROUPS_SCOPES.join(" ")}.`,
    ];
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

/** `BaseAddress` ends with `?aadOptscim062020`; `SyncAll` is "false" (only assigned users and groups). */
export function provisioningCredentialViolations(credentials: unknown): string[] {
    if (isUnknown(credentials)) return [];
    const list = Array.isArray(credentials) ? credentials : [];
    const values = new Map<string, unknown>();
    let someKeyUnknown = false;
    for (const credential of list) {
        const key = prop(credential, "key");
        if (isUnknown(key)) someKeyUnknown = true;
        else if (typeof key === "string") values.set(key, prop(credential, "value"));
    }
    const out: string[] = [];
    const baseAddress = values.get("BaseAddress");
    if (!values.has("BaseAddress")) {
        if (!someKeyUnknown) out.push(`credentials have no BaseAddress (the Tenant URL): set it to Auth0's SCIM endpoint URL followed by ${ENTRA_SCIM_FLAG}.`);
    } else if (!isUnknown(baseAddress) && !(typeof baseAddress === "string" && baseAddress.endsWith(ENTRA_SCIM_FLAG))) {
        out.push(
            `credential BaseAddress (the Tenant URL) does not end with ${ENTRA_SCIM_FLAG}; Entra needs that flag to ` +
                "send SCIM requests Auth0 accepts (Microsoft's SCIM 2.0 compliance fixes).",
        );
    }
    const syncAll = values.get("SyncAll");
    if (!values.has("SyncAll")) {
        if (!someKeyUnknown) out.push('credentials have no SyncAll: set it to "false" (Scope: sync only assigned users and groups).');
    } else if (!isUnknown(syncAll) && syncAll !== "false") {
        out.push(`credential SyncAll is ${show(syncAll)}; it must be "false" so that only assigned users and groups are provisioned.`);
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
 * The service principals of the stack's OIDC app registrations. An app registration is an OIDC app if
 * a waad connection takes its client id (the connection's `options` depend on it), or if it has a Web
 * redirect URI ending in `/login/callback` (Auth0's callback; in `web.redirectUris`, or in an
 * `ApplicationRedirectUris` of type Web for it). Its service principal is the one whose `clientId`
 * depends on it, or whose `clientId` equals its client id or a waad connection's `options.clientId`
 * (values, when known).
 */
export function oidcServicePrincipals(resources: readonly PolicyResource[]): PolicyResource[] {
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

// ---------------------------------------------------------------------------------------------
// Advisory: token lifetime and rotation window (configurable)

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

/** The policy's config over its defaults, ignoring values of the wrong type. */
export function withDefaults<T extends object>(defaults: T, config: unknown): T {
    const base = defaults as Record<string, unknown>;
    const out: Record<string, unknown> = { ...base };
    if (config && typeof config === "object") {
        for (const [key, value] of Object.entries(config)) {
            if (key in base && typeof value === typeof base[key]) out[key] = value;
        }
    }
    return out as T;
}

/** Lifetime of a token: `lifetimeSeconds` of a ScimToken; an auth0.ConnectionScimToken never expires. */
export function tokenLifetimeViolations(type: string, lifetimeSeconds: unknown, config: LifetimeConfig): string[] {
    if (type === types.CONNECTION_SCIM_TOKEN) {
        return config.requireExpiry
            ? ["auth0.ConnectionScimToken cannot have an expiry, so this token never expires: use the package's ScimToken with lifetimeSeconds (scimTokenLifetimeDays)."]
            : [];
    }
    if (isUnknown(lifetimeSeconds)) return [];
    if (lifetimeSeconds === undefined || lifetimeSeconds === null) {
        return config.requireExpiry
            ? ["the token never expires (lifetimeSeconds unset, scimTokenLifetimeDays 0): give it a lifetime; it is rotated before it expires."]
            : [];
    }
    if (typeof lifetimeSeconds === "number" && lifetimeSeconds > config.maxLifetimeDays * DAY_SECONDS) {
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
