/**
 * The hand-off sheet's content: for the customer's Entra administrator (they run the Entra side, with
 * this package in mode customer or by hand in the Entra admin center, following the seed) or for the
 * vendor (they run the Auth0 side, mode vendor). Built from SheetFacts only, which hold no secret; the
 * secrets' places are placeholders that say how the value travels.
 */
import * as yaml from "js-yaml";
import type { Block, Doc, Inline, Text } from "./render";
import { AFTER_FIRST_UP, type StackMode } from "./stack";

export type Reader = "customer" | "vendor";

/** Everything the sheet shows. No field may hold a secret. */
export interface SheetFacts {
    readonly stack: string;
    readonly sourceMode: StackMode;
    readonly reader: Reader;
    readonly customerName: string;
    /** The Auth0 tenant's domain, or a placeholder. */
    readonly auth0Domain: string;
    readonly entraTenantDomain?: string;
    readonly entraTenantId?: string;
    readonly connectionName: string;
    readonly connectionId?: string;
    /** The Tenant URL, with a placeholder for the connection id before the first `pulumi up`. */
    readonly tenantUrl: string;
    readonly redirectUri: string;
    readonly scopes: readonly string[];
    readonly provisionGroups: boolean;
    readonly tokenLifetimeDays?: number;
    readonly tokenValidUntil?: string;
    readonly oidcAppDisplayName: string;
    readonly provisioningAppDisplayName: string;
    readonly oidcClientId?: string;
    readonly enabledClients: readonly string[];
    /** The vendor's M2M client id when the source stack has it in clear (not a secret). */
    readonly auth0ClientId?: string;
    readonly assignedUsers: readonly string[];
    readonly assignedGroups: readonly string[];
    readonly provisionOnDemand: readonly string[];
    /** `additionalEntraMappings` as the stack has them. */
    readonly additionalEntraMappings: readonly unknown[];
    /** Where the values come from: outputs, the offline plan, config. */
    readonly provenance: string;
    /** Config or plan problems worth telling the reader. */
    readonly problems: readonly string[];
}

export const SCIM_TOKEN_PLACEHOLDER = "<paste the token from the one-time link>";
export const CLIENT_SECRET_PLACEHOLDER = "<paste the secret from the one-time link>";

const code = (value: string) => ({ code: value });
const strong = (value: string) => ({ strong: value });
const h = (level: 2 | 3, text: string): Block => ({ kind: "h", level, text });
const p = (text: Text): Block => ({ kind: "p", text });
const note = (text: Text): Block => ({ kind: "note", text });
const ol = (...items: Text[]): Block => ({ kind: "ol", items });
const ul = (...items: Text[]): Block => ({ kind: "ul", items });
const pre = (...lines: string[]): Block => ({ kind: "pre", lines });

/** A shell word: as it is when plain, single-quoted otherwise. Placeholders are left for the reader to replace. */
export function shellWord(value: string): string {
    if (/^[A-Za-z0-9_./:@=+,-]+$/.test(value)) return value;
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `pulumi config set`: a value, or a placeholder written as it is (`<…>`, replaced by the reader). */
function configSet(key: string, value: string | { placeholder: string }, options: { secret?: boolean; path?: boolean } = {}): string {
    const flags = `${options.secret ? "--secret " : ""}${options.path ? "--path " : ""}`;
    const keyWord = options.path ? shellWord(key) : key;
    return `pulumi config set ${flags}${keyWord} ${typeof value === "string" ? shellWord(value) : value.placeholder}`;
}

function listSets(key: string, values: readonly string[], placeholder: string): string[] {
    return values.length > 0
        ? values.map((v, i) => configSet(`${key}[${i}]`, v, { path: true }))
        : [configSet(`${key}[0]`, { placeholder }, { path: true })];
}

function lifetimeText(facts: SheetFacts): string {
    if (!facts.tokenLifetimeDays) return "never expires";
    return `${facts.tokenLifetimeDays} days${facts.tokenValidUntil ? ` (the current token expires ${facts.tokenValidUntil})` : ""}`;
}

function principals(facts: SheetFacts): Inline[] {
    const all: Inline[][] = [
        ...facts.assignedUsers.map((id): Inline[] => [code(id), " (user)"]),
        ...facts.assignedGroups.map((id): Inline[] => [code(id), " (group)"]),
    ];
    if (all.length === 0) return ["the users and groups who should sign in (your choice)"];
    return all.flatMap((parts, i) => (i === 0 ? parts : [", ", ...parts]));
}

/** An Entra mapping edit, as the portal steps name it. */
function describeEdit(edit: unknown): Inline[] | undefined {
    if (!edit || typeof edit !== "object") return undefined;
    const e = edit as { object?: unknown; targetAttributeName?: unknown; source?: { expression?: unknown; name?: unknown; type?: unknown }; matchingPriority?: unknown };
    if (typeof e.targetAttributeName !== "string") return undefined;
    const object = e.object === "Group" ? "Provision Microsoft Entra ID Groups" : "Provision Microsoft Entra ID Users";
    const changes: Inline[][] = [];
    if (e.source && typeof e.source === "object") {
        changes.push(
            e.source.type === "Attribute" && typeof e.source.name === "string"
                ? ["Mapping type Direct, Source attribute ", code(e.source.name)]
                : ["Mapping type Expression, Expression ", code(String(e.source.expression ?? ""))],
        );
    }
    if (typeof e.matchingPriority === "number") {
        changes.push(["Match objects using this attribute Yes, Matching precedence ", code(String(e.matchingPriority))]);
    }
    const parts: Inline[] = [`Mappings > ${object} > Attribute Mappings: the row `, code(e.targetAttributeName), " > Edit (Add New Mapping if there is none): "];
    changes.forEach((change, i) => parts.push(...(i > 0 ? ["; "] : []), ...change));
    parts.push(". OK.");
    return parts;
}

export function buildSheet(facts: SheetFacts): Doc {
    return facts.reader === "vendor" ? vendorSheet(facts) : customerSheet(facts);
}

function preamble(facts: SheetFacts, forWhom: string): Block[] {
    const blocks: Block[] = [
        p([
            `${forWhom} Prepared from stack `, code(facts.stack), ` (mode ${facts.sourceMode}); ${facts.provenance}. `,
            "Values in <angle brackets> are placeholders.",
        ]),
    ];
    if (facts.problems.length > 0) {
        blocks.push(note(["The stack's configuration has problems to fix before its next run: ", facts.problems.join("; "), "."]));
    }
    return blocks;
}

// ------------------------------------------------------------------------------------------- customer

function customerSheet(facts: SheetFacts): Doc {
    const tenant = facts.entraTenantDomain ?? "your Entra tenant";
    const blocks: Block[] = [
        ...preamble(facts, `Sign-in through Auth0 and automatic provisioning (SCIM) of users${facts.provisionGroups ? " and groups" : ""} from ${tenant}: what your Entra administrator sets up.`),
        h(2, "Who does what"),
        {
            kind: "table",
            head: ["Part", "Who", "How"],
            rows: [
                [
                    ["Auth0 connection ", code(facts.connectionName), ", SCIM endpoint and SCIM token"],
                    "Us (the vendor)",
                    facts.sourceMode === "customer" ? "This package in mode vendor, or the Auth0 Dashboard" : ["Stack ", code(facts.stack), ", mode vendor"],
                ],
                ["Entra sign-in app, provisioning app, assignments, attribute mappings", "You (Entra administrator)", "Option A (Pulumi, mode customer) or Option B (Entra admin center, by hand)"],
            ],
        },
    ];
    if (facts.sourceMode === "full") {
        blocks.push(note([
            "Today stack ", code(facts.stack), " runs both sides (mode full) with delegated access to your tenant. ",
            "If you run the Entra side yourself, we switch it to mode vendor and you follow this sheet.",
        ]));
    }

    blocks.push(
        h(2, "Your values"),
        {
            kind: "table",
            head: ["What", "Value"],
            rows: [
                ["Redirect URI (sign-in app, platform Web)", code(facts.redirectUri)],
                ["Tenant URL (provisioning, Admin Credentials)", code(facts.tenantUrl)],
                ["Secret Token (provisioning, Admin Credentials)", "Not in this sheet: it reaches you through a one-time secret link (see Secrets)."],
                ["SCIM token scopes", code(facts.scopes.join(" "))],
                ["Token lifetime", lifetimeText(facts)],
                ["Provision groups", facts.provisionGroups ? "Yes" : "No"],
                ["Auth0 connection", [code(facts.connectionName), " (", code(facts.connectionId ?? AFTER_FIRST_UP), ")"]],
                ["Sign-in app name", code(facts.oidcAppDisplayName)],
                ["Provisioning app name", code(facts.provisioningAppDisplayName)],
                ["Assign to both apps", principals(facts)],
            ],
        },
        h(2, "Option A: with Pulumi (mode customer)"),
        p([
            "With this package (we send you the repository; then ", code("npm ci"), "), signed in to Azure as an Application ",
            "Administrator of your tenant (", code(`az login --tenant ${facts.entraTenantDomain ?? "<your tenant>"}`), "):",
        ]),
        pre(
            `pulumi stack init ${shellWord(facts.customerName)}`,
            configSet("mode", "customer"),
            configSet("azuread:tenantId", facts.entraTenantId ?? { placeholder: "<your Entra tenant id>" }),
            configSet("customerName", facts.customerName),
            configSet("entraTenantDomain", facts.entraTenantDomain ?? { placeholder: "<your primary domain, e.g. contoso.onmicrosoft.com>" }),
            configSet("auth0Domain", facts.auth0Domain),
            configSet("tenantUrl", facts.tenantUrl),
            configSet("scimToken", { placeholder: SCIM_TOKEN_PLACEHOLDER }, { secret: true }),
            configSet("provisionGroups", String(facts.provisionGroups)),
            ...listSets("assignedUsers", facts.assignedUsers, "<object id of a user>"),
            ...listSets("assignedGroups", facts.assignedGroups, "<object id of a group>"),
            ...listSets("provisionOnDemand", facts.provisionOnDemand.length > 0 ? facts.provisionOnDemand : facts.assignedUsers.slice(0, 1), "<object id of an assigned user, to test with>"),
            "pulumi up",
        ),
    );
    if (facts.additionalEntraMappings.length > 0) {
        blocks.push(
            p(["Also add our extra attribute-mapping edits to ", code(`Pulumi.${facts.customerName}.yaml`), " under ", code("config:"), ":"]),
            pre(...yaml.dump({ "auth0-entra-scim:additionalEntraMappings": facts.additionalEntraMappings }, { lineWidth: -1 }).trimEnd().split("\n").map((l) => `  ${l}`)),
        );
    }
    blocks.push(
        p("It creates both apps, assigns the users and groups, sets the Tenant URL and token, makes the attribute-mapping edits, tests one user on demand and switches provisioning on. Then send us:"),
        ul(
            ["the sign-in app's Application (client) ID: ", code("pulumi stack output oidcClientId"), " (not a secret, any channel);"],
            ["its client secret, through a one-time secret link: ", code("pulumi stack output oidcClientSecret --show-secrets"), ", copied straight into the link, never into a file or a chat."],
        ),
        h(2, "Option B: by hand in the Microsoft Entra admin center"),
        h(3, "Sign-in app (OpenID Connect)"),
        ol(
            ["Entra ID > App registrations > New registration. Name ", code(facts.oidcAppDisplayName), "; Supported account types: Accounts in this organizational directory only; Redirect URI: platform Web, ", code(facts.redirectUri), ". Register."],
            "Overview: copy the Application (client) ID. It goes to us; it is not a secret.",
            ["API permissions: Microsoft Graph, delegated ", code("openid"), ", ", code("profile"), ", ", code("email"), ", ", code("User.Read"), ". Grant admin consent, or each user consents at first sign-in."],
            "Certificates & secrets > Client secrets > New client secret. Its Value is shown once: copy it straight into a one-time secret link to us (see Secrets).",
            ["Enterprise applications > ", code(facts.oidcAppDisplayName), " > Properties: Assignment required = Yes. Save."],
            ["Users and groups > Add user/group: ", ...principals(facts), "."],
        ),
        h(3, "Provisioning app (SCIM)"),
        ol(
            ["Enterprise applications > New application > Create your own application. Name ", code(facts.provisioningAppDisplayName), "; Integrate any other application you don't find in the gallery (Non-gallery). Create."],
            "Users and groups: assign the same users and groups as the sign-in app.",
            "Provisioning > Get started: Provisioning Mode Automatic.",
            ["Admin Credentials: Tenant URL ", code(facts.tenantUrl), " (keep ", code("?aadOptscim062020"), " at the end: it switches Entra to the SCIM behaviour Auth0 expects); Secret Token: paste the token from the one-time link. Test Connection, then Save."],
            ["Mappings > Provision Microsoft Entra ID Groups: ", strong(facts.provisionGroups ? "Enabled" : "Disabled"), ". Save."],
            ["Mappings > Provision Microsoft Entra ID Users > Attribute Mappings: the row ", code("externalId"), " (source ", code("mailNickname"), ") > Edit: Source attribute ", code("objectId"), ". OK."],
            ["The row ", code('emails[type eq "work"].value'), " (source ", code("mail"), ") > Edit: Match objects using this attribute Yes, Matching precedence ", code("2"), ". OK."],
            ...facts.additionalEntraMappings.map(describeEdit).filter((t): t is Inline[] => t !== undefined),
            "Save the attribute mappings and close them.",
            "Settings > Scope: Sync only assigned users and groups. Save.",
        ),
        h(3, "Test, then switch on"),
        ol(
            [
                "Provision on demand: select ",
                ...(facts.provisionOnDemand.length > 0 ? [code(facts.provisionOnDemand[0])] : ["one assigned user"]),
                ", then Provision. Check the result: every step (import, scope, match, action) is green and the action is Create (or Update). If a step fails, send us its error text.",
            ],
            "Provisioning Status: On. Save. Entra then provisions every assigned user and group, and keeps them in sync about every 40 minutes.",
        ),
        ...secretsSection(facts),
        ...renewalSection(facts),
    );
    return { title: `Microsoft Entra ID set-up for ${facts.customerName}`, blocks };
}

// --------------------------------------------------------------------------------------------- vendor

function vendorSheet(facts: SheetFacts): Doc {
    const blocks: Block[] = [
        ...preamble(facts, `The Auth0 side (tenant ${facts.auth0Domain}) for ${facts.customerName}'s Entra tenant ${facts.entraTenantDomain ?? "(domain not set)"}: what the vendor runs.`),
        h(2, "Who does what"),
        {
            kind: "table",
            head: ["Part", "Who", "How"],
            rows: [
                [
                    "Entra sign-in app, provisioning app, assignments, attribute mappings",
                    `${facts.customerName}'s Entra administrator`,
                    facts.sourceMode === "customer" ? ["Stack ", code(facts.stack), ", mode customer"] : "This package in mode customer, or the Entra admin center",
                ],
                [["Auth0 connection ", code(facts.connectionName), ", SCIM endpoint and SCIM token"], "You (the vendor)", "Option A (Pulumi, mode vendor) or Option B (Auth0 Dashboard, by hand)"],
            ],
        },
        h(2, "Your values"),
        {
            kind: "table",
            head: ["What", "Value"],
            rows: [
                ["Auth0 domain", code(facts.auth0Domain)],
                ["Customer's Entra domain", code(facts.entraTenantDomain ?? "<customer's primary domain>")],
                ["Sign-in app Application (client) ID", code(facts.oidcClientId ?? AFTER_FIRST_UP)],
                ["Sign-in app client secret", "Not in this sheet: it reaches you through a one-time secret link (see Secrets)."],
                ["Redirect URI the sign-in app registers", code(facts.redirectUri)],
                ["SCIM token scopes", code(facts.scopes.join(" "))],
                ["Token lifetime", lifetimeText(facts)],
                ["Provision groups", facts.provisionGroups ? "Yes" : "No"],
                ["Auth0 connection name", code(facts.connectionName)],
            ],
        },
        h(2, "Option A: with Pulumi (mode vendor)"),
        pre(
            `pulumi stack init ${shellWord(facts.customerName)}`,
            configSet("auth0:domain", facts.auth0Domain),
            configSet("auth0:clientId", facts.auth0ClientId ?? { placeholder: "<M2M client id>" }),
            configSet("auth0:clientSecret", { placeholder: "<M2M client secret>" }, { secret: true }),
            configSet("mode", "vendor"),
            configSet("customerName", facts.customerName),
            configSet("entraTenantDomain", facts.entraTenantDomain ?? { placeholder: "<customer's primary domain>" }),
            configSet("oidcClientId", facts.oidcClientId ?? { placeholder: "<the sign-in app's Application (client) ID>" }),
            configSet("oidcClientSecret", { placeholder: CLIENT_SECRET_PLACEHOLDER }, { secret: true }),
            configSet("connectionName", facts.connectionName),
            configSet("provisionGroups", String(facts.provisionGroups)),
            configSet("scimTokenLifetimeDays", String(facts.tokenLifetimeDays ?? 0)),
            ...listSets("enabledClients", facts.enabledClients, "<Auth0 client id of your app>"),
            "pulumi up",
        ),
        p("Then give the customer's administrator the Tenant URL and the token, or the whole sheet for their side:"),
        pre(
            "pulumi stack output tenantUrl",
            "pulumi stack output scimToken --show-secrets   # straight into a one-time secret link, nowhere else",
            `npm run -s handoff -- --stack ${shellWord(facts.customerName)} --mode customer --format html --out ${shellWord(`${facts.customerName}-entra.html`)}`,
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

// -------------------------------------------------------------------------------------------- shared

function secretsSection(facts: SheetFacts): Block[] {
    const selfService = facts.reader === "customer"
        ? ["Instead of a token, we may send you a one-time Auth0 self-service link: Auth0's guided set-up creates the token inside its flow. It does not make the attribute-mapping edits (externalId from objectId, email matching precedence 2), the on-demand test or the scope setting: do those steps of Option B anyway."]
        : [["For a customer who prefers Auth0's guided set-up: ", code(`npm run -s ticket -- --stack ${facts.stack}`), " prints a one-time self-service link (once, to stdout)."]];
    return [
        h(2, "Secrets: how they travel"),
        ul(
            "This sheet holds no token and no client secret; the tool that writes it refuses to include one.",
            ["SCIM token (vendor to customer): a one-time secret link (opens once, expires within days). The administrator pastes it into Admin Credentials > Secret Token, or runs ", code(`pulumi config set --secret scimToken ${SCIM_TOKEN_PLACEHOLDER}`), "."],
            ["Sign-in app client secret (customer to vendor): a one-time secret link. The vendor runs ", code(`pulumi config set --secret oidcClientSecret ${CLIENT_SECRET_PLACEHOLDER}`), ", which keeps it encrypted in the stack."],
            "Never by email, chat, ticket or screenshot. Confirm once a link has been opened; a link someone else opened first is a token to replace.",
            ...selfService,
        ),
    ];
}

function renewalSection(facts: SheetFacts): Block[] {
    const token: Text = facts.tokenLifetimeDays
        ? [
              `The SCIM token expires after ${facts.tokenLifetimeDays} days${facts.tokenValidUntil ? ` (${facts.tokenValidUntil})` : ""}. Before that, the vendor sends a new one the same way; the administrator replaces the Secret Token (or `,
              code(`pulumi config set --secret scimToken ${SCIM_TOKEN_PLACEHOLDER}`), " then ", code("pulumi up"),
              ") and runs Test Connection. The old token is revoked only after that (Auth0 allows two per connection).",
          ]
        : "The SCIM token does not expire. If it is ever exposed, the vendor issues a new one, sent the same way, and revokes the old one once Entra uses the new one.";
    return [
        h(2, "Renewal"),
        ul(token, "The sign-in app's client secret expires too (Entra sets its expiry). Before it does, create a new one and send it the same way; the vendor updates the connection, then you delete the old secret."),
    ];
}
