/**
 * The properties whose change replaces the resource (`ForceNew: true`) in terraform-provider-azuread
 * v3.8.0, the upstream that @pulumi/azuread 6.9.1 bridges (pulumi-azuread v6.9.1 provider/go.mod:
 * github.com/hashicorp/terraform-provider-azuread v1.6.1-0.20260219201236-38d1993a1ea6 = tag v3.8.0).
 * File and line of each `ForceNew: true` at that commit; Pulumi property names. See docs/standins.md.
 */
export const FORCE_NEW: { readonly [token: string]: ReadonlyArray<{ readonly property: string; readonly source: string }> } = {
    "azuread:index/application:Application": [
        { property: "templateId", source: "internal/services/applications/application_resource.go:576" },
    ],
    "azuread:index/applicationPassword:ApplicationPassword": [
        { property: "applicationId", source: "internal/services/applications/application_password_resource.go:55" },
        { property: "displayName", source: "internal/services/applications/application_password_resource.go:64" },
        { property: "startDate", source: "internal/services/applications/application_password_resource.go:72" },
        { property: "endDate", source: "internal/services/applications/application_password_resource.go:81" },
        { property: "endDateRelative", source: "internal/services/applications/application_password_resource.go:90" },
        { property: "rotateWhenChanged", source: "internal/services/applications/application_password_resource.go:100" },
    ],
    "azuread:index/applicationFromTemplate:ApplicationFromTemplate": [
        { property: "templateId", source: "internal/services/applications/application_from_template_resource.go:64" },
    ],
    "azuread:index/servicePrincipal:ServicePrincipal": [
        { property: "clientId", source: "internal/services/serviceprincipals/service_principal_resource.go:75" },
    ],
    "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant": [
        { property: "resourceServicePrincipalObjectId", source: "internal/services/serviceprincipals/service_principal_delegated_permission_grant_resource.go:78" },
        { property: "servicePrincipalObjectId", source: "internal/services/serviceprincipals/service_principal_delegated_permission_grant_resource.go:86" },
        { property: "userObjectId", source: "internal/services/serviceprincipals/service_principal_delegated_permission_grant_resource.go:94" },
    ],
    "azuread:index/appRoleAssignment:AppRoleAssignment": [
        { property: "appRoleId", source: "internal/services/approleassignments/app_role_assignment_resource.go:64" },
        { property: "principalObjectId", source: "internal/services/approleassignments/app_role_assignment_resource.go:72" },
        { property: "resourceObjectId", source: "internal/services/approleassignments/app_role_assignment_resource.go:80" },
    ],
    "azuread:index/synchronizationJob:SynchronizationJob": [
        { property: "servicePrincipalId", source: "internal/services/synchronization/synchronization_job_resource.go:65" },
        { property: "templateId", source: "internal/services/synchronization/synchronization_job_resource.go:73" },
    ],
    "azuread:index/synchronizationSecret:SynchronizationSecret": [
        { property: "servicePrincipalId", source: "internal/services/synchronization/synchronization_secret_resource.go:63" },
    ],
};

export function forceNew(token: string): string[] {
    return (FORCE_NEW[token] ?? []).map((f) => f.property);
}
