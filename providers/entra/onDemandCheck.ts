/**
 * `ProvisionOnDemandCheck`: provision chosen assigned principals on demand and fail the `up`, with a
 * per-principal reason, unless each one was provisioned (seed "Testing", steps 1–2). Replaces azuread's
 * `SynchronizationJobProvisionOnDemand`, which discards Graph's verdict. Type token:
 * `pulumi-nodejs:dynamic/entra:ProvisionOnDemandCheck`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import type { OnDemandSubject } from "./jobApi";
import { ProvisionOnDemandCheckProvider } from "./onDemandCheckProvider";

export interface ProvisionOnDemandCheckArgs {
    /** The provisioning app's service principal object id (bare GUID). */
    readonly servicePrincipalId: pulumi.Input<string>;
    /** The synchronization job id, e.g. `scim.<tenant>.<guid>`. */
    readonly jobId: pulumi.Input<string>;
    /** The rule that provisions users: `ProvisioningSchema.userRuleId`. */
    readonly ruleId: pulumi.Input<string>;
    /** Assigned users or groups (at most 5). Group members are not provisioned by an on-demand run. */
    readonly subjects: ReadonlyArray<OnDemandSubject>;
    /** What the check tests besides the subjects; the check runs again when any of it changes. */
    readonly covers: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
}

const provider = new ProvisionOnDemandCheckProvider();

export class ProvisionOnDemandCheck extends pulumi.dynamic.Resource {
    declare readonly results: pulumi.Output<Array<{ objectId: string; kind: string; result: string }>>;

    constructor(name: string, args: ProvisionOnDemandCheckArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args, providerVersion: PROVIDER_VERSION, subjects: [...args.subjects], results: undefined }, opts, "entra", "ProvisionOnDemandCheck");
    }
}
