/**
 * `auth0:index/connection:Connection`, as terraform-provider-auth0 v1.53.0 does it
 * (internal/auth0/connection/resource.go, expand.go, flatten.go): create = POST /connections then a
 * read; update = PATCH /connections/{id} with everything configured except `name` and `strategy`
 * (replace-only), then a read; read = GET /connections/{id}, a 404 is "gone"; delete = DELETE, a 404
 * is fine. For `waad`, `options.setUserRootAttributes = "on_each_login"` is left out of the request
 * (Auth0's default, the dashboard toggle on) and read back as `on_each_login` when Auth0 omits it.
 * Options other than the waad ones the provider flattens are dropped on read, as the bridge does.
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { camel, compact, differs, snake } from "./props";

/** Pulumi option name -> Management API name, where not the plain snake_case form. */
const OPTION_NAMES: Record<string, string> = {
    waadCommonEndpoint: "useCommonEndpoint",
    userIdAttribute: "userid_attribute",
};
const API_OPTION_NAMES = Object.fromEntries(Object.entries(OPTION_NAMES).map(([p, a]) => [a, p]));

/** The waad options flattenConnectionOptionsAzureAD reads back (Pulumi names). */
const WAAD_OPTIONS = [
    "clientId", "clientSecret", "appId", "tenantDomain", "domain", "domainAliases", "iconUrl", "identityApi",
    "waadProtocol", "waadCommonEndpoint", "useWsfed", "apiEnableUsers", "maxGroupsToRetrieve", "nonPersistentAttrs",
    "shouldTrustEmailVerifiedConnection", "setUserRootAttributes", "strategyVersion", "userIdAttribute", "upstreamParams",
];

const STRATEGIES = [
    "ad", "adfs", "amazon", "apple", "dropbox", "bitbucket", "aol", "auth0-adldap", "auth0-oidc", "auth0", "baidu", "bitly",
    "box", "custom", "daccount", "dwolla", "email", "evernote-sandbox", "evernote", "exact", "facebook", "fitbit", "flickr",
    "github", "google-apps", "google-oauth2", "guardian", "instagram", "ip", "linkedin", "miicard", "oauth1", "oauth2",
    "office365", "oidc", "okta", "paypal", "paypal-sandbox", "pingfederate", "planningcenter", "renren",
    "salesforce-community", "salesforce-sandbox", "salesforce", "samlp", "sharepoint", "shopify", "sms", "soundcloud",
    "thecity-sandbox", "thecity", "thirtysevensignals", "twitter", "untappd", "vkontakte", "waad", "weibo", "windowslive",
    "wordpress", "yahoo", "yammer", "yandex", "line",
];

export function toApiOptions(strategy: string, options: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!options) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) {
        if (value === undefined || value === null) continue;
        if (key === "upstreamParams") out.upstream_params = typeof value === "string" ? JSON.parse(value) : value;
        else out[OPTION_NAMES[key] ?? snake(key)] = value;
    }
    if (strategy === "waad" && out.set_user_root_attributes === "on_each_login") delete out.set_user_root_attributes;
    return out;
}

export function fromApiOptions(strategy: string, options: Record<string, unknown> | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options ?? {})) {
        const name = API_OPTION_NAMES[key] ?? camel(key);
        if (strategy === "waad" && !WAAD_OPTIONS.includes(name)) continue;
        out[name] = key === "upstream_params" ? JSON.stringify(value) : value;
    }
    if (strategy === "waad" && out.setUserRootAttributes === undefined) out.setUserRootAttributes = "on_each_login";
    return out;
}

function toOutputs(connection: any): Record<string, unknown> {
    return compact({
        name: connection.name,
        displayName: connection.display_name,
        strategy: connection.strategy,
        isDomainConnection: connection.is_domain_connection,
        showAsButton: connection.show_as_button,
        metadata: connection.metadata,
        realms: connection.realms,
        options: fromApiOptions(connection.strategy, connection.options),
        authentication: connection.authentication,
        connectedAccounts: connection.connected_accounts,
    });
}

function body(inputs: any) {
    return compact({
        display_name: inputs.displayName,
        is_domain_connection: inputs.isDomainConnection,
        show_as_button: inputs.showAsButton,
        metadata: inputs.metadata,
        realms: inputs.realms,
        options: toApiOptions(inputs.strategy, inputs.options),
        authentication: inputs.authentication,
        connected_accounts: inputs.connectedAccounts,
    });
}

const read = async (api: ManagementClient, id: string) => {
    const connection = await orGone(() => api.connections.get(id));
    return connection && toOutputs(connection);
};

export const connection: ResourceType = {
    token: "auth0:index/connection:Connection",
    inputKeys: ["name", "displayName", "strategy", "isDomainConnection", "showAsButton", "metadata", "realms", "options", "authentication", "connectedAccounts"],
    secretOutputs: ["options.clientSecret"],
    check(inputs) {
        const failures = [];
        if (typeof inputs.name !== "string" || inputs.name === "") failures.push({ property: "name", reason: "Missing required argument: name" });
        if (typeof inputs.strategy !== "string") failures.push({ property: "strategy", reason: "Missing required argument: strategy" });
        else if (!STRATEGIES.includes(inputs.strategy.toLowerCase())) {
            failures.push({ property: "strategy", reason: `expected strategy to be one of the supported strategies, got ${inputs.strategy}` });
        }
        if (inputs.metadata && Object.values(inputs.metadata).some((v) => String(v).length > 255)) {
            failures.push({ property: "metadata", reason: "metadata values are at most 255 characters" });
        }
        return failures;
    },
    changes(olds, news) {
        const changed = ["name", "strategy", "displayName", "isDomainConnection", "realms", "options", "authentication", "connectedAccounts", "showAsButton", "metadata"]
            .filter((key) => differs(news[key], olds[key]));
        // Optional, not computed: removing them from the program clears them.
        for (const key of ["showAsButton", "metadata"]) {
            if (news[key] === undefined && olds[key] !== undefined && olds[key] !== null && !changed.includes(key)) changed.push(key);
        }
        return changed;
    },
    async create(api, inputs) {
        const created = await call(() => api.connections.create({ name: inputs.name, strategy: inputs.strategy, ...body(inputs) } as any));
        const id = (created as { id: string }).id;
        return { id, outs: (await read(api, id)) ?? toOutputs(created) };
    },
    read: (api, id) => read(api, id),
    async update(api, id, _olds, news) {
        await call(() => api.connections.update(id, body(news) as any));
        const outs = await read(api, id);
        if (!outs) throw new Error(`connection ${id} disappeared during the update`);
        return outs;
    },
    async delete(api, id) {
        await orGone(() => api.connections.delete(id));
    },
};
