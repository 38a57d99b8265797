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

/** An attribute the administrator is asked to map in the guided flow (`name` is the Auth0 side). */
export interface SelfServiceUserAttribute {
    readonly name: string;
    readonly description: string;
    /** False: the administrator must map it. */
    readonly isOptional: boolean;
}

export interface SelfServiceProfileBranding {
    /** HTTPS URL of the logo shown in the assistant. */
    readonly logoUrl?: string;
    /** Primary button colour, `#rrggbb`. */
    readonly primaryColor?: string;
}

export interface SelfServiceProfileArgs {
    /** The profile's name in Auth0. Default: "Microsoft Entra ID sign-in and provisioning". */
    readonly profileName?: string;
    /** Default: a sentence saying what the administrator sets up. */
    readonly description?: string;
    /** Default: `email` required, `given_name` and `family_name` optional. */
    readonly userAttributes?: readonly SelfServiceUserAttribute[];
    /** The assistant's look; Auth0's defaults when omitted. */
    readonly branding?: SelfServiceProfileBranding;
}

export const DEFAULT_PROFILE_NAME = "Microsoft Entra ID sign-in and provisioning";
export const DEFAULT_PROFILE_DESCRIPTION =
    "Connect your Microsoft Entra ID tenant: single sign-on through an app registration, and SCIM provisioning of assigned users and groups.";

/** What an Entra user needs to sign in and be matched: the email, plus the names when Entra has them. */
export const DEFAULT_USER_ATTRIBUTES: readonly SelfServiceUserAttribute[] = [
    { name: "email", description: "The user's email address (Entra: mail or userPrincipalName)", isOptional: false },
    { name: "given_name", description: "The user's first name (Entra: givenName)", isOptional: true },
    { name: "family_name", description: "The user's last name (Entra: surname)", isOptional: true },
];

/** The guided flow may only set up an Azure AD / Entra ID connection: the one this package manages. */
export const ALLOWED_STRATEGIES = ["waad"] as const;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

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

/** Problems with the arguments, each naming the argument; empty when they are fine. */
export function validateArgs(args: SelfServiceProfileArgs): string[] {
    const problems: string[] = [];
    if (args.profileName !== undefined && args.profileName.trim() === "") problems.push("profileName is empty");
    const attributes = args.userAttributes ?? DEFAULT_USER_ATTRIBUTES;
    const names = new Set<string>();
    for (const a of attributes) {
        if (!a.name?.trim() || !a.description?.trim()) problems.push(`userAttributes: ${JSON.stringify(a)} needs a name and a description`);
        if (names.has(a.name)) problems.push(`userAttributes: "${a.name}" is listed more than once`);
        names.add(a.name);
    }
    if (!attributes.some((a) => a.name === "email")) problems.push('userAttributes must include "email" (users are matched on it)');
    const { logoUrl, primaryColor } = args.branding ?? {};
    if (logoUrl !== undefined && !/^https:\/\/\S+$/.test(logoUrl)) problems.push(`branding.logoUrl: ${JSON.stringify(logoUrl)} is not an https URL`);
    if (primaryColor !== undefined && !HEX_COLOR.test(primaryColor)) problems.push(`branding.primaryColor: ${JSON.stringify(primaryColor)} is not a #rrggbb colour`);
    return problems;
}
