/**
 * `auth0:index/connectionScimConfiguration:ConnectionScimConfiguration`, as terraform-provider-auth0
 * v1.53.0 does it (internal/auth0/connection/resource_scim.go, expand.go): the id is the connection id.
 * create = POST .../scim-configuration with `{user_id_attribute, mapping}` when configured (no body:
 * Auth0's defaults), then a read; update = PATCH with the same; read = GET, a 404 is "gone"; delete =
 * DELETE, a 404 is fine. `userIdAttribute` and `mappings` are Optional+Computed and RequiredWith each
 * other; `mappings` is a set.
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { differs } from "./props";

function toOutputs(config: any) {
    return {
        connectionId: config.connection_id,
        connectionName: config.connection_name,
        strategy: config.strategy,
        tenantName: config.tenant_name,
        userIdAttribute: config.user_id_attribute,
        mappings: (config.mapping ?? []).map((m: { auth0: string; scim: string }) => ({ auth0: m.auth0, scim: m.scim })),
    };
}

function body(inputs: any) {
    const out: { user_id_attribute?: string; mapping?: Array<{ auth0: string; scim: string }> } = {};
    if (inputs.userIdAttribute !== undefined && inputs.userIdAttribute !== null) out.user_id_attribute = inputs.userIdAttribute;
    if (Array.isArray(inputs.mappings) && inputs.mappings.length > 0) {
        out.mapping = inputs.mappings.map((m: { auth0: string; scim: string }) => ({ auth0: m.auth0, scim: m.scim }));
    }
    return Object.keys(out).length > 0 ? out : undefined;
}

const read = async (api: ManagementClient, id: string) => {
    const config = await orGone(() => api.connections.scimConfiguration.get(id));
    return config && toOutputs(config);
};

export const connectionScimConfiguration: ResourceType = {
    token: "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration",
    inputKeys: ["connectionId", "userIdAttribute", "mappings"],
    secretOutputs: [],
    check(inputs) {
        const failures = [];
        if (typeof inputs.connectionId !== "string" || inputs.connectionId === "") {
            failures.push({ property: "connectionId", reason: "Missing required argument: connectionId" });
        }
        const hasAttribute = inputs.userIdAttribute !== undefined && inputs.userIdAttribute !== null;
        const hasMappings = inputs.mappings !== undefined && inputs.mappings !== null;
        if (hasAttribute !== hasMappings) {
            failures.push({ property: hasAttribute ? "mappings" : "userIdAttribute", reason: '"userIdAttribute": all of `mappings,userIdAttribute` must be specified' });
        }
        for (const [i, m] of (Array.isArray(inputs.mappings) ? inputs.mappings : []).entries()) {
            if (!m?.auth0 || !m?.scim) failures.push({ property: `mappings[${i}]`, reason: "auth0 and scim must not be empty" });
        }
        return failures;
    },
    changes(olds, news) {
        const changed: string[] = [];
        if (differs(news.connectionId, olds.connectionId)) changed.push("connectionId");
        if (differs(news.userIdAttribute, olds.userIdAttribute)) changed.push("userIdAttribute");
        if (differs(news.mappings, olds.mappings, true)) changed.push("mappings");
        return changed;
    },
    async create(api, inputs) {
        const id: string = inputs.connectionId;
        await call(() => api.connections.scimConfiguration.create(id, body(inputs) ?? null));
        const outs = await read(api, id);
        if (!outs) throw new Error(`SCIM configuration of ${id} not found after create`);
        return { id, outs };
    },
    read: (api, id) => read(api, id),
    async update(api, id, _olds, news) {
        await call(() => api.connections.scimConfiguration.update(id, (body(news) ?? {}) as any));
        const outs = await read(api, id);
        if (!outs) throw new Error(`SCIM configuration of ${id} disappeared during the update`);
        return outs;
    },
    async delete(api, id) {
        await orGone(() => api.connections.scimConfiguration.delete(id));
    },
};
