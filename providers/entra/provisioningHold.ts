/**
 * RETIRED (issue 14, item 3): no longer declared by the program. The engine creates a replacement job
 * from the program's `enabled: false` (ignoreChanges does not apply to a replacement), so nothing needs
 * pausing, and the hold paused running production jobs on an upgrade. Stacks that still hold one
 * delete it with its own serialised code, a no-op. Kept only until bench/ drops its hold step.
 *
 * `ProvisioningHold`: pauses a provisioning job as soon as it exists, so that no cycle runs before the
 * credentials and mappings are in place. Type token: `pulumi-nodejs:dynamic/entra:ProvisioningHold`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ProvisioningHoldProvider } from "./provisioningHoldProvider";

export interface ProvisioningHoldArgs {
    /** The provisioning app's service principal object id (bare GUID). */
    readonly servicePrincipalId: pulumi.Input<string>;
    readonly jobId: pulumi.Input<string>;
}

const provider = new ProvisioningHoldProvider();

export class ProvisioningHold extends pulumi.dynamic.Resource {
    constructor(name: string, args: ProvisioningHoldArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "entra", "ProvisioningHold");
    }
}
