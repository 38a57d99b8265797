/**
 * The stack config every program-cost run uses: a realistic customer (like Pulumi.dev.yaml: token with
 * a lifetime, groups provisioned, one extra Auth0 mapping, one on-demand test principal) with N assigned
 * principals, half users and half groups. Both the full and the raw program take their values from here,
 * so they register the same resources with the same inputs.
 */
import { DEFAULT_WAAD_SCIM_MAPPING } from "../components/auth0/scimMapping";
import type { AssignedPrincipal, ScimMapping } from "../components/config";
import { SEED_MAPPING_EDITS } from "../providers/entra/defaults";
import type { MappingEdit } from "../providers/entra/mappingEdits";

export const CUSTOMER = "contoso";
/** The top component's logical name (components/tenant.ts TENANT_NAME): every resource's name starts with it. */
export const TENANT = "tenant";
/** loadTenantConfig's default connection name, `<stack>-entra`; the mocks' stack is `acme`. */
export const CONNECTION_NAME = "acme-entra";
export const AUTH0_DOMAIN = "acme.us.auth0.com";
export const ENTRA_DOMAIN = "contoso.onmicrosoft.com";
export const ENABLED_CLIENTS = ["kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL"];
export const LIFETIME_DAYS = 365;
export const ROTATE_BEFORE_DAYS = 14;
export const ADDITIONAL_MAPPINGS: ScimMapping[] = [
    { auth0: "app_metadata.cost_center", scim: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.costCenter" },
];

/** Every principal's GUID starts so; the last group numbers it. */
export const PRINCIPAL_PREFIX = "6f1c2e4a-0b7d-4c1e-9a55-";

/** A deterministic, valid, distinct GUID for principal `i`. */
export function guid(i: number): string {
    return `${PRINCIPAL_PREFIX}${i.toString(16).padStart(12, "0")}`;
}

/** N principals, users first then groups, as loadTenantConfig orders them. */
export function principals(n: number): AssignedPrincipal[] {
    const users = Math.ceil(n / 2);
    return Array.from({ length: n }, (_, i) => ({ objectId: guid(i), kind: i < users ? "User" : "Group" }));
}

/** The stack config as `pulumi config set` leaves it (for configWith). */
export function stackConfig(n: number): Record<string, unknown> {
    const all = principals(n);
    return {
        "auth0:domain": AUTH0_DOMAIN,
        customerName: CUSTOMER,
        entraTenantDomain: ENTRA_DOMAIN,
        enabledClients: ENABLED_CLIENTS,
        assignedUsers: all.filter((p) => p.kind === "User").map((p) => p.objectId),
        assignedGroups: all.filter((p) => p.kind === "Group").map((p) => p.objectId),
        provisionGroups: "true",
        syncUserProfileAtLogin: "false",
        scimTokenLifetimeDays: String(LIFETIME_DAYS),
        scimTokenRotateBeforeDays: String(ROTATE_BEFORE_DAYS),
        additionalMappings: ADDITIONAL_MAPPINGS,
        provisionOnDemand: [all[0].objectId],
    };
}

/** What the raw program is handed: the same values, already resolved (no config, no validation). */
export interface RawInputs {
    readonly principals: AssignedPrincipal[];
    readonly onDemand: AssignedPrincipal[];
    readonly scimMappings: ScimMapping[];
    readonly mappingEdits: MappingEdit[];
}

export function rawInputs(n: number): RawInputs {
    const all = principals(n);
    return {
        principals: all,
        onDemand: [all[0]],
        // ADDITIONAL_MAPPINGS' SCIM attribute (costCenter) is already in the default: replaced in place.
        scimMappings: DEFAULT_WAAD_SCIM_MAPPING.map((m) =>
            m.scim.toLowerCase() === ADDITIONAL_MAPPINGS[0].scim.toLowerCase() ? ADDITIONAL_MAPPINGS[0] : m,
        ),
        mappingEdits: [...SEED_MAPPING_EDITS],
    };
}
