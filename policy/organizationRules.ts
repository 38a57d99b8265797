/**
 * Issue 16's rules, pure like rules.ts: an organization's enablement of the SCIM connection, whether
 * that organization's group roles are used, and what Auth0 refuses or ignores there. Enablements come
 * from both resources Auth0's provider has for them: `OrganizationConnection` (one connection) and
 * `OrganizationConnections` (an organization's whole `enabledConnections` list).
 */
import type { PolicyResource } from "@pulumi/policy";
import * as types from "./resourceTypes";
import { dependencies, scimWaadConnections } from "./rules";
import { isUnknown, prop, show } from "./values";

/** One connection enabled on one organization. */
export interface Enablement {
    readonly resource: PolicyResource;
    /** Where in the resource's inputs: "" or "enabledConnections[2]." (for messages). */
    readonly at: string;
    /** The Connection resources of the stack it enables (by property dependency or by id). */
    readonly connections: PolicyResource[];
    /** The Organization resources its `organizationId` comes from, and the value itself. */
    readonly organizations: PolicyResource[];
    readonly organizationId: unknown;
    readonly assignMembershipOnLogin: unknown;
    readonly isSignupEnabled: unknown;
}

const byId = (resources: readonly PolicyResource[], id: unknown) =>
    typeof id === "string" && !isUnknown(id) ? resources.filter((r) => prop(r.props, "id") === id) : [];

export function enablements(resources: readonly PolicyResource[]): Enablement[] {
    const connections = resources.filter((r) => r.type === types.CONNECTION);
    const out: Enablement[] = [];
    for (const r of resources) {
        const organizations = dependencies(r, "organizationId", types.ORGANIZATION);
        const organizationId = prop(r.props, "organizationId");
        if (r.type === types.ORGANIZATION_CONNECTION) {
            const connectionId = prop(r.props, "connectionId");
            const linked = dependencies(r, "connectionId", types.CONNECTION);
            out.push({
                resource: r, at: "", organizations, organizationId,
                connections: linked.length > 0 ? linked : byId(connections, connectionId),
                assignMembershipOnLogin: prop(r.props, "assignMembershipOnLogin"),
                isSignupEnabled: prop(r.props, "isSignupEnabled"),
            });
        } else if (r.type === types.ORGANIZATION_CONNECTIONS) {
            const list = prop(r.props, "enabledConnections");
            if (!Array.isArray(list)) continue;
            // The dependency is on the whole list: an entry whose id is not known yet may be any of them.
            const linked = dependencies(r, "enabledConnections", types.CONNECTION);
            list.forEach((entry, i) => {
                const connectionId = prop(entry, "connectionId");
                out.push({
                    resource: r, at: `enabledConnections[${i}].`, organizations, organizationId,
                    connections: typeof connectionId === "string" && !isUnknown(connectionId) ? byId(connections, connectionId) : linked,
                    assignMembershipOnLogin: prop(entry, "assignMembershipOnLogin"),
                    isSignupEnabled: prop(entry, "isSignupEnabled"),
                });
            });
        }
    }
    return out;
}

/**
 * The GroupRoles resources that bind roles in the enablement's organization: the same Organization
 * resource, or the same known id. One whose organization cannot be told (a literal id of an
 * organization outside the stack, or a value not known yet) counts for every enablement.
 */
export function organizationGroupRoles(resources: readonly PolicyResource[], enablement: Enablement): PolicyResource[] {
    return resources.filter((r) => {
        if (r.type !== types.DYNAMIC_GROUP_ROLES) return false;
        const organizationId = prop(r.props, "organizationId");
        if (organizationId === undefined || organizationId === "") return false; // tenant roles
        const organizations = dependencies(r, "organizationId", types.ORGANIZATION);
        if (organizations.some((o) => enablement.organizations.includes(o))) return true;
        const known = (v: unknown) => typeof v === "string" && !isUnknown(v);
        if (known(organizationId) && (organizationId === enablement.organizationId || enablement.organizations.some((o) => prop(o.props, "id") === organizationId))) return true;
        const identified = organizations.length > 0 || known(organizationId);
        const enablementIdentified = enablement.organizations.length > 0 || known(enablement.organizationId);
        return !identified || !enablementIdentified;
    });
}

/**
 * Organization roles on a group reach its members only through membership, and SCIM-provisioned users
 * become members only when the connection assigns membership at login.
 */
export function membershipOnLoginViolations(resources: readonly PolicyResource[]): Array<{ urn: string; message: string }> {
    const scim = scimWaadConnections(resources);
    const out: Array<{ urn: string; message: string }> = [];
    for (const e of enablements(resources)) {
        const connection = e.connections.find((c) => scim.includes(c));
        if (!connection || isUnknown(e.assignMembershipOnLogin) || e.assignMembershipOnLogin === true) continue;
        const groupRoles = organizationGroupRoles(resources, e);
        if (groupRoles.length === 0) continue;
        out.push({
            urn: e.resource.urn,
            message:
                `${e.at}assignMembershipOnLogin is ${show(e.assignMembershipOnLogin)} for the SCIM connection ${connection.name}, whose groups carry ` +
                `organization roles (${groupRoles.map((g) => g.name).join(", ")}). Those roles reach only the organization's members, and ` +
                "SCIM-provisioned users become members only when the connection assigns membership at login: set assignMembershipOnLogin to true.",
        });
    }
    return out;
}

/** Organization sign-up is for database connections: Auth0 answers 400 for an enterprise (waad) one. */
export function signupOnWaadViolations(resources: readonly PolicyResource[]): Array<{ urn: string; message: string }> {
    const out: Array<{ urn: string; message: string }> = [];
    for (const e of enablements(resources)) {
        if (e.isSignupEnabled !== true) continue;
        const waad = e.connections.find((c) => prop(c.props, "strategy") === "waad");
        if (!waad) continue;
        out.push({
            urn: e.resource.urn,
            message:
                `${e.at}isSignupEnabled is true on the waad connection ${waad.name}: organization sign-up applies to database connections only, ` +
                "and Auth0 refuses it for an enterprise connection with a 400 (pulumi-auth0#657). Remove isSignupEnabled; users arrive by SCIM and sign in.",
        });
    }
    return out;
}
