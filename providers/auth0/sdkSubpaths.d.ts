/**
 * Types for the auth0 SDK's documented subpath export of the generated SCIM tokens client. The
 * project's `moduleResolution: "node"` ignores package.json `exports`, so tsc cannot find them on its
 * own; Node resolves the subpath at run time. This only re-exports the SDK's own declarations.
 */
declare module "auth0/connections/scimConfiguration/tokens" {
    export * from "auth0/dist/cjs/management/api/resources/connections/resources/scimConfiguration/resources/tokens/exports";
}
