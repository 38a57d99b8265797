/**
 * azuread.ApplicationFromTemplate: POST /applicationTemplates/{templateId}/instantiate; id
 * `/applicationTemplates/{templateId}/instantiate/{applicationObjectId}/{servicePrincipalObjectId}`;
 * outputs the resource ids (`/applications/…`, `/servicePrincipals/…`) and the bare object ids.
 */
import { forceNew } from "../forceNew";
import { deleteIgnoringGone, orGone, plain, requireUuids, type Props, type StandInResource } from "../common";

const token = "azuread:index/applicationFromTemplate:ApplicationFromTemplate";

function outputs(templateId: string, appId: string, spId: string, displayName: string): Props {
    return {
        templateId,
        displayName,
        applicationId: `/applications/${appId}`,
        applicationObjectId: appId,
        servicePrincipalId: `/servicePrincipals/${spId}`,
        servicePrincipalObjectId: spId,
    };
}

export const applicationFromTemplate: StandInResource = {
    token,
    inputs: ["displayName", "templateId"],
    forceNew: forceNew(token),
    validate: (inputs) => requireUuids(inputs, ["templateId"]),
    async create(graph, inputs) {
        const p = plain(inputs);
        const made = await graph.api(`/applicationTemplates/${p.templateId}/instantiate`).post({ displayName: p.displayName });
        return {
            id: `/applicationTemplates/${p.templateId}/instantiate/${made.application.id}/${made.servicePrincipal.id}`,
            outs: outputs(p.templateId, made.application.id, made.servicePrincipal.id, made.application.displayName),
        };
    },
    async read(graph, _id, state) {
        const app = await orGone(graph.api(`/applications/${state.applicationObjectId}`).get());
        const sp = app && (await orGone(graph.api(`/servicePrincipals/${state.servicePrincipalObjectId}`).get()));
        return sp && outputs(state.templateId, app.id, sp.id, app.displayName);
    },
    async update(graph, _id, olds, news) {
        // azuread updates the display name of both the application and the service principal.
        const displayName = plain(news.displayName);
        await graph.api(`/applications/${olds.applicationObjectId}`).patch({ displayName });
        await graph.api(`/servicePrincipals/${olds.servicePrincipalObjectId}`).patch({ displayName });
        return outputs(olds.templateId, olds.applicationObjectId, olds.servicePrincipalObjectId, displayName);
    },
    async delete(graph, _id, state) {
        // Deleting the application deletes its service principal too.
        await deleteIgnoringGone(graph.api(`/applications/${state.applicationObjectId}`).delete());
    },
};
