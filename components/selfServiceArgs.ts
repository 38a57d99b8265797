/**
 * The arguments of an Auth0 Self-Service SSO profile, their defaults and their check. A leaf (no
 * resource, no I/O): `config.ts` checks `selfServiceBranding` with it before anything is registered,
 * and `auth0/selfServiceProfile.ts` checks its arguments with it, so the two cannot disagree.
 */

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

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

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
