/**
 * `auth0:index/selfServiceProfile:SelfServiceProfile`, as terraform-provider-auth0 v1.53.0 does it
 * (internal/auth0/selfserviceprofile/resource.go, expand.go, flatten.go): create = POST
 * /self-service-profiles, then (user attributes set) PATCH `{user_attribute_profile_id: null}` to clear
 * the mutually exclusive field, then a read; update = that clearing PATCH, then PATCH with the
 * configured fields, then a read; read = GET, a 404 is "gone"; delete = DELETE. No ForceNew property.
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { compact, differs } from "./props";

function toOutputs(profile: any) {
    return compact({
        name: profile.name,
        description: profile.description,
        userAttributeProfileId: profile.user_attribute_profile_id ?? undefined,
        allowedStrategies: profile.allowed_strategies,
        userAttributes: profile.user_attributes?.map((a: any) => ({ name: a.name, description: a.description, isOptional: a.is_optional })),
        branding: profile.branding
            ? compact({ logoUrl: profile.branding.logo_url, colors: profile.branding.colors ? compact({ primary: profile.branding.colors.primary }) : undefined })
            : undefined,
        createdAt: profile.created_at,
        updatedAt: profile.updated_at,
    });
}

function body(inputs: any) {
    const branding = inputs.branding && (inputs.branding.logoUrl || inputs.branding.colors?.primary)
        ? compact({ logo_url: inputs.branding.logoUrl, colors: inputs.branding.colors?.primary ? { primary: inputs.branding.colors.primary } : undefined })
        : undefined;
    return compact({
        name: inputs.name,
        description: inputs.description,
        allowed_strategies: inputs.allowedStrategies,
        branding,
        user_attribute_profile_id: inputs.userAttributeProfileId,
        user_attributes: inputs.userAttributes?.map((a: any) => ({ name: a.name, description: a.description, is_optional: !!a.isOptional })),
    });
}

async function clearExclusive(api: ManagementClient, id: string, inputs: any) {
    if (inputs.userAttributeProfileId) await call(() => api.selfServiceProfiles.update(id, { user_attributes: null } as any));
    if (Array.isArray(inputs.userAttributes) && inputs.userAttributes.length > 0) {
        await call(() => api.selfServiceProfiles.update(id, { user_attribute_profile_id: null } as any));
    }
}

const read = async (api: ManagementClient, id: string) => {
    const profile = await orGone(() => api.selfServiceProfiles.get(id));
    return profile && toOutputs(profile);
};

const STRATEGIES = ["oidc", "samlp", "waad", "google-apps", "adfs", "okta", "keycloak-samlp", "pingfederate"];

export const selfServiceProfile: ResourceType = {
    token: "auth0:index/selfServiceProfile:SelfServiceProfile",
    inputKeys: ["name", "description", "userAttributeProfileId", "userAttributes", "branding", "allowedStrategies"],
    secretOutputs: [],
    check(inputs) {
        const failures = [];
        if (typeof inputs.name !== "string" || inputs.name.length < 1 || inputs.name.length > 100) {
            failures.push({ property: "name", reason: "expected length of name to be in the range (1 - 100)" });
        }
        if (inputs.description !== undefined && (inputs.description.length < 1 || inputs.description.length > 140)) {
            failures.push({ property: "description", reason: "expected length of description to be in the range (1 - 140)" });
        }
        if (inputs.userAttributes && inputs.userAttributeProfileId) {
            failures.push({ property: "userAttributes", reason: '"userAttributes": conflicts with userAttributeProfileId' });
        }
        if ((inputs.userAttributes ?? []).length > 20) failures.push({ property: "userAttributes", reason: "at most 20 items" });
        for (const s of inputs.allowedStrategies ?? []) {
            if (!STRATEGIES.includes(s)) failures.push({ property: "allowedStrategies", reason: `expected allowed_strategies to be one of ${STRATEGIES.join(", ")}, got ${s}` });
        }
        return failures;
    },
    changes(olds, news) {
        const changed = ["name", "description", "userAttributeProfileId", "userAttributes", "branding"].filter((k) => differs(news[k], olds[k]));
        if (differs(news.allowedStrategies, olds.allowedStrategies, true)) changed.push("allowedStrategies");
        for (const key of ["description", "userAttributeProfileId", "userAttributes", "allowedStrategies"]) {
            const old = olds[key];
            const set = old !== undefined && old !== null && old !== "" && !(Array.isArray(old) && old.length === 0);
            if (news[key] === undefined && set && !changed.includes(key)) changed.push(key);
        }
        return changed;
    },
    async create(api, inputs) {
        const created = await call(() => api.selfServiceProfiles.create(body(inputs) as any));
        const id = (created as { id: string }).id;
        await clearExclusive(api, id, inputs);
        return { id, outs: (await read(api, id)) ?? toOutputs(created) };
    },
    read: (api, id) => read(api, id),
    async update(api, id, _olds, news) {
        await clearExclusive(api, id, news);
        await call(() => api.selfServiceProfiles.update(id, body(news) as any));
        const outs = await read(api, id);
        if (!outs) throw new Error(`self-service profile ${id} disappeared during the update`);
        return outs;
    },
    async delete(api, id) {
        await orGone(() => api.selfServiceProfiles.delete(id));
    },
};
