/**
 * Types for the auth0 SDK's documented subpath export of the generated self-service SSO ticket client
 * (`management.selfServiceProfiles.ssoTicket` on its own). The project's `moduleResolution: "node"`
 * ignores package.json `exports`, so tsc cannot find them; Node resolves the subpath at run time.
 * This only re-exports the SDK's own declarations (same approach as providers/auth0/sdkSubpaths.d.ts).
 */
declare module "auth0/selfServiceProfiles/ssoTicket" {
    export * from "auth0/dist/cjs/management/api/resources/selfServiceProfiles/resources/ssoTicket/exports";
}
