/**
 * Seed "Configure SCIM in Azure AD for OIDC Apps", steps 3 and 5–13, and "Testing": the non-gallery
 * enterprise app, automatic provisioning pointed at Auth0's SCIM endpoint with the token, only
 * assigned users and groups in scope, the attribute mappings and groups toggle, Provisioning Status
 * On, and provision on demand as the smoke test.
 */
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { MappingEdit } from "../../providers/entra/mappingEdits";
import { ProvisioningSchema } from "../../providers/entra/provisioningSchema";
import type { AssignedPrincipal } from "../config";

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
    /** Auth0's SCIM endpoint URL for the connection (without the Entra flag). */
    readonly scimEndpointUrl: pulumi.Input<string>;
    /** The Auth0 SCIM token (a Pulumi secret). */
    readonly scimToken: pulumi.Input<string>;
    /** Steps 8–9: "Provision Microsoft Entra ID Groups" enabled or disabled. */
    readonly provisionGroups: boolean;
    /** Steps 10–13: the attribute-mapping edits (the seed's two and any the stack adds). */
    readonly mappingEdits: readonly MappingEdit[];
    /** Testing 1–2: assigned principals to provision on demand once everything is in place. */
    readonly provisionOnDemand: readonly AssignedPrincipal[];
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

    constructor(name: string, args: ProvisioningAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:entra:ProvisioningApp", name, {}, opts);

        const app = new azuread.ApplicationFromTemplate(
            `${name}-app`,
            { displayName: args.displayName, templateId: NON_GALLERY_TEMPLATE_ID },
            { parent: this },
        );

        this.tenantUrl = pulumi.output(args.scimEndpointUrl).apply(entraTenantUrl);

        // Admin Credentials first, so the job never starts without them.
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
            { parent: this },
        );

        const job = new azuread.SynchronizationJob(
            `${name}-job`,
            { servicePrincipalId: app.servicePrincipalId, templateId: SCIM_JOB_TEMPLATE_ID, enabled: true },
            { parent: this, dependsOn: [secret] },
        );

        this.jobId = job.id.apply(graphJobId);

        const schema = new ProvisioningSchema(
            `${name}-schema`,
            {
                servicePrincipalId: app.servicePrincipalObjectId,
                jobId: this.jobId,
                provisionGroups: args.provisionGroups,
                mappingEdits: [...args.mappingEdits],
            },
            { parent: this },
        );

        for (const principal of args.provisionOnDemand) {
            new azuread.SynchronizationJobProvisionOnDemand(
                `${name}-on-demand-${principal.objectId}`,
                {
                    servicePrincipalId: app.servicePrincipalId,
                    synchronizationJobId: job.id,
                    parameters: [
                        {
                            ruleId: schema.userRuleId,
                            subjects: [{ objectId: principal.objectId, objectTypeName: principal.kind }],
                        },
                    ],
                    // Run again whenever what we declare of the mappings changes, so the test covers what
                    // is deployed. (Not the schema version: Graph changes it on its own.)
                    triggers: {
                        mappingEdits: JSON.stringify(args.mappingEdits),
                        provisionGroups: String(args.provisionGroups),
                    },
                },
                // After the credentials and mappings it tests: through the job (which waits for the
                // credentials) and the schema's rule id.
                { parent: this },
            );
        }

        this.servicePrincipalObjectId = app.servicePrincipalObjectId;
        this.servicePrincipalId = app.servicePrincipalId;
        this.synchronizationJobId = job.id;
        this.userRuleId = schema.userRuleId;
        this.registerOutputs({
            servicePrincipalObjectId: this.servicePrincipalObjectId,
            servicePrincipalId: this.servicePrincipalId,
            tenantUrl: this.tenantUrl,
            synchronizationJobId: this.synchronizationJobId,
            jobId: this.jobId,
            userRuleId: this.userRuleId,
        });
    }
}
