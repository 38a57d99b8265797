/**
 * Seed "Configure SCIM settings in Auth0", steps 4–6, and "Retrieve SCIM endpoint URL and token":
 * SCIM switched on for the connection (the SCIM configuration exists), the SCIM user id taken from
 * `externalId`, the attribute mapping, and a token scoped for what Entra will do.
 */
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import { ScimToken } from "../../providers/auth0/scimToken";
import type { ScimMapping } from "../config";

export interface ScimEndpointArgs {
    /** The Auth0 tenant's canonical domain; the SCIM endpoint lives under it. */
    readonly auth0Domain: string;
    readonly connectionId: pulumi.Input<string>;
    /** The full mapping to send (Auth0 replaces the mapping as a whole). */
    readonly mappings: readonly ScimMapping[];
    /** Adds the four `:groups` scopes to the token. */
    readonly provisionGroups: boolean;
    /** Seed: "set an expiration date for the token if you wish". Unset: it never expires. */
    readonly tokenLifetimeDays?: number;
    /** Rotate the token on the first `pulumi up` this many days before it expires. */
    readonly rotateBeforeDays: number;
    /** A change rotates the token now. */
    readonly tokenGeneration: number;
}

/** Seed: "The default scopes required by Azure AD … optionally … to provision groups." */
export function scimTokenScopes(provisionGroups: boolean): string[] {
    const verbs = ["get", "post", "patch", "delete"];
    return [
        ...verbs.map((verb) => `${verb}:users`),
        ...(provisionGroups ? verbs.map((verb) => `${verb}:groups`) : []),
    ];
}

/** No API returns it; Auth0 documents the shape. */
export function scimEndpointUrl(auth0Domain: string, connectionId: string): string {
    return `https://${auth0Domain}/scim/v2/connections/${connectionId}`;
}

export class ScimEndpoint extends pulumi.ComponentResource {
    /** `https://{auth0Domain}/scim/v2/connections/{connectionId}`, the dashboard's "SCIM Endpoint URL". */
    public readonly endpointUrl: pulumi.Output<string>;
    /** The SCIM bearer token: a Pulumi secret. */
    public readonly token: pulumi.Output<string>;
    public readonly tokenId: pulumi.Output<string>;
    /** When the token expires; undefined when it never does. */
    public readonly tokenValidUntil: pulumi.Output<string | undefined>;
    /** Earlier tokens Entra may still hold, revoked by the cutover once Entra holds the current one. */
    public readonly supersededTokenIds: pulumi.Output<string[]>;

    constructor(name: string, args: ScimEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:auth0:ScimEndpoint", name, {}, opts);

        const configuration = new auth0.ConnectionScimConfiguration(
            `${name}-configuration`,
            {
                connectionId: args.connectionId,
                userIdAttribute: "externalId",
                mappings: args.mappings.map((m) => ({ auth0: m.auth0, scim: m.scim })),
            },
            { parent: this },
        );

        // A rotation issues the new token and keeps the old one alive; the Entra side revokes it only
        // after Entra has confirmed the new one (ScimTokenCutover).
        const token = new ScimToken(
            `${name}-token`,
            {
                connectionId: configuration.connectionId,
                scopes: scimTokenScopes(args.provisionGroups),
                lifetimeSeconds: args.tokenLifetimeDays === undefined ? undefined : Math.round(args.tokenLifetimeDays * 86_400),
                rotateBeforeDays: args.rotateBeforeDays,
                generation: args.tokenGeneration,
            },
            // A token only exists for a connection with SCIM on.
            { parent: this, dependsOn: [configuration] },
        );

        this.endpointUrl = pulumi
            .output(args.connectionId)
            .apply((connectionId) => scimEndpointUrl(args.auth0Domain, connectionId));
        this.token = pulumi.secret(token.token);
        this.tokenId = token.tokenId;
        this.tokenValidUntil = token.validUntil;
        this.supersededTokenIds = token.supersededTokenIds;
        this.registerOutputs({
            endpointUrl: this.endpointUrl,
            token: this.token,
            tokenId: this.tokenId,
            tokenValidUntil: this.tokenValidUntil,
            supersededTokenIds: this.supersededTokenIds,
        });
    }
}
