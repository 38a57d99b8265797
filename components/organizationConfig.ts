/**
 * The stack config of issue 16: the customer's Auth0 Organization, the roles the stack declares, and
 * which Entra groups carry which Auth0 roles. Read by `loadTenantConfig` (config.ts) with its reader
 * and problem list, so every problem is reported with the others, naming its key and the bad value.
 * All of it is Auth0 side (full and vendor stacks). No I/O, no resources.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The customer's Auth0 Organization (`organization: true`, or its name). */
export interface OrganizationSettings {
    /** The organization's `name`: lowercase letters, digits, `_` and `-`, 1 to 50 characters. */
    readonly name: string;
    /** Show the connection as a button on the organization's login prompt. */
    readonly showAsButton: boolean;
    /** Email domains for organization discovery; each gets a DNS TXT record to prove ownership. */
    readonly discoveryDomains: readonly string[];
}

/** A role the stack creates (`auth0.Role`). Roles are tenant-wide: declare each in one stack only. */
export interface DeclaredRole {
    readonly name: string;
    readonly description?: string;
}

/** One Entra group and the Auth0 roles it carries. */
export interface GroupRoleBinding {
    /** The Entra group's object id, lower case: the Auth0 group's `external_id` once SCIM created it. */
    readonly entraGroupId: string;
    /** A label for reviews and warnings (e.g. "Finance"); Entra's own name is not read. */
    readonly groupName?: string;
    /** As configured: a declared role's name, a role id (`rol_…`) or an existing role's name. */
    readonly roles: readonly string[];
}

/** What TenantConfig gains; each key is absent when unset, so stacks without it are unchanged. */
export interface OrganizationConfig {
    readonly organization?: OrganizationSettings;
    readonly roles?: readonly DeclaredRole[];
    readonly groupRoles?: readonly GroupRoleBinding[];
    /** Seconds an `up` may wait for a group Entra has not provisioned yet (0 or unset: do not wait). */
    readonly groupRolesWaitSeconds?: number;
}

/** Pulumi.yaml's defaults for these keys, as the CLI passes them (see UNSET_VALUES in config.ts). */
export const ORGANIZATION_UNSET_VALUES: Record<string, string> = {
    organization: "false",
    organizationShowAsButton: "true",
    organizationDiscoveryDomains: "[]",
    roles: "[]",
    groupRoles: "{}",
    groupRolesWaitSeconds: "0",
};

/** The longest `groupRolesWaitSeconds`: an `up` should not hang for Entra's 40-minute cycle. */
export const MAX_GROUP_ROLES_WAIT_SECONDS = 1800;

/** A role id as Auth0 issues them. */
export const ROLE_ID = /^rol_[A-Za-z0-9]+$/;

const ORGANIZATION_NAME = /^[a-z0-9_-]{1,50}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

const show = (value: unknown) => JSON.stringify(value);

/**
 * The organization name when `organization` is `true`: from the stack name, like the connection's, so
 * renaming the customer renames nothing.
 */
export function defaultOrganizationName(stackName: string): string {
    return stackName.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 50);
}

export interface OrganizationConfigInput {
    readonly config: pulumi.Config;
    readonly stackName: string;
    /** Whether this stack reads these keys at all (the Auth0 side). */
    readonly auth0Side: boolean;
    readonly provisionGroups: boolean;
    /** The assigned groups, lower case; undefined where the stack does not know them (vendor mode). */
    readonly assignedGroupIds?: readonly string[];
    /** The assigned users, to say so when a user's id is given as a group. */
    readonly assignedUserIds?: readonly string[];
    /** Runs one Pulumi getter; a type error becomes a problem (config.ts's `read`). */
    readonly read: <T>(get: () => T) => T | undefined;
    readonly problems: string[];
}

/** Reads and checks the keys; problems go to `input.problems`. */
export function readOrganizationConfig(input: OrganizationConfigInput): OrganizationConfig {
    const { config, read, problems } = input;
    if (!input.auth0Side) return {};
    const key = (name: string) => `${config.name}:${name}`;

    const organization = readOrganization(input, key);
    const roles = readDeclaredRoles(input, key);
    const groupRoles = readGroupRoles(input, key);

    const wait = read(() => config.getNumber("groupRolesWaitSeconds")) ?? 0;
    if (!Number.isInteger(wait) || wait < 0 || wait > MAX_GROUP_ROLES_WAIT_SECONDS) {
        problems.push(`${key("groupRolesWaitSeconds")}: ${show(wait)} is not a whole number of seconds from 0 to ${MAX_GROUP_ROLES_WAIT_SECONDS}`);
    } else if (wait > 0 && groupRoles.length === 0) {
        problems.push(`${key("groupRolesWaitSeconds")} is set, but ${key("groupRoles")} is empty: there is nothing to wait for`);
    }

    return {
        ...(organization ? { organization } : {}),
        ...(roles.length > 0 ? { roles } : {}),
        ...(groupRoles.length > 0 ? { groupRoles } : {}),
        ...(wait > 0 && groupRoles.length > 0 ? { groupRolesWaitSeconds: wait } : {}),
    };
}

function readOrganization(input: OrganizationConfigInput, key: (name: string) => string): OrganizationSettings | undefined {
    const { config, read, problems } = input;
    const raw = (read(() => config.get("organization")) ?? "false").trim();
    const showAsButton = read(() => config.getBoolean("organizationShowAsButton")) ?? true;
    const domains = readDomains(input, key);
    let name: string | undefined;
    if (/^true$/i.test(raw)) {
        name = defaultOrganizationName(input.stackName);
        if (!ORGANIZATION_NAME.test(name)) {
            problems.push(`${key("organization")}: the name derived from the stack name, ${show(name)}, is not a valid Auth0 organization name; give the name instead of true`);
        }
    } else if (!/^(false|)$/i.test(raw)) {
        name = raw;
        if (!ORGANIZATION_NAME.test(raw)) {
            problems.push(
                `${key("organization")}: ${show(raw)} is neither true, false nor an Auth0 organization name ` +
                    "(lowercase letters, digits, _ and -, 1 to 50 characters), e.g. contoso",
            );
        }
    }
    if (name === undefined) {
        if (showAsButton !== true) problems.push(`${key("organizationShowAsButton")} is set, but ${key("organization")} is off: there is no organization to show it in`);
        if (domains.length > 0) problems.push(`${key("organizationDiscoveryDomains")} is set, but ${key("organization")} is off: discovery domains belong to an organization`);
        return undefined;
    }
    return { name, showAsButton, discoveryDomains: domains };
}

function readDomains(input: OrganizationConfigInput, key: (name: string) => string): string[] {
    const { config, read, problems } = input;
    const value = read(() => config.getObject<unknown>("organizationDiscoveryDomains")) ?? [];
    if (!Array.isArray(value)) {
        problems.push(`${key("organizationDiscoveryDomains")}: ${show(value)} is not a list of domains`);
        return [];
    }
    const domains: string[] = [];
    for (const item of value) {
        const domain = typeof item === "string" ? item.trim().toLowerCase() : undefined;
        if (!domain || !HOSTNAME.test(domain)) {
            problems.push(`${key("organizationDiscoveryDomains")}: ${show(item)} is not a domain name, e.g. contoso.com`);
        } else if (domains.includes(domain)) {
            problems.push(`${key("organizationDiscoveryDomains")}: ${show(item)} is listed more than once`);
        } else {
            domains.push(domain);
        }
    }
    return domains;
}

function readDeclaredRoles(input: OrganizationConfigInput, key: (name: string) => string): DeclaredRole[] {
    const { config, read, problems } = input;
    const value = read(() => config.getObject<unknown>("roles")) ?? [];
    if (!Array.isArray(value)) {
        problems.push(`${key("roles")}: ${show(value)} is not a list of roles ({name, description})`);
        return [];
    }
    const roles: DeclaredRole[] = [];
    value.forEach((entry: unknown, index) => {
        const role = typeof entry === "string" ? { name: entry } : (entry as { name?: unknown; description?: unknown } | null);
        const name = typeof role?.name === "string" ? role.name.trim() : "";
        const description = role?.description;
        if (!name) {
            problems.push(`${key("roles")}[${index}]: ${show(entry)} needs a name`);
        } else if (ROLE_ID.test(name)) {
            problems.push(`${key("roles")}[${index}]: ${show(name)} looks like a role id; a declared role needs a name`);
        } else if (description !== undefined && typeof description !== "string") {
            problems.push(`${key("roles")}[${index}]: the description of ${show(name)} is not a string`);
        } else if (roles.some((r) => r.name.toLowerCase() === name.toLowerCase())) {
            problems.push(`${key("roles")}: ${show(name)} is listed more than once`);
        } else {
            roles.push({ name, ...(typeof description === "string" && description.trim() ? { description: description.trim() } : {}) });
        }
    });
    return roles;
}

function readGroupRoles(input: OrganizationConfigInput, key: (name: string) => string): GroupRoleBinding[] {
    const { config, read, problems } = input;
    const where = key("groupRoles");
    const value = read(() => config.getObject<unknown>("groupRoles")) ?? {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        problems.push(`${where}: ${show(value)} is not a map of Entra group object ids to role lists`);
        return [];
    }
    const bindings: GroupRoleBinding[] = [];
    for (const [rawId, entry] of Object.entries(value)) {
        const entraGroupId = rawId.trim().toLowerCase();
        const at = `${where}: ${show(rawId)}`;
        if (!GUID.test(entraGroupId)) {
            problems.push(`${at} is not an Entra group object id (a GUID such as 0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d)`);
            continue;
        }
        if (bindings.some((b) => b.entraGroupId === entraGroupId)) {
            problems.push(`${at} is listed more than once`);
            continue;
        }
        const { roles, groupName, problem } = parseEntry(entry);
        if (problem) {
            problems.push(`${at}: ${problem}`);
            continue;
        }
        if (!input.provisionGroups) {
            problems.push(
                `${at} cannot carry roles while ${key("provisionGroups")} is false: Entra sends no groups to Auth0. ` +
                    "Set provisionGroups to true, or remove the entry",
            );
            continue;
        }
        if (input.assignedGroupIds && !input.assignedGroupIds.includes(entraGroupId)) {
            const user = input.assignedUserIds?.includes(entraGroupId);
            problems.push(
                `${at} is ${user ? "an assigned user, not a group" : `not in ${key("assignedGroups")}`}: Entra provisions only the groups ` +
                    "assigned to the provisioning app, so it would never arrive in Auth0. Assign the group, or remove the entry",
            );
            continue;
        }
        bindings.push({ entraGroupId, ...(groupName ? { groupName } : {}), roles });
    }
    return bindings;
}

/** `[roles…]`, or `{name?, roles}`. */
function parseEntry(entry: unknown): { roles: string[]; groupName?: string; problem?: string } {
    const object = typeof entry === "object" && entry !== null && !Array.isArray(entry) ? (entry as { name?: unknown; roles?: unknown }) : undefined;
    const list = Array.isArray(entry) ? entry : object?.roles;
    if (object && Object.keys(object).some((k) => k !== "name" && k !== "roles")) {
        return { roles: [], problem: `${show(entry)} has keys other than name and roles` };
    }
    if (object && object.name !== undefined && (typeof object.name !== "string" || object.name.trim() === "")) {
        return { roles: [], problem: `the name ${show(object.name)} is not a non-empty string` };
    }
    if (!Array.isArray(list) || list.length === 0) {
        return { roles: [], problem: `${show(entry)} lists no roles: give a list of role names or ids (or {name, roles}), or remove the entry` };
    }
    const roles: string[] = [];
    for (const item of list) {
        if (typeof item !== "string" || item.trim() === "") return { roles: [], problem: `${show(item)} is not a role name or id` };
        if (roles.includes(item.trim())) return { roles: [], problem: `role ${show(item)} is listed more than once` };
        roles.push(item.trim());
    }
    return { roles, ...(object?.name ? { groupName: (object.name as string).trim() } : {}) };
}
