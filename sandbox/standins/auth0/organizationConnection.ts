/**
 * `auth0:index/organizationConnection:OrganizationConnection`, as terraform-provider-auth0 v1.53.0 does
 * it (internal/auth0/organization/resource_connection.go, expand.go, flatten.go), on the organization
 * connections API (`/organizations/{id}/connections`, not `enabled_connections`, since provider commit
 * db1560fc "Migrate from EnabledConnections to Connections endpoints"):
 * - id `{organizationId}::{connectionId}` (internal/schema/importer.go `SetResourceGroupID`);
 * - create = POST `{connection_id, is_enabled, …}` with only the booleans and access level the program
 *   sets (`isEnabled` always: its schema Default is true), then a read;
 * - read = GET `/organizations/{organizationId}/connections/{connectionId}`, a 404 is "gone";
 *   `isSignupEnabled` reads false when Auth0 leaves it out (enterprise connections), as
 *   `GetIsSignupEnabled()` does;
 * - update = PATCH at the program's ids with the configured fields, then a read. No property is ForceNew
 *   in this schema, so a changed `connectionId` is an update at the new ids, as the real provider does;
 * - delete = DELETE, a 404 is fine.
 * `assignMembershipOnLogin`, `isSignupEnabled`, `showAsButton`, `organizationAccessLevel` are
 * Optional+Computed (left out: the tenant's value stays).
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { compact, differs } from "./props";

const ACCESS_LEVELS = ["none", "readonly", "limited", "full"];

export const organizationConnectionId = (organizationId: string, connectionId: string) => `${organizationId}::${connectionId}`;

function ids(id: string, props: any): { organizationId: string; connectionId: string } {
    const [organizationId, connectionId] = id.split("::");
    return { organizationId: props.organizationId ?? organizationId, connectionId: props.connectionId ?? connectionId };
}

function toOutputs(organizationId: string, connectionId: string, found: any) {
    return compact({
        organizationId,
        connectionId,
        assignMembershipOnLogin: found.assign_membership_on_login ?? false,
        isSignupEnabled: found.is_signup_enabled ?? false,
        showAsButton: found.show_as_button ?? false,
        isEnabled: found.is_enabled ?? false,
        organizationConnectionName: found.organization_connection_name ?? "",
        organizationAccessLevel: found.organization_access_level ?? "",
        name: found.connection?.name ?? "",
        strategy: found.connection?.strategy ?? "",
    });
}

const fields = (inputs: any) =>
    compact({
        assign_membership_on_login: inputs.assignMembershipOnLogin,
        is_signup_enabled: inputs.isSignupEnabled,
        show_as_button: inputs.showAsButton,
        is_enabled: inputs.isEnabled ?? true,
        organization_access_level: inputs.organizationAccessLevel,
    });

async function read(api: ManagementClient, organizationId: string, connectionId: string) {
    const found = await orGone(() => api.organizations.connections.get(organizationId, connectionId));
    return found && toOutputs(organizationId, connectionId, found);
}

export const organizationConnection: ResourceType = {
    token: "auth0:index/organizationConnection:OrganizationConnection",
    inputKeys: ["organizationId", "connectionId", "assignMembershipOnLogin", "isSignupEnabled", "showAsButton", "isEnabled", "organizationAccessLevel"],
    secretOutputs: [],
    defaults: () => ({ isEnabled: true }),
    check(inputs) {
        const failures = [];
        for (const key of ["organizationId", "connectionId"]) {
            if (typeof inputs[key] !== "string" || inputs[key] === "") failures.push({ property: key, reason: `Missing required argument: ${key}` });
        }
        if (inputs.organizationAccessLevel !== undefined && !ACCESS_LEVELS.includes(inputs.organizationAccessLevel)) {
            failures.push({ property: "organizationAccessLevel", reason: `expected organization_access_level to be one of ${JSON.stringify(ACCESS_LEVELS)}, got ${inputs.organizationAccessLevel}` });
        }
        return failures;
    },
    changes(olds, news) {
        const changed = ["organizationId", "connectionId", "assignMembershipOnLogin", "isSignupEnabled", "showAsButton", "organizationAccessLevel"].filter((k) => differs(news[k], olds[k]));
        if ((news.isEnabled ?? true) !== (olds.isEnabled ?? true)) changed.push("isEnabled");
        return changed;
    },
    async create(api, inputs) {
        const { organizationId, connectionId } = inputs;
        await call(() => api.organizations.connections.create(organizationId, { connection_id: connectionId, ...fields(inputs) } as any));
        const outs = await read(api, organizationId, connectionId);
        if (!outs) throw new Error(`connection ${connectionId} is not on organization ${organizationId} after it was added`);
        return { id: organizationConnectionId(organizationId, connectionId), outs };
    },
    read: (api, id, props) => {
        const { organizationId, connectionId } = ids(id, props);
        return read(api, organizationId, connectionId);
    },
    async update(api, _id, _olds, news) {
        await call(() => api.organizations.connections.update(news.organizationId, news.connectionId, fields(news) as any));
        const outs = await read(api, news.organizationId, news.connectionId);
        if (!outs) throw new Error(`connection ${news.connectionId} is not on organization ${news.organizationId}`);
        return outs;
    },
    async delete(api, id, props) {
        const { organizationId, connectionId } = ids(id, props);
        await orGone(() => api.organizations.connections.delete(organizationId, connectionId));
    },
};
