/**
 * The dynamic provider behind `ProvisioningStart`: Provisioning Status On, as the last step, once the
 * credentials, mappings, assignments and on-demand check are in place. Deleting it pauses the job, so
 * a teardown (or the schema's restore of the template values that follows it) never runs a cycle.
 * Refresh reads nothing into state: whether the job is running right now is not configuration, and
 * must not become a diff that stops or restarts it.
 */
import { versionChanged, withVersion, type Versioned } from "../providerVersion";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "./credentials";
import { GraphAccess, type GraphClientFactory } from "./graphAccess";
import { isNotFound } from "./graphCall";
import { getJob, pauseJob, startJob } from "./jobApi";

export interface ProvisioningStartInputs extends Versioned {
    /** Service principal object id (bare GUID). */
    readonly servicePrincipalId: string;
    readonly jobId: string;
    /**
     * What paused the job since it was started, if anything (the schema resource's instance: replacing
     * it pauses the job): a change starts it again, in place.
     */
    readonly restartAfter?: string;
}

export class ProvisioningStartProvider implements pulumi.dynamic.ResourceProvider<ProvisioningStartInputs, ProvisioningStartInputs> {
    private readonly graph: GraphAccess;

    constructor(clientFactory?: GraphClientFactory) {
        this.graph = new GraphAccess(clientFactory);
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.graph.configure(req.config as ConfigSource);
    }

    /**
     * Another job (a replaced one) is started anew; nothing else changes. The old one is paused
     * first, so that a replacement of the same job (`--replace`) ends with it running, not paused.
     */
    async diff(_id: string, olds: ProvisioningStartInputs, news: ProvisioningStartInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["servicePrincipalId", "jobId"] as const).filter((k) => olds[k] !== news[k]);
        // Delete-first is the resource option (ProvisioningStart's constructor): a forced replacement never asks here.
        return { changes: replaces.length > 0 || restarts(olds, news) || versionChanged(olds, news), replaces, deleteBeforeReplace: false };
    }

    /** The job was paused by a replaced schema resource: start it again. */
    async update(_id: string, olds: ProvisioningStartInputs, news: ProvisioningStartInputs): Promise<pulumi.dynamic.UpdateResult<ProvisioningStartInputs>> {
        // A new provider version alone: re-serialise, start nothing.
        if (!restarts(olds, news)) return { outs: withVersion(olds, news) };
        await startJob(this.graph.client(), news.servicePrincipalId, news.jobId, this.graph.secrets);
        return { outs: { ...news } };
    }

    async create(inputs: ProvisioningStartInputs): Promise<pulumi.dynamic.CreateResult<ProvisioningStartInputs>> {
        await startJob(this.graph.client(), inputs.servicePrincipalId, inputs.jobId, this.graph.secrets);
        return { id: `${inputs.servicePrincipalId}/${inputs.jobId}/start`, outs: { ...inputs } };
    }

    /** Only notices a job that is gone (then the next `up` starts the new one). */
    async read(id: string, props?: ProvisioningStartInputs): Promise<pulumi.dynamic.ReadResult<ProvisioningStartInputs>> {
        if (!props) throw new Error("ProvisioningStart cannot be imported: declare it and let `pulumi up` start the job");
        try {
            await getJob(this.graph.client(), props.servicePrincipalId, props.jobId, this.graph.secrets);
        } catch (error) {
            if (isNotFound(error)) return { id: "" };
            throw error;
        }
        return { id, props };
    }

    async delete(_id: string, props: ProvisioningStartInputs): Promise<void> {
        await pauseJob(this.graph.client(), props.servicePrincipalId, props.jobId, this.graph.secrets);
    }
}

/**
 * The job was paused meanwhile (a replaced schema resource). In a preview the schema's new instance
 * is unknown whenever the schema is merely updated, which keeps it: that is no restart to show.
 */
function restarts(olds: ProvisioningStartInputs, news: ProvisioningStartInputs): boolean {
    return news.restartAfter !== (pulumi.runtime.unknownValue as unknown) && olds.restartAfter !== news.restartAfter;
}
