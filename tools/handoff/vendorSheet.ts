/**
 * The sheet for the vendor, written from the customer's stack (mode customer): the Auth0 side, which
 * creates the connection once. Its commands select the vendor's stack, creating it only when it does
 * not exist yet (`pulumi stack select --create`), since the vendor usually has it already (it wrote
 * the customer's sheet from it).
 */
import { code, h, lifetimeText, ol, p, pre, preamble, renewalSection, secretsSection } from "./blocks";
import { CLIENT_SECRET_PLACEHOLDER, configSet, listSets, OIDC_CLIENT_ID_PLACEHOLDER, shellWord, valueOr } from "./commands";
import type { Doc } from "./render";
import type { SheetFacts } from "./sheet";
import { AFTER_FIRST_UP } from "./stack";

const ENTRA_DOMAIN_PLACEHOLDER = "<primary domain of the customer tenant, e.g. contoso.onmicrosoft.com>";

export function vendorSheet(facts: SheetFacts): Doc {
    const blocks = [
        ...preamble(facts, `The Auth0 side (tenant ${facts.auth0Domain}) for ${facts.customerName}'s Entra tenant ${facts.entraTenantDomain ?? facts.entraTenantId ?? "(domain not set)"}: what the vendor runs.`),
        h(2, "Who does what"),
        {
            kind: "table" as const,
            head: ["Part", "Who", "How"],
            rows: [
                ["Entra sign-in app, provisioning app, assignments, attribute mappings", `${facts.customerName}'s Entra administrator`, ["Stack ", code(facts.stack), ", mode customer"]],
                [["Auth0 connection ", code(facts.connectionName), ", SCIM endpoint and SCIM token"], "You (the vendor)", "Option A (Pulumi, mode vendor) or Option B (Auth0 Dashboard, by hand)"],
            ],
        },
        h(2, "Your values"),
        {
            kind: "table" as const,
            head: ["What", "Value"],
            rows: [
                ["Auth0 domain", code(facts.auth0Domain)],
                ["Customer's Entra domain", code(facts.entraTenantDomain ?? "<customer's primary domain>")],
                ["Sign-in app Application (client) ID", code(facts.oidcClientId ?? AFTER_FIRST_UP)],
                ["Sign-in app client secret", "Not in this sheet: it reaches you through a one-time secret link (see Secrets)."],
                ["Redirect URI the sign-in app registers", code(facts.redirectUri)],
                ["SCIM token scopes", code(facts.scopes.join(" "))],
                ["Provision groups", facts.provisionGroups ? "Yes" : "No"],
                ["Auth0 connection name", code(facts.connectionName)],
            ],
        },
        h(2, "Option A: with Pulumi (mode vendor)"),
        p([
            "On your stack ", code(facts.readerStack), " (created here if it does not exist yet). Skip the ", code("auth0:"),
            " lines if the stack has them already, or imports them from an ESC environment.",
        ]),
        pre(
            `pulumi stack select --create ${shellWord(facts.readerStack)}`,
            configSet("auth0:domain", facts.auth0Domain),
            configSet("auth0:clientId", valueOr(facts.auth0ClientId, "<M2M client id>")),
            configSet("auth0:clientSecret", { placeholder: "<M2M client secret>" }, { secret: true }),
            configSet("mode", "vendor"),
            configSet("customerName", facts.customerName),
            configSet("entraTenantDomain", valueOr(facts.entraTenantDomain, ENTRA_DOMAIN_PLACEHOLDER)),
            configSet("connectionName", facts.connectionName),
            configSet("provisionGroups", String(facts.provisionGroups)),
            configSet("oidcClientId", valueOr(facts.oidcClientId, OIDC_CLIENT_ID_PLACEHOLDER)),
            configSet("oidcClientSecret", { placeholder: CLIENT_SECRET_PLACEHOLDER }, { secret: true }),
            ...listSets("enabledClients", facts.enabledClients, "<Auth0 client id of your app>"),
            "pulumi up",
        ),
        p("Then give the customer's administrator the Tenant URL and the token, or the whole sheet for their side:"),
        pre(
            "pulumi stack output tenantUrl",
            "pulumi stack output scimToken --show-secrets   # straight into a one-time secret link, nowhere else",
            `npm run -s handoff -- --stack ${shellWord(facts.readerStack)} --mode customer --format html --out ${shellWord(`${facts.readerStack}-customer.html`)}`,
        ),
        h(2, "Option B: by hand in the Auth0 Dashboard"),
        ol(
            ["Authentication > Enterprise > Microsoft Azure AD > Create Connection: name ", code(facts.connectionName), "; Microsoft Azure AD Domain ", code(facts.entraTenantDomain ?? "<customer's primary domain>"), "; Client ID ", code(facts.oidcClientId ?? AFTER_FIRST_UP), "; Client Secret: paste the secret from the one-time link."],
            "Settings: User ID Attribute Type User Object Identifier (oid); Use Common Endpoint Disabled.",
            "Provisioning: Sync user profile attributes at each login Off (unless you sync extra attributes at login); Sync user profiles using SCIM On.",
            ["Mapping: SCIM attribute containing the User ID ", code("externalId"), "; review the Additional Mappings."],
            ["Setup: copy the SCIM Endpoint URL; the customer's Tenant URL is it followed by ", code("?aadOptscim062020"), "."],
            ["Generate New Token: expiration ", lifetimeText(facts), "; scopes ", code(facts.scopes.join(" ")), ". Copy it straight into a one-time secret link to the customer."],
            ["Applications: enable the connection for ", ...(facts.enabledClients.length > 0 ? facts.enabledClients.flatMap((c, i) => [...(i ? [", "] : []), code(c)]) : ["your applications"]), "."],
        ),
        ...secretsSection(facts),
        ...renewalSection(facts),
    ];
    return { title: `Auth0 set-up for ${facts.customerName}`, blocks };
}
