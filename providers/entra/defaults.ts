/**
 * Data, not code: the seed's attribute-mapping edits, and the `scim` template's documented values for
 * the fields those edits (and the groups toggle) overwrite.
 */
import type { AttributeMapping } from "@microsoft/microsoft-graph-types";
import type { MappingEdit } from "./mappingEdits";

/**
 * Steps 10–13 of Auth0's "Inbound SCIM for Azure AD Connections": externalId fed from objectId (the
 * `oid` Auth0 keys users on), and the work email as the second matching attribute after userName.
 */
export const SEED_MAPPING_EDITS: ReadonlyArray<MappingEdit> = [
    {
        object: "User",
        targetAttributeName: "externalId",
        source: { expression: "[objectId]", name: "objectId", type: "Attribute" },
    },
    { object: "User", targetAttributeName: 'emails[type eq "work"].value', matchingPriority: 2 },
];

/** A mapping as Graph fills it when only target and source are chosen. */
export function blankMapping(targetAttributeName: string): AttributeMapping {
    return {
        defaultValue: null,
        exportMissingReferences: false,
        flowBehavior: "FlowWhenChanged",
        flowType: "Always",
        matchingPriority: 0,
        source: null,
        targetAttributeName,
    };
}

function fromAttribute(targetAttributeName: string, attribute: string): AttributeMapping {
    return {
        ...blankMapping(targetAttributeName),
        source: { expression: `[${attribute}]`, name: attribute, parameters: [], type: "Attribute" },
    };
}

/** The template's mappings, keyed `object/targetAttributeName`: used on restore when state recorded no original. */
export const TEMPLATE_MAPPINGS: Readonly<Record<string, AttributeMapping>> = {
    "User/externalId": fromAttribute("externalId", "mailNickname"),
    'User/emails[type eq "work"].value': fromAttribute('emails[type eq "work"].value', "mail"),
    "User/userName": { ...fromAttribute("userName", "userPrincipalName"), matchingPriority: 1 },
    "Group/externalId": fromAttribute("externalId", "objectId"),
    "Group/displayName": { ...fromAttribute("displayName", "displayName"), matchingPriority: 1 },
};

/** "Provision Microsoft Entra ID Groups" is enabled in a fresh `scim` job. */
export const TEMPLATE_GROUPS_ENABLED = true;
