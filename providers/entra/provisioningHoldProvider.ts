/**
 * The dynamic provider behind `ProvisioningHold`: pauses a job the moment it is (re)created, before
 * its credentials and mappings are written. azuread creates a job with the `enabled` it is given and,
 * because the job's `enabled` is ignored after its first create (so a refresh never stops a running
 * job), a replacement may be created with `enabled: true` and started at once. The hold stops it;
 * `ProvisioningStart` starts it again last.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "./credentials";
import { GraphAccess, type GraphClientFactory } from "./graphAccess";
import { pauseJob } from "./jobApi";

export interface ProvisioningHoldInputs {
    readonly servicePrincipalId: string;
    readonly jobId: string;
}

export class ProvisioningHoldProvider implements pulumi.dynamic.ResourceProvider<ProvisioningHoldInputs, ProvisioningHoldInputs> {
    private readonly graph: GraphAccess;

    constructor(clientFactory?: GraphClientFactory) {
        this.graph = new GraphAccess(clientFactory);
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.graph.configure(req.config as ConfigSource);
    }

    /** A new job is held anew; nothing else changes. */
    async diff(_id: string, olds: ProvisioningHoldInputs, news: ProvisioningHoldInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["servicePrincipalId", "jobId"] as const).filter((k) => olds[k] !== news[k]);
        return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
    }

    async create(inputs: ProvisioningHoldInputs): Promise<pulumi.dynamic.CreateResult<ProvisioningHoldInputs>> {
        await pauseJob(this.graph.client(), inputs.servicePrincipalId, inputs.jobId, this.graph.secrets);
        return { id: `${inputs.servicePrincipalId}/${inputs.jobId}/hold`, outs: { ...inputs } };
    }

    async delete(): Promise<void> {}
}
