/**
 * Issue 16's policies: the customer's organization and its group roles (rules in organizationRules.ts).
 * Stack policies, because each correlates the organization's connection with the connection itself
 * and, for membership, with the groups' roles.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { membershipOnLoginViolations, signupOnWaadViolations } from "./organizationRules";

export const organizationMembershipOnLogin: StackValidationPolicy = {
    name: "organization-connection-membership-on-login",
    description:
        "An organization that binds roles to the SCIM connection's groups enables that connection with assignMembershipOnLogin: " +
        "the organization's group roles reach members only, and SCIM-provisioned users become members only at login.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "On the auth0.OrganizationConnection (or the OrganizationConnections entry) of the SCIM connection set assignMembershipOnLogin = true.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        for (const { urn, message } of membershipOnLoginViolations(args.resources)) reportViolation(message, urn);
    },
};

export const organizationNoSignupOnWaad: StackValidationPolicy = {
    name: "organization-connection-no-signup-on-waad",
    description:
        "A waad connection enabled on an organization does not set isSignupEnabled: organization sign-up is for database " +
        "connections, and Auth0 refuses it for an enterprise connection with a 400.",
    enforcementLevel: "mandatory",
    severity: "medium",
    remediationSteps: "Remove isSignupEnabled from the auth0.OrganizationConnection (or the OrganizationConnections entry) of the waad connection.",
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        for (const { urn, message } of signupOnWaadViolations(args.resources)) reportViolation(message, urn);
    },
};

export const organizationPolicies = [organizationMembershipOnLogin, organizationNoSignupOnWaad];
