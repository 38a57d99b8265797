/**
 * Seed "Configure SCIM in Azure AD for OIDC Apps", "Testing" 1–3: provision chosen principals on
 * demand as a check that fails the `up` with a reason, then Provisioning Status On — the last step, after
 * the credentials, the mappings and the assignments it is given to wait for.
 */
import * as pulumi from "@pulumi/pulumi";
import { ProvisionOnDemandCheck } from "../../providers/entra/onDemandCheck";
import { ProvisioningStart } from "../../providers/entra/provisioningStart";
import type { AssignedPrincipal } from "../config";

export interface ProvisioningActivationArgs {
    /** The provisioning app's service principal object id (bare GUID). */
    readonly servicePrincipalObjectId: pulumi.Input<string>;
    /** The Graph job id. */
    readonly jobId: pulumi.Input<string>;
    /** The rule that provisions users: `ProvisioningSchema.userRuleId`. */
    readonly userRuleId: pulumi.Input<string>;
    /** Assigned principals to provision on demand (none: no check). */
    readonly provisionOnDemand: readonly AssignedPrincipal[];
    /** What the check tests besides its subjects; it reruns when any of it changes. */
    readonly covers: Record<string, pulumi.Input<unknown>>;
    /** Everything that must be in place first: credentials confirmed, schema edited, assignments made. */
    readonly after: pulumi.Input<pulumi.Resource>[];
    /** The schema resource's instance: replacing it pauses the job, and the start runs again. */
    readonly schemaInstance: pulumi.Input<string>;
}

export class ProvisioningActivation extends pulumi.ComponentResource {
    constructor(name: string, args: ProvisioningActivationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:entra:ProvisioningActivation", name, {}, opts);

        const check = args.provisionOnDemand.length === 0
            ? undefined
            : new ProvisionOnDemandCheck(
                  `${name}-on-demand`,
                  {
                      servicePrincipalId: args.servicePrincipalObjectId,
                      jobId: args.jobId,
                      ruleId: args.userRuleId,
                      subjects: args.provisionOnDemand.map(({ objectId, kind }) => ({ objectId, kind })),
                      covers: args.covers,
                  },
                  // Nothing to undo on delete: never protected, so provisionOnDemand can be emptied.
                  { parent: this, protect: false, dependsOn: args.after },
              );

        new ProvisioningStart(
            `${name}-start`,
            { servicePrincipalId: args.servicePrincipalObjectId, jobId: args.jobId, restartAfter: args.schemaInstance },
            { parent: this, dependsOn: check ? [...args.after, check] : args.after },
        );

        this.registerOutputs({});
    }
}
