/**
 * The dynamic provider behind `GroupRoles`: one Entra group's Auth0 roles, tenant-wide or in the
 * customer's organization. Neither the Terraform nor the Pulumi Auth0 provider has a resource for them.
 *
 * - It finds the Auth0 group SCIM created from the Entra group by `external_id` within the connection.
 *   Entra's default Group mapping sends `externalId` from the group's `objectId` (Microsoft, "Tutorial:
 *   Develop and plan provisioning for a SCIM endpoint", Design your user and group schema: Microsoft
 *   Entra group `objectId` -> `externalId`; learn.microsoft.com/entra/identity/app-provisioning/
 *   use-scim-to-provision-users-and-groups), and Auth0 keeps it as the group's `external_id`.
 * - A group that has not arrived is not an error: the resource succeeds with `pending` set, the diff
 *   reports a change while it is pending, and a later `up` binds (optionally waiting `waitSeconds`).
 * - It assigns exactly the configured roles, and removes only the bindings it made: on a role dropped
 *   from the config, and on delete. Roles someone else gave the group stay, also when configured here.
 *
 * Credentials as `ScimToken`'s (managementClient.ts): read in the provider process only, never inputs.
 */
import { versionChanged, withVersion } from "../providerVersion";
import type * as pulumi from "@pulumi/pulumi";
import { vendorCallError } from "../errors";
import {
    auth0SecretValues,
    type Auth0Credentials,
    type ClientSettings,
    credentialsAccess,
    lookupCredentials,
    requireCredentials,
} from "./managementClient";
import { type GroupRolesApi, type GroupRolesApiFactory, groupRolesApiFactory, type RoleRef, statusOfCall, type Target } from "./groupRolesClient";
import {
    checkGroupRoles,
    groupLabel,
    labelsChanged,
    needsBinding,
    pendingMessage,
    planBinding,
    replaceReasons,
    type GroupRolesInputs,
    type GroupRolesOutputs,
} from "./groupRolesRules";

/** Names listed in the error for a role that does not exist. */
const LISTED_ROLES = 50;
const ROLE_ID = /^rol_[A-Za-z0-9]+$/;

export interface GroupRolesProviderOptions {
    /** Replaces the credentials-based API, e.g. to point at an emulator with a static token. */
    readonly apiFactory?: GroupRolesApiFactory;
    readonly clientSettings?: ClientSettings;
    /** For tests: the clock and the pause between looks for a group (default 10 s). */
    readonly sleep?: (ms: number) => Promise<void>;
    readonly now?: () => number;
    readonly pollIntervalMs?: number;
}

export class GroupRolesProvider implements pulumi.dynamic.ResourceProvider<GroupRolesInputs, GroupRolesOutputs> {
    private apiFactory?: GroupRolesApiFactory;
    private readonly clientSettings?: ClientSettings;
    private readonly sleep?: (ms: number) => Promise<void>;
    private readonly now?: () => number;
    private readonly pollIntervalMs?: number;
    /** Set in the provider process only. */
    private credentials?: Partial<Auth0Credentials>;

    constructor(options: GroupRolesProviderOptions = {}) {
        this.apiFactory = options.apiFactory;
        this.clientSettings = options.clientSettings;
        this.sleep = options.sleep;
        this.now = options.now;
        this.pollIntervalMs = options.pollIntervalMs;
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.credentials = lookupCredentials(req.config, process.env);
    }

    async check(_olds: GroupRolesInputs, news: GroupRolesInputs): Promise<pulumi.dynamic.CheckResult<GroupRolesInputs>> {
        const failures = checkGroupRoles(news as unknown as Record<string, unknown>);
        return failures.length > 0 ? { failures } : { inputs: news };
    }

    async diff(_id: string, olds: GroupRolesOutputs, news: GroupRolesInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = replaceReasons(olds, news);
        return {
            changes: replaces.length > 0 || needsBinding(olds, news) || labelsChanged(olds, news) || versionChanged(olds, news),
            replaces,
            // The old binding goes first (also the resource option): a new one on the same group would adopt
            // the roles the old one's delete then removes. A replacement leaves the group without them briefly.
            deleteBeforeReplace: true,
        };
    }

    async create(inputs: GroupRolesInputs): Promise<pulumi.dynamic.CreateResult<GroupRolesOutputs>> {
        const outs = compact(await this.bind(inputs, undefined));
        return { id: `${inputs.connectionId}/${inputs.entraGroupId}${inputs.organizationId ? `@${inputs.organizationId}` : ""}`, outs };
    }

    async update(_id: string, olds: GroupRolesOutputs, news: GroupRolesInputs): Promise<pulumi.dynamic.UpdateResult<GroupRolesOutputs>> {
        // Labels, the wait, the roles' order or a new provider version alone: rewrite state, call Auth0 for nothing.
        if (!needsBinding(olds, news)) {
            return { outs: compact(withVersion({ ...olds, ...labelsOf(news), roles: [...news.roles] }, news)) };
        }
        return { outs: compact(await this.bind(news, olds)) };
    }

    /** Refresh: only what is still on the group stays ours; a group gone is pending again. */
    async read(id: string, props?: GroupRolesOutputs): Promise<pulumi.dynamic.ReadResult<GroupRolesOutputs>> {
        if (!props?.connectionId) throw new Error("GroupRoles cannot be imported: declare it with groupRoles in the stack config");
        if (!props.groupId) return { id, props };
        const api = this.api();
        let current: RoleRef[];
        try {
            current = await api.boundRoles(targetOf(props, props.groupId));
        } catch (error) {
            if (statusOfCall(error) !== 404) throw error;
            return { id, props: compact({ ...props, groupId: undefined, roleIds: [], adoptedRoleIds: [], pending: pendingMessage(props) }) };
        }
        const ids = current.map((r) => r.id);
        return {
            id,
            props: compact({ ...props, roleIds: (props.roleIds ?? []).filter((r) => ids.includes(r)), adoptedRoleIds: (props.adoptedRoleIds ?? []).filter((r) => ids.includes(r)) }),
        };
    }

    /** Removes the bindings this resource made and nothing else; a group or organization gone is done. */
    async delete(_id: string, props: GroupRolesOutputs): Promise<void> {
        if (!props.groupId || (props.roleIds ?? []).length === 0) return;
        const api = this.api();
        const target = targetOf(props, props.groupId);
        try {
            const current = (await api.boundRoles(target)).map((r) => r.id);
            const ours = props.roleIds.filter((r) => current.includes(r));
            if (ours.length > 0) await api.unassign(target, ours);
        } catch (error) {
            if (statusOfCall(error) !== 404) throw error;
        }
    }

    private async bind(inputs: GroupRolesInputs, olds: GroupRolesOutputs | undefined): Promise<GroupRolesOutputs> {
        const api = this.api();
        const sameGroup = olds && olds.groupId && olds.connectionId === inputs.connectionId && olds.entraGroupId === inputs.entraGroupId;
        let groupId = sameGroup ? olds!.groupId : await this.findGroup(api, inputs);
        const pending = (): GroupRolesOutputs => ({
            ...inputs,
            roles: [...inputs.roles],
            groupId: undefined,
            roleIds: [],
            adoptedRoleIds: [],
            resolvedRoles: {},
            pending: pendingMessage(inputs),
        });
        if (!groupId) return pending();

        const resolvedRoles = await this.resolveRoles(api, inputs, olds);
        const resolvedRoleIds = inputs.roles.map((role) => resolvedRoles[role]);
        const ours = olds && org(olds) === org(inputs) && sameGroup ? olds.roleIds ?? [] : [];
        let current: string[];
        try {
            current = (await api.boundRoles(targetOf(inputs, groupId))).map((r) => r.id);
        } catch (error) {
            // The group we bound before is gone (unassigned in Entra, deleted by hand): look again.
            if (statusOfCall(error) !== 404 || !sameGroup) throw error;
            groupId = await this.findGroup(api, inputs);
            if (!groupId) return pending();
            current = (await api.boundRoles(targetOf(inputs, groupId))).map((r) => r.id);
        }
        const plan = planBinding(resolvedRoleIds, current, groupId === olds?.groupId ? ours : []);
        const target = targetOf(inputs, groupId);
        // Removes first: if the add then fails, the rerun sees no role of ours on the group that state
        // does not list, which it would otherwise take for someone else's (adopted, never removed).
        if (plan.remove.length > 0) await api.unassign(target, plan.remove);
        if (plan.add.length > 0) await api.assign(target, plan.add);
        return {
            ...inputs,
            roles: [...inputs.roles],
            groupId,
            roleIds: plan.roleIds,
            adoptedRoleIds: plan.adoptedRoleIds,
            resolvedRoles,
            pending: undefined,
        };
    }

    /** The Auth0 group from the Entra group, waiting up to `waitSeconds` for Entra to send it. */
    private async findGroup(api: GroupRolesApi, inputs: GroupRolesInputs): Promise<string | undefined> {
        const now = this.now ?? Date.now;
        const sleep = this.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
        const deadline = now() + (inputs.waitSeconds ?? 0) * 1000;
        for (;;) {
            const found = await api.groupsWithExternalId(inputs.connectionId, inputs.entraGroupId);
            if (found.length > 1) {
                throw vendorCallError(
                    `Auth0 GET /groups?connection_id=${inputs.connectionId}&external_id=${inputs.entraGroupId}`,
                    200,
                    `${found.length} groups (${found.map((g) => g.id).join(", ")}) carry external_id ${inputs.entraGroupId}; ` +
                        `expected one for group ${groupLabel(inputs)}. Delete the stray one in the dashboard (Groups), then run again.`,
                );
            }
            if (found.length === 1) return found[0].id;
            const left = deadline - now();
            if (left <= 0) return undefined;
            await sleep(Math.min(this.pollIntervalMs ?? 10_000, left));
        }
    }

    /**
     * Each configured role → its role id: ids as they are, names looked up (or as the last bind resolved
     * the same name). A name no role has is refused with the roles that exist.
     */
    private async resolveRoles(api: GroupRolesApi, inputs: GroupRolesInputs, olds: GroupRolesOutputs | undefined): Promise<Record<string, string>> {
        const ids: Record<string, string> = {};
        const missing: string[] = [];
        for (const ref of inputs.roles) {
            const known = ROLE_ID.test(ref) ? ref : olds?.resolvedRoles?.[ref];
            if (known) {
                ids[ref] = known;
                continue;
            }
            const named = await api.rolesNamed(ref);
            if (named.length === 1) ids[ref] = named[0].id;
            else if (named.length > 1) {
                throw new Error(
                    `groupRoles: group ${groupLabel(inputs)}: ${named.length} Auth0 roles are named ${JSON.stringify(ref)} ` +
                        `(${named.map((r) => r.id).join(", ")}); give the role id instead of the name`,
                );
            } else missing.push(ref);
        }
        if (missing.length > 0) {
            const existing = await api.someRoles(LISTED_ROLES + 1);
            const names = existing.slice(0, LISTED_ROLES).map((r) => JSON.stringify(r.name));
            throw new Error(
                `groupRoles: group ${groupLabel(inputs)}: no Auth0 role is named ${missing.map((m) => JSON.stringify(m)).join(", ")}. ` +
                    (existing.length === 0
                        ? "The tenant has no roles: declare them in config roles, or create them first."
                        : `The roles that exist: ${names.join(", ")}${existing.length > LISTED_ROLES ? ", …" : ""}. ` +
                          "Use one of these names (or a role id), or declare the role in config roles."),
            );
        }
        return ids;
    }

    private api(): GroupRolesApi {
        if (!this.apiFactory) {
            const credentials = requireCredentials(this.credentials ?? lookupCredentials(undefined, process.env));
            const settings = this.clientSettings ?? {};
            this.apiFactory = groupRolesApiFactory(credentialsAccess(credentials, settings), settings, () => auth0SecretValues(this.credentials));
        }
        return this.apiFactory(() => undefined);
    }
}

const org = (v: { organizationId?: string }) => v.organizationId || "";

/**
 * Without the keys whose value is undefined: the dynamic provider host turns outputs into a protobuf
 * Struct, which refuses an undefined value ("Unexpected struct type"). An absent key is an unset output.
 */
function compact<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function targetOf(inputs: GroupRolesInputs, groupId: string): Target {
    return inputs.organizationId ? { groupId, organizationId: inputs.organizationId } : { groupId };
}

function labelsOf(news: GroupRolesInputs): Partial<GroupRolesInputs> {
    return { groupName: news.groupName, customerName: news.customerName, waitSeconds: news.waitSeconds, roleNames: news.roleNames ? [...news.roleNames] : undefined };
}
