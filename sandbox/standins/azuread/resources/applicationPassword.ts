/** azuread.ApplicationPassword: id `{applicationObjectId}/password/{keyId}`; every input is ForceNew; `value` is a secret. */
import { forceNew } from "../forceNew";
import { applicationGuid, orGone, plain, requireResourceId, secret, isNotFound, type Props, type StandInResource } from "../common";

const token = "azuread:index/applicationPassword:ApplicationPassword";

export const applicationPassword: StandInResource = {
    token,
    inputs: ["applicationId", "displayName", "startDate", "endDate", "endDateRelative", "rotateWhenChanged"],
    forceNew: forceNew(token),
    secretOutputs: ["value"],
    validate: (inputs) => requireResourceId(inputs, "applicationId", "applications"),
    async create(graph, inputs) {
        const p = plain(inputs);
        const objectId = applicationGuid(p.applicationId)!;
        const relative = /^(\d+)h$/.exec(p.endDateRelative ?? "");
        const credential = await graph.api(`/applications/${objectId}/addPassword`).post({
            passwordCredential: {
                ...(p.displayName ? { displayName: p.displayName } : {}),
                ...(p.startDate ? { startDateTime: p.startDate } : {}),
                ...(p.endDate ? { endDateTime: p.endDate } : relative ? { endDateTime: new Date(Date.now() + Number(relative[1]) * 3_600_000).toISOString() } : {}),
            },
        });
        return {
            id: `${objectId}/password/${credential.keyId}`,
            outs: { ...inputs, keyId: credential.keyId, startDate: credential.startDateTime, endDate: credential.endDateTime, value: secret(credential.secretText) },
        };
    },
    async read(graph, id, state) {
        const [objectId, , keyId] = id.split("/");
        const app = await orGone(graph.api(`/applications/${objectId}`).get());
        const credential = app?.passwordCredentials?.find((c: Props) => c.keyId === keyId);
        if (!credential) return undefined;
        return { ...state, keyId, displayName: credential.displayName ?? state.displayName, startDate: credential.startDateTime, endDate: credential.endDateTime };
    },
    async delete(graph, id) {
        const [objectId, , keyId] = id.split("/");
        try {
            await graph.api(`/applications/${objectId}/removePassword`).post({ keyId });
        } catch (error) {
            // Already gone: the application (404) or the credential (400 "No password credential found").
            if (!isNotFound(error) && (error as { statusCode?: number }).statusCode !== 400) throw error;
        }
    },
};
