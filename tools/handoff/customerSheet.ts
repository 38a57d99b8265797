/**
 * The sheet for the customer's Entra administrator.
 *
 * From a vendor stack (the split flow of docs/split-stacks.md), Option A is two runs of ONE customer
 * stack, because each side needs something only the other can make: step 1 (`oidcAppOnly`) creates
 * the sign-in app, whose client id and secret the vendor's connection needs; step 2, once the vendor
 * has sent the Tenant URL and token, adds provisioning to the same stack. So every resource is created
 * once: the sign-in app by step 1, the rest by step 2, the connection by the vendor. Once the vendor
 * has the sign-in app's client id, step 1 is shown as done, never as commands to run again.
 *
 * From a full stack, the vendor's own stack creates the Entra side: the sheet says what it creates and
 * what is left to the administrator (admin consent, when the stack does not grant it), and offers no
 * second set-up.
 */
import { code, groupsToAssign, h, lifetimeText, note, ol, p, pre, preamble, principals, renewalSection, secretsSection, strong, ul } from "./blocks";
import {
    configSet,
    listSets,
    OIDC_CLIENT_ID_PLACEHOLDER,
    SCIM_TOKEN_PLACEHOLDER,
    shellWord,
    TENANT_ID_PLACEHOLDER,
    TENANT_URL_PLACEHOLDER,
    valueOr,
} from "./commands";
import { discoveryDomainsSection, groupRolesSection } from "./organizationBlocks";
import type { Block, Doc, Inline, Text } from "./render";
import type { SheetFacts } from "./sheet";
import { adminConsentUrl, AFTER_FIRST_UP } from "./stack";

const DELEGATED_SCOPES = "openid profile email User.Read";

export function customerSheet(facts: SheetFacts): Doc {
    return { title: `Microsoft Entra ID set-up for ${facts.customerName}`, blocks: facts.sourceMode === "full" ? fullStackBlocks(facts) : splitBlocks(facts) };
}

/** The admin-consent URL for this tenant and sign-in app, with placeholders for what is not known yet. */
export function consentUrl(facts: SheetFacts): string {
    return adminConsentUrl(facts.entraTenantId ?? facts.entraTenantDomain ?? TENANT_ID_PLACEHOLDER, facts.oidcClientId ?? OIDC_CLIENT_ID_PLACEHOLDER);
}

/** Who may grant tenant-wide consent to delegated Graph permissions (Microsoft's grant-admin-consent page, prerequisites). */
const consentWho = "an administrator who may grant consent for your organization (a Cloud Application Administrator or above)";

function valuesTable(facts: SheetFacts, extra: ReadonlyArray<readonly Text[]>): Block {
    return {
        kind: "table",
        head: ["What", "Value"],
        rows: [
            ["Redirect URI (sign-in app, platform Web)", code(facts.redirectUri)],
            ["Tenant URL (provisioning, Admin Credentials)", code(facts.tenantUrl ?? facts.tenantUrlPattern)],
            ["SCIM token scopes", code(facts.scopes.join(" "))],
            ["Token lifetime", lifetimeText(facts)],
            ["Provision groups", facts.provisionGroups ? "Yes" : "No"],
            ["Auth0 connection", [code(facts.connectionName), " (", code(facts.connectionId ?? AFTER_FIRST_UP), ")"]],
            ["Sign-in app name", code(facts.oidcAppDisplayName)],
            ["Sign-in app Application (client) ID", code(facts.oidcClientId ?? AFTER_FIRST_UP)],
            ["Provisioning app name", code(facts.provisioningAppDisplayName)],
            ...extra,
            // A full stack that grants consent itself leaves nothing to consent to by hand.
            ...(facts.sourceMode === "full" && facts.grantAdminConsent ? [] : [["Admin-consent URL (sign-in app)", code(consentUrl(facts))]]),
        ],
    };
}

// ------------------------------------------------------------------------------------ the split flow

function splitBlocks(facts: SheetFacts): Block[] {
    const tenant = facts.entraTenantDomain ?? "your Entra tenant";
    const appExists = facts.oidcClientId !== undefined;
    return [
        ...preamble(facts, `Sign-in through Auth0 and automatic provisioning (SCIM) of users${facts.provisionGroups ? " and groups" : ""} from ${tenant}: what your Entra administrator sets up.`),
        h(2, "Who does what"),
        {
            kind: "table",
            head: ["Part", "Who", "How"],
            rows: [
                [["Auth0 connection ", code(facts.connectionName), ", SCIM endpoint and SCIM token"], "Us (the vendor)", ["Stack ", code(facts.stack), ", mode vendor"]],
                ["Entra sign-in app, provisioning app, assignments, attribute mappings", "You (Entra administrator)", "Option A (Pulumi, mode customer) or Option B (Entra admin center, by hand)"],
            ],
        },
        h(2, "Your values"),
        valuesTable(facts, [
            ["Secret Token (provisioning, Admin Credentials)", "Not in this sheet: it reaches you through a one-time secret link (see Secrets)."],
            ["Assign to both apps", principals(facts)],
        ]),
        ...groupRolesSection(facts),
        ...discoveryDomainsSection(facts),
        h(2, "Option A: with Pulumi (mode customer)"),
        p([
            "With this package (we send you the repository; then ", code("npm ci"), "), signed in to Azure as an Application Administrator of your tenant (",
            code(`az login --tenant ${facts.entraTenantDomain ?? facts.entraTenantId ?? "<your tenant>"}`), "). Two runs of one stack, ", code(facts.readerStack),
            ": step 1 creates the sign-in app, which we need before we can create the connection; step 2, once we have sent the Tenant URL and the token, adds provisioning to the same stack. ",
            "Each resource is created once. Run both steps on that one stack: a second stack for this customer would create a second sign-in app.",
        ]),
        ...(appExists ? stepOneDone(facts) : stepOne(facts)),
        ...stepTwo(facts),
        ...optionB(facts, appExists),
        ...secretsSection(facts),
        ...renewalSection(facts),
    ];
}

function stepOne(facts: SheetFacts): Block[] {
    return [
        h(3, "Step 1: the sign-in app (now)"),
        pre(
            `pulumi stack init ${shellWord(facts.readerStack)}`,
            configSet("mode", "customer"),
            configSet("customerName", facts.customerName),
            configSet("azuread:tenantId", valueOr(facts.entraTenantId, TENANT_ID_PLACEHOLDER)),
            configSet("auth0Domain", facts.auth0Domain),
            configSet("provisionGroups", String(facts.provisionGroups)),
            ...listSets("assignedUsers", facts.assignedUsers, "<object id of a user>"),
            ...(groupsToAssign(facts).length > 0 ? listSets("assignedGroups", groupsToAssign(facts), "") : [`${configSet("assignedGroups[0]", { placeholder: "<object id of a group>" }, { path: true })}   # optional`]),
            configSet("oidcAppOnly", "true"),
            "pulumi up",
        ),
        p([
            "It creates the sign-in app (app registration, service principal, client secret) and assigns the users and groups to it; nothing else yet. ",
            ...consentText(facts),
            " Then send us:",
        ]),
        ul(
            ["the sign-in app's Application (client) ID: ", code("pulumi stack output oidcClientId"), " (not a secret, any channel);"],
            ["its client secret, through a one-time secret link: ", code("pulumi stack output oidcClientSecret --show-secrets"), ", copied straight into the link, never into a file or a chat."],
        ),
    ];
}

function stepOneDone(facts: SheetFacts): Block[] {
    return [
        h(3, "Step 1: the sign-in app (done)"),
        p([
            "We have your sign-in app's Application (client) ID, ", code(facts.oidcClientId!), ": step 1 is done. Go on with step 2 on the stack that created it (",
            code(facts.readerStack), " if you followed this sheet). Do not run step 1 again: a new stack would create a second sign-in app.",
        ]),
        note("If you created the sign-in app by hand instead, do the provisioning by hand as well (Option B, Provisioning app): a mode customer stack always creates its own sign-in app."),
    ];
}

function stepTwo(facts: SheetFacts): Block[] {
    const onDemand = facts.provisionOnDemand.length > 0 ? facts.provisionOnDemand : facts.assignedUsers.slice(0, 1);
    return [
        h(3, facts.tenantUrl ? "Step 2: provisioning" : "Step 2: provisioning (once we send the Tenant URL and the token)"),
        pre(
            `pulumi stack select ${shellWord(facts.readerStack)}`,
            "pulumi config rm oidcAppOnly",
            configSet("tenantUrl", valueOr(facts.tenantUrl, TENANT_URL_PLACEHOLDER)),
            configSet("scimToken", { placeholder: SCIM_TOKEN_PLACEHOLDER }, { secret: true }),
            ...(facts.tokenValidUntil ? [configSet("scimTokenValidUntil", facts.tokenValidUntil, { plaintext: true })] : []),
            ...listSets("provisionOnDemand", onDemand, "<object id of an assigned user, to test with>"),
            "pulumi up",
        ),
        p("It adds the provisioning app, assigns the same users and groups to it, sets the Tenant URL and token, makes the attribute-mapping edits, tests one user on demand and switches provisioning on. The sign-in app from step 1 stays as it is."),
    ];
}

/** What `pulumi up` of the customer's stack does about tenant-wide consent, and the URL otherwise. */
function consentText(facts: SheetFacts): Inline[] {
    return facts.grantAdminConsent
        ? [
              "It also grants tenant-wide admin consent to the sign-in app's delegated permissions (", code(DELEGATED_SCOPES), "; config ", code("grantAdminConsent"),
              " true). To leave that to ", consentWho, ", run ", code("pulumi config set grantAdminConsent false"), " before ", code("pulumi up"),
              " and have them open the admin-consent URL (Your values) with the client id from ", code("pulumi stack output oidcClientId"), ".",
          ]
        : [
              "It does not grant tenant-wide admin consent (config ", code("grantAdminConsent"), " false): afterwards, ", consentWho, " opens ",
              code(consentUrl(facts)), " (the client id from ", code("pulumi stack output oidcClientId"), ") and accepts ", code(DELEGATED_SCOPES), ".",
          ];
}

function optionB(facts: SheetFacts, appExists: boolean): Block[] {
    return [
        h(2, "Option B: by hand in the Microsoft Entra admin center"),
        h(3, appExists ? "Sign-in app (OpenID Connect): done" : "Sign-in app (OpenID Connect)"),
        appExists
            ? p(["We have its Application (client) ID, ", code(facts.oidcClientId!), "; go on with the provisioning app."])
            : ol(
                  ["Entra ID > App registrations > New registration. Name ", code(facts.oidcAppDisplayName), "; Supported account types: Accounts in this organizational directory only; Redirect URI: platform Web, ", code(facts.redirectUri), ". Register."],
                  "Overview: copy the Application (client) ID. It goes to us; it is not a secret.",
                  ["API permissions: Microsoft Graph, delegated ", code("openid"), ", ", code("profile"), ", ", code("email"), ", ", code("User.Read"), ". Grant admin consent; or have ", consentWho, " open the admin-consent URL from Your values; or leave it, and each user consents at first sign-in."],
                  "Certificates & secrets > Client secrets > New client secret. Its Value is shown once: copy it straight into a one-time secret link to us (see Secrets).",
                  ["Enterprise applications > ", code(facts.oidcAppDisplayName), " > Properties: Assignment required = Yes. Save."],
                  ["Users and groups > Add user/group: ", ...principals(facts), "."],
              ),
        h(3, "Provisioning app (SCIM)"),
        ol(
            ["Enterprise applications > New application > Create your own application. Name ", code(facts.provisioningAppDisplayName), "; Integrate any other application you don't find in the gallery (Non-gallery). Create."],
            "Users and groups: assign the same users and groups as the sign-in app.",
            "Provisioning > Get started: Provisioning Mode Automatic.",
            ["Admin Credentials: Tenant URL ", code(facts.tenantUrl ?? facts.tenantUrlPattern), " (keep ", code("?aadOptscim062020"), " at the end: it switches Entra to the SCIM behaviour Auth0 expects); Secret Token: paste the token from the one-time link. Test Connection, then Save."],
            ["Mappings > Provision Microsoft Entra ID Groups: ", strong(facts.provisionGroups ? "Enabled" : "Disabled"), ". Save."],
            ...seedMappingSteps(),
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
    ];
}

function seedMappingSteps(): Text[] {
    return [
        ["Mappings > Provision Microsoft Entra ID Users > Attribute Mappings: the row ", code("externalId"), " (source ", code("mailNickname"), ") > Edit: Source attribute ", code("objectId"), ". OK."],
        ["The row ", code('emails[type eq "work"].value'), " (source ", code("mail"), ") > Edit: Match objects using this attribute Yes, Matching precedence ", code("2"), ". OK."],
    ];
}

// ------------------------------------------------------------------------------- a full stack's sheet

function fullStackBlocks(facts: SheetFacts): Block[] {
    const edits = facts.additionalEntraMappings.map(describeEdit).filter((t): t is Inline[] => t !== undefined);
    const blocks: Block[] = [
        ...preamble(facts, `Sign-in through Auth0 and automatic provisioning (SCIM) from ${facts.entraTenantDomain ?? "your Entra tenant"}: we set it up in your tenant, with delegated access.`),
        h(2, "What our stack creates in your tenant"),
        p(["Stack ", code(facts.stack), " (mode full) runs both sides: it creates, once, everything below. There is nothing for you to create: a set-up of your own (with Pulumi or by hand) would make a second sign-in app and a second provisioning app."]),
        ul(
            ["the sign-in app ", code(facts.oidcAppDisplayName), " (redirect URI ", code(facts.redirectUri), "; Assignment required = Yes; a client secret for our Auth0 connection)"],
            ["the provisioning app ", code(facts.provisioningAppDisplayName), " with the Tenant URL and a SCIM token (", lifetimeText(facts), ")"],
            ...(facts.assignPrincipals ? [["the assignments to both apps: ", ...principals(facts)] as Inline[]] : []),
            ["the attribute-mapping edits: externalId from ", code("objectId"), "; ", code('emails[type eq "work"].value'), " matched with precedence 2", ...(edits.length > 0 ? ["; and:"] : [])],
            ...edits,
            "a provision-on-demand test of one assigned user, then Provisioning Status On",
        ),
        h(2, "Admin consent"),
        facts.grantAdminConsent
            ? p(["Our ", code("pulumi up"), " grants tenant-wide admin consent to the sign-in app's delegated permissions (", code(DELEGATED_SCOPES), "): nothing to do."])
            : p([
                  "Our identity does not grant tenant-wide consent in your tenant (config ", code("grantAdminConsent"), " false). Once our ", code("pulumi up"), " has created the sign-in app, ",
                  consentWho, " opens this URL, reviews the four delegated permissions (", code(DELEGATED_SCOPES), ") and accepts:",
              ]),
    ];
    if (!facts.grantAdminConsent) {
        blocks.push(p([code(consentUrl(facts))]));
        if (!facts.oidcClientId) blocks.push(note("The sign-in app does not exist yet: we send you its Application (client) ID after our first pulumi up (or a fresh copy of this sheet with the URL filled in)."));
        blocks.push(p("Until then, each user is asked to consent at first sign-in, or cannot sign in where user consent is blocked."));
    }
    if (!facts.assignPrincipals) {
        blocks.push(
            h(2, "Assignments"),
            p([
                "Our stack does not assign anyone (config ", code("assignPrincipals"), " false, so that our identity needs no tenant-wide role-assignment permission). ",
                "Once our ", code("pulumi up"), " has created the apps, add the same users and groups to both, in Enterprise applications > the app > Users and groups:",
            ]),
            ul(
                [code(facts.oidcAppDisplayName), " (sign-in): ", ...principals(facts)],
                [code(facts.provisioningAppDisplayName), " (provisioning): ", ...principals(facts)],
            ),
        );
    }
    blocks.push(...groupRolesSection(facts), ...discoveryDomainsSection(facts));
    blocks.push(h(2, "Your values"), valuesTable(facts, []));
    if (!facts.deployed) {
        blocks.push(note(["If you would rather run the Entra side yourself, tell us before our first ", code("pulumi up"), ": we then run our side in mode vendor and send you the sheet for your side."]));
    }
    return blocks;
}

/** An Entra mapping edit, as the portal names it. */
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
    const parts: Inline[] = [`${object}: the attribute `, code(e.targetAttributeName), ": "];
    changes.forEach((change, i) => parts.push(...(i > 0 ? ["; "] : []), ...change));
    return parts;
}
