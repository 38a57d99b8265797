/**
 * The floor for the program-cost benchmark: the same provider resources and data-source calls the full
 * stack (a `full`-mode stack) makes, with the same names and inputs, registered from one flat function —
 * no ComponentResources, no stack config read or validated, no helper layers. Only what the wiring
 * itself needs (outputs passed from one resource to the next, the secrets, the role lookup, the
 * `dependsOn` that order the token rotation, the job's start and the stack guard, declared first and
 * waited for by everything, `protect` where the stack protects) is kept. Outputs a full stack leaves
 * undefined (`oidcClientSecret`, `selfServiceProfileId`) are not exported, as index.ts drops them.
 */
import * as auth0 from "@pulumi/auth0";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { ScimToken } from "../providers/auth0/scimToken";
import { ScimTokenRevocation } from "../providers/auth0/scimTokenRevocation";
import { ProvisionOnDemandCheck } from "../providers/entra/onDemandCheck";
import { ProvisioningSchema } from "../providers/entra/provisioningSchema";
import { ProvisioningStart } from "../providers/entra/provisioningStart";
import { ScimTokenConfirmation } from "../providers/entra/scimTokenConfirmation";
import { StackGuard } from "../providers/guard/stackGuard";
import { tokenFingerprint } from "../providers/tokenFingerprint";
import {
    AUTH0_DOMAIN, CONNECTION_NAME, CUSTOMER, ENABLED_CLIENTS, ENTRA_DOMAIN, LIFETIME_DAYS, ROTATE_BEFORE_DAYS, TENANT, type RawInputs,
} from "./stack";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";
const OIDC_SCOPES = ["openid", "profile", "email", "User.Read"];
const SCIM_SCOPES = ["get:users", "post:users", "patch:users", "delete:users", "get:groups", "post:groups", "patch:groups", "delete:groups"];

type Role = { id: string; displayName: string; value: string; enabled: boolean; allowedMemberTypes: string[] };
const userRole = (roles: readonly Role[]) =>
    roles.find((r) => r.enabled && r.allowedMemberTypes.includes("User") && (r.value === "User" || r.displayName === "User"))?.id ??
    DEFAULT_ACCESS;

export function rawProgram(input: RawInputs): Record<string, pulumi.Output<unknown> | undefined> {
    const name = TENANT;

    // First, waited for by everything: refuses a rename, a mode change and a teardown while protected.
    const guard = new StackGuard(`${name}-guard`, { protect: true, mode: "full", connectionName: CONNECTION_NAME, provisioning: true, configNamespace: "auth0-entra-scim" });
    const afterGuard = { dependsOn: [guard] };

    // Entra OIDC app, its service principal, admin consent, client secret.
    const graph = azuread.getServicePrincipalOutput({ clientId: GRAPH_APP_ID });
    const application = new azuread.Application(
        `${name}-oidc-app`,
        {
            displayName: `Auth0 sign-in (${CUSTOMER})`,
            signInAudience: "AzureADMyOrg",
            web: { redirectUris: [`https://${AUTH0_DOMAIN}/login/callback`] },
            requiredResourceAccesses: [
                {
                    resourceAppId: GRAPH_APP_ID,
                    resourceAccesses: OIDC_SCOPES.map((scope) => ({ id: graph.oauth2PermissionScopeIds.apply((ids) => ids[scope]), type: "Scope" })),
                },
            ],
        },
        { protect: true, dependsOn: [guard] },
    );
    const oidcSp = new azuread.ServicePrincipal(`${name}-oidc-sp`, { clientId: application.clientId, appRoleAssignmentRequired: true }, afterGuard);
    new azuread.ServicePrincipalDelegatedPermissionGrant(`${name}-oidc-consent`, {
        servicePrincipalObjectId: oidcSp.objectId,
        resourceServicePrincipalObjectId: graph.objectId,
        claimValues: OIDC_SCOPES,
    }, afterGuard);
    const password = new azuread.ApplicationPassword(`${name}-oidc-secret`, { applicationId: application.id, displayName: "Auth0 connection" }, afterGuard);

    // Auth0: the connection, its clients, SCIM on, the token.
    const connection: auth0.Connection = new auth0.Connection(
        `${name}-waad-connection`,
        {
            name: CONNECTION_NAME,
            displayName: CUSTOMER,
            strategy: "waad",
            options: {
                identityApi: "microsoft-identity-platform-v2.0",
                waadProtocol: "openid-connect",
                tenantDomain: ENTRA_DOMAIN,
                domain: ENTRA_DOMAIN,
                clientId: application.clientId,
                clientSecret: pulumi.secret(password.value),
                userIdAttribute: "oid",
                waadCommonEndpoint: false,
                setUserRootAttributes: "on_first_login",
            },
        },
        { protect: true, ignoreChanges: ["name"], dependsOn: [guard] },
    );
    new auth0.ConnectionClients(`${name}-waad-clients`, { connectionId: connection.id, enabledClients: ENABLED_CLIENTS }, afterGuard);

    const configuration = new auth0.ConnectionScimConfiguration(`${name}-scim-configuration`, {
        connectionId: connection.id,
        userIdAttribute: "externalId",
        mappings: input.scimMappings.map((m) => ({ auth0: m.auth0, scim: m.scim })),
    }, afterGuard);
    const token = new ScimToken(
        `${name}-scim-token`,
        {
            connectionId: configuration.connectionId,
            scopes: SCIM_SCOPES,
            lifetimeSeconds: LIFETIME_DAYS * 86_400,
            rotateBeforeDays: ROTATE_BEFORE_DAYS,
            generation: 0,
        },
        { dependsOn: [guard, configuration] },
    );
    const scimToken = pulumi.secret(token.token);
    const endpointUrl = connection.id.apply((id) => `https://${AUTH0_DOMAIN}/scim/v2/connections/${id}`);
    const tenantUrl = endpointUrl.apply((url) => `${url}?aadOptscim062020`);

    // Entra provisioning app: job created stopped, credentials, confirmation, schema.
    const app = new azuread.ApplicationFromTemplate(
        `${name}-provisioning-app`,
        { displayName: `Auth0 SCIM provisioning (${CUSTOMER})`, templateId: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621" },
        { protect: true, dependsOn: [guard] },
    );
    const job = new azuread.SynchronizationJob(
        `${name}-provisioning-job`,
        { servicePrincipalId: app.servicePrincipalId, templateId: "scim", enabled: false },
        { ignoreChanges: ["enabled"], dependsOn: [guard] },
    );
    const jobId = job.id.apply((id) => id.slice(id.lastIndexOf("/") + 1));
    const secret = new azuread.SynchronizationSecret(
        `${name}-provisioning-credentials`,
        {
            servicePrincipalId: app.servicePrincipalId,
            credentials: [
                { key: "BaseAddress", value: tenantUrl },
                { key: "SecretToken", value: scimToken },
                { key: "SyncAll", value: "false" },
            ],
        },
        { dependsOn: [guard, job], deleteBeforeReplace: true },
    );
    const confirmation = new ScimTokenConfirmation(
        `${name}-provisioning-token-confirmation`,
        {
            servicePrincipalId: app.servicePrincipalObjectId,
            jobId,
            tokenFingerprint: pulumi.unsecret(scimToken.apply(tokenFingerprint)),
            tokenValidUntil: token.validUntil,
        },
        { dependsOn: [guard, secret] },
    );
    const schema = new ProvisioningSchema(
        `${name}-provisioning-schema`,
        { servicePrincipalId: app.servicePrincipalObjectId, jobId, provisionGroups: true, mappingEdits: input.mappingEdits },
        { dependsOn: [guard, secret, confirmation] },
    );

    // The same assignments on both apps.
    const assignments: azuread.AppRoleAssignment[] = [];
    const provisioningAssignments: azuread.AppRoleAssignment[] = [];
    for (const [appName, spObjectId] of [["oidc", oidcSp.objectId], ["provisioning", app.servicePrincipalObjectId]] as const) {
        const roleId = azuread.getServicePrincipalOutput({ objectId: spObjectId }).apply((sp) => userRole(sp.appRoles));
        for (const principal of input.principals) {
            const assignment = new azuread.AppRoleAssignment(`${name}-${appName}-assignments-${principal.kind.toLowerCase()}-${principal.objectId}`, {
                appRoleId: roleId,
                principalObjectId: principal.objectId,
                resourceObjectId: spObjectId,
            }, afterGuard);
            assignments.push(assignment);
            if (appName === "provisioning") provisioningAssignments.push(assignment);
        }
    }

    // On-demand check, then the job started; the superseded tokens revoked after the confirmation.
    const ready = [secret, confirmation, schema, ...provisioningAssignments];
    const check = new ProvisionOnDemandCheck(
        `${name}-activation-on-demand`,
        {
            servicePrincipalId: app.servicePrincipalObjectId,
            jobId,
            ruleId: schema.userRuleId,
            subjects: input.onDemand.map(({ objectId, kind }) => ({ objectId, kind })),
            covers: {
                tokenFingerprint: confirmation.confirmedFingerprint,
                tenantUrl,
                mappingEdits: JSON.stringify(input.mappingEdits),
                provisionGroups: true,
                assignedPrincipals: input.principals.map((p) => p.objectId).sort(),
            },
        },
        { dependsOn: [guard, ...ready] },
    );
    new ProvisioningStart(
        `${name}-activation-start`,
        { servicePrincipalId: app.servicePrincipalObjectId, jobId, restartAfter: schema.instanceId },
        { dependsOn: [guard, ...ready, check] },
    );
    new ScimTokenRevocation(
        `${name}-token-revocation`,
        {
            connectionId: connection.id,
            tokenId: token.tokenId,
            supersededTokenIds: token.supersededTokenIds.apply((ids) => ids ?? []),
            confirmation: "entra",
            tokenFingerprint: pulumi.unsecret(scimToken.apply(tokenFingerprint)),
            confirmedFingerprint: confirmation.confirmedFingerprint,
        },
        { dependsOn: [guard, confirmation] },
    );

    return {
        scimEndpointUrl: endpointUrl,
        tenantUrl,
        redirectUri: pulumi.output(`https://${AUTH0_DOMAIN}/login/callback`),
        connectionId: connection.id,
        oidcClientId: application.clientId,
        provisioningServicePrincipalId: app.servicePrincipalObjectId,
        provisioningJobId: jobId,
        scimToken,
        scimTokenValidUntil: token.validUntil,
    };
}
