/**
 * A corpus of bad stack configs, fed through the program's own config reader (`loadTenantConfig`),
 * as issue 15's review did: wrong types, limits, URLs and hosts, secrets pasted into the wrong key,
 * credentials in clear, typos, keys of another mode, duplicates. Each input is counted as
 *   - handled: refused with a ConfigValidationError, one of whose problems names the key;
 *   - leaked: a problem shows a secret of the input (must be 0);
 *   - crashed: anything else was thrown (must be 0);
 *   - accepted: loaded although it should have been refused (must be 0).
 * The figures are printed and recorded in BENCHMARKS.md ("Bad config inputs").
 */
import * as assert from "node:assert/strict";
import { ConfigValidationError, loadTenantConfig } from "../../components/config";
import { configWith } from "../mocks";

const NS = "auth0-entra-scim";
const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const USER2 = "7a2d3f5b-1c8e-4d2f-8b66-3a4c9e0f1d22";
const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const TENANT_URL = "https://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020";
const SCIM_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJjb25uZWN0aW9uIjoiY29uX0h2ZzZ3NFBTdkFWT29DSjIifQ.aW52ZW50ZWQtc2NpbS10b2tlbi1zaWc";
const CLIENT_SECRET = "Zk3~pQ9rL2mX7vT4sW8yB1nD6fH0jG5cA_eR-uIoP";

/** Secret-looking values someone might paste into the wrong key. */
const SECRETS: Record<string, string> = {
    jwt: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJtMm0iLCJzY29wZSI6InJlYWQ6dXNlcnMifQ.Q2xpZW50U2lnbmF0dXJlVmFsdWVIZXJl",
    random: "q8Zr3LmX7pT2vK9sW4yB6nD1fH5jG0cA",
    auth0Secret: "Xy7_kP2qR9sT4uV6wZ8aB1cD3eF5gH0jK2lM4nO6pQ8rS0tU2vW4xY6zA8bC0dE2",
    entraSecret: "abc8Q~Zk3pQ9rL2mX7vT4sW8yB1nD6fH0jG5cA_e",
    hex: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    bearer: "Bearer mF_9.B5f-4.1JqM-ZxYwVu",
    pem: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
};

interface Case {
    readonly category: string;
    readonly name: string;
    readonly values: Record<string, unknown>;
    readonly secretKeys?: readonly string[];
    /** The full key the error must name. */
    readonly key: string;
    /** Must appear in no problem. */
    readonly secret?: string;
}

const FULL = { auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", assignedUsers: [USER] };
const VENDOR = { mode: "vendor", auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com", oidcClientId: USER, oidcClientSecret: CLIENT_SECRET };
const CUSTOMER = { mode: "customer", auth0Domain: "acme.us.auth0.com", tenantUrl: TENANT_URL, scimToken: SCIM_TOKEN, assignedUsers: [USER] };
const BASES = {
    full: { values: FULL, secretKeys: [] as string[] },
    vendor: { values: VENDOR, secretKeys: ["oidcClientSecret"] },
    customer: { values: CUSTOMER, secretKeys: ["scimToken"] },
};
type Base = keyof typeof BASES;

const full = (key: string) => (key.includes(":") ? key : `${NS}:${key}`);

function corpus(): Case[] {
    const cases: Case[] = [];
    const add = (category: string, base: Base, name: string, extra: Record<string, unknown>, key: string, secret?: string, secretKeys: string[] = []) =>
        cases.push({ category, name, values: { ...BASES[base].values, ...extra }, secretKeys: [...BASES[base].secretKeys, ...secretKeys], key: full(key), ...(secret ? { secret } : {}) });

    // Types: what the Pulumi CLI's schema check would catch, and what it cannot (the program runs without it in tests and plans).
    const booleans: Array<[string, Base]> = [
        ["provisionGroups", "full"], ["syncUserProfileAtLogin", "full"], ["protect", "full"], ["assignPrincipals", "full"],
        ["selfServiceProfile", "full"], ["grantAdminConsent", "full"], ["oidcAppOnly", "customer"],
    ];
    for (const [key, base] of booleans) {
        for (const bad of ["yes", "no", "1", "0", "TRUE", "False", " true", "on", "null", "[]"]) add("types", base, `${key}=${JSON.stringify(bad)}`, { [key]: bad }, key);
    }
    for (const key of ["scimTokenLifetimeDays", "scimTokenRotateBeforeDays", "scimTokenGeneration"]) {
        for (const bad of ["abc", "12abc", "0x10", "1.5", "-1", "NaN", "Infinity", "1e3", " 7", "true"]) add("types", "full", `${key}=${JSON.stringify(bad)}`, { [key]: bad }, key);
    }
    for (const key of ["enabledClients", "assignedUsers", "assignedGroups", "provisionOnDemand", "additionalMappings", "additionalEntraMappings"]) {
        for (const bad of ["x", '{"a":1}', "5", "[1]", "[null]", '[""]', `[["${USER}"]]`, "["]) add("types", "full", `${key}=${bad}`, { [key]: bad }, key);
    }
    for (const bad of ["[]", "x", "5", '{"logoUrl":5}', '{"primaryColor":"red"}', '{"logo":"https://cdn.example.com/logo.png"}']) {
        add("types", "full", `selfServiceBranding=${bad}`, { selfServiceBranding: bad }, "selfServiceBranding");
    }
    for (const bad of ["Full", "vendors", "both", "customer ", "auth0"]) add("types", "full", `mode=${JSON.stringify(bad)}`, { mode: bad }, "mode");

    // Limits.
    add("limits", "full", "customerName of 129 characters", { customerName: "C".repeat(129) }, "customerName");
    add("limits", "full", "customerName of 500 characters", { customerName: "Contoso ".repeat(63) }, "customerName");
    add("limits", "full", "oidcAppDisplayName of 257 characters", { oidcAppDisplayName: "A".repeat(257) }, "oidcAppDisplayName");
    add("limits", "full", "oidcAppDisplayName of 1000 characters", { oidcAppDisplayName: "Sign in ".repeat(125) }, "oidcAppDisplayName");
    add("limits", "full", "provisioningAppDisplayName of 257 characters", { provisioningAppDisplayName: "P".repeat(257) }, "provisioningAppDisplayName");
    add("limits", "full", "connectionName of 129 characters", { connectionName: "c".repeat(129) }, "connectionName");
    add("limits", "full", "entraTenantDomain with a 64-character label", { entraTenantDomain: `${"a".repeat(64)}.onmicrosoft.com` }, "entraTenantDomain");
    add("limits", "full", "entraTenantDomain of 260 characters", { entraTenantDomain: `${"abcdefghi.".repeat(25)}onmicrosoft.com` }, "entraTenantDomain");
    const six = Array.from({ length: 6 }, (_, i) => `6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c1${i}`);
    add("limits", "full", "provisionOnDemand of 6 principals", { assignedUsers: six, provisionOnDemand: six }, "provisionOnDemand");
    add("limits", "full", "scimTokenRotateBeforeDays equal to the lifetime", { scimTokenLifetimeDays: "30", scimTokenRotateBeforeDays: "30" }, "scimTokenRotateBeforeDays");
    add("limits", "full", "scimTokenRotateBeforeDays above the lifetime", { scimTokenLifetimeDays: "7", scimTokenRotateBeforeDays: "14" }, "scimTokenRotateBeforeDays");
    for (const key of ["customerName", "oidcAppDisplayName", "provisioningAppDisplayName"]) {
        for (const [what, bad] of [["a line break", "Contoso\nEurope"], ["a tab", "Contoso\tEurope"], ["a NUL", "Contoso\u0000"], ["an escape sequence", "\u001b[31mContoso"], ["blanks only", "   "]]) {
            add("limits", "full", `${key} with ${what}`, { [key]: bad }, key);
        }
    }
    add("limits", "full", "a group on demand while groups are not provisioned", { assignedGroups: [GROUP], provisionOnDemand: [GROUP] }, "provisionOnDemand");
    add("limits", "full", "provisionOnDemand with assignPrincipals false", { assignPrincipals: "false", provisionOnDemand: [USER] }, "provisionOnDemand");
    add("limits", "full", "selfServiceProfile and selfServiceProfileId together", { selfServiceProfile: "true", selfServiceProfileId: "ssp_n7SNCL8seoyV1TuSTCnAeo" }, "selfServiceProfile");

    // URLs and hosts.
    for (const bad of ["https://acme.us.auth0.com", "acme.us.auth0.com/", "acme.us.auth0.com/api/v2", "acme .auth0.com", "acme.auth0.com:443", "user@acme.auth0.com",
        "10.0.0.1:8443", "acme", "аcme.auth0.com", "acme.auth0.com.", "//acme.auth0.com", "acme.auth0.com?x=1"]) {
        add("urls", "full", `auth0Domain=${JSON.stringify(bad)}`, { auth0Domain: bad }, "auth0Domain");
    }
    for (const bad of ["https://login.acme.com/", "login.acme.com/callback", "login acme.com", "login.acme.com:8443", "*.acme.com", "javascript:alert(1)"]) {
        add("urls", "full", `auth0CustomDomain=${JSON.stringify(bad)}`, { auth0CustomDomain: bad }, "auth0CustomDomain");
    }
    for (const bad of ["contoso", "https://contoso.onmicrosoft.com", "contoso.onmicrosoft.com/", "contoso@onmicrosoft.com", "contoso..onmicrosoft.com", "-contoso.onmicrosoft.com"]) {
        add("urls", "full", `entraTenantDomain=${JSON.stringify(bad)}`, { entraTenantDomain: bad }, "entraTenantDomain");
    }
    for (const bad of [
        "http://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "https://acme.us.auth0.com@attacker.example/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "https://user:pass@acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "https://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2",
        "https://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020&x=1",
        "https://acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020#frag",
        "https://acme.us.auth0.com:8443/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "https://acme.us.auth0.com/scim/v2/connections/../../api/v2?aadOptscim062020",
        "https://acme.us.auth0.com\\scim\\v2\\connections\\con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "https://acme.us.auth0.com/scim/v2/connections/con%5FHvg6w4PSvAVOoCJ2?aadOptscim062020",
        "https://acme.us.auth0.com/api/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
        "acme.us.auth0.com/scim/v2/connections/con_Hvg6w4PSvAVOoCJ2?aadOptscim062020",
    ]) {
        add("urls", "customer", `tenantUrl=${bad}`, { tenantUrl: bad }, "tenantUrl");
    }
    for (const bad of ['{"logoUrl":"http://cdn.example.com/logo.png"}', '{"logoUrl":"javascript:alert(1)"}', '{"logoUrl":"https://cdn.example.com/a b.png"}']) {
        add("urls", "full", `selfServiceBranding=${bad}`, { selfServiceBranding: bad }, "selfServiceBranding");
    }

    // Secrets pasted into a key that is not one.
    for (const [what, secret] of Object.entries(SECRETS)) {
        for (const key of ["customerName", "connectionName", "oidcAppDisplayName", "provisioningAppDisplayName", "auth0Domain", "entraTenantDomain", "auth0CustomDomain", "selfServiceProfileId"]) {
            add("secrets in wrong keys", "full", `${what} in ${key}`, { [key]: secret }, key, secret);
        }
        add("secrets in wrong keys", "customer", `${what} in tenantUrl`, { tenantUrl: secret }, "tenantUrl", secret);
        add("secrets in wrong keys", "customer", `${what} in scimTokenValidUntil`, { scimTokenValidUntil: secret }, "scimTokenValidUntil", secret);
        add("secrets in wrong keys", "full", `${what} in an additionalMappings attribute`, { additionalMappings: [{ auth0: secret, scim: "title" }] }, "additionalMappings", secret);
    }
    add("secrets in wrong keys", "full", "the JWT as a number", { scimTokenLifetimeDays: SECRETS.jwt }, "scimTokenLifetimeDays", SECRETS.jwt);
    add("secrets in wrong keys", "full", "a random string as a boolean", { provisionGroups: SECRETS.random }, "provisionGroups", SECRETS.random);
    add("secrets in wrong keys", "full", "a JWT as a principal", { assignedUsers: [SECRETS.jwt] }, "assignedUsers", SECRETS.jwt);
    add("secrets in wrong keys", "customer", "the SCIM token pasted into tenantUrl too", { tenantUrl: `${TENANT_URL}${SCIM_TOKEN}` }, "tenantUrl", SCIM_TOKEN);
    add("secrets in wrong keys", "vendor", "the client secret pasted into oidcClientId", { oidcClientId: CLIENT_SECRET }, "oidcClientId", CLIENT_SECRET);

    // Credentials in clear.
    const inClear: Array<[string, string]> = [
        ["auth0:clientSecret", SECRETS.auth0Secret], ["auth0:apiToken", SECRETS.jwt], ["auth0:clientAssertionPrivateKey", SECRETS.pem],
        ["azuread:clientSecret", SECRETS.entraSecret], ["azuread:clientCertificate", "MIIKdAIBAzCCCjoGCSqGSIb3DQEHAaCCCisEggonMIIKIzCCBg8GCSqGSIb3"],
        ["azuread:clientCertificatePassword", "hunter2-certificate-password"], ["azuread:oidcToken", SECRETS.jwt], ["azuread:oidcRequestToken", SECRETS.random],
    ];
    for (const [key, value] of inClear) {
        for (const base of ["full", "vendor", "customer"] as const) add("credentials in clear", base, `${key} in clear (${base})`, { [key]: value }, key, value);
    }
    add("credentials in clear", "full", "oidcClientSecret in clear", { ...VENDOR }, "oidcClientSecret", CLIENT_SECRET);
    cases.push({ category: "credentials in clear", name: "oidcClientSecret in clear (vendor)", values: VENDOR, secretKeys: [], key: full("oidcClientSecret"), secret: CLIENT_SECRET });
    cases.push({ category: "credentials in clear", name: "scimToken in clear (customer)", values: CUSTOMER, secretKeys: [], key: full("scimToken"), secret: SCIM_TOKEN });

    // Typos: in the project's namespace, the providers', and the namespace itself.
    for (const [typo, value] of [["assignedUser", [USER]], ["scimTokenLifetimeDay", "30"], ["provisionGroup", "true"], ["customername", "Contoso"],
        ["conectionName", "contoso-entra"], ["grantAdminConsnet", "false"], ["auth0domain", "acme.us.auth0.com"], ["tenantURL", TENANT_URL],
        ["assignedgroups", [GROUP]], ["enabledClient", ["kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL"]], ["protected", "false"], ["additionalMapping", []]] as const) {
        add("typos", "full", `${NS}:${typo}`, { [typo]: value }, typo);
    }
    for (const typo of ["auth0:clientSecert", "auth0:domian", "auth0:clientID", "auth0:api_token", "azuread:tenantID", "azuread:clientSecrets", "azuread:useOIDC", "azuread:clientid"]) {
        add("typos", "full", typo, { [typo]: "x-value" }, typo);
    }
    for (const typo of ["auth0-entra-scm:assignedUsers", "auth0-entra:assignedUsers", "auth0-entra-scim-:protect", "aut0:domain", "azure-ad:tenantId", "azuread_:clientId"]) {
        add("typos", "full", `namespace ${typo}`, { [typo]: "x-value" }, typo);
    }

    // Keys of another mode, and what a mode requires.
    add("modes", "vendor", "assignedUsers in a vendor stack", { assignedUsers: [USER] }, "assignedUsers");
    add("modes", "vendor", "grantAdminConsent in a vendor stack", { grantAdminConsent: "true" }, "grantAdminConsent");
    add("modes", "vendor", "tenantUrl in a vendor stack", { tenantUrl: TENANT_URL }, "tenantUrl");
    add("modes", "customer", "connectionName in a customer stack", { connectionName: "contoso-entra" }, "connectionName");
    add("modes", "customer", "entraTenantDomain in a customer stack", { entraTenantDomain: "contoso.onmicrosoft.com" }, "entraTenantDomain");
    add("modes", "customer", "scimTokenLifetimeDays in a customer stack", { scimTokenLifetimeDays: "90" }, "scimTokenLifetimeDays");
    add("modes", "full", "oidcClientId in a full stack", { oidcClientId: USER }, "oidcClientId");
    add("modes", "full", "oidcAppOnly in a full stack", { oidcAppOnly: "true" }, "oidcAppOnly");
    add("modes", "vendor", "a vendor stack without oidcClientId", { oidcClientId: "" }, "oidcClientId");
    add("modes", "vendor", "oidcClientId that is not a GUID", { oidcClientId: "my-app" }, "oidcClientId");
    add("modes", "customer", "a customer stack with neither tenantUrl nor scimToken", { tenantUrl: "", scimToken: "" }, "tenantUrl");
    add("modes", "customer", "oidcAppOnly together with tenantUrl", { oidcAppOnly: "true" }, "oidcAppOnly");
    add("modes", "customer", "scimTokenValidUntil that is not a date", { scimTokenValidUntil: "next year" }, "scimTokenValidUntil");

    // Duplicates and references.
    add("duplicates", "full", "a user listed twice", { assignedUsers: [USER, USER] }, "assignedUsers");
    add("duplicates", "full", "a user listed twice, case apart", { assignedUsers: [USER, USER.toUpperCase()] }, "assignedUsers");
    add("duplicates", "full", "one id as a user and a group", { assignedUsers: [USER], assignedGroups: [USER] }, "assignedGroups");
    add("duplicates", "full", "an enabled client twice", { enabledClients: ["kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL", "kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL"] }, "enabledClients");
    add("duplicates", "full", "two mappings for one SCIM attribute", { additionalMappings: [{ auth0: "a", scim: "title" }, { auth0: "b", scim: "Title" }] }, "additionalMappings");
    add("duplicates", "full", "provisionOnDemand of a principal not assigned", { provisionOnDemand: [USER2] }, "provisionOnDemand");
    add("duplicates", "full", "an Entra mapping edit for an unknown object", { additionalEntraMappings: [{ object: "Device", targetAttributeName: "x", matchingPriority: 3 }] }, "additionalEntraMappings");
    return cases;
}

interface Outcome {
    readonly case: Case;
    readonly result: "handled" | "unclear" | "accepted" | "crashed";
    readonly leaked: boolean;
    readonly detail: string;
}

function run(c: Case): Outcome {
    configWith(c.values, [...(c.secretKeys ?? [])]);
    const secrets = [c.secret, ...Object.values(SECRETS), SCIM_TOKEN, CLIENT_SECRET].filter((s): s is string => !!s);
    try {
        loadTenantConfig(undefined, undefined, "contoso");
        return { case: c, result: "accepted", leaked: false, detail: "loaded" };
    } catch (error) {
        if (!(error instanceof ConfigValidationError)) return { case: c, result: "crashed", leaked: secrets.some((s) => String(error).includes(s)), detail: String(error) };
        const text = error.message;
        const leaked = secrets.some((s) => text.includes(s) || error.problems.some((p) => p.includes(s)));
        const named = error.problems.some((p) => p.includes(c.key));
        return { case: c, result: named ? "handled" : "unclear", leaked, detail: error.problems.join(" | ") };
    }
}

describe("stack config: a corpus of bad inputs (figures in BENCHMARKS.md)", () => {
    it("refuses every one with an error naming its key, never shows a secret, never crashes", () => {
        const outcomes = corpus().map(run);
        const count = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
        const categories = [...new Set(outcomes.map((o) => o.case.category))];
        const rows = categories.map((category) => {
            const of = outcomes.filter((o) => o.case.category === category);
            return `      ${category.padEnd(24)} ${String(of.length).padStart(4)} tried ${String(of.filter((o) => o.result === "handled").length).padStart(4)} handled ` +
                `${of.filter((o) => o.leaked).length} leaked ${of.filter((o) => o.result === "crashed").length} crashed ` +
                `${of.filter((o) => o.result === "accepted").length} accepted ${of.filter((o) => o.result === "unclear").length} unclear`;
        });
        const figures = {
            tried: outcomes.length,
            handled: count((o) => o.result === "handled"),
            leaked: count((o) => o.leaked),
            crashed: count((o) => o.result === "crashed"),
            accepted: count((o) => o.result === "accepted"),
            unclear: count((o) => o.result === "unclear"),
        };
        console.log(`      bad config inputs: ${JSON.stringify(figures)}\n${rows.join("\n")}`);
        const list = (f: (o: Outcome) => boolean) => outcomes.filter(f).map((o) => `${o.case.category}: ${o.case.name}: ${o.detail}`).join("\n");
        assert.ok(figures.tried >= 200, `only ${figures.tried} inputs`);
        assert.equal(figures.leaked, 0, `leaked a secret:\n${list((o) => o.leaked)}`);
        assert.equal(figures.crashed, 0, `crashed:\n${list((o) => o.result === "crashed")}`);
        assert.equal(figures.unclear, 0, `refused without naming the key:\n${list((o) => o.result === "unclear")}`);
        assert.equal(figures.accepted, 0, `accepted but should be refused:\n${list((o) => o.result === "accepted")}`);
        assert.equal(figures.unclear, 0, `refused without naming the key:\n${list((o) => o.result === "unclear")}`);
    });

    it("each base config of the corpus is valid (so each refusal is the bad value's)", () => {
        for (const [name, base] of Object.entries(BASES)) {
            configWith(base.values, base.secretKeys);
            assert.doesNotThrow(() => loadTenantConfig(undefined, undefined, "contoso"), name);
        }
    });
});
