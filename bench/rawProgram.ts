/**
 * The floor for the program-cost benchmark: the same provider resources and data-source calls the full
 * stack makes, with the same inputs, registered from one flat function — no ComponentResources, no
 * stack config read or validated, no helper layers. Only what the wiring itself needs (outputs passed
 * from one resource to the next, the two secrets, the role lookup) is kept.
 */
import * as auth0 from "@pulumi/auth0";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { ScimToken } from "../providers/auth0/scimToken";
import { ProvisioningSchema } from "../providers/entra/provisioningSchema";
import { AUTH0_DOMAIN, CUSTOMER, ENABLED_CLIENTS, ENTRA_DOMAIN, LIFETIME_DAYS, ROTATE_BEFORE_DAYS, type RawInputs } from "./stack";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";
const SCOPES = ["get:users", "post:users", "patch:users", "delete:users", "get:groups", "post:groups", "patch:groups", "delete:groups"];

type Role = { id: string; displayName: string; value: string; enabled: boolean; allowedMemberTypes: string[] };
const userRole = (roles: readonly Role[]) =>
    roles.find((r) => r.enabled && r.allowedMemberTypes.includes("User") && (r.value === "User" || r.displayName === "User"))?.id ??
    DEFAULT_ACCESS;

export function rawProgram(input: RawInputs): Record<string, pulumi.Output<unknown>> {
    const name = CUSTOMER;

    const graph = azuread.getServicePrincipalOutput({ clientId: GRAPH_APP_ID });
    const application = new azuread.Application(`${name}-oidc-app`, {
        displayName: `Auth0 sign-in (${name})`,
        signInAudience: "AzureADMyOrg",
        web: { redirectUris: [`https://${AUTH0_DOMAIN}/login/callback`] },
        requiredResourceAccesses: [
            {
                resourceAppId: GRAPH_APP_ID,
                resourceAccesses: ["openid", "profile", "email", "User.Read"].map((scope) => ({
                    id: graph.oauth2PermissionScopeIds.apply((ids) => ids[scope]),
                    type: "Scope",
                })),
            },
        ],
    });
    const oidcSp = new azuread.ServicePrincipal(`${name}-oidc-sp`, { clientId: application.clientId, appRoleAssignmentRequired: true });
    const password = new azuread.ApplicationPassword(`${name}-oidc-secret`, { applicationId: application.id, displayName: "Auth0 connection" });

    const connection = new auth0.Connection(`${name}-waad-connection`, {
        name: `${name}-entra`,
        displayName: name,
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
    });
    new auth0.ConnectionClients(`${name}-waad-clients`, { connectionId: connection.id, enabledClients: ENABLED_CLIENTS });

    const configuration = new auth0.ConnectionScimConfiguration(`${name}-scim-configuration`, {
        connectionId: connection.id,
        userIdAttribute: "externalId",
        mappings: input.scimMappings.map((m) => ({ auth0: m.auth0, scim: m.scim })),
    });
    const token = new ScimToken(
        `${name}-scim-token`,
        {
            connectionId: configuration.connectionId,
            scopes: SCOPES,
            lifetimeSeconds: LIFETIME_DAYS * 86_400,
            rotateBeforeDays: ROTATE_BEFORE_DAYS,
        },
        { dependsOn: [configuration] },
    );
    const endpointUrl = connection.id.apply((id) => `https://${AUTH0_DOMAIN}/scim/v2/connections/${id}`);
    const tenantUrl = endpointUrl.apply((url) => `${url}?aadOptscim062020`);

    const app = new azuread.ApplicationFromTemplate(`${name}-provisioning-app`, {
        displayName: `Auth0 SCIM provisioning (${name})`,
        templateId: "8adf8e6e-67b2-4cf2-a259-e3dc5476c621",
    });
    const secret = new azuread.SynchronizationSecret(`${name}-provisioning-credentials`, {
        servicePrincipalId: app.servicePrincipalId,
        credentials: [
            { key: "BaseAddress", value: tenantUrl },
            { key: "SecretToken", value: pulumi.secret(token.token) },
            { key: "SyncAll", value: "false" },
        ],
    });
    const job = new azuread.SynchronizationJob(
        `${name}-provisioning-job`,
        { servicePrincipalId: app.servicePrincipalId, templateId: "scim", enabled: true },
        { dependsOn: [secret] },
    );
    const jobId = job.id.apply((id) => id.slice(id.lastIndexOf("/") + 1));
    const schema = new ProvisioningSchema(`${name}-provisioning-schema`, {
        servicePrincipalId: app.servicePrincipalObjectId,
        jobId,
        provisionGroups: true,
        mappingEdits: input.mappingEdits,
    });
    for (const principal of input.onDemand) {
        new azuread.SynchronizationJobProvisionOnDemand(`${name}-provisioning-on-demand-${principal.objectId}`, {
            servicePrincipalId: app.servicePrincipalId,
            synchronizationJobId: job.id,
            parameters: [{ ruleId: schema.userRuleId, subjects: [{ objectId: principal.objectId, objectTypeName: principal.kind }] }],
            triggers: { mappingEdits: JSON.stringify(input.mappingEdits), provisionGroups: "true" },
        });
    }

    for (const [appName, spObjectId] of [["oidc", oidcSp.objectId], ["provisioning", app.servicePrincipalObjectId]] as const) {
        const roleId = azuread.getServicePrincipalOutput({ objectId: spObjectId }).apply((sp) => userRole(sp.appRoles));
        for (const principal of input.principals) {
            new azuread.AppRoleAssignment(`${name}-${appName}-assignments-${principal.kind.toLowerCase()}-${principal.objectId}`, {
                appRoleId: roleId,
                principalObjectId: principal.objectId,
                resourceObjectId: spObjectId,
            });
        }
    }

    return {
        scimEndpointUrl: endpointUrl,
        tenantUrl,
        connectionId: connection.id,
        oidcClientId: application.clientId,
        provisioningServicePrincipalId: app.servicePrincipalObjectId,
        provisioningJobId: jobId,
        scimToken: pulumi.secret(token.token),
        scimTokenValidUntil: token.validUntil,
    };
}
