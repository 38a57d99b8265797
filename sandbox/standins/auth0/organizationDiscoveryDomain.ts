/**
 * `auth0:index/organizationDiscoveryDomain:OrganizationDiscoveryDomain`, as terraform-provider-auth0
 * v1.53.0 does it (internal/auth0/organization/resource_discovery_domain.go, expand.go, flatten.go):
 * - id `{organizationId}::{discovery domain id}`;
 * - create = POST /organizations/{id}/discovery-domains `{domain, status, use_for_organization_discovery?}`,
 *   then a read; read = GET …/discovery-domains/{domainId}, a 404 is "gone";
 * - update = PATCH with `status` and `use_for_organization_discovery` only (go-auth0 v1.45.0
 *   `cleanForPatch`), then a read; delete = DELETE, a 404 is fine;
 * - `organizationId` and `domain` are ForceNew (forceNew.ts); `verificationTxt` and `verificationHost`
 *   are outputs (the DNS TXT record to publish), not secret in the schema.
 */
import type { ManagementClient } from "auth0";
import type { ResourceType } from "./resourceType";
import { call, orGone } from "./client";
import { compact, differs } from "./props";

function ids(id: string, props: any): { organizationId: string; domainId: string } {
    const [organizationId, domainId] = id.split("::");
    return { organizationId: organizationId || props.organizationId, domainId };
}

const toOutputs = (organizationId: string, found: any) =>
    compact({
        organizationId,
        domain: found.domain,
        status: found.status,
        verificationTxt: found.verification_txt,
        verificationHost: found.verification_host,
        useForOrganizationDiscovery: found.use_for_organization_discovery ?? false,
    });

async function read(api: ManagementClient, organizationId: string, domainId: string) {
    const found = await orGone(() => api.organizations.discoveryDomains.get(organizationId, domainId));
    return found && toOutputs(organizationId, found);
}

export const organizationDiscoveryDomain: ResourceType = {
    token: "auth0:index/organizationDiscoveryDomain:OrganizationDiscoveryDomain",
    inputKeys: ["organizationId", "domain", "status", "useForOrganizationDiscovery"],
    secretOutputs: [],
    check(inputs) {
        const failures = [];
        for (const key of ["organizationId", "domain", "status"]) {
            if (typeof inputs[key] !== "string" || inputs[key] === "") failures.push({ property: key, reason: `Missing required argument: ${key}` });
        }
        if (typeof inputs.status === "string" && !["pending", "verified"].includes(inputs.status)) {
            failures.push({ property: "status", reason: `expected status to be one of ["pending" "verified"], got ${inputs.status}` });
        }
        return failures;
    },
    changes(olds, news) {
        return ["organizationId", "domain", "status", "useForOrganizationDiscovery"].filter((k) => differs(news[k], olds[k]));
    },
    async create(api, inputs) {
        const created = await call(() =>
            api.organizations.discoveryDomains.create(inputs.organizationId, compact({
                domain: inputs.domain,
                status: inputs.status,
                use_for_organization_discovery: inputs.useForOrganizationDiscovery,
            }) as any),
        );
        const outs = (await read(api, inputs.organizationId, created.id)) ?? toOutputs(inputs.organizationId, created);
        return { id: `${inputs.organizationId}::${created.id}`, outs };
    },
    read: (api, id, props) => {
        const { organizationId, domainId } = ids(id, props);
        return read(api, organizationId, domainId);
    },
    async update(api, id, _olds, news) {
        const { organizationId, domainId } = ids(id, news);
        await call(() =>
            api.organizations.discoveryDomains.update(organizationId, domainId, compact({ status: news.status, use_for_organization_discovery: news.useForOrganizationDiscovery }) as any),
        );
        const outs = await read(api, organizationId, domainId);
        if (!outs) throw new Error(`discovery domain ${domainId} disappeared during the update`);
        return outs;
    },
    async delete(api, id, props) {
        const { organizationId, domainId } = ids(id, props);
        await orGone(() => api.organizations.discoveryDomains.delete(organizationId, domainId));
    },
};
