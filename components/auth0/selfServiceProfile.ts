/**
 * Auth0 Self-Service SSO: the profile that an SSO ticket (`npm run ticket`) points at. It limits the
 * guided flow to Microsoft Entra ID (`waad`), says which user attributes the customer's administrator is
 * asked to map, and optionally brands the assistant.
 *
 * A profile is a tenant-wide object, not a per-customer one: one stack can create it and the others
 * name it (config `selfServiceProfileId`), or each stack creates its own.
 */
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFAULT_PROFILE_DESCRIPTION,
    DEFAULT_PROFILE_NAME,
    DEFAULT_USER_ATTRIBUTES,
    validateArgs,
    type SelfServiceProfileArgs,
} from "../selfServiceArgs";

// The arguments and their check live in a leaf module that config.ts shares.
export * from "../selfServiceArgs";

/** The guided flow may only set up an Azure AD / Entra ID connection: the one this package manages. */
export const ALLOWED_STRATEGIES = ["waad"] as const;

export class SelfServiceProfile extends pulumi.ComponentResource {
    /** The profile id (`ssp_…`), for `npm run ticket` (stack output `selfServiceProfileId`). */
    public readonly profileId: pulumi.Output<string>;

    constructor(name: string, args: SelfServiceProfileArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered, the component included.
        const problems = validateArgs(args);
        if (problems.length > 0) throw new Error(`SelfServiceProfile ${name}: ${problems.join("; ")}`);
        super("auth0-entra-scim:auth0:SelfServiceProfile", name, {}, opts);

        const branding = args.branding && (args.branding.logoUrl || args.branding.primaryColor)
            ? {
                  ...(args.branding.logoUrl ? { logoUrl: args.branding.logoUrl } : {}),
                  ...(args.branding.primaryColor ? { colors: { primary: args.branding.primaryColor } } : {}),
              }
            : undefined;

        const profile = new auth0.SelfServiceProfile(
            `${name}-profile`,
            {
                name: args.profileName ?? DEFAULT_PROFILE_NAME,
                description: args.description ?? DEFAULT_PROFILE_DESCRIPTION,
                allowedStrategies: [...ALLOWED_STRATEGIES],
                userAttributes: (args.userAttributes ?? DEFAULT_USER_ATTRIBUTES).map((a) => ({
                    name: a.name,
                    description: a.description,
                    isOptional: a.isOptional,
                })),
                ...(branding ? { branding } : {}),
            },
            { parent: this },
        );

        this.profileId = profile.id;
        this.registerOutputs({ profileId: this.profileId });
    }
}
