/**
 * A customer stack as the command-line tools (`npm run handoff`, `npm run ticket`) see it without
 * running the program: `Pulumi.<stack>.yaml` over the defaults `Pulumi.yaml` declares, as the tools'
 * one reader of those files gives them (tools/shared/stackFiles.ts), plus the few derived values the tools need (the same fallbacks components/config.ts
 * applies, documented in README's configuration reference).
 *
 * Secret config (`{secure: …}`) is never decrypted here: it is only known to be there. Values of keys
 * that look secret (client secrets, tokens, passwords) are kept apart so the tools can prove they never
 * print them, even when someone set one without `--secret`.
 */
import * as path from "node:path";
import { declaredEntries, readProjectFile, readStackFile, stackEntries, stackFile, type ConfigEntry } from "../shared/stackFiles";
import { CONFIG_NAMESPACE, defaultConnectionName, problemReader } from "../../components/config";
import { defaultGrantAdminConsent, MODES, type Mode } from "../../components/modes";
import { type GroupRoleBinding, readOrganizationConfig } from "../../components/organizationConfig";

export const PROJECT_NAMESPACE = CONFIG_NAMESPACE;

/** Who runs what: both sides, the Auth0 side only, or the Entra side only (by the customer's admin). */
export type StackMode = Mode;
export const STACK_MODES: readonly StackMode[] = MODES;

/** Shown wherever a value exists only once the stack has run. */
export const AFTER_FIRST_UP = "<after first pulumi up>";

export type { ConfigEntry } from "../shared/stackFiles";

export class StackConfig {
    constructor(
        readonly project: string,
        /** The stack name as given (may be `org/project/stack`). */
        readonly stack: string,
        /** Fully qualified keys (`auth0:domain`, `auth0-entra-scim:customerName`). */
        readonly entries: ReadonlyMap<string, ConfigEntry>,
    ) {}

    /** `customerName` means the project's key; `auth0:domain` is taken as it is. */
    qualify(key: string): string {
        return key.includes(":") ? key : `${this.project}:${key}`;
    }

    /** True when the key holds an encrypted (`--secret`) value. */
    isSecure(key: string): boolean {
        return this.entries.get(this.qualify(key))?.secure === true;
    }

    /** A plain value as Pulumi's `config.get` gives it: scalars as strings, structured values as JSON. */
    get(key: string): string | undefined {
        const entry = this.entries.get(this.qualify(key));
        if (!entry || entry.secure) return undefined;
        const { value } = entry;
        if (value === null || value === undefined) return undefined;
        return typeof value === "object" ? JSON.stringify(value) : String(value);
    }

    /** A plain structured value, or a scalar parsed as JSON (as `pulumi config set --path` may leave it). */
    getObject(key: string): unknown {
        const entry = this.entries.get(this.qualify(key));
        if (!entry || entry.secure) return undefined;
        if (typeof entry.value !== "string") return entry.value ?? undefined;
        try {
            return JSON.parse(entry.value);
        } catch {
            return entry.value;
        }
    }

    /**
     * Plain values of keys that hold secrets by their name, i.e. set without `--secret` by mistake:
     * the tools never print them.
     */
    plainSecretValues(): string[] {
        const values: string[] = [];
        for (const [key, entry] of this.entries) {
            if (!entry.secure && isSecretKey(key)) collectStrings(entry.value, values);
        }
        return values;
    }
}

/** Config keys whose values are secrets whatever their flag says. */
export function isSecretKey(key: string): boolean {
    const name = key.split(":").pop() ?? key;
    return /secret|token|password|passphrase|private|certificate|credential/i.test(name);
}

function collectStrings(value: unknown, into: string[]): void {
    if (typeof value === "string" || typeof value === "number") into.push(String(value));
    else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, into));
    else if (value && typeof value === "object") Object.values(value).forEach((v) => collectStrings(v, into));
}

/** Stack names as `pulumi stack init` accepts them, optionally `org/project/stack`. */
const STACK_SEGMENT = "(?!\\.\\.?(?:/|$))[A-Za-z0-9_.-]+";
const STACK_NAME = new RegExp(`^(?:${STACK_SEGMENT}/){0,2}${STACK_SEGMENT}$`);

/** The stack file's name: Pulumi names it after the stack's own (last) segment. */
export function stackFileName(stack: string): string {
    if (!STACK_NAME.test(stack)) {
        throw new Error(`--stack ${JSON.stringify(stack)} is not a stack name (letters, digits, "-", "_", "."; optionally org/project/stack)`);
    }
    return `Pulumi.${stack.split("/").pop()}.yaml`;
}

/** Reads `Pulumi.yaml` (project name, declared defaults) and the stack's `Pulumi.<stack>.yaml`. */
export function readStackConfig(stack: string, projectDir: string): StackConfig {
    const file = stackFileName(stack);
    const project = readProjectFile(projectDir);
    const stackPath = stackFile(project, stack.split("/").pop()!);
    const stackDoc = readStackFile(stackPath);
    if (!stackDoc) {
        throw new Error(`No stack file ${file} in ${path.dirname(stackPath)}: is "${stack}" a stack of this project? (pulumi stack ls)`);
    }
    // The stack file's values over the project's declared defaults.
    const entries = new Map([...declaredEntries(project), ...stackEntries(project.name, stackDoc)]);
    return new StackConfig(project.name, stack, entries);
}

/** What the tools need from a stack's config, with the program's fallbacks applied. */
export interface StackSettings {
    readonly stack: string;
    readonly mode: StackMode;
    readonly customerName: string;
    /** Undefined when neither `auth0Domain` nor `auth0:domain` is set. */
    readonly auth0Domain?: string;
    readonly entraTenantDomain?: string;
    /** `azuread:tenantId`, the customer's Entra tenant id (not a secret). */
    readonly entraTenantId?: string;
    readonly connectionName: string;
    readonly enabledClients: readonly string[];
    readonly provisionGroups: boolean;
    /** Undefined: the SCIM token never expires. */
    readonly scimTokenLifetimeDays?: number;
    readonly assignedUsers: readonly string[];
    readonly assignedGroups: readonly string[];
    readonly provisionOnDemand: readonly string[];
    /** `grantAdminConsent`: whether the Entra side's `pulumi up` grants tenant-wide consent itself. */
    readonly grantAdminConsent: boolean;
    /** `assignPrincipals`: whether the Entra side's `pulumi up` assigns the users and groups itself. */
    readonly assignPrincipals: boolean;
    /** `additionalEntraMappings`, as written (validated by the program, described by the sheet). */
    readonly additionalEntraMappings: readonly unknown[];
    readonly oidcAppDisplayName: string;
    readonly provisioningAppDisplayName: string;
    /** Customer mode: the Tenant URL the vendor handed over. */
    readonly tenantUrl?: string;
    /** Vendor mode: the customer's OIDC app's client id. */
    readonly oidcClientId?: string;
    /** A shared self-service profile's id, when the stack names one instead of creating its own. */
    readonly selfServiceProfileId?: string;
    /** `organization`: the customer's Auth0 Organization's name, when the stack has one. */
    readonly organizationName?: string;
    /** `organizationDiscoveryDomains`, lower case. */
    readonly discoveryDomains: readonly string[];
    /** `groupRoles`: Entra groups and the Auth0 roles each carries. */
    readonly groupRoles: readonly GroupRoleBinding[];
    /** Values that did not parse; the tools report them instead of failing. */
    readonly problems: readonly string[];
}

export function stackSettings(config: StackConfig): StackSettings {
    const problems: string[] = [];
    const text = (key: string) => config.get(key)?.trim() || undefined;
    const list = (key: string): string[] => {
        const value = config.getObject(key);
        if (value === undefined || value === null || value === "") return [];
        if (!Array.isArray(value)) {
            problems.push(`${config.qualify(key)} is not a list`);
            return [];
        }
        return value.filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
    };
    const bool = (key: string): boolean => {
        const value = text(key);
        if (value === undefined) return false;
        if (/^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
        problems.push(`${config.qualify(key)}: ${JSON.stringify(value)} is not true or false`);
        return false;
    };

    const rawMode = text("mode") ?? "full";
    const mode = (STACK_MODES as readonly string[]).includes(rawMode) ? (rawMode as StackMode) : "full";
    if (mode !== rawMode) problems.push(`${config.qualify("mode")}: ${JSON.stringify(rawMode)} is not one of ${STACK_MODES.join(", ")}`);

    const stackName = config.stack.split("/").pop()!;
    const customerName = text("customerName") ?? stackName;
    const lifetimeText = text("scimTokenLifetimeDays");
    const lifetime = lifetimeText === undefined ? 0 : Number(lifetimeText);
    if (!(Number.isFinite(lifetime) && lifetime >= 0)) problems.push(`${config.qualify("scimTokenLifetimeDays")}: ${JSON.stringify(lifetimeText)} is not a number of days`);
    const entraMappings = config.getObject("additionalEntraMappings");
    const provisionGroups = bool("provisionGroups");
    const assignedUsers = list("assignedUsers");
    const assignedGroups = list("assignedGroups");
    const organizationConfig = organizationSettings(config, stackName, mode, provisionGroups, assignedGroups, assignedUsers, problems);

    return {
        stack: config.stack,
        mode,
        customerName,
        auth0Domain: text("auth0Domain") ?? text("auth0:domain"),
        entraTenantDomain: text("entraTenantDomain"),
        entraTenantId: text("azuread:tenantId"),
        connectionName: text("connectionName") ?? defaultConnectionName(stackName),
        enabledClients: list("enabledClients"),
        provisionGroups,
        scimTokenLifetimeDays: Number.isFinite(lifetime) && lifetime > 0 ? lifetime : undefined,
        assignedUsers,
        assignedGroups,
        provisionOnDemand: list("provisionOnDemand"),
        // Unset (Pulumi.yaml's ""): the mode's default, as the program applies it.
        grantAdminConsent: text("grantAdminConsent") === undefined ? defaultGrantAdminConsent(mode) : bool("grantAdminConsent"),
        assignPrincipals: text("assignPrincipals") === undefined ? true : bool("assignPrincipals"),
        additionalEntraMappings: Array.isArray(entraMappings) ? entraMappings : [],
        oidcAppDisplayName: text("oidcAppDisplayName") ?? `Auth0 sign-in (${customerName})`,
        provisioningAppDisplayName: text("provisioningAppDisplayName") ?? `Auth0 SCIM provisioning (${customerName})`,
        tenantUrl: text("tenantUrl"),
        oidcClientId: text("oidcClientId"),
        selfServiceProfileId: text("selfServiceProfileId"),
        organizationName: organizationConfig.organization?.name,
        discoveryDomains: organizationConfig.organization?.discoveryDomains ?? [],
        groupRoles: organizationConfig.groupRoles ?? [],
        problems,
    };
}

/**
 * The issue-16 keys, read by the program's own reader (components/organizationConfig.ts) through a
 * view of the stack file shaped like pulumi.Config, so the sheet applies the same defaults and checks.
 */
function organizationSettings(
    config: StackConfig,
    stackName: string,
    mode: StackMode,
    provisionGroups: boolean,
    assignedGroups: readonly string[],
    assignedUsers: readonly string[],
    problems: string[],
) {
    const typed = (key: string, parse: (value: string) => boolean | number | undefined, type: string) => {
        const value = config.get(key);
        if (value === undefined) return undefined;
        const parsed = parse(value.trim());
        if (parsed === undefined) throw new Error(`${config.qualify(key)}: ${JSON.stringify(value)} is not a ${type}`);
        return parsed;
    };
    const view = {
        name: config.project,
        get: (key: string) => config.get(key),
        getObject: (key: string) => config.getObject(key),
        getBoolean: (key: string) => typed(key, (v) => (/^(true|false)$/i.test(v) ? v.toLowerCase() === "true" : undefined), "boolean"),
        getNumber: (key: string) => typed(key, (v) => (v !== "" && Number.isFinite(Number(v)) ? Number(v) : undefined), "number"),
    } as unknown as Parameters<typeof readOrganizationConfig>[0]["config"];
    const read = problemReader(problems);
    const lower = (ids: readonly string[]) => ids.map((id) => id.toLowerCase());
    return readOrganizationConfig({
        config: view, stackName, read, problems, provisionGroups,
        auth0Side: mode !== "customer",
        // As the program: only a full stack knows the assignments.
        ...(mode === "full" ? { assignedGroupIds: lower(assignedGroups), assignedUserIds: lower(assignedUsers) } : {}),
    });
}

/** Seed: "The default scopes required by Azure AD are get:users, post:users, patch:users, and delete:users. You may optionally select get:groups, post:groups, patch:groups, and delete:groups". */
export function scimScopes(provisionGroups: boolean): string[] {
    const verbs = ["get", "post", "patch", "delete"];
    return [...verbs.map((v) => `${v}:users`), ...(provisionGroups ? verbs.map((v) => `${v}:groups`) : [])];
}

/** The Entra OIDC app's redirect URI: Auth0's callback on the tenant's domain. */
export function redirectUri(auth0Domain: string): string {
    return `https://${auth0Domain}/login/callback`;
}

/** Auth0's SCIM endpoint for a connection, as Entra's Tenant URL (seed: add `?aadOptscim062020`). */
export function tenantUrlFor(auth0Domain: string, connectionId: string): string {
    return `https://${auth0Domain}/scim/v2/connections/${connectionId}?aadOptscim062020`;
}

/**
 * Microsoft's tenant-wide admin-consent URL for an app: the admin signs in and consents to the
 * permissions the app registration lists (here openid, profile, email, User.Read). "Grant tenant-wide
 * admin consent to an application", section "Construct the URL for granting tenant-wide admin consent"
 * (https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent): the form
 * `https://login.microsoftonline.com/{tenant-id}/adminconsent?client_id={client-id}`, where the tenant
 * is its id or any verified domain. (The v2.0 endpoint, /{tenant}/v2.0/adminconsent, would also need
 * `scope` and `redirect_uri`.) Placeholders (`<…>`) are left as they are, for the reader to replace.
 */
export function adminConsentUrl(tenant: string, clientId: string): string {
    const part = (value: string) => (/^<.*>$/.test(value) ? value : encodeURIComponent(value));
    return `https://login.microsoftonline.com/${part(tenant)}/adminconsent?client_id=${part(clientId)}`;
}

export const CONNECTION_ID = /^con_[A-Za-z0-9]+$/;
export const TENANT_URL = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?\/scim\/v2\/connections\/con_[A-Za-z0-9]+\?aadOptscim062020$/;
