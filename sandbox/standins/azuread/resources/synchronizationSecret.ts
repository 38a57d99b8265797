/**
 * azuread.SynchronizationSecret: PUT `…/synchronization/secrets`; id `/servicePrincipals/{spObjectId}`.
 * The credential values are secrets in the outputs; a read keeps the values in state (Graph does not
 * give secrets back); delete PUTs every key with an empty value, as azuread does.
 */
import { forceNew } from "../forceNew";
import { orGone, plain, requireResourceId, secret, servicePrincipalGuid, type Props, type StandInResource } from "../common";

const token = "azuread:index/synchronizationSecret:SynchronizationSecret";

const credentialOutputs = (credentials: Array<{ key: string; value: string }>) => credentials.map((c) => ({ key: c.key, value: secret(c.value) }));

export const synchronizationSecret: StandInResource = {
    token,
    inputs: ["servicePrincipalId", "credentials"],
    forceNew: forceNew(token),
    secretOutputs: ["credentials"],
    validate: (inputs) => requireResourceId(inputs, "servicePrincipalId", "servicePrincipals"),
    async create(graph, inputs) {
        const p = plain(inputs);
        const spId = servicePrincipalGuid(p.servicePrincipalId)!;
        await graph.api(`/servicePrincipals/${spId}/synchronization/secrets`).put({ value: p.credentials ?? [] });
        return { id: `/servicePrincipals/${spId}`, outs: { servicePrincipalId: `/servicePrincipals/${spId}`, credentials: credentialOutputs(p.credentials ?? []) } };
    },
    async read(graph, id, state) {
        const listed = await orGone(graph.api(`${id}/synchronization/secrets`).get());
        if (!listed) return undefined;
        const present = new Set((listed.value ?? []).filter((c: Props) => c.value !== "").map((c: Props) => c.key));
        const kept = (plain(state.credentials) ?? []).filter((c: Props) => present.has(c.key));
        return { servicePrincipalId: id, credentials: credentialOutputs(kept) };
    },
    async update(graph, id, olds, news) {
        const credentials = plain(news.credentials) ?? [];
        const removed = (plain(olds.credentials) ?? []).filter((o: Props) => !credentials.some((c: Props) => c.key === o.key)).map((o: Props) => ({ key: o.key, value: "" }));
        await graph.api(`${id}/synchronization/secrets`).put({ value: [...credentials, ...removed] });
        return { servicePrincipalId: id, credentials: credentialOutputs(credentials) };
    },
    async delete(graph, id, state) {
        const empty = (plain(state.credentials) ?? []).map((c: Props) => ({ key: c.key, value: "" }));
        try {
            await graph.api(`${id}/synchronization/secrets`).put({ value: empty });
        } catch (error) {
            if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        }
    },
};
