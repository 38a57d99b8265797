/**
 * `ProvisioningStart`: the seed's "Provisioning Status On", started last; removing it pauses the job.
 * Type token: `pulumi-nodejs:dynamic/entra:ProvisioningStart`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { ProvisioningStartProvider } from "./provisioningStartProvider";

export interface ProvisioningStartArgs {
    /** The provisioning app's service principal object id (bare GUID). */
    readonly servicePrincipalId: pulumi.Input<string>;
    /** The synchronization job id; another job is started anew. */
    readonly jobId: pulumi.Input<string>;
    /** A value whose change means the job was paused meanwhile and must be started again. */
    readonly restartAfter?: pulumi.Input<string>;
}

const provider = new ProvisioningStartProvider();

export class ProvisioningStart extends pulumi.dynamic.Resource {
    constructor(name: string, args: ProvisioningStartArgs, opts?: pulumi.CustomResourceOptions) {
        // The option, not diff's answer (a forced replacement never asks diff): the old instance's
        // delete pauses the same job, and after the new one's start it would leave it paused.
        super(provider, name, { ...args, providerVersion: PROVIDER_VERSION }, pulumi.mergeOptions(opts, { deleteBeforeReplace: true }), "entra", "ProvisioningStart");
    }
}
