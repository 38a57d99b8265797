/**
 * `/organizations/{id}/discovery-domains[/{domainId} | /name/{domain}]`, in the shapes recorded in
 * terraform-provider-auth0's TestAccOrganizationDiscoveryDomain.yaml (v1.53.0): POST `{domain, status,
 * use_for_organization_discovery}` -> 201 `{id: "ord_…", domain, status, verification_host:
 * "_ss-verification.{organization id}.{domain}", verification_txt: 32 hex, use_for_organization_discovery}`;
 * GET 200; PATCH `{status?, use_for_organization_discovery?}` -> 200 (go-auth0's `cleanForPatch` sends
 * only these two: the domain cannot change); DELETE 204. The list is checkpoint-paged `{domains,
 * next?}` (SDK `organizations.discoveryDomains.list`). Defaults: `status: "pending"`,
 * `use_for_organization_discovery: true` (the SDK's doc). Assumed: 404 "The discovery domain does not
 * exist", 409 for a domain the organization already has, 400 for a domain that is not a host name.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorResponse } from "./harness";
import type { DirectoryContext, ManagementRequest, StoredDiscoveryDomain, StoredOrganization } from "./auth0Directory";
import { alphanumeric, badRequest, checkpointPage, clone, conflict, isObject, noContent, notFound, ok, unknownKeys } from "./auth0Http";

const STATUSES = ["pending", "verified"];
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const noDomain = () => notFound("The discovery domain does not exist");

export const domainsOf = (ctx: DirectoryContext, organizationId: string): StoredDiscoveryDomain[] => {
    const table = ctx.directory.discoveryDomains;
    if (!table.has(organizationId)) table.set(organizationId, []);
    return table.get(organizationId)!;
};

function fieldsProblem(body: Record<string, any>): EmulatorResponse | undefined {
    if (body.status !== undefined && !STATUSES.includes(body.status)) return badRequest(`No enum match for: ${body.status} on property status`);
    if (body.use_for_organization_discovery !== undefined && typeof body.use_for_organization_discovery !== "boolean") {
        return badRequest("Expected type boolean on property use_for_organization_discovery");
    }
    return undefined;
}

export function handleDiscoveryDomains(ctx: DirectoryContext, organization: StoredOrganization, req: ManagementRequest): EmulatorResponse {
    const domains = domainsOf(ctx, organization.id);
    const rest = req.parts.slice(3);
    if (rest.length === 0) {
        if (req.method === "GET") return checkpointPage(domains.map(clone), req.query, "domains");
        if (req.method !== "POST") return notFound();
        const body = req.body;
        if (!isObject(body)) return badRequest("the body must be an object");
        const problem = unknownKeys(body, ["domain", "status", "use_for_organization_discovery"]) ?? fieldsProblem(body);
        if (problem) return problem;
        if (typeof body.domain !== "string" || !HOST.test(body.domain)) return badRequest(`Object didn't pass validation for format hostname: ${String(body.domain)} on property domain`);
        if (domains.some((d) => d.domain === body.domain)) return conflict(`The domain ${body.domain} is already a discovery domain of this organization`);
        const created: StoredDiscoveryDomain = {
            id: `ord_${alphanumeric(22)}`,
            domain: body.domain,
            status: body.status ?? "pending",
            verification_host: `_ss-verification.${organization.id}.${body.domain}`,
            verification_txt: randomBytes(16).toString("hex"),
            use_for_organization_discovery: body.use_for_organization_discovery ?? true,
        };
        domains.push(created);
        return ok(clone(created), 201);
    }
    if (rest[0] === "name") {
        if (rest.length !== 2 || req.method !== "GET") return notFound();
        const found = domains.find((d) => d.domain === rest[1]);
        return found ? ok(clone(found)) : noDomain();
    }
    if (rest.length !== 1) return notFound();
    const found = domains.find((d) => d.id === rest[0]);
    if (!found) return noDomain();
    if (req.method === "GET") return ok(clone(found));
    if (req.method === "DELETE") {
        domains.splice(domains.indexOf(found), 1);
        return noContent();
    }
    if (req.method === "PATCH") {
        const body = req.body ?? {};
        if (!isObject(body)) return badRequest("the body must be an object");
        const problem = unknownKeys(body, ["status", "use_for_organization_discovery"]) ?? fieldsProblem(body);
        if (problem) return problem;
        if (body.status !== undefined) found.status = body.status;
        if (body.use_for_organization_discovery !== undefined) found.use_for_organization_discovery = body.use_for_organization_discovery;
        return ok(clone(found));
    }
    return notFound();
}
