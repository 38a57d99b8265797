/**
 * `ScimTokenCutover`: after Entra's Secret Token is written, Entra confirms the token
 * (`validateCredentials`) and only then are the tokens it replaced revoked in Auth0. See
 * `scimTokenCutoverProvider.ts` for why every step of a rotation can fail and be rerun safely.
 * Type token: `pulumi-nodejs:dynamic/rotation:ScimTokenCutover`.
 *
 * Credentials: Graph as the azuread provider (`azuread:*` / `ARM_*`), Auth0 as the ScimToken (`auth0:*` /
 * `AUTH0_*`), read in the provider process only.
 */
import * as pulumi from "@pulumi/pulumi";
import { ScimTokenCutoverProvider } from "./scimTokenCutoverProvider";

export interface ScimTokenCutoverArgs {
    readonly connectionId: pulumi.Input<string>;
    /** `ScimToken.tokenId`: the token Entra's Secret Token now holds. */
    readonly tokenId: pulumi.Input<string>;
    readonly tokenValidUntil: pulumi.Input<string | undefined>;
    /** `ScimToken.supersededTokenIds`. */
    readonly supersededTokenIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The provisioning app's service principal object id (bare GUID). */
    readonly servicePrincipalId: pulumi.Input<string>;
    readonly jobId: pulumi.Input<string>;
}

const provider = new ScimTokenCutoverProvider();

export class ScimTokenCutover extends pulumi.dynamic.Resource {
    declare readonly confirmedTokenId: pulumi.Output<string>;
    declare readonly revokedTokenIds: pulumi.Output<string[]>;

    constructor(name: string, args: ScimTokenCutoverArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            { ...args, confirmedTokenId: undefined, confirmedValidUntil: undefined, revokedTokenIds: undefined, restartedJob: undefined },
            opts,
            "rotation",
            "ScimTokenCutover",
        );
    }
}
