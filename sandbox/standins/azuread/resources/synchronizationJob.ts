/**
 * azuread.SynchronizationJob: id `/servicePrincipals/{spObjectId}/synchronization/jobs/{jobId}`.
 * As synchronization_job_resource.go: create POSTs the job and starts it only when `enabled` (default
 * true); read sets `enabled` from `schedule.state == "Active"`; an update of `enabled` starts or pauses.
 */
import { forceNew } from "../forceNew";
import { deleteIgnoringGone, orGone, plain, requireResourceId, servicePrincipalGuid, type Props, type StandInResource } from "../common";

const token = "azuread:index/synchronizationJob:SynchronizationJob";

function outputs(spId: string, job: Props): Props {
    return {
        servicePrincipalId: `/servicePrincipals/${spId}`,
        templateId: job.templateId ?? "",
        enabled: job.schedule?.state === "Active",
        schedules: [{ expiration: job.schedule?.expiration ?? "", interval: job.schedule?.interval ?? "", state: job.schedule?.state ?? "" }],
    };
}

export const synchronizationJob: StandInResource = {
    token,
    inputs: ["servicePrincipalId", "templateId", "enabled"],
    forceNew: forceNew(token),
    defaults: { enabled: true },
    validate: (inputs) => requireResourceId(inputs, "servicePrincipalId", "servicePrincipals"),
    async create(graph, inputs) {
        const p = plain(inputs);
        const spId = servicePrincipalGuid(p.servicePrincipalId)!;
        await graph.api(`/servicePrincipals/${spId}`).get(); // azuread: "… was not found"
        const job = await graph.api(`/servicePrincipals/${spId}/synchronization/jobs`).post({ templateId: p.templateId });
        const id = `/servicePrincipals/${spId}/synchronization/jobs/${job.id}`;
        if (p.enabled !== false) await graph.api(`${id}/start`).post({});
        return { id, outs: outputs(spId, await graph.api(id).get()) };
    },
    async read(graph, id) {
        const job = await orGone(graph.api(id).get());
        return job && outputs(id.split("/")[2], job);
    },
    async update(graph, id, olds, news) {
        const enabled = plain(news.enabled) !== false;
        if (enabled !== (olds.enabled !== false)) await graph.api(`${id}/${enabled ? "start" : "pause"}`).post({});
        return outputs(id.split("/")[2], await graph.api(id).get());
    },
    async delete(graph, id) {
        await deleteIgnoringGone(graph.api(id).delete());
    },
};
