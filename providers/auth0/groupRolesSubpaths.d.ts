/**
 * Types for the auth0 SDK's documented subpath exports of the generated groups, roles and
 * organizations clients (`management.groups`, `.roles`, `.organizations` on their own), which the
 * GroupRoles provider uses. As in sdkSubpaths.d.ts: `moduleResolution: "node"` ignores package.json
 * `exports`, so tsc cannot find them; Node resolves the subpaths at run time.
 */
declare module "auth0/groups" {
    export * from "auth0/dist/cjs/management/api/resources/groups/exports";
}
declare module "auth0/roles" {
    export * from "auth0/dist/cjs/management/api/resources/roles/exports";
}
declare module "auth0/organizations" {
    export * from "auth0/dist/cjs/management/api/resources/organizations/exports";
}
