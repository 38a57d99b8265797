/**
 * `auth0:index/role:Role`, as terraform-provider-auth0 v1.53.0 does it (internal/auth0/role/resource.go,
 * expand.go, flatten.go): create = POST /roles `{name, description}`, then a read; update = PATCH
 * /roles/{id} with both, then a read; read = GET, a 404 is "gone"; delete = DELETE, a 404 is fine. No
 * ForceNew property. pulumi-auth0 v3.49.0's provider/resources.go gives `description` the default
 * "Managed by Pulumi" (`managedByPulumi`), so the bridge sends it when the program sets none:
 * `defaults` fills it at check time, as the bridge does.
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { compact, differs } from "./props";

export const MANAGED_BY_PULUMI = "Managed by Pulumi";

const toOutputs = (role: any) => compact({ name: role.name, description: role.description ?? "" });

const read = async (api: ManagementClient, id: string) => {
    const role = await orGone(() => api.roles.get(id));
    return role && toOutputs(role);
};

export const role: ResourceType = {
    token: "auth0:index/role:Role",
    inputKeys: ["name", "description"],
    secretOutputs: [],
    defaults: () => ({ description: MANAGED_BY_PULUMI }),
    check(inputs) {
        return typeof inputs.name === "string" && inputs.name !== "" ? [] : [{ property: "name", reason: "Missing required argument: name" }];
    },
    changes(olds, news) {
        return ["name", "description"].filter((k) => differs(news[k], olds[k]));
    },
    async create(api, inputs) {
        const created = await call(() => api.roles.create(compact({ name: inputs.name, description: inputs.description }) as any));
        const id = (created as { id: string }).id;
        return { id, outs: (await read(api, id)) ?? toOutputs(created) };
    },
    read: (api, id) => read(api, id),
    async update(api, id, _olds, news) {
        await call(() => api.roles.update(id, compact({ name: news.name, description: news.description })));
        const outs = await read(api, id);
        if (!outs) throw new Error(`role ${id} disappeared during the update`);
        return outs;
    },
    async delete(api, id) {
        await orGone(() => api.roles.delete(id));
    },
};
