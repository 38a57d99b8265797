/** azuread.ServicePrincipal: `/servicePrincipals/{objectId}` for the application with `clientId`. */
import { forceNew } from "../forceNew";
import { deleteIgnoringGone, orGone, pick, plain, type Props, type StandInResource } from "../common";

const token = "azuread:index/servicePrincipal:ServicePrincipal";

/** The outputs azuread derives from a service principal (also what getServicePrincipal returns). */
export function servicePrincipalOutputs(sp: Props): Props {
    const roles = (sp.appRoles ?? []).map((r: Props) => ({
        allowedMemberTypes: r.allowedMemberTypes ?? [],
        description: r.description ?? "",
        displayName: r.displayName ?? "",
        enabled: r.isEnabled !== false,
        id: r.id,
        value: r.value ?? "",
    }));
    const scopes = (sp.oauth2PermissionScopes ?? []).map((s: Props) => ({
        adminConsentDescription: s.adminConsentDescription ?? "",
        adminConsentDisplayName: s.adminConsentDisplayName ?? "",
        enabled: s.isEnabled !== false,
        id: s.id,
        type: s.type ?? "User",
        userConsentDescription: s.userConsentDescription ?? "",
        userConsentDisplayName: s.userConsentDisplayName ?? "",
        value: s.value ?? "",
    }));
    return {
        objectId: sp.id,
        clientId: sp.appId,
        displayName: sp.displayName,
        accountEnabled: sp.accountEnabled !== false,
        appRoleAssignmentRequired: !!sp.appRoleAssignmentRequired,
        appRoles: roles,
        appRoleIds: Object.fromEntries(roles.filter((r: Props) => r.value).map((r: Props) => [r.value, r.id])),
        oauth2PermissionScopes: scopes,
        oauth2PermissionScopeIds: Object.fromEntries(scopes.filter((s: Props) => s.value).map((s: Props) => [s.value, s.id])),
        applicationTenantId: sp.appOwnerOrganizationId ?? "",
        servicePrincipalNames: sp.servicePrincipalNames ?? [],
        signInAudience: sp.signInAudience ?? "AzureADMyOrg",
        type: sp.servicePrincipalType ?? "Application",
        tags: sp.tags ?? [],
    };
}

export const servicePrincipal: StandInResource = {
    token,
    inputs: ["clientId", "appRoleAssignmentRequired", "accountEnabled", "owners", "useExisting", "notes", "description", "tags"],
    forceNew: forceNew(token),
    async create(graph, inputs) {
        const p = plain(inputs);
        const sp = await graph.api("/servicePrincipals").post({
            appId: p.clientId,
            ...(p.appRoleAssignmentRequired !== undefined ? { appRoleAssignmentRequired: p.appRoleAssignmentRequired } : {}),
            ...(p.accountEnabled !== undefined ? { accountEnabled: p.accountEnabled } : {}),
        });
        return { id: `/servicePrincipals/${sp.id}`, outs: { ...inputs, ...servicePrincipalOutputs(sp) } };
    },
    async read(graph, _id, state) {
        const sp = await orGone(graph.api(`/servicePrincipals/${state.objectId}`).get());
        return sp && { ...pick(state, servicePrincipal.inputs), ...servicePrincipalOutputs(sp) };
    },
    async update(graph, _id, olds, news) {
        const p = plain(news);
        await graph.api(`/servicePrincipals/${olds.objectId}`).patch({
            appRoleAssignmentRequired: !!p.appRoleAssignmentRequired,
            ...(p.accountEnabled !== undefined ? { accountEnabled: p.accountEnabled } : {}),
        });
        return { ...news, ...servicePrincipalOutputs(await graph.api(`/servicePrincipals/${olds.objectId}`).get()) };
    },
    async delete(graph, _id, state) {
        await deleteIgnoringGone(graph.api(`/servicePrincipals/${state.objectId}`).delete());
    },
};
