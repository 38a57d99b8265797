/**
 * The customer sheet's parts for issue 16: which groups carry Auth0 roles (and so must be assigned to
 * the provisioning app), and the DNS TXT record for each discovery domain, for the customer's IT admin.
 */
import { code, h, note, p, ul } from "./blocks";
import type { Block, Inline } from "./render";
import type { SheetFacts } from "./sheet";
import { AFTER_FIRST_UP } from "./stack";

export function groupRolesSection(facts: SheetFacts): Block[] {
    if (facts.groupRoles.length === 0) return [];
    const where: Inline[] = facts.organizationName
        ? ["in our Auth0 Organization ", code(facts.organizationName), " (for its members: everyone who signs in through your connection)"]
        : ["tenant-wide in our Auth0 tenant"];
    return [
        h(2, "Groups that carry roles"),
        p([
            "Assign these groups to the provisioning app ", code(facts.provisioningAppDisplayName),
            " and keep them assigned: Entra provisions only assigned groups, and their members get the roles only once the group has arrived in Auth0. The roles apply ",
            ...where, ".",
        ]),
        ul(
            ...facts.groupRoles.map((g): Inline[] => [
                ...(g.groupName ? [`${g.groupName} `, code(g.entraGroupId)] : [code(g.entraGroupId)]),
                `: role${g.roles.length === 1 ? "" : "s"} `,
                ...g.roles.flatMap((role, i): Inline[] => [...(i > 0 ? [", "] : []), code(role)]),
                ...(g.pending ? ["; waiting for Entra to provision this group"] : []),
            ]),
        ),
    ];
}

export function discoveryDomainsSection(facts: SheetFacts): Block[] {
    if (facts.discoveryDomains.length === 0) return [];
    const missing = facts.discoveryDomains.some((d) => d.txtHost === undefined);
    return [
        h(2, "DNS records for your domains"),
        p([
            "Your IT admin publishes one DNS TXT record per domain; it proves to Auth0 that the domain is yours, and users with an email at the domain are then sent to ",
            ...(facts.organizationName ? ["the organization ", code(facts.organizationName)] : ["your organization"]),
            " at sign-in. Keep the record: Auth0 checks it.",
        ]),
        {
            kind: "table",
            head: ["Domain", "TXT record host", "TXT record value"],
            rows: facts.discoveryDomains.map((d) => [code(d.domain), code(d.txtHost ?? AFTER_FIRST_UP), code(d.txtValue ?? AFTER_FIRST_UP)]),
        },
        ...(missing ? [note("A record shown as a placeholder exists once our pulumi up has created its domain: we send you a fresh copy of this sheet then.")] : []),
    ];
}
