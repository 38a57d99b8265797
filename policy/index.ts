/**
 * CrossGuard policy pack "auth0-entra-scim": the seed's invariants for any stack that declares Auth0
 * waad/SCIM and Entra provisioning resources.
 *
 *   pulumi preview --policy-pack policy --policy-pack-config policy/policy-config.json
 *
 * Policies and their rules live in policies.ts and rules.ts (pure, unit-tested); this file only
 * serves them. Constructing the pack starts the analyzer's gRPC server, so tests never import it.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("auth0-entra-scim", {
    description:
        "Auth0 inbound SCIM for Microsoft Entra ID: the Auth0 and Entra settings SCIM provisioning depends on, " +
        "least privilege for the SCIM token and the OIDC app, and limits on SCIM token lifetime and rotation.",
    enforcementLevel: "mandatory",
    policies,
});
