/**
 * `auth0:index/organization:Organization`, as terraform-provider-auth0 v1.53.0 does it
 * (internal/auth0/organization/resource.go, expand.go, flatten.go): create = POST /organizations with
 * what is configured (`metadata` only when set), then a read; update = PATCH /organizations/{id} with
 * the configured name, display name, third-party access and branding, `metadata` only when it changed,
 * then a read; read = GET, a 404 is "gone"; delete = DELETE, a 404 is fine. No ForceNew property: a
 * rename is an update. `thirdPartyClientAccess` and `branding` are Optional+Computed (a value the
 * program leaves out keeps the tenant's); `metadata` is Optional only, so removing it is a change.
 * `tokenQuota` is passed through as the API's `token_quota` (not used by this program).
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { compact, differs } from "./props";

function toOutputs(organization: any) {
    return compact({
        name: organization.name,
        displayName: organization.display_name ?? "",
        thirdPartyClientAccess: organization.third_party_client_access ?? "",
        branding: organization.branding ? compact({ logoUrl: organization.branding.logo_url, colors: organization.branding.colors }) : undefined,
        metadata: organization.metadata ?? {},
        tokenQuota: organization.token_quota,
    });
}

function body(inputs: any, withMetadata: boolean) {
    return compact({
        name: inputs.name,
        display_name: inputs.displayName,
        third_party_client_access: inputs.thirdPartyClientAccess,
        branding: inputs.branding ? compact({ logo_url: inputs.branding.logoUrl, colors: inputs.branding.colors }) : undefined,
        token_quota: inputs.tokenQuota,
        metadata: withMetadata ? (inputs.metadata ?? {}) : undefined,
    });
}

const read = async (api: ManagementClient, id: string) => {
    const organization = await orGone(() => api.organizations.get(id));
    return organization && toOutputs(organization);
};

const metadataChanged = (olds: any, news: any) => JSON.stringify(news.metadata ?? {}) !== JSON.stringify(olds.metadata ?? {});

export const organization: ResourceType = {
    token: "auth0:index/organization:Organization",
    inputKeys: ["name", "displayName", "thirdPartyClientAccess", "branding", "metadata", "tokenQuota"],
    secretOutputs: [],
    check(inputs) {
        const failures = [];
        if (typeof inputs.name !== "string" || inputs.name === "") failures.push({ property: "name", reason: "Missing required argument: name" });
        if (inputs.thirdPartyClientAccess !== undefined && !["allow", "block"].includes(inputs.thirdPartyClientAccess)) {
            failures.push({ property: "thirdPartyClientAccess", reason: `expected third_party_client_access to be one of ["allow" "block"], got ${inputs.thirdPartyClientAccess}` });
        }
        return failures;
    },
    changes(olds, news) {
        const changed = ["name", "displayName", "thirdPartyClientAccess", "branding", "tokenQuota"].filter((k) => differs(news[k], olds[k]));
        if (metadataChanged(olds, news)) changed.push("metadata");
        return changed;
    },
    async create(api, inputs) {
        const created = await call(() => api.organizations.create(body(inputs, inputs.metadata !== undefined) as any));
        const id = (created as { id: string }).id;
        return { id, outs: (await read(api, id)) ?? toOutputs(created) };
    },
    read: (api, id) => read(api, id),
    async update(api, id, olds, news) {
        await call(() => api.organizations.update(id, body(news, metadataChanged(olds, news)) as any));
        const outs = await read(api, id);
        if (!outs) throw new Error(`organization ${id} disappeared during the update`);
        return outs;
    },
    async delete(api, id) {
        await orGone(() => api.organizations.delete(id));
    },
};
