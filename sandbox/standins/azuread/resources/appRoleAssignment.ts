/** azuread.AppRoleAssignment: `/servicePrincipals/{resourceObjectId}/appRoleAssignedTo/{assignmentId}`; every input is ForceNew. */
import { forceNew } from "../forceNew";
import { deleteIgnoringGone, orGone, plain, requireUuids, type Props, type StandInResource } from "../common";

const token = "azuread:index/appRoleAssignment:AppRoleAssignment";

function outputs(a: Props): Props {
    return {
        appRoleId: a.appRoleId,
        principalObjectId: a.principalId,
        resourceObjectId: a.resourceId,
        principalDisplayName: a.principalDisplayName ?? "",
        principalType: a.principalType ?? "",
        resourceDisplayName: a.resourceDisplayName ?? "",
    };
}

export const appRoleAssignment: StandInResource = {
    token,
    inputs: ["appRoleId", "principalObjectId", "resourceObjectId"],
    forceNew: forceNew(token),
    validate: (inputs) => requireUuids(inputs, ["appRoleId", "principalObjectId", "resourceObjectId"]),
    async create(graph, inputs) {
        const p = plain(inputs);
        const a = await graph.api(`/servicePrincipals/${p.resourceObjectId}/appRoleAssignedTo`).post({
            appRoleId: p.appRoleId,
            principalId: p.principalObjectId,
            resourceId: p.resourceObjectId,
        });
        return { id: `/servicePrincipals/${a.resourceId}/appRoleAssignedTo/${a.id}`, outs: outputs(a) };
    },
    async read(graph, id) {
        const a = await orGone(graph.api(id).get());
        return a && outputs(a);
    },
    async delete(graph, id) {
        await deleteIgnoringGone(graph.api(id).delete());
    },
};
