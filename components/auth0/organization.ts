/**
 * The customer's Auth0 Organization (issue 16): the organization with the customer's display name and
 * metadata naming the stack, our waad connection enabled on it with members assigned at login, and
 * optional discovery domains, whose DNS TXT record the customer's IT admin publishes.
 *
 * The connection keeps working without the organization for the apps enabled on it; an app that
 * requires organizations shows the organization prompt and gets `org_id` in its tokens.
 */
import * as auth0 from "@pulumi/auth0";
import * as pulumi from "@pulumi/pulumi";

export interface CustomerOrganizationArgs {
    /** The organization's `name` (lowercase letters, digits, `_`, `-`; at most 50). */
    readonly name: string;
    /** Shown on the login prompt: the customer's name. */
    readonly displayName: string;
    /** The waad connection to enable. */
    readonly connectionId: pulumi.Input<string>;
    /** Show the connection as a button on the organization's login prompt. */
    readonly showAsButton: boolean;
    /** Email domains for organization discovery. */
    readonly discoveryDomains: readonly string[];
}

/** What the customer's IT admin publishes for one discovery domain. */
export interface DiscoveryDomainRecord {
    readonly domain: string;
    /** Where the TXT record goes, e.g. `_auth0-challenge.contoso.com`. */
    readonly txtHost: string;
    readonly txtValue: string;
}

/** The metadata that says which stack manages the organization (Auth0 allows 10 keys). */
export function organizationMetadata(project: string, stack: string): Record<string, string> {
    return { managedBy: "auth0-entra-scim", pulumiStack: `${project}/${stack}` };
}

export class CustomerOrganization extends pulumi.ComponentResource {
    public readonly organizationId: pulumi.Output<string>;
    public readonly organizationName: pulumi.Output<string>;
    /** The connection's enablement on the organization: what organization group roles rely on. */
    public readonly membership: auth0.OrganizationConnection;
    public readonly discoveryDomains: pulumi.Output<DiscoveryDomainRecord[]>;

    constructor(name: string, args: CustomerOrganizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("auth0-entra-scim:auth0:CustomerOrganization", name, {}, opts);

        const organization = new auth0.Organization(
            `${name}-org`,
            { name: args.name, displayName: args.displayName, metadata: organizationMetadata(pulumi.getProject(), pulumi.getStack()) },
            { parent: this },
        );

        // assignMembershipOnLogin: whoever signs in through the customer's connection is a member, so
        // SCIM-provisioned users and their groups' organization roles apply. isSignupEnabled is never
        // set: it is for database connections, and Auth0 answers 400 for an enterprise one (pulumi-auth0#657).
        this.membership = new auth0.OrganizationConnection(
            `${name}-connection`,
            { organizationId: organization.id, connectionId: args.connectionId, assignMembershipOnLogin: true, showAsButton: args.showAsButton },
            { parent: this },
        );

        const domains = args.discoveryDomains.map(
            (domain) =>
                new auth0.OrganizationDiscoveryDomain(
                    `${name}-domain-${domain}`,
                    { organizationId: organization.id, domain, status: "pending", useForOrganizationDiscovery: true },
                    // Its status turns verified once the TXT record proves ownership: never put it back to pending.
                    { parent: this, ignoreChanges: ["status"] },
                ),
        );

        this.organizationId = organization.id;
        this.organizationName = organization.name;
        this.discoveryDomains = pulumi
            .all(domains.map((d) => pulumi.all([d.domain, d.verificationHost, d.verificationTxt])))
            .apply((rows) => rows.map(([domain, txtHost, txtValue]) => ({ domain, txtHost, txtValue })));
        this.registerOutputs({ organizationId: this.organizationId, organizationName: this.organizationName, discoveryDomains: this.discoveryDomains });
    }
}
