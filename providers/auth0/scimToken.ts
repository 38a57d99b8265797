/**
 * `ScimToken`: an Auth0 SCIM bearer token for one connection, with an optional expiry and automatic
 * rotation (replaces auth0.ConnectionScimToken, which cannot set a lifetime). A rotation issues a new
 * token in place and keeps the old one, unrevoked, in `supersededTokenIds` for `ScimTokenCutover`
 * to revoke once Entra holds the new one. Type token:
 * `pulumi-nodejs:dynamic/auth0:ScimToken`.
 *
 * Credentials are those of the Auth0 provider: config `auth0:domain`, `auth0:clientId`,
 * `auth0:clientSecret`, or env `AUTH0_DOMAIN`, `AUTH0_CLIENT_ID`, `AUTH0_CLIENT_SECRET` (an M2M
 * application with create:scim_token, read:scim_token and delete:scim_token). They are never inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { ScimTokenProvider } from "./scimTokenProvider";

export interface ScimTokenArgs {
    /** Id of the Auth0 connection (`con_…`) with SCIM enabled. Changing it replaces the token. */
    readonly connectionId: pulumi.Input<string>;
    /**
     * What the token may do, e.g. `["get:users", "post:users", "patch:users", "delete:users"]` for Entra
     * user provisioning, plus the `:groups` ones to provision groups. Compared as a set; a change
     * rotates the token.
     */
    readonly scopes: pulumi.Input<pulumi.Input<string>[]>;
    /** Token lifetime in seconds, greater than 900. Unset: the token never expires. A change rotates it. */
    readonly lifetimeSeconds?: pulumi.Input<number>;
    /**
     * Rotate the token on the first `pulumi up` within this many days of its expiry. Default 14; must
     * be smaller than the lifetime in days. Changing it alone updates nothing in Auth0.
     */
    readonly rotateBeforeDays?: pulumi.Input<number>;
    /** Change it (e.g. 0 → 1) to rotate the token now, by the same safe sequence. Default 0. */
    readonly generation?: pulumi.Input<number>;
}

/** One provider object for every ScimToken: Pulumi serialises it once per program run. */
const provider = new ScimTokenProvider();

export class ScimToken extends pulumi.dynamic.Resource {
    // `declare`: under ES2022 class fields, a plain field would overwrite the outputs the base class set.
    declare public readonly connectionId: pulumi.Output<string>;
    declare public readonly scopes: pulumi.Output<string[]>;
    declare public readonly lifetimeSeconds: pulumi.Output<number | undefined>;
    declare public readonly rotateBeforeDays: pulumi.Output<number>;
    /** Auth0's id for the token (`tok_…`); also the resource id. */
    declare public readonly tokenId: pulumi.Output<string>;
    /** The bearer token for the SCIM client (secret). */
    declare public readonly token: pulumi.Output<string>;
    declare public readonly createdAt: pulumi.Output<string>;
    /** When the token expires; undefined when it never does. */
    declare public readonly validUntil: pulumi.Output<string | undefined>;
    /** Earlier tokens Entra may still hold, until `ScimTokenCutover` revokes them. */
    declare public readonly supersededTokenIds: pulumi.Output<string[]>;

    constructor(name: string, args: ScimTokenArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            { ...args, providerVersion: PROVIDER_VERSION, tokenId: undefined, token: undefined, createdAt: undefined, validUntil: undefined, supersededTokenIds: undefined },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token"] }),
            "auth0",
            "ScimToken",
        );
    }
}
