/** Policies that need the fleet's view (fleetRules.ts): one Auth0 connection name per stack. */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { duplicateConnectionNameViolations, FLEET_CLAIMS_DEFAULTS, type FleetClaimsConfig } from "./fleetRules";
import { withDefaults } from "./rules";

export const fleetUniqueConnectionNames: StackValidationPolicy = {
    name: "fleet-unique-connection-names",
    description:
        "No two stacks of the fleet claim one Auth0 connection name in one Auth0 tenant. The pack sees one stack, so the claims " +
        "come as config written by `auth0-entra-scim plan --all --policy-config FILE`; without it the policy has nothing to compare.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: "Give each stack its own auth0-entra-scim:connectionName (never rename a deployed one: it replaces the connection and its users).",
    configSchema: {
        properties: {
            duplicateConnectionNames: {
                type: "object",
                additionalProperties: { type: "array", items: { type: "string" } },
                default: {},
                description: "Connection name (lower case) → the stacks that claim it, for names claimed more than once.",
            },
        },
    },
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
        const config = withDefaults<FleetClaimsConfig>(FLEET_CLAIMS_DEFAULTS, args.getConfig());
        for (const { urn, message } of duplicateConnectionNameViolations(args.resources, config)) reportViolation(message, urn);
    },
};

export const fleetPolicies = [fleetUniqueConnectionNames];
