/**
 * `ProvisioningSchema`: the attribute mappings and the "Provision Microsoft Entra ID Groups" toggle of
 * an Entra provisioning job (steps 8–13 of the seed), which @pulumi/azuread cannot declare.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { SEED_MAPPING_EDITS } from "./defaults";
import type { MappingEdit } from "./mappingEdits";
import { ProvisioningSchemaProvider } from "./provisioningSchemaProvider";
import type { LiveMapping } from "./schemaEdits";

export interface ProvisioningSchemaArgs {
    /**
     * The provisioning app's service principal *object id*, a bare GUID
     * (`ApplicationFromTemplate.servicePrincipalObjectId`), not the `/servicePrincipals/{guid}` resource id.
     */
    readonly servicePrincipalId: pulumi.Input<string>;
    /** The synchronization job id (`SynchronizationJob.id`'s last segment), e.g. `scim.<tenant>.<guid>`. */
    readonly jobId: pulumi.Input<string>;
    /** "Provision Microsoft Entra ID Groups": whether the Group object mapping is enabled. */
    readonly provisionGroups: pulumi.Input<boolean>;
    /** The attribute-mapping edits; default `SEED_MAPPING_EDITS`. Validate extra ones with `validateMappingEdits`. */
    readonly mappingEdits?: pulumi.Input<ReadonlyArray<pulumi.Input<MappingEdit>>>;
}

/** One provider object for every instance: it is serialised into state, so it stays small and secret-free. */
const provider = new ProvisioningSchemaProvider();

export class ProvisioningSchema extends pulumi.dynamic.Resource {
    /** The synchronizationRule holding the User mapping: `SynchronizationJobProvisionOnDemand`'s `synchronizationRuleId`. */
    declare readonly userRuleId: pulumi.Output<string>;
    /** The schema version as last read. */
    declare readonly schemaVersion: pulumi.Output<string>;
    /** Live state of what we manage, as last read; a change made in the portal shows up here on refresh. */
    declare readonly liveProvisionGroups: pulumi.Output<boolean>;
    declare readonly liveMappings: pulumi.Output<LiveMapping[]>;
    /** New on each create (so on a replacement, which pauses the job), kept otherwise. */
    declare readonly instanceId: pulumi.Output<string>;

    constructor(name: string, args: ProvisioningSchemaArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            {
                ...args,
                providerVersion: PROVIDER_VERSION,
                mappingEdits: args.mappingEdits ?? SEED_MAPPING_EDITS,
                userRuleId: undefined,
                schemaVersion: undefined,
                liveProvisionGroups: undefined,
                liveMappings: undefined,
                instanceId: undefined,
            },
            // The option, not diff's answer: a forced replacement (`--replace`, taint) never asks diff. The
            // old instance restores the template onto the same job; after the new one's edits it would undo them.
            pulumi.mergeOptions(opts, { deleteBeforeReplace: true }),
            // Pulumi 3.248 types the resource `pulumi-nodejs:dynamic/entra:ProvisioningSchema`.
            "entra",
            "ProvisioningSchema",
        );
    }
}
