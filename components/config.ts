/**
 * The stack configuration of one customer tenant, read and validated once, before any resource is
 * registered. Every problem is collected and reported together, each naming its config key and the
 * bad value, so a misconfigured stack fails in one run instead of one error per run.
 *
 * Keys live in the `auth0-entra-scim` namespace; Pulumi.yaml declares each with type, default and
 * description, and README.md has the same table.
 */
import * as pulumi from "@pulumi/pulumi";
import { SEED_MAPPING_EDITS } from "../providers/entra/defaults";
import { editKey, validateMappingEdits, type MappingEdit } from "../providers/entra/mappingEdits";
import { unknownKeyProblems } from "./configKeys";
import { ORGANIZATION_UNSET_VALUES, readOrganizationConfig, type OrganizationConfig } from "./organizationConfig";
import { defaultGrantAdminConsent, isMode, KEY_MODES, MODES, PRODUCED_BY, usedBy, type Mode } from "./modes";
import { looksLikeSecret, PROVIDER_CREDENTIAL_KEYS, redactMessage, showValue } from "./secretValues";
import { validateArgs as validateSelfServiceProfile, type SelfServiceProfileBranding } from "./selfServiceArgs";

export const CONFIG_NAMESPACE = "auth0-entra-scim";

/** One Auth0 SCIM mapping entry: which SCIM attribute feeds which Auth0 user attribute. */
export interface ScimMapping {
    readonly auth0: string;
    readonly scim: string;
}

/** An Entra principal assigned to both apps. */
export interface AssignedPrincipal {
    readonly objectId: string;
    readonly kind: "User" | "Group";
}

/** `OrganizationConfig`: the customer's Auth0 Organization and its group roles (organizationConfig.ts). */
export interface TenantConfig extends OrganizationConfig {
    /** Which side(s) this stack manages: `full`, `vendor` (Auth0) or `customer` (Entra). */
    readonly mode: Mode;
    /** Used in display names (Auth0 login button, Entra apps); defaults to the stack name. Renaming changes nothing else. */
    readonly customerName: string;
    /** The Auth0 tenant's canonical domain, e.g. `acme.us.auth0.com`. */
    readonly auth0Domain: string;
    /** The customer's Entra primary domain, e.g. `contoso.onmicrosoft.com`. */
    readonly entraTenantDomain: string;
    /** Name of the Auth0 Azure AD connection. */
    readonly connectionName: string;
    /** Auth0 application (client) ids enabled on the connection. */
    readonly enabledClients: readonly string[];
    readonly oidcAppDisplayName: string;
    readonly provisioningAppDisplayName: string;
    /** Users then groups, each assigned to both Entra apps. */
    readonly assignedPrincipals: readonly AssignedPrincipal[];
    readonly provisionGroups: boolean;
    readonly syncUserProfileAtLogin: boolean;
    /** Undefined when the SCIM token never expires. */
    readonly scimTokenLifetimeDays?: number;
    /** Replace the SCIM token this many days before it expires. */
    readonly scimTokenRotateBeforeDays: number;
    /** Changing it rotates the SCIM token on the next `up` (a leak, an operator's decision). */
    readonly scimTokenGeneration: number;
    readonly additionalMappings: readonly ScimMapping[];
    /** The Entra attribute-mapping edits: the seed's two, with `additionalEntraMappings` applied. */
    readonly entraMappingEdits: readonly MappingEdit[];
    /** Assigned principals to provision on demand once provisioning is set up (the seed's test). */
    readonly provisionOnDemand: readonly AssignedPrincipal[];
    /**
     * Protect the Auth0 connection and both Entra apps from deletion, and refuse config changes that
     * would replace them. False only for a deliberate teardown or replacement.
     */
    readonly protect: boolean;
    /**
     * Grant tenant-wide admin consent to the OIDC app's delegated Graph scopes. Unset: false in a full
     * stack (the vendor's identity deploys), true in a customer stack (the customer's own admin does).
     */
    readonly grantAdminConsent: boolean;
    /** Whether `grantAdminConsent` was set in config (false: the mode's default applied). */
    readonly grantAdminConsentChosen: boolean;
    /**
     * Create the app role assignments of `assignedUsers`/`assignedGroups` on both apps (tenant-wide
     * `AppRoleAssignment.ReadWrite.All`). False: the customer's admin assigns them in the portal.
     */
    readonly assignPrincipals: boolean;
    /** An Auth0 custom domain whose `/login/callback` is added to the OIDC app's redirect URIs. */
    readonly auth0CustomDomain?: string;
    /** Vendor mode: the customer's OIDC app (client id, and its secret as a Pulumi secret). */
    readonly oidcClientId?: string;
    readonly oidcClientSecret?: pulumi.Output<string>;
    /**
     * Customer mode: the vendor's Tenant URL and SCIM token (a Pulumi secret), and when the token
     * expires. Both unset only with `oidcAppOnly` (the first run, before the vendor side exists).
     */
    readonly tenantUrl?: string;
    readonly scimToken?: pulumi.Output<string>;
    readonly scimTokenValidUntil?: string;
    /** Customer mode: build only the OIDC app (the first run); never inferred from missing keys. */
    readonly oidcAppOnly: boolean;
    /** Create an Auth0 Self-Service SSO profile (waad only) in this stack. */
    readonly selfServiceProfile: boolean;
    /** An existing profile's id for `npm run ticket`; undefined when none. */
    readonly selfServiceProfileId?: string;
    readonly selfServiceBranding?: SelfServiceProfileBranding;
}

/**
 * The value each key has when unset, as Pulumi.yaml declares it (the CLI passes these defaults to the
 * program), so a key counts as set only when it differs.
 */
export const UNSET_VALUES: Record<string, string> = {
    mode: "full",
    customerName: "",
    auth0Domain: "",
    auth0CustomDomain: "",
    protect: "true",
    provisionGroups: "false",
    entraTenantDomain: "",
    connectionName: "",
    enabledClients: "[]",
    syncUserProfileAtLogin: "false",
    scimTokenLifetimeDays: "365",
    scimTokenRotateBeforeDays: "14",
    scimTokenGeneration: "0",
    additionalMappings: "[]",
    selfServiceProfile: "false",
    selfServiceProfileId: "",
    selfServiceBranding: "{}",
    oidcAppDisplayName: "",
    provisioningAppDisplayName: "",
    assignedUsers: "[]",
    assignedGroups: "[]",
    additionalEntraMappings: "[]",
    provisionOnDemand: "[]",
    grantAdminConsent: "",
    assignPrincipals: "true",
    oidcClientId: "",
    oidcClientSecret: "",
    tenantUrl: "",
    scimToken: "",
    scimTokenValidUntil: "",
    oidcAppOnly: "false",
    ...ORGANIZATION_UNSET_VALUES,
};

/**
 * Auth0's Tenant URL for Entra, parsed as a URL: https, a host that is a hostname (or the sandbox's
 * loopback host with a port), no userinfo (`https://acme.us.auth0.com@attacker.example/…` names the host
 * attacker.example), exactly `/scim/v2/connections/{id}` and the query `aadOptscim062020`, and nothing
 * the parser would normalise away (dot segments, escapes, backslashes).
 */
export function isAuth0TenantUrl(text: string): boolean {
    let url: URL;
    try {
        url = new URL(text);
    } catch {
        return false;
    }
    const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
    return (
        url.protocol === "https:" &&
        url.username === "" &&
        url.password === "" &&
        url.hash === "" &&
        (url.port === "" ? HOSTNAME.test(url.hostname) : LOOPBACK_WITH_PORT.test(host)) &&
        /^\/scim\/v2\/connections\/[A-Za-z0-9_-]+$/.test(url.pathname) &&
        url.search === "?aadOptscim062020" &&
        url.href === text
    );
}

/** The SCIM token's lifetime when `scimTokenLifetimeDays` is unset. */
export const DEFAULT_TOKEN_LIFETIME_DAYS = 365;

/** Graph allows 5 provision-on-demand requests per 10 seconds per job. */
export const MAX_PROVISION_ON_DEMAND = 5;

/**
 * The connection's name when `connectionName` is unset: from the stack name, not `customerName`, since
 * renaming the customer must not rename (and so replace) the connection. Stack names may hold `_` and
 * `.`; a connection name may not.
 */
export function defaultConnectionName(stackName: string): string {
    return `${stackName.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "")}-entra`;
}

/** Raised with every problem found, one per line. */
export class ConfigValidationError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(
            `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
                `nothing was created:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigValidationError";
    }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
/** An emulator on this machine (the sandbox): the only Auth0 "domain" that may carry a port. */
const LOOPBACK_WITH_PORT = /^(?:127\.0\.0\.1|localhost):(?:[1-9][0-9]{0,4})$/;
// Auth0: letters, digits and single hyphens, starting and ending with a letter or digit, at most 128.
const CONNECTION_NAME = /^(?=.{1,128}$)[a-zA-Z0-9](?:-?[a-zA-Z0-9])*$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** A bad value for an error message; one that looks like a credential is never shown. */
const show = showValue;

/** Auth0's connection `display_name` (Management API schema): 1 to 128 characters. */
export const AUTH0_DISPLAY_NAME_MAX = 128;
/** Entra's application `displayName` (Graph): at most 256 characters. */
export const ENTRA_DISPLAY_NAME_MAX = 256;

/** Runs one config getter; a type error becomes a problem in `problems` instead of stopping the run. */
export function problemReader(problems: string[]): <T>(get: () => T) => T | undefined {
    return (get) => {
        try {
            return get();
        } catch (error) {
            problems.push((error as Error).message);
            return undefined;
        }
    };
}

/**
 * Reads the stack config. `config` is the project namespace, `auth0Config` the Auth0 provider's
 * (for the `auth0:domain` fallback); tests pass their own.
 */
export function loadTenantConfig(
    config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE),
    auth0Config: pulumi.Config = new pulumi.Config("auth0"),
    stackName: string = pulumi.getStack(),
): TenantConfig {
    const problems: string[] = [];
    const key = (name: string) => `${config.name}:${name}`;
    const read = problemReader(problems);

    problems.push(...unknownKeyProblems(Object.keys(pulumi.runtime.allConfig()), config.name, Object.keys(UNSET_VALUES)));

    const rawMode = read(() => config.get("mode")) || "full";
    if (!isMode(rawMode)) problems.push(`${key("mode")}: ${show(rawMode)} is not one of ${MODES.join(", ")}`);
    const mode: Mode = isMode(rawMode) ? rawMode : "full";
    /** Set = present and not the declared default (compared as the CLI passes it, a string). */
    const isSet = (name: string) => {
        const raw = pulumi.runtime.getConfig(key(name));
        if (raw === undefined || raw.trim() === "") return false;
        try {
            return JSON.stringify(JSON.parse(raw)) !== JSON.stringify(JSON.parse(UNSET_VALUES[name] ?? "null"));
        } catch {
            return raw !== UNSET_VALUES[name];
        }
    };
    for (const name of Object.keys(KEY_MODES)) {
        if (isSet(name) && !usedBy(name, mode)) {
            problems.push(`${key(name)} is set, but a ${mode} stack does not use it: only a ${KEY_MODES[name].join(" or ")} stack does; remove it with \`pulumi config rm ${name}\``);
        }
    }
    const missing = (name: string, what: string) =>
        problems.push(`${key(name)} is required in a ${mode} stack: ${what}${PRODUCED_BY[name] ? `, ${PRODUCED_BY[name]}` : ""}`);

    const customerName = read(() => config.get("customerName")) || stackName;
    // The Auth0 login button's text, and part of both Entra apps' names.
    problems.push(...displayNameProblems(key("customerName"), customerName, AUTH0_DISPLAY_NAME_MAX, "Auth0's connection display name"));

    const entraTenantDomain = read(() => config.get("entraTenantDomain"))?.trim();
    if (mode === "customer") {
        // The Entra side needs no domain name of its own tenant.
    } else if (!entraTenantDomain) {
        problems.push(`${key("entraTenantDomain")} is required: the customer's Entra primary domain, e.g. contoso.onmicrosoft.com`);
    } else if (looksLikeSecret(entraTenantDomain)) {
        problems.push(secretInNameProblem(key("entraTenantDomain")));
    } else if (!HOSTNAME.test(entraTenantDomain)) {
        problems.push(`${key("entraTenantDomain")}: ${show(entraTenantDomain)} is not a domain name, e.g. contoso.onmicrosoft.com`);
    }

    // An empty project value (the Pulumi.yaml default) means "use the Auth0 provider's domain".
    const ownDomain = read(() => config.get("auth0Domain"));
    const auth0DomainKey = ownDomain ? key("auth0Domain") : "auth0:domain";
    const auth0Domain = ownDomain || read(() => auth0Config.get("domain"));
    if (!auth0Domain) {
        problems.push(`${key("auth0Domain")} (or auth0:domain) is required: the Auth0 tenant's domain, e.g. acme.us.auth0.com`);
    } else if (looksLikeSecret(auth0Domain)) {
        problems.push(secretInNameProblem(auth0DomainKey));
    } else if (!HOSTNAME.test(auth0Domain) && !LOOPBACK_WITH_PORT.test(auth0Domain)) {
        problems.push(
            `${auth0DomainKey}: ${show(auth0Domain)} is not a bare hostname; give the domain alone, ` +
                `without scheme, path, port or spaces, e.g. acme.us.auth0.com`,
        );
    }

    const ownConnectionName = read(() => config.get("connectionName"));
    const connectionName = ownConnectionName || defaultConnectionName(stackName);
    if (looksLikeSecret(connectionName)) {
        problems.push(secretInNameProblem(key("connectionName")));
    } else if (!CONNECTION_NAME.test(connectionName)) {
        problems.push(
            `${key("connectionName")}: ${show(connectionName)} is not a valid Auth0 connection name ` +
                `(letters, digits and single hyphens, at most 128 characters)` +
                (ownConnectionName ? "" : `; it was derived from the stack name, set connectionName explicitly`),
        );
    }

    const enabledClients = readStringList(config, "enabledClients", problems, read);
    for (const id of enabledClients) {
        if (!CLIENT_ID.test(id)) problems.push(`${key("enabledClients")}: ${show(id)} is not an Auth0 client id`);
    }
    reportDuplicates(enabledClients, key("enabledClients"), problems);

    const assignedPrincipals: AssignedPrincipal[] = [];
    const firstSeenIn = new Map<string, string>();
    for (const [name, kind] of [["assignedUsers", "User"], ["assignedGroups", "Group"]] as const) {
        for (const objectId of readStringList(config, name, problems, read)) {
            const normalised = objectId.toLowerCase();
            if (!GUID.test(objectId)) {
                problems.push(`${key(name)}: ${show(objectId)} is not an Entra object id (a GUID such as 6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11)`);
            } else if (firstSeenIn.has(normalised)) {
                problems.push(`${key(name)}: ${show(objectId)} is listed more than once (also in ${firstSeenIn.get(normalised)})`);
            } else {
                firstSeenIn.set(normalised, key(name));
                assignedPrincipals.push({ objectId: normalised, kind });
            }
        }
    }

    const provisionGroups = read(() => config.getBoolean("provisionGroups")) ?? false;
    const syncUserProfileAtLogin = read(() => config.getBoolean("syncUserProfileAtLogin")) ?? false;

    // Whole numbers in decimal, as Pulumi.yaml's `integer` declares them: the SDK's getNumber would take
    // "12abc" as 12, "0x10" as 0 (a token that never expires) and "Infinity".
    const wholeNumber = (name: string, raw: string | undefined, what: string): number | undefined => {
        if (raw === undefined || raw === "") return undefined;
        if (/^(?:0|[1-9][0-9]{0,8})$/.test(raw)) return Number(raw);
        problems.push(`${key(name)}: ${show(raw)} is not ${what}`);
        return NaN;
    };
    const lifetime = wholeNumber("scimTokenLifetimeDays", read(() => config.get("scimTokenLifetimeDays")), "a whole number of days (0: the token never expires)");
    // A finite lifetime by default (a leaked token stops working); 0 is the explicit "never expires".
    const scimTokenLifetimeDays = lifetime === undefined ? DEFAULT_TOKEN_LIFETIME_DAYS : lifetime === 0 ? undefined : lifetime;

    const rotateBeforeDays = wholeNumber("scimTokenRotateBeforeDays", read(() => config.get("scimTokenRotateBeforeDays")), "a whole number of days (0 or more)") ?? 14;
    if (Number.isNaN(rotateBeforeDays) || Number.isNaN(lifetime)) {
        // Reported above.
    } else if (scimTokenLifetimeDays !== undefined && scimTokenLifetimeDays > 0 && rotateBeforeDays >= scimTokenLifetimeDays) {
        problems.push(
            `${key("scimTokenRotateBeforeDays")}: ${rotateBeforeDays} must be smaller than scimTokenLifetimeDays ` +
                `(${scimTokenLifetimeDays}), or every run would replace the token`,
        );
    }

    const scimTokenGeneration =
        wholeNumber("scimTokenGeneration", read(() => config.get("scimTokenGeneration")), "a whole number (0 or more); raise it by one to rotate the token") ?? 0;

    const additionalMappings = readMappings(config, problems, read);
    const entraMappingEdits = readEntraMappingEdits(config, problems, read);

    const assignPrincipals = read(() => config.getBoolean("assignPrincipals")) ?? true;
    const provisionOnDemand: AssignedPrincipal[] = [];
    for (const objectId of readStringList(config, "provisionOnDemand", problems, read)) {
        const principal = assignedPrincipals.find((p) => p.objectId === objectId.toLowerCase());
        if (!principal) {
            problems.push(`${key("provisionOnDemand")}: ${show(objectId)} is not in assignedUsers or assignedGroups (only assigned principals can be provisioned)`);
        } else if (principal.kind === "Group" && !provisionGroups) {
            problems.push(
                `${key("provisionOnDemand")}: ${show(objectId)} is a group, but ${key("provisionGroups")} is false: ` +
                    "groups are not provisioned, so on demand would skip it; remove it or set provisionGroups to true",
            );
        } else {
            provisionOnDemand.push(principal);
        }
    }
    if (provisionOnDemand.length > 0 && !assignPrincipals) {
        problems.push(
            `${key("provisionOnDemand")}: assignPrincipals is false, so nobody is assigned when the check runs and it would fail; ` +
                "remove provisionOnDemand (the customer's admin assigns in the portal, and the job's cycles provision them)",
        );
    }
    if (provisionOnDemand.length > MAX_PROVISION_ON_DEMAND) {
        problems.push(`${key("provisionOnDemand")}: ${provisionOnDemand.length} principals; Graph allows at most ${MAX_PROVISION_ON_DEMAND} on-demand runs per 10 seconds`);
    }
    const organizationConfig = readOrganizationConfig({
        config, stackName, read, problems, provisionGroups,
        auth0Side: mode !== "customer",
        // A vendor stack does not know the customer's assignments.
        ...(mode === "full" ? { assignedGroupIds: assignedPrincipals.filter((p) => p.kind === "Group").map((p) => p.objectId) } : {}),
        ...(mode === "full" ? { assignedUserIds: assignedPrincipals.filter((p) => p.kind === "User").map((p) => p.objectId) } : {}),
    });

    const oidcAppDisplayName = read(() => config.get("oidcAppDisplayName")) || `Auth0 sign-in (${customerName})`;
    const provisioningAppDisplayName =
        read(() => config.get("provisioningAppDisplayName")) || `Auth0 SCIM provisioning (${customerName})`;
    if (mode !== "vendor") {
        for (const [name, value] of [["oidcAppDisplayName", oidcAppDisplayName], ["provisioningAppDisplayName", provisioningAppDisplayName]] as const) {
            if (pulumi.runtime.getConfig(key(name))) problems.push(...displayNameProblems(key(name), value, ENTRA_DISPLAY_NAME_MAX, "Entra's application display name"));
        }
    }

    const protect = read(() => config.getBoolean("protect")) ?? true;
    // A string key, so that unset can mean "the mode's default" (Pulumi.yaml cannot leave a boolean unset).
    const consentValue = read(() => config.get("grantAdminConsent")) ?? "";
    if (consentValue !== "" && consentValue !== "true" && consentValue !== "false") {
        problems.push(`${key("grantAdminConsent")}: ${show(consentValue)} is not true or false (unset: ${defaultGrantAdminConsent(mode)} in a ${mode} stack)`);
    }
    const grantAdminConsent = consentValue === "" ? defaultGrantAdminConsent(mode) : consentValue === "true";
    const auth0CustomDomain = read(() => config.get("auth0CustomDomain"))?.trim() || undefined;
    if (auth0CustomDomain !== undefined && looksLikeSecret(auth0CustomDomain)) {
        problems.push(secretInNameProblem(key("auth0CustomDomain")));
    } else if (auth0CustomDomain !== undefined && !HOSTNAME.test(auth0CustomDomain)) {
        problems.push(`${key("auth0CustomDomain")}: ${show(auth0CustomDomain)} is not a bare hostname, e.g. login.acme.com`);
    }

    const readSecret = (name: string): pulumi.Output<string> | undefined => {
        if (!isSet(name)) return undefined;
        if (!isConfigSecret(key(name))) {
            // Never echo the value: it is a credential set in clear.
            problems.push(`${key(name)} is a credential but is stored in clear: set it again with \`pulumi config set --secret ${name}\``);
        }
        return read(() => config.getSecret(name));
    };

    // The providers' credentials: refused in clear like the program's own, whoever reads them.
    for (const full of PROVIDER_CREDENTIAL_KEYS) {
        const raw = pulumi.runtime.getConfig(full);
        if (raw !== undefined && raw !== "" && !isConfigSecret(full)) {
            problems.push(`${full} is a credential but is stored in clear: set it again with \`pulumi config set --secret ${full}\``);
        }
    }

    let oidcClientId: string | undefined;
    let oidcClientSecret: pulumi.Output<string> | undefined;
    if (mode === "vendor") {
        oidcClientId = read(() => config.get("oidcClientId"))?.trim() || undefined;
        if (!oidcClientId) missing("oidcClientId", "the Application (client) ID of the customer's OIDC app");
        else if (!GUID.test(oidcClientId)) problems.push(`${key("oidcClientId")}: ${show(oidcClientId)} is not an application (client) id (a GUID)`);
        oidcClientSecret = readSecret("oidcClientSecret");
        if (!oidcClientSecret && !problems.some((p) => p.startsWith(key("oidcClientSecret")))) missing("oidcClientSecret", "a client secret of the customer's OIDC app");
    }

    const oidcAppOnly = read(() => config.getBoolean("oidcAppOnly")) ?? false;
    let tenantUrl: string | undefined;
    let scimToken: pulumi.Output<string> | undefined;
    let scimTokenValidUntil: string | undefined;
    if (mode === "customer") {
        tenantUrl = read(() => config.get("tenantUrl"))?.trim() || undefined;
        scimToken = readSecret("scimToken");
        scimTokenValidUntil = read(() => config.get("scimTokenValidUntil"))?.trim() || undefined;
        if (tenantUrl && !isAuth0TenantUrl(tenantUrl)) {
            problems.push(
                `${key("tenantUrl")}: ${show(tenantUrl)} is not Auth0's Tenant URL for Entra, ` +
                    "https://<auth0 domain>/scim/v2/connections/<connection id>?aadOptscim062020 (the vendor's `pulumi stack output tenantUrl`)",
            );
        }
        if (tenantUrl && !isSet("scimToken")) missing("scimToken", "the SCIM token for that Tenant URL");
        if (!tenantUrl && isSet("scimToken")) missing("tenantUrl", "the Tenant URL the SCIM token belongs to");
        problems.push(...oidcAppOnlyProblems(oidcAppOnly, Boolean(tenantUrl) || isSet("scimToken"), key));
        if (scimTokenValidUntil && Number.isNaN(Date.parse(scimTokenValidUntil))) {
            problems.push(`${key("scimTokenValidUntil")}: ${show(scimTokenValidUntil)} is not a date (the vendor's \`pulumi stack output scimTokenValidUntil\`)`);
        }
    }

    const selfServiceProfile = read(() => config.getBoolean("selfServiceProfile")) ?? false;
    const selfServiceProfileId = read(() => config.get("selfServiceProfileId"))?.trim() || undefined;
    if (selfServiceProfile && selfServiceProfileId) {
        problems.push(`${key("selfServiceProfile")} and ${key("selfServiceProfileId")}: set one or the other (create a profile here, or name an existing one)`);
    }
    if (selfServiceProfileId && !/^ssp_[A-Za-z0-9]{1,60}$/.test(selfServiceProfileId)) {
        problems.push(`${key("selfServiceProfileId")}: ${show(selfServiceProfileId)} is not a self-service profile id (ssp_...)`);
    }
    const brandingValue = read(() => config.getObject<unknown>("selfServiceBranding")) ?? {};
    let selfServiceBranding: SelfServiceProfileBranding | undefined;
    if (typeof brandingValue !== "object" || brandingValue === null || Array.isArray(brandingValue)) {
        problems.push(`${key("selfServiceBranding")}: ${show(brandingValue)} is not an object {logoUrl, primaryColor}`);
    } else if (Object.keys(brandingValue).some((k) => !["logoUrl", "primaryColor"].includes(k))) {
        const unknown = Object.keys(brandingValue).filter((k) => !["logoUrl", "primaryColor"].includes(k));
        problems.push(`${key("selfServiceBranding")}: ${unknown.map((k) => show(k)).join(", ")} ${unknown.length === 1 ? "is not a field" : "are not fields"} of {logoUrl, primaryColor}`);
    } else if (Object.keys(brandingValue).length > 0) {
        selfServiceBranding = brandingValue as SelfServiceProfileBranding;
        problems.push(...validateSelfServiceProfile({ branding: selfServiceBranding }).map((p) => `${key("selfServiceBranding")}: ${p}`));
    }

    if (problems.length > 0) {
        // By value as well: no message, ours or the SDK's, may carry a credential given in any key.
        const credentials = [...PROVIDER_CREDENTIAL_KEYS, key("oidcClientSecret"), key("scimToken")]
            .map((full) => pulumi.runtime.getConfig(full))
            .filter((v): v is string => typeof v === "string" && v !== "");
        throw new ConfigValidationError(problems.map((p) => redactMessage(p, credentials)));
    }
    return {
        mode,
        customerName,
        auth0Domain: auth0Domain!,
        entraTenantDomain: entraTenantDomain ?? "",
        connectionName,
        enabledClients,
        oidcAppDisplayName,
        provisioningAppDisplayName,
        assignedPrincipals,
        provisionGroups,
        syncUserProfileAtLogin,
        scimTokenLifetimeDays,
        scimTokenRotateBeforeDays: rotateBeforeDays,
        scimTokenGeneration,
        additionalMappings,
        entraMappingEdits,
        provisionOnDemand,
        protect,
        grantAdminConsent,
        grantAdminConsentChosen: consentValue !== "",
        assignPrincipals,
        ...(auth0CustomDomain ? { auth0CustomDomain } : {}),
        ...(oidcClientId ? { oidcClientId } : {}),
        ...(oidcClientSecret ? { oidcClientSecret } : {}),
        ...(tenantUrl ? { tenantUrl } : {}),
        ...(scimToken ? { scimToken } : {}),
        ...(scimTokenValidUntil ? { scimTokenValidUntil } : {}),
        oidcAppOnly: mode === "customer" && oidcAppOnly,
        selfServiceProfile,
        ...(selfServiceProfileId ? { selfServiceProfileId } : {}),
        ...(selfServiceBranding ? { selfServiceBranding } : {}),
        ...organizationConfig,
    };
}

type Reader = <T>(get: () => T) => T | undefined;

/** A name shown to people must be a name: no credential pasted by mistake, within the vendor's limit. */
function secretInNameProblem(fullKey: string): string {
    return (
        `${fullKey}: the value looks like a credential (a token, key or secret), not what this key takes, so it is not shown. ` +
        "A credential belongs in its own key, set with `pulumi config set --secret`; treat this one as exposed and replace it"
    );
}

/** Problems of a display name: a secret-looking value, the vendor's length limit, control characters. */
function displayNameProblems(fullKey: string, value: string, max: number, what: string): string[] {
    if (looksLikeSecret(value)) return [secretInNameProblem(fullKey)];
    const problems: string[] = [];
    const length = [...value].length;
    if (value.trim() === "") problems.push(`${fullKey}: ${show(value)} is blank`);
    if (length > max) problems.push(`${fullKey}: ${length} characters, more than ${what} allows (${max})`);
    // Line breaks, tabs and other control characters: not part of a name, and they break display.
    if (/\p{Cc}/u.test(value)) problems.push(`${fullKey}: ${show(value)} contains a control character (a line break, tab or similar)`);
    return problems;
}

/**
 * Whether the CLI passed a key as a secret (`pulumi config set --secret`). The SDK has this but does
 * not export it in its typings, hence the untyped require.
 */
function isConfigSecret(fullKey: string): boolean {
    const runtimeConfig: { isConfigSecret(key: string): boolean } = require("@pulumi/pulumi/runtime/config");
    return runtimeConfig.isConfigSecret(fullKey);
}

function readStringList(config: pulumi.Config, name: string, problems: string[], read: Reader): string[] {
    const value = read(() => config.getObject<unknown>(name));
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
        problems.push(`${config.name}:${name}: ${show(value)} is not a list`);
        return [];
    }
    const strings: string[] = [];
    for (const item of value) {
        if (typeof item === "string" && item.trim() !== "") strings.push(item.trim());
        else problems.push(`${config.name}:${name}: ${show(item)} is not a non-empty string`);
    }
    return strings;
}

function readMappings(config: pulumi.Config, problems: string[], read: Reader): ScimMapping[] {
    const name = `${config.name}:additionalMappings`;
    const value = read(() => config.getObject<unknown>("additionalMappings"));
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
        problems.push(`${name}: ${show(value)} is not a list of {auth0, scim} pairs`);
        return [];
    }
    const mappings: ScimMapping[] = [];
    value.forEach((entry: any, index) => {
        const missing = ["auth0", "scim"].filter((side) => typeof entry?.[side] !== "string" || entry[side].trim() === "");
        if (missing.length > 0) {
            problems.push(`${name}[${index}]: ${show(entry)} is missing ${missing.map((m) => `"${m}"`).join(" and ")}`);
        } else if (looksLikeSecret(`${entry.auth0} ${entry.scim}`)) {
            problems.push(secretInNameProblem(`${name}[${index}]`));
        } else {
            mappings.push({ auth0: entry.auth0.trim(), scim: entry.scim.trim() });
        }
    });
    reportDuplicates(mappings.map((m) => m.scim), `${name} (scim attribute)`, problems);
    return mappings;
}

/**
 * The seed's Entra mapping edits with the stack's own applied: an edit of the same object and target
 * attribute replaces the seed's, others are added. Problems name the config key.
 */
function readEntraMappingEdits(config: pulumi.Config, problems: string[], read: Reader): MappingEdit[] {
    const name = `${config.name}:additionalEntraMappings`;
    const extra = read(() => config.getObject<unknown>("additionalEntraMappings")) ?? [];
    const own = validateMappingEdits(extra);
    if (own.length > 0) {
        problems.push(...own.map((p) => `${name}${p.replace(/^mappingEdits/, "")}`));
        return [];
    }
    const edits = extra as MappingEdit[];
    const replaced = new Set(edits.map(editKey));
    const merged = [...SEED_MAPPING_EDITS.filter((e) => !replaced.has(editKey(e))), ...edits];
    problems.push(...validateMappingEdits(merged).map((p) => `${name}: with the seed's edits, ${p.replace(/^mappingEdits\[\d+\] /, "an edit ")}`));
    return merged;
}

function reportDuplicates(values: readonly string[], where: string, problems: string[]): void {
    const seen = new Set<string>();
    for (const value of values) {
        const normalised = value.toLowerCase();
        if (seen.has(normalised)) problems.push(`${where}: ${show(value)} is listed more than once`);
        seen.add(normalised);
    }
}

/**
 * Customer mode: provisioning needs the vendor's `tenantUrl` and `scimToken`. Their absence alone never
 * means "only the OIDC app": unsetting them on a stack that provisions would delete the enterprise app,
 * its job, credentials, assignments and schema. The first run says so explicitly, with `oidcAppOnly`.
 */
function oidcAppOnlyProblems(oidcAppOnly: boolean, credentialsSet: boolean, key: (name: string) => string): string[] {
    if (oidcAppOnly && credentialsSet) {
        return [
            `${key("oidcAppOnly")} is true, but ${key("tenantUrl")} or ${key("scimToken")} is set: provisioning needs oidcAppOnly off. ` +
                "Remove it with `pulumi config rm oidcAppOnly`.",
        ];
    }
    if (!oidcAppOnly && !credentialsSet) {
        return [
            `${key("tenantUrl")} and ${key("scimToken")} are both unset in a customer stack. Without them the provisioning side ` +
                "(the enterprise app, its job, credentials, assignments and mappings) is not declared, and on a stack that has it, " +
                "pulumi up would delete it. Set them (from the vendor's `pulumi stack output tenantUrl` and `scimToken`), or, " +
                "for the first run that builds only the OIDC app, `pulumi config set oidcAppOnly true`.",
        ];
    }
    return [];
}
