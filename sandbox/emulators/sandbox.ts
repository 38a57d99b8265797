/**
 * The sandbox's two tenants, side by side: an Auth0 tenant (Management API, the inbound SCIM endpoint,
 * self-service SSO) and an Entra tenant (sign-in, Graph, provisioning jobs), both on 127.0.0.1 over TLS.
 * The Entra directory is seeded with the users and groups the stack file assigns, so that a
 * provisioning cycle has someone to send. What the engine needs to reach them (environment and stack
 * config) comes with them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { CONFIG_NAMESPACE } from "../../components/config";
import { PROJECT_ROOT } from "../engine";
import type { SandboxSummary } from "../summary";
import type { SandboxTls } from "../tls";
import { startAuth0TenantEmulator, type Auth0TenantEmulator } from "./auth0Tenant";
import { startGraphEmulator, type GraphEmulator } from "./graph";
import { runProvisioningCycle, type CycleSummary } from "./provisioningCycle";

/** Moves the wall clock of every Node process the engine starts (see sandbox/clockShift.js). */
export const CLOCK_OFFSET_ENV = "AUTH0_ENTRA_SCIM_SANDBOX_CLOCK_OFFSET_MS";

export interface SandboxEmulators {
    readonly auth0: Auth0TenantEmulator;
    readonly graph: GraphEmulator;
    /** The engine's environment: credentials for both vendors, their endpoints, the CA to trust. */
    readonly env: Record<string, string>;
    /** Stack config that points the program at the emulators (`auth0:domain`, `azuread:tenantId`). */
    readonly config: Record<string, unknown>;
    /** One cycle of Entra's provisioning service for the started job. */
    provisioningCycle(): Promise<CycleSummary>;
    /** Moves Auth0's clock, and the providers' (through `env`, for the next stack opened), forward. */
    advanceClock(ms: number): void;
    summary(): SandboxSummary;
    close(): Promise<void>;
}

export interface SandboxEmulatorsOptions {
    readonly tls: SandboxTls;
    /** The stack file whose assigned users and groups are seeded into the Entra directory. */
    readonly stackFile: string;
}

const DEPLOY_CLIENT = { id: "5b0c3a4e-0000-4000-8000-5a4db0c5e001", secret: "sandbox-deploy-secret-not-a-real-credential" };

function stackConfig(stackFile: string): Record<string, unknown> {
    return ((yaml.load(fs.readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | undefined)?.config ?? {}) as Record<string, unknown>;
}

export async function startSandboxEmulators(options: SandboxEmulatorsOptions): Promise<SandboxEmulators> {
    const config = stackConfig(options.stackFile);
    const tenantId = typeof config["azuread:tenantId"] === "string" ? (config["azuread:tenantId"] as string) : undefined;
    const tls = { key: options.tls.key, cert: options.tls.cert };
    const auth0 = await startAuth0TenantEmulator({ tls, tenantName: "sandbox" });
    const graph = await startGraphEmulator({ tls, tenantId, client: DEPLOY_CLIENT, testSavedCredentials: (saved) => auth0AcceptsSaved(auth0, saved) });
    seedDirectory(graph, config);
    let clockOffsetMs = 0;

    const env = (): Record<string, string> => ({
        NODE_EXTRA_CA_CERTS: options.tls.certPath,
        NODE_OPTIONS: `--require ${path.join(PROJECT_ROOT, "sandbox", "clockShift.js")}`,
        [CLOCK_OFFSET_ENV]: String(clockOffsetMs),
        AUTH0_DOMAIN: auth0.domain,
        AUTH0_API_TOKEN: auth0.bearer,
        ARM_METADATA_HOSTNAME: graph.metadataHost,
        ARM_TENANT_ID: graph.tenantId,
        ARM_CLIENT_ID: DEPLOY_CLIENT.id,
        ARM_CLIENT_SECRET: DEPLOY_CLIENT.secret,
        ARM_USE_CLI: "false",
    });

    return {
        auth0,
        graph,
        get env() {
            return env();
        },
        config: { "auth0:domain": auth0.domain, "auth0:clientId": undefined, "azuread:tenantId": graph.tenantId },
        provisioningCycle: () => runProvisioningCycle(graph),
        advanceClock(ms) {
            clockOffsetMs += ms;
            auth0.advanceClock(ms);
        },
        summary: () => summarise(auth0, graph),
        async close() {
            await Promise.all([auth0.close(), graph.close()]);
        },
    };
}

/**
 * Entra's "Test connection" against the Auth0 emulator: the saved Tenant URL names a connection, the
 * saved token must be one of its live tokens, and, as any accepted SCIM request does, its use is recorded.
 */
function auth0AcceptsSaved(auth0: Auth0TenantEmulator, saved: Readonly<Record<string, string>>): boolean {
    const connectionId = /\/scim\/v2\/connections\/([^/?]+)/.exec(saved.BaseAddress ?? "")?.[1];
    const token = connectionId ? auth0.tokens(decodeURIComponent(connectionId)).find((t) => t.token === saved.SecretToken) : undefined;
    if (!token || (token.valid_until !== undefined && Date.parse(token.valid_until) <= auth0.now().getTime())) return false;
    token.last_used_at = auth0.now().toISOString();
    return true;
}

/** Users and groups for the object ids the stack assigns, with names a reader can follow. */
function seedDirectory(graph: GraphEmulator, config: Record<string, unknown>): void {
    const list = (key: string) => (Array.isArray(config[`${CONFIG_NAMESPACE}:${key}`]) ? (config[`${CONFIG_NAMESPACE}:${key}`] as string[]) : []);
    const domain = typeof config[`${CONFIG_NAMESPACE}:entraTenantDomain`] === "string" ? (config[`${CONFIG_NAMESPACE}:entraTenantDomain`] as string) : "contoso.onmicrosoft.com";
    const users = list("assignedUsers").map((id, i) =>
        graph.seedUser({ id, userPrincipalName: `user${i + 1}@${domain}`, mail: `user${i + 1}@${domain}`, mailNickname: `user${i + 1}`, displayName: `Sandbox User ${i + 1}` }),
    );
    const member = graph.seedUser({ userPrincipalName: `groupmember@${domain}`, mail: `groupmember@${domain}`, mailNickname: "groupmember", displayName: "Sandbox Group Member" });
    list("assignedGroups").forEach((id, i) =>
        graph.seedGroup({ id, displayName: `Sandbox Group ${i + 1}`, mailNickname: `group${i + 1}`, members: [member.id, ...users.slice(0, 1).map((u) => u.id)] }),
    );
}

function summarise(auth0: Auth0TenantEmulator, graph: GraphEmulator): SandboxSummary {
    const connections = auth0.connections();
    const provisioningSps = graph.servicePrincipals().filter((sp) => graph.jobs(sp.id).length > 0);
    return {
        auth0: {
            connections: connections.map((c) => ({
                id: c.id,
                name: c.name,
                strategy: c.strategy,
                userIdAttribute: typeof c.options.userid_attribute === "string" ? c.options.userid_attribute : undefined,
                scim: auth0.scimConfiguration(c.id) !== undefined,
            })),
            tokens: connections.flatMap((c) =>
                auth0.tokens(c.id).map((t) => ({ connectionId: c.id, tokenId: t.token_id, scopes: [...t.scopes], validUntil: t.valid_until, lastUsedAt: t.last_used_at })),
            ),
            users: connections.flatMap((c) =>
                auth0.scimUsers(c.id).map((u) => ({
                    connectionId: c.id,
                    userName: String(u.userName ?? ""),
                    externalId: u.externalId,
                    email: (u.emails as Array<{ value?: string }> | undefined)?.[0]?.value,
                    active: typeof u.active === "boolean" ? u.active : undefined,
                })),
            ),
            groups: connections.flatMap((c) =>
                auth0.scimGroups(c.id).map((g) => ({
                    connectionId: c.id,
                    displayName: String(g.displayName ?? ""),
                    externalId: g.externalId,
                    members: Array.isArray(g.members) ? g.members.length : 0,
                })),
            ),
        },
        entra: {
            jobs: provisioningSps.flatMap((sp) =>
                graph.jobs(sp.id).map((job) => ({
                    servicePrincipalId: sp.id,
                    jobId: job.id ?? "",
                    status: job.status?.code ?? "unknown",
                    lastExecution: job.status?.lastExecution?.state ?? undefined,
                    tenantUrl: graph.secrets(sp.id)?.BaseAddress,
                })),
            ),
            assigned: provisioningSps.flatMap((sp) =>
                graph.assignments(sp.id).map((a) => ({ servicePrincipalId: sp.id, principalId: String(a.principalId), kind: String(a.principalType ?? "") })),
            ),
        },
    };
}
