/**
 * The fleet's view, for a policy that sees one stack: which Auth0 connection names more than one stack
 * of the fleet claims. A pack run sees only its own stack, so the fleet's claims come in as policy
 * config, written from every stack file by `auth0-entra-scim plan --all --policy-config FILE`.
 */
import type { PolicyResource } from "@pulumi/policy";
import * as types from "./resourceTypes";
import { prop } from "./values";

export interface FleetClaimsConfig {
    /** Connection name (lower case) → the stacks that claim it, for every name claimed more than once. */
    readonly duplicateConnectionNames: Record<string, string[]>;
}

export const FLEET_CLAIMS_DEFAULTS: FleetClaimsConfig = { duplicateConnectionNames: {} };

/** The stack's Auth0 connections whose name another stack of the fleet claims too. */
export function duplicateConnectionNameViolations(resources: readonly PolicyResource[], config: FleetClaimsConfig): Array<{ urn: string; message: string }> {
    const claims = config.duplicateConnectionNames ?? {};
    const out: Array<{ urn: string; message: string }> = [];
    for (const connection of resources.filter((r) => r.type === types.CONNECTION)) {
        const name = prop(connection.props, "name");
        if (typeof name !== "string") continue;
        const stacks = claims[name.toLowerCase()];
        if (!Array.isArray(stacks) || stacks.length < 2) continue;
        out.push({
            urn: connection.urn,
            message:
                `the Auth0 connection name ${JSON.stringify(name)} is claimed by the stacks ${stacks.join(", ")}: one would fail to create it ` +
                "or take over the other's connection and its users; give each stack its own connectionName",
        });
    }
    return out;
}
