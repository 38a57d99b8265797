/** Pieces both sheets use: block constructors, the principals and token-lifetime texts, secrets and renewal. */
import { CLIENT_SECRET_PLACEHOLDER, SCIM_TOKEN_PLACEHOLDER, shellWord } from "./commands";
import type { Block, Inline, Text } from "./render";
import type { SheetFacts } from "./sheet";

export const code = (value: string) => ({ code: value });
export const strong = (value: string) => ({ strong: value });
export const h = (level: 2 | 3, text: string): Block => ({ kind: "h", level, text });
export const p = (text: Text): Block => ({ kind: "p", text });
export const note = (text: Text): Block => ({ kind: "note", text });
export const ol = (...items: Text[]): Block => ({ kind: "ol", items });
export const ul = (...items: Text[]): Block => ({ kind: "ul", items });
export const pre = (...lines: string[]): Block => ({ kind: "pre", lines });

export function lifetimeText(facts: SheetFacts): string {
    if (!facts.tokenLifetimeDays) return "never expires";
    return `${facts.tokenLifetimeDays} days${facts.tokenValidUntil ? ` (the current token expires ${facts.tokenValidUntil})` : ""}`;
}

/**
 * The groups to assign: `assignedGroups`, and the groups of `groupRoles`, which a vendor stack names
 * without knowing the assignments (a full stack refuses a groupRoles group that is not assigned).
 */
export function groupsToAssign(facts: SheetFacts): string[] {
    const groups = [...facts.assignedGroups];
    for (const { entraGroupId } of facts.groupRoles) {
        if (!groups.some((g) => g.toLowerCase() === entraGroupId)) groups.push(entraGroupId);
    }
    return groups;
}

export function principals(facts: SheetFacts): Inline[] {
    const all: Inline[][] = [
        ...facts.assignedUsers.map((id): Inline[] => [code(id), " (user)"]),
        ...groupsToAssign(facts).map((id): Inline[] => [code(id), " (group)"]),
    ];
    if (all.length === 0) return ["the users and groups who should sign in (your choice)"];
    return all.flatMap((parts, i) => (i === 0 ? parts : [", ", ...parts]));
}

export function preamble(facts: SheetFacts, forWhom: string): Block[] {
    return [
        p([
            `${forWhom} Prepared from stack `, code(facts.stack), ` (mode ${facts.sourceMode}); ${facts.provenance}. `,
            "Values in <angle brackets> are placeholders.",
        ]),
    ];
}

export function secretsSection(facts: SheetFacts): Block[] {
    const selfService: Text[] = facts.reader === "customer"
        ? ["Instead of a token, we may send you a one-time Auth0 self-service link: Auth0's guided set-up creates the token inside its flow. It does not make the attribute-mapping edits (externalId from objectId, email matching precedence 2), the on-demand test or the scope setting: do those steps of Option B anyway."]
        : [["For a customer who prefers Auth0's guided set-up: ", code(`npm run -s ticket -- --stack ${shellWord(facts.readerStack)}`), " prints a one-time self-service link (once, to stdout)."]];
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

export function renewalSection(facts: SheetFacts): Block[] {
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
