/** Hand-listed mutants of the policy pack: each replaces one unique snippet of one file. */
const R = "policy/rules.ts";
const P = "policy/policies.ts";
const V = "policy/values.ts";
const m = (id, file, from, to) => ({ id, file, from, to });

exports.MUTANTS = [
    // Auth0 connection and SCIM configuration
    m("oid check flipped", R, `userIdAttribute !== "oid") {`, `userIdAttribute === "oid") {`),
    m("common endpoint check dropped", R, `if (commonEndpoint === true) {`, `if (false) {`),
    m("externalId constant changed", R, `userIdAttribute === "externalId") return [];`, `userIdAttribute === "userName") return [];`),
    m("unresolved SCIM config ignored", R, `return unresolved ? waad : waad.filter((c) => found.has(c));`, `return waad.filter((c) => found.has(c));`),
    // Token scopes
    m("put scopes allowed again", R, `if (put.length > 0) {`, `if (false) {`),
    m("put counted as foreign too", R, `GROUPS_SCOPES.includes(s) || PUT_SCOPES.includes(s))),`, `GROUPS_SCOPES.includes(s))),`),
    m("Entra verbs include put", R, `export const ENTRA_VERBS = ["get", "post", "patch", "delete"] as const;`, `export const ENTRA_VERBS = ["get", "post", "put", "patch", "delete"] as const;`),
    m("empty scope list accepted", R, `if (!Array.isArray(scopes) || scopes.length === 0) {`, `if (!Array.isArray(scopes)) {`),
    m("groups scopes: partial set accepted", R, `if (missing.length === 0) return [];`, `if (missing.length >= 0) return [];`),
    m("groups provisioned: true wins dropped", R, `if (values.some((v) => v === true)) return true;`, ``),
    // Tenant URL
    m("https check dropped", R, `if (url.protocol !== "https:") return fail`, `if (url.protocol === "ftp:") return fail`),
    m("userinfo: password only", R, `if (url.username !== "" || url.password !== "") {`, `if (url.password !== "") {`),
    m("userinfo check dropped", R, `if (url.username !== "" || url.password !== "") {`, `if (false) {`),
    m("port allowed anywhere", R, `if ((url.port !== "" || writtenPort) && !loopback)`, `if ((url.port !== "" || writtenPort) && loopback)`),
    m("written :443 ignored", R, `if ((url.port !== "" || writtenPort) && !loopback)`, `if (url.port !== "" && !loopback)`),
    m("loopback list widened", R, `export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost"];`, `export const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "acme.us.auth0.com"];`),
    m("path prefix unanchored", R, `const SCIM_PATH = /^\\/scim\\/v2\\/connections\\/([^/]+)$/;`, `const SCIM_PATH = /\\/scim\\/v2\\/connections\\/([^/]+)$/;`),
    m("path suffix unanchored", R, `const SCIM_PATH = /^\\/scim\\/v2\\/connections\\/([^/]+)$/;`, `const SCIM_PATH = /^\\/scim\\/v2\\/connections\\/(.+)$/;`),
    m("connection id charset widened", R, `const CONNECTION_ID_SEGMENT = /^[A-Za-z0-9_-]+$/;`, `const CONNECTION_ID_SEGMENT = /^.+$/;`),
    m("query: endsWith instead of exact", R, `if (url.search !== ENTRA_SCIM_FLAG) {`, `if (!url.search.endsWith(ENTRA_SCIM_FLAG.slice(1))) {`),
    m("fragment check dropped", R, `if (url.hash !== "" || baseAddress.includes("#")) out.push`, `if (url.hash !== "") out.push`),
    m("plain-form check dropped", R, `if (out.length === 0 && (!written`, `if (false && (!written`),
    m("plain-form: path not compared", R, ` || written[2] !== \`\${url.pathname}\${url.search}\`))`, `))`),
    m("auth0Domains ignored", R, `if (!allowed.includes(host)) out.push`, `if (false) out.push`),
    m("auth0Domains by hostname (any port)", R, `const host = url.host; // lower case, with the port if any`, `const host = url.hostname;`),
    m("auth0Domains case-sensitive", R, `const allowed = config.auth0Domains.map((d) => d.toLowerCase());`, `const allowed = config.auth0Domains;`),
    // Credentials
    m("duplicate keys accepted", R, `if (duplicates.length > 0) {`, `if (false) {`),
    m("only first BaseAddress checked", R, `for (const baseAddress of values.get("BaseAddress")!) out.push(...tenantUrlViolations(baseAddress, config));`, `out.push(...tenantUrlViolations(values.get("BaseAddress")![0], config));`),
    m("only first SyncAll checked", R, `for (const syncAll of values.get("SyncAll")!) {`, `for (const syncAll of values.get("SyncAll")!.slice(0, 1)) {`),
    m("SyncAll true accepted", R, `if (!isUnknown(syncAll) && syncAll !== "false") {`, `if (!isUnknown(syncAll) && syncAll === "yes") {`),
    m("missing SyncAll accepted", R, `if (!someKeyUnknown) out.push('credentials have no SyncAll`, `if (false) out.push('credentials have no SyncAll`),
    m("credentials config not passed", P, `reportAll(provisioningCredentialViolations(prop(args.props, "credentials"), config), reportViolation);`, `reportAll(provisioningCredentialViolations(prop(args.props, "credentials")), reportViolation);`),
    // OIDC app
    m("signInAudience check dropped", R, `signInAudience !== OIDC_SIGN_IN_AUDIENCE) {`, `signInAudience === "never") {`),
    m("unset signInAudience refused", R, `if (!isUnknown(signInAudience) && signInAudience !== undefined && signInAudience !== null && signInAudience`, `if (!isUnknown(signInAudience) && signInAudience`),
    m("resourceAppId check dropped", R, `if (!isUnknown(resourceAppId) && !isGraph(resourceAppId)) {`, `if (false) {`),
    m("Role accepted", R, `if (!isUnknown(type) && type !== "Scope") {`, `if (!isUnknown(type) && type === "Bogus") {`),
    m("scope ids not checked", R, `} else if (!isUnknown(id) && isGraph(resourceAppId) && !isKnownScopeId(id)) {`, `} else if (false) {`),
    m("scope ids checked for any API", R, `} else if (!isUnknown(id) && isGraph(resourceAppId) && !isKnownScopeId(id)) {`, `} else if (!isUnknown(id) && !isKnownScopeId(id)) {`),
    m("graph id case-sensitive", R, `typeof appId === "string" && appId.toLowerCase() === MICROSOFT_GRAPH_APP_ID`, `typeof appId === "string" && appId === MICROSOFT_GRAPH_APP_ID`),
    m("User.Read id changed", R, `"User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",`, `"User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683e",`),
    m("claimValues check dropped", R, `if (bad.length === 0) return [];\n    return [\n        \`claimValues`, `if (bad.length >= 0) return [];\n    return [\n        \`claimValues`),
    m("claimValues: User.Read.All allowed", R, `export const OIDC_DELEGATED_SCOPES: readonly string[] = ["openid", "profile", "email", "User.Read"];`, `export const OIDC_DELEGATED_SCOPES: readonly string[] = ["openid", "profile", "email", "User.Read", "User.Read.All"];`),
    m("grant by objectId value dropped", R, `return typeof objectId === "string" && objectIds.has(objectId);`, `return false;`),
    m("grant by dependency dropped", R, `if (dependencies(r, "servicePrincipalObjectId", types.SERVICE_PRINCIPAL).some((sp) => principals.has(sp))) return true;`, ``),
    m("api access roles accepted", R, `if (!isUnknown(roleIds) && Array.isArray(roleIds) && roleIds.length > 0) {`, `if (false) {`),
    m("api access by value dropped", R, `return typeof applicationId === "string" && ids.has(applicationId);`, `return false;`),
    m("oidc app via callback dropped", R, `if (Array.isArray(uris) && uris.some(isAuth0CallbackUri)) apps.add(app);\n    }\n    for (const redirects`, `}\n    for (const redirects`),
    m("oidc permissions policy dropped", P, `    oidcAppPermissions,\n    scimTokenLifetime,`, `    scimTokenLifetime,`),
    m("assignment required accepts false", R, `appRoleAssignmentRequired === true) return [];`, `appRoleAssignmentRequired !== undefined) return [];`),
    // Lifetime and rotation
    m("lifetime policy advisory", P, `        "never expires, set requireExpiry false in the pack's config for scim-token-lifetime (docs/policy.md).",`, `        "never expires, set requireExpiry false in the pack's config for scim-token-lifetime (docs/policy.md).", enforcementLevel: "advisory" as const,`),
    m("requireExpiry default false", R, `export const LIFETIME_DEFAULTS: LifetimeConfig = { maxLifetimeDays: 365, requireExpiry: true };`, `export const LIFETIME_DEFAULTS: LifetimeConfig = { maxLifetimeDays: 365, requireExpiry: false };`),
    m("max lifetime >=", R, `if (lifetimeSeconds > config.maxLifetimeDays * DAY_SECONDS) {`, `if (lifetimeSeconds >= config.maxLifetimeDays * DAY_SECONDS) {`),
    m("min lifetime < instead of <=", R, `lifetimeSeconds <= MIN_LIFETIME_SECONDS) {`, `lifetimeSeconds < MIN_LIFETIME_SECONDS) {`),
    m("connection token ignores requireExpiry", R, `? [\`auth0.ConnectionScimToken cannot have an expiry`, `? [] : [\`auth0.ConnectionScimToken cannot have an expiry`),
    m("rotation min <= ", R, `if (days < config.minRotateBeforeDays) {`, `if (days <= config.minRotateBeforeDays) {`),
    m("rotation >= lifetime becomes >", R, `if (days >= lifetimeDays) {`, `if (days > lifetimeDays) {`),
    m("withDefaults type check dropped", R, `: typeof value === typeof base[key] && !Array.isArray(value);`, `: true;`),
    m("withDefaults array element check dropped", R, `? Array.isArray(value) && value.every((v) => typeof v === "string")`, `? Array.isArray(value)`),
    // Unknown values
    m("unknown sentinel string dropped", V, `    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",\n`, ``),
    m("unknown Tenant URL reported", R, `    if (isUnknown(baseAddress)) return [];\n    const expected`, `    const expected`),
    m("unknown claim value reported", R, `const bad = claimValues.filter((c) => !isUnknown(c) && !(`, `const bad = claimValues.filter((c) => !(`),
];
