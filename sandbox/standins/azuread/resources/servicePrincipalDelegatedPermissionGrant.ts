/** azuread.ServicePrincipalDelegatedPermissionGrant: an oauth2PermissionGrant, id `/oauth2PermissionGrants/{id}`. */
import { forceNew } from "../forceNew";
import { deleteIgnoringGone, orGone, plain, requireUuids, type Props, type StandInResource } from "../common";

const token = "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant";
const grantId = (id: string) => id.replace(/^\/oauth2PermissionGrants\//, "");

function outputs(grant: Props): Props {
    return {
        servicePrincipalObjectId: grant.clientId,
        resourceServicePrincipalObjectId: grant.resourceId,
        claimValues: String(grant.scope ?? "").split(" ").filter(Boolean),
        ...(grant.principalId ? { userObjectId: grant.principalId } : {}),
    };
}

export const servicePrincipalDelegatedPermissionGrant: StandInResource = {
    token,
    inputs: ["servicePrincipalObjectId", "resourceServicePrincipalObjectId", "claimValues", "userObjectId"],
    forceNew: forceNew(token),
    validate: (inputs) => requireUuids(inputs, ["servicePrincipalObjectId", "resourceServicePrincipalObjectId", "userObjectId"]),
    async create(graph, inputs) {
        const p = plain(inputs);
        const grant = await graph.api("/oauth2PermissionGrants").post({
            clientId: p.servicePrincipalObjectId,
            resourceId: p.resourceServicePrincipalObjectId,
            consentType: p.userObjectId ? "Principal" : "AllPrincipals",
            ...(p.userObjectId ? { principalId: p.userObjectId } : {}),
            scope: (p.claimValues ?? []).join(" "),
        });
        return { id: `/oauth2PermissionGrants/${grant.id}`, outs: outputs(grant) };
    },
    async read(graph, id) {
        const grant = await orGone(graph.api(`/oauth2PermissionGrants/${grantId(id)}`).get());
        return grant && outputs(grant);
    },
    async update(graph, id, _olds, news) {
        await graph.api(`/oauth2PermissionGrants/${grantId(id)}`).patch({ scope: (plain(news.claimValues) ?? []).join(" ") });
        return outputs(await graph.api(`/oauth2PermissionGrants/${grantId(id)}`).get());
    },
    async delete(graph, id) {
        await deleteIgnoringGone(graph.api(`/oauth2PermissionGrants/${grantId(id)}`).delete());
    },
};
