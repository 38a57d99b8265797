/**
 * Auth0's SCIM attribute mapping for an Azure AD (waad) connection: the default Auth0 creates when SCIM
 * is switched on, and the merge with the stack's `additionalMappings`.
 *
 * The default is copied from Auth0's own answer to POST /scim-configuration on a waad connection
 * (recorded in terraform-provider-auth0's TestAccSCIMToken cassette). We send the full list because
 * the SCIM configuration resource replaces the mapping as a whole.
 */
import type { ScimMapping } from "../config";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

export const DEFAULT_WAAD_SCIM_MAPPING: readonly ScimMapping[] = [
    { scim: "userName", auth0: "upn" },
    { scim: 'emails[type eq "work"].value', auth0: "email" },
    { scim: "externalId", auth0: "app_metadata.external_id" },
    { scim: "active", auth0: "blocked" },
    { scim: "displayName", auth0: "name" },
    { scim: "name.givenName", auth0: "given_name" },
    { scim: "name.familyName", auth0: "family_name" },
    { scim: "nickName", auth0: "nickname" },
    { scim: 'photos[type eq "photo"].value', auth0: "picture" },
    { scim: 'phoneNumbers[type eq "work"].value', auth0: "app_metadata.work_phone_number" },
    { scim: 'phoneNumbers[type eq "mobile"].value', auth0: "app_metadata.mobile_phone_number" },
    { scim: 'phoneNumbers[type eq "fax"].value', auth0: "app_metadata.fax_number" },
    { scim: 'addresses[type eq "work"].streetAddress', auth0: "app_metadata.street_address" },
    { scim: 'addresses[type eq "work"].locality', auth0: "app_metadata.city" },
    { scim: 'addresses[type eq "work"].region', auth0: "app_metadata.state" },
    { scim: 'addresses[type eq "work"].postalCode', auth0: "app_metadata.postal_code" },
    { scim: 'addresses[type eq "work"].formatted', auth0: "app_metadata.postal_address" },
    { scim: 'addresses[type eq "work"].country', auth0: "app_metadata.country" },
    { scim: "profileUrl", auth0: "app_metadata.profile_url" },
    { scim: "userType", auth0: "app_metadata.user_type" },
    { scim: "title", auth0: "app_metadata.title" },
    { scim: "preferredLanguage", auth0: "app_metadata.language" },
    { scim: "locale", auth0: "app_metadata.locale" },
    { scim: "timezone", auth0: "app_metadata.timezone" },
    { scim: `${ENTERPRISE}.employeeNumber`, auth0: "app_metadata.employee_id" },
    { scim: `${ENTERPRISE}.costCenter`, auth0: "app_metadata.cost_center" },
    { scim: `${ENTERPRISE}.organization`, auth0: "app_metadata.organization" },
    { scim: `${ENTERPRISE}.division`, auth0: "app_metadata.division" },
    { scim: `${ENTERPRISE}.department`, auth0: "app_metadata.department" },
    { scim: `${ENTERPRISE}.manager`, auth0: "app_metadata.manager" },
];

/**
 * The default mapping with `additional` applied: an entry whose SCIM attribute is already mapped
 * replaces that entry in place (SCIM attribute names compare case-insensitively, as RFC 7643 says);
 * any other entry is appended, in the order given.
 */
export function mergeScimMappings(
    additional: readonly ScimMapping[],
    defaults: readonly ScimMapping[] = DEFAULT_WAAD_SCIM_MAPPING,
): ScimMapping[] {
    const byScim = new Map(additional.map((m) => [m.scim.toLowerCase(), m]));
    const merged = defaults.map((d) => byScim.get(d.scim.toLowerCase()) ?? d);
    const defaultNames = new Set(defaults.map((d) => d.scim.toLowerCase()));
    return [...merged, ...additional.filter((m) => !defaultNames.has(m.scim.toLowerCase()))];
}
