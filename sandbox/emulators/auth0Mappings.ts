/**
 * Auth0's default SCIM attribute mappings, as the tenant returns them on POST/GET
 * `/api/v2/connections/{id}/scim-configuration` and GET `.../default-mapping`, verbatim from the
 * recordings in shared/fixtures/auth0-recordings: `waad` from TestAccSCIMToken.yaml (interaction 2),
 * `okta` (also used here for `oidc`) from TestAccSCIMConfiguration.yaml. `samlp`, `adfs` and
 * `pingfederate` have no recording; they get the OIDC one here (an assumption).
 */
export interface MappingEntry {
    scim: string;
    auth0: string;
}

const m = (pairs: Array<[string, string]>): MappingEntry[] => pairs.map(([scim, auth0]) => ({ scim, auth0 }));

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const tail: Array<[string, string]> = [
    ['addresses[type eq "work"].streetAddress', "app_metadata.street_address"],
    ['addresses[type eq "work"].locality', "app_metadata.city"],
    ['addresses[type eq "work"].region', "app_metadata.state"],
    ['addresses[type eq "work"].postalCode', "app_metadata.postal_code"],
    ['addresses[type eq "work"].formatted', "app_metadata.postal_address"],
    ['addresses[type eq "work"].country', "app_metadata.country"],
    ["profileUrl", "app_metadata.profile_url"],
    ["userType", "app_metadata.user_type"],
    ["title", "app_metadata.title"],
    ["preferredLanguage", "app_metadata.language"],
    ["locale", "app_metadata.locale"],
    ["timezone", "app_metadata.timezone"],
    [`${ENTERPRISE}.employeeNumber`, "app_metadata.employee_id"],
    [`${ENTERPRISE}.costCenter`, "app_metadata.cost_center"],
    [`${ENTERPRISE}.organization`, "app_metadata.organization"],
    [`${ENTERPRISE}.division`, "app_metadata.division"],
    [`${ENTERPRISE}.department`, "app_metadata.department"],
    [`${ENTERPRISE}.manager`, "app_metadata.manager"],
];

export const WAAD_DEFAULT_MAPPING: readonly MappingEntry[] = m([
    ["userName", "upn"],
    ['emails[type eq "work"].value', "email"],
    ["externalId", "app_metadata.external_id"],
    ["active", "blocked"],
    ["displayName", "name"],
    ["name.givenName", "given_name"],
    ["name.familyName", "family_name"],
    ["nickName", "nickname"],
    ['photos[type eq "photo"].value', "picture"],
    ['phoneNumbers[type eq "work"].value', "app_metadata.work_phone_number"],
    ['phoneNumbers[type eq "mobile"].value', "app_metadata.mobile_phone_number"],
    ['phoneNumbers[type eq "fax"].value', "app_metadata.fax_number"],
    ...tail,
]);

export const OIDC_DEFAULT_MAPPING: readonly MappingEntry[] = m([
    ["userName", "preferred_username"],
    ["emails[primary eq true].value", "email"],
    ["externalId", "app_metadata.external_id"],
    ["active", "blocked"],
    ["displayName", "name"],
    ["name.givenName", "given_name"],
    ["name.familyName", "family_name"],
    ["name.middleName", "app_metadata.middle_name"],
    ["name.honorificPrefix", "app_metadata.honorific_prefix"],
    ["name.honorificSuffix", "app_metadata.honorific_suffix"],
    ["nickName", "nickname"],
    ['photos[type eq "photo"].value', "picture"],
    ["phoneNumbers[primary eq true].value", "app_metadata.primary_phone_number"],
    ['phoneNumbers[type eq "mobile"].value', "app_metadata.mobile_phone_number"],
    ...tail,
]);

/** Strategies Auth0 accepts a SCIM configuration for (others: 404, as recorded for `auth0`). */
export const SCIM_STRATEGIES = ["waad", "okta", "oidc", "samlp", "adfs", "pingfederate"] as const;

export function defaultMapping(strategy: string): MappingEntry[] {
    return (strategy === "waad" ? WAAD_DEFAULT_MAPPING : OIDC_DEFAULT_MAPPING).map((e) => ({ ...e }));
}

/** `userName` for SAML connections, `externalId` for OIDC ones (terraform-provider-auth0's docs). */
export function defaultUserIdAttribute(strategy: string): string {
    return strategy === "samlp" ? "userName" : "externalId";
}
