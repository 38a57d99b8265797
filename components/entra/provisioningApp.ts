/**
 * Seed "Configure SCIM in Azure AD for OIDC Apps", steps 3 and 5–13: the non-gallery enterprise app,
 * automatic provisioning pointed at Auth0's SCIM endpoint with the token, only assigned users and
 * groups in scope, and the attribute mappings and groups toggle. The job is created stopped; it is
 * started last, by `ProvisioningActivation`, once the assignments and the on-demand check are done.
 * A token rotation ends here too: Entra confirms the new token before the old one is revoked.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { MappingEdit } from "../../providers/entra/mappingEdits";
import { ProvisioningSchema } from "../../providers/entra/provisioningSchema";
import { ScimTokenConfirmation } from "../../providers/entra/scimTokenConfirmation";
import { tokenFingerprint } from "../../providers/tokenFingerprint";

/** "Create your own application" (non-gallery) in the Entra app gallery. */
export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";
/** The provisioning job template of a non-gallery SCIM app. */
export const SCIM_JOB_TEMPLATE_ID = "scim";

/**
 * Seed step 6: Entra's Tenant URL is Auth0's SCIM endpoint with the flag that opts the job into
 * Microsoft's SCIM-compliance fixes.
 */
export function entraTenantUrl(scimEndpointUrl: string): string {
    return `${scimEndpointUrl}?aadOptscim062020`;
}

/** `/servicePrincipals/{sp}/synchronization/jobs/{jobId}` (the azuread resource id) to the Graph job id. */
export function graphJobId(synchronizationJobResourceId: string): string {
    const match = /^\/servicePrincipals\/[^/]+\/synchronization\/jobs\/([^/]+)$/.exec(synchronizationJobResourceId);
    if (!match) throw new Error(`Unexpected synchronization job id ${JSON.stringify(synchronizationJobResourceId)}`);
    return match[1];
}

export interface ProvisioningAppArgs {
    readonly displayName: string;
    /** Step 6: the Tenant URL, Auth0's SCIM endpoint with `?aadOptscim062020` (`entraTenantUrl`). */
    readonly tenantUrl: pulumi.Input<string>;
    /** Step 7: the Auth0 SCIM token (kept a Pulumi secret) and, if known, when it expires. */
    readonly scimToken: pulumi.Input<string>;
    readonly scimTokenValidUntil?: pulumi.Input<string | undefined>;
    /** Steps 8–9: "Provision Microsoft Entra ID Groups" enabled or disabled. */
    readonly provisionGroups: boolean;
    /** Steps 10–13: the attribute-mapping edits (the seed's two and any the stack adds). */
    readonly mappingEdits: readonly MappingEdit[];
    /** Protect the enterprise app from deletion. */
    readonly protect: boolean;
}

export class ProvisioningApp extends pulumi.ComponentResource {
    /** Object id (bare GUID) of the enterprise app's service principal. */
    public readonly servicePrincipalObjectId: pulumi.Output<string>;
    /** Resource id of the service principal, `/servicePrincipals/{guid}`. */
    public readonly servicePrincipalId: pulumi.Output<string>;
    /** The Tenant URL entered in Admin Credentials. */
    public readonly tenantUrl: pulumi.Output<string>;
    /** Resource id of the job, `/servicePrincipals/{guid}/synchronization/jobs/{jobId}`. */
    public readonly synchronizationJobId: pulumi.Output<string>;
    /** The Graph job id, e.g. `scim.<tenant>.<guid>`. */
    public readonly jobId: pulumi.Output<string>;
    /** The synchronization rule that provisions users (what provision on demand runs). */
    public readonly userRuleId: pulumi.Output<string>;
    /** The fingerprint of the token Entra has confirmed it holds. */
    public readonly confirmedTokenFingerprint: pulumi.Output<string>;
    /** Step 4 of a rotation (revoking the old token) may run only after this. */
    public readonly tokenConfirmation: pulumi.Resource;
    /** Changes when the schema resource is replaced (which pauses the job): the start runs again. */
    public readonly schemaInstance: pulumi.Output<string>;
    /** What must be in place before the job may start: credentials confirmed, mappings edited. */
    public readonly readyToStart: pulumi.Resource[];

    constructor(name: string, args: ProvisioningAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:entra:ProvisioningApp", name, {}, opts);

        const app = new azuread.ApplicationFromTemplate(
            `${name}-app`,
            { displayName: args.displayName, templateId: NON_GALLERY_TEMPLATE_ID },
            { parent: this, protect: args.protect },
        );

        this.tenantUrl = pulumi.output(args.tenantUrl);

        // Created stopped: azuread starts a job with `enabled: true` inside create, before the mappings
        // exist, and a cycle already running keeps the template's externalId ← mailNickname. The job is
        // started by ProvisioningStart; `enabled` is ignored afterwards so that a refresh reading
        // "running" never turns into a diff that stops it. The engine does not apply ignoreChanges to a
        // replacement: a new job is created from `enabled: false` too, so nothing needs to pause it.
        const job = new azuread.SynchronizationJob(
            `${name}-job`,
            { servicePrincipalId: app.servicePrincipalId, templateId: SCIM_JOB_TEMPLATE_ID, enabled: false },
            { parent: this, ignoreChanges: ["enabled"] },
        );
        this.jobId = job.id.apply(graphJobId);

        // Admin Credentials, after the job (the order of Microsoft's Graph walkthrough).
        const secret = new azuread.SynchronizationSecret(
            `${name}-credentials`,
            {
                servicePrincipalId: app.servicePrincipalId,
                credentials: [
                    { key: "BaseAddress", value: this.tenantUrl },
                    { key: "SecretToken", value: pulumi.secret(args.scimToken) },
                    // Scope: "Sync only assigned users and groups".
                    { key: "SyncAll", value: "false" },
                ],
            },
            // Its delete clears the service principal's credentials: a new one written first would be wiped.
            { parent: this, dependsOn: [job], deleteBeforeReplace: true },
        );

        // Entra confirms the token it now holds; only then may the tokens it replaced be revoked.
        const confirmation = new ScimTokenConfirmation(
            `${name}-token-confirmation`,
            {
                servicePrincipalId: app.servicePrincipalObjectId,
                jobId: this.jobId,
                // Which token, without the token: a hash is enough to see that it changed.
                tokenFingerprint: pulumi.unsecret(pulumi.output(args.scimToken).apply(tokenFingerprint)),
                tokenValidUntil: args.scimTokenValidUntil,
            },
            // Nothing to undo on delete: never protected.
            { parent: this, protect: false, dependsOn: [secret] },
        );

        const schema = new ProvisioningSchema(
            `${name}-schema`,
            {
                servicePrincipalId: app.servicePrincipalObjectId,
                jobId: this.jobId,
                provisionGroups: args.provisionGroups,
                mappingEdits: [...args.mappingEdits],
            },
            { parent: this, dependsOn: [secret, confirmation] },
        );

        this.servicePrincipalObjectId = app.servicePrincipalObjectId;
        this.servicePrincipalId = app.servicePrincipalId;
        this.synchronizationJobId = job.id;
        this.userRuleId = schema.userRuleId;
        this.confirmedTokenFingerprint = confirmation.confirmedFingerprint;
        this.tokenConfirmation = confirmation;
        this.readyToStart = [secret, confirmation, schema];
        this.schemaInstance = schema.instanceId;
        this.registerOutputs({
            servicePrincipalObjectId: this.servicePrincipalObjectId,
            servicePrincipalId: this.servicePrincipalId,
            tenantUrl: this.tenantUrl,
            synchronizationJobId: this.synchronizationJobId,
            jobId: this.jobId,
            userRuleId: this.userRuleId,
            confirmedTokenFingerprint: this.confirmedTokenFingerprint,
        });
    }
}
