/**
 * `ScimTokenConfirmation`: Entra confirms the SCIM token its Secret Token now holds
 * (`validateCredentials`), and a job stuck on an expired token is restarted. The tokens it replaced may
 * be revoked only after this. Type token: `pulumi-nodejs:dynamic/entra:ScimTokenConfirmation`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { ScimTokenConfirmationProvider } from "./scimTokenConfirmationProvider";

export interface ScimTokenConfirmationArgs {
    /** The provisioning app's service principal object id (bare GUID). */
    readonly servicePrincipalId: pulumi.Input<string>;
    readonly jobId: pulumi.Input<string>;
    /** `tokenFingerprint` of the token written to Entra's Secret Token. */
    readonly tokenFingerprint: pulumi.Input<string>;
    readonly tokenValidUntil?: pulumi.Input<string | undefined>;
}

const provider = new ScimTokenConfirmationProvider();

export class ScimTokenConfirmation extends pulumi.dynamic.Resource {
    declare readonly confirmedFingerprint: pulumi.Output<string>;

    constructor(name: string, args: ScimTokenConfirmationArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            { ...args, providerVersion: PROVIDER_VERSION, confirmedFingerprint: undefined, confirmedValidUntil: undefined, restartedJob: undefined },
            opts,
            "entra",
            "ScimTokenConfirmation",
        );
    }
}
