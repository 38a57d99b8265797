/** azuread.Application: `/applications/{objectId}`; the properties the program sets are written to Graph. */
import { forceNew } from "../forceNew";
import { deleteIgnoringGone, orGone, pick, plain, type Props, type StandInResource } from "../common";

const token = "azuread:index/application:Application";
const MANAGED = ["displayName", "signInAudience", "web", "requiredResourceAccesses"];

function body(inputs: Props): Props {
    const p = plain(inputs);
    return {
        displayName: p.displayName,
        ...(p.signInAudience ? { signInAudience: p.signInAudience } : {}),
        ...(p.web ? { web: { redirectUris: p.web.redirectUris ?? [], ...(p.web.homepageUrl ? { homePageUrl: p.web.homepageUrl } : {}), ...(p.web.logoutUrl ? { logoutUrl: p.web.logoutUrl } : {}) } } : {}),
        ...(p.requiredResourceAccesses ? { requiredResourceAccess: p.requiredResourceAccesses.map((r: Props) => ({ resourceAppId: r.resourceAppId, resourceAccess: r.resourceAccesses ?? [] })) } : {}),
    };
}

function outputs(app: Props, inputs: Props): Props {
    return {
        ...inputs,
        id: `/applications/${app.id}`,
        objectId: app.id,
        clientId: app.appId,
        displayName: app.displayName,
        signInAudience: app.signInAudience,
        ...(inputs.web ? { web: { ...inputs.web, redirectUris: app.web?.redirectUris ?? [] } } : {}),
        ...(inputs.requiredResourceAccesses
            ? { requiredResourceAccesses: (app.requiredResourceAccess ?? []).map((r: Props) => ({ resourceAppId: r.resourceAppId, resourceAccesses: r.resourceAccess ?? [] })) }
            : {}),
        publisherDomain: app.publisherDomain,
    };
}

export const application: StandInResource = {
    token,
    inputs: [...MANAGED, "templateId", "owners", "preventDuplicateNames", "identifierUris", "tags"],
    forceNew: forceNew(token),
    defaults: { signInAudience: "AzureADMyOrg" },
    async create(graph, inputs) {
        const app = await graph.api("/applications").post(body(inputs));
        return { id: `/applications/${app.id}`, outs: outputs(app, inputs) };
    },
    async read(graph, _id, state) {
        const app = await orGone(graph.api(`/applications/${state.objectId}`).get());
        return app && outputs(app, pick(state, application.inputs));
    },
    async update(graph, _id, olds, news) {
        await graph.api(`/applications/${olds.objectId}`).patch(body(news));
        return outputs(await graph.api(`/applications/${olds.objectId}`).get(), news);
    },
    async delete(graph, _id, state) {
        await deleteIgnoringGone(graph.api(`/applications/${state.objectId}`).delete());
    },
};
