/**
 * `ScimTokenRevocation`: revokes the SCIM tokens a rotation superseded, once Entra holds the new one
 * (confirmed by Entra in a full stack, by the token's first use in a vendor stack). Type token:
 * `pulumi-nodejs:dynamic/auth0:ScimTokenRevocation`. Credentials as `ScimToken`'s.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { ScimTokenRevocationProvider, type Confirmation } from "./scimTokenRevocationProvider";

export interface ScimTokenRevocationArgs {
    readonly connectionId: pulumi.Input<string>;
    /** `ScimToken.tokenId`. */
    readonly tokenId: pulumi.Input<string>;
    /** `ScimToken.supersededTokenIds`. */
    readonly supersededTokenIds: pulumi.Input<pulumi.Input<string>[]>;
    /** `entra`: declared after a `ScimTokenConfirmation`; `usage`: wait for the token's first use. */
    readonly confirmation: Confirmation;
    /**
     * `tokenFingerprint(ScimToken.token)`, unsecret, and (with `entra`) the `ScimTokenConfirmation`'s
     * `confirmedFingerprint`: the revocation refuses unless they match, so a `pulumi up --target`
     * of the revocation cannot revoke the token Entra still holds.
     */
    readonly tokenFingerprint?: pulumi.Input<string>;
    readonly confirmedFingerprint?: pulumi.Input<string>;
}

const provider = new ScimTokenRevocationProvider();

export class ScimTokenRevocation extends pulumi.dynamic.Resource {
    declare readonly revokedTokenIds: pulumi.Output<string[]>;
    declare readonly waitingForUse: pulumi.Output<boolean>;

    constructor(name: string, args: ScimTokenRevocationArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args, providerVersion: PROVIDER_VERSION, revokedTokenIds: undefined, waitingForUse: undefined }, opts, "auth0", "ScimTokenRevocation");
    }
}
