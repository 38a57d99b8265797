/**
 * The few Management API calls the GroupRoles provider makes, on the auth0 v7 SDK's generated
 * `groups`, `roles` and `organizations` clients, built like the SCIM tokens client (managementClient.ts:
 * our retry policy under them, their own retries off). Every call's failure is a VendorCallError naming
 * the call, with secrets blotted out. Paging is the SDK's (`for await` over its pages).
 */
import { GroupsClient } from "auth0/groups";
import { OrganizationsClient } from "auth0/organizations";
import { RolesClient } from "auth0/roles";
import type { RetryEvent } from "../retry";
import { vendorError } from "./auth0Errors";
import { type ClientSettings, type ManagementAccess, sdkClientOptions } from "./managementClient";

/** A role as the provider needs it. */
export interface RoleRef {
    readonly id: string;
    readonly name: string;
}

/** Where roles are bound: the group's tenant roles, or its roles in one organization. */
export interface Target {
    readonly groupId: string;
    readonly organizationId?: string;
}

export interface GroupRolesApi {
    /** The groups of `connectionId` whose `external_id` is `externalId` (SCIM's `externalId`). */
    groupsWithExternalId(connectionId: string, externalId: string): Promise<Array<{ id: string; name?: string }>>;
    /** The roles bound at the target. */
    boundRoles(target: Target): Promise<RoleRef[]>;
    assign(target: Target, roleIds: readonly string[]): Promise<void>;
    unassign(target: Target, roleIds: readonly string[]): Promise<void>;
    /** Roles whose name is exactly `name` (Auth0's `name_filter`, then an exact match). */
    rolesNamed(name: string): Promise<RoleRef[]>;
    /** The tenant's roles, at most `limit` of them (for an error message). */
    someRoles(limit: number): Promise<RoleRef[]>;
}

/** Builds the API for one provider operation; `onRetry` sees every retried attempt. */
export type GroupRolesApiFactory = (onRetry: (event: RetryEvent) => void) => GroupRolesApi;

/** The status of a failed call, when the answer had one (VendorCallError). */
export const statusOfCall = (error: unknown): number | undefined => (error as { status?: number })?.status;

const PAGE = 50;
const ROLES_PAGE = 100;

const targetPath = (t: Target) => (t.organizationId ? `/organizations/${t.organizationId}/groups/${t.groupId}/roles` : `/groups/${t.groupId}/roles`);

export function groupRolesApiFactory(access: ManagementAccess, settings: ClientSettings, secrets: () => readonly string[]): GroupRolesApiFactory {
    return (onRetry) => {
        const options = sdkClientOptions(access, settings, onRetry);
        const groups = new GroupsClient(options);
        const roles = new RolesClient(options);
        const organizations = new OrganizationsClient(options);
        const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
            try {
                return await run();
            } catch (error) {
                throw vendorError(`Auth0 ${what}`, error, [...secrets()]);
            }
        };
        const collect = async <T>(pages: AsyncIterable<T>, limit = Infinity): Promise<T[]> => {
            const out: T[] = [];
            for await (const item of pages) {
                out.push(item);
                if (out.length >= limit) break;
            }
            return out;
        };
        const roleRefs = (list: Array<{ id?: string; name?: string }>) =>
            list.filter((r): r is { id: string; name?: string } => typeof r.id === "string").map((r) => ({ id: r.id, name: r.name ?? r.id }));

        return {
            groupsWithExternalId: (connectionId, externalId) =>
                call(`GET /groups?connection_id=${connectionId}&external_id=${externalId}`, async () => {
                    const found = await collect(await groups.list({ connection_id: connectionId, external_id: externalId, take: PAGE }));
                    // The filters are Auth0's; matched again here so that a looser server can never bind another group.
                    return found
                        .filter((g) => typeof g.id === "string" && g.external_id === externalId && (g.connection_id ?? connectionId) === connectionId)
                        .map((g) => ({ id: g.id as string, ...(g.name ? { name: g.name } : {}) }));
                }),
            boundRoles: (target) =>
                call(`GET ${targetPath(target)}`, async () =>
                    roleRefs(
                        await collect(
                            target.organizationId
                                ? await organizations.groups.roles.list(target.organizationId, target.groupId, { take: PAGE })
                                : await groups.roles.list(target.groupId, { take: PAGE }),
                        ),
                    ),
                ),
            assign: (target, roleIds) =>
                call(`POST ${targetPath(target)}`, async () => {
                    if (target.organizationId) await organizations.groups.roles.create(target.organizationId, target.groupId, { roles: [...roleIds] });
                    else await groups.roles.create(target.groupId, { roles: [...roleIds] });
                }),
            unassign: (target, roleIds) =>
                call(`DELETE ${targetPath(target)}`, async () => {
                    if (target.organizationId) await organizations.groups.roles.delete(target.organizationId, target.groupId, { roles: [...roleIds] });
                    else await groups.roles.delete(target.groupId, { roles: [...roleIds] });
                }),
            rolesNamed: (name) =>
                call(`GET /roles?name_filter=${encodeURIComponent(name)}`, async () =>
                    roleRefs(await collect(await roles.list({ name_filter: name, per_page: ROLES_PAGE }))).filter((r) => r.name === name),
                ),
            someRoles: (limit) => call("GET /roles", async () => roleRefs(await collect(await roles.list({ per_page: ROLES_PAGE }), limit))),
        };
    };
}
