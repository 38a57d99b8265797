/**
 * `npm run ticket -- --stack NAME [--profile-id ID] [--ttl SECONDS] [--organization ORG_ID]`
 * `npm run ticket -- --stack NAME --revoke TICKET_ID`
 *
 * Creates an Auth0 Self-Service SSO ticket for one customer stack: a one-time link that lets the
 * customer's Entra administrator set up (or edit) the stack's waad connection and SCIM provisioning in
 * Auth0's guided flow, with the same SCIM scopes and token lifetime the stack would use. The link is
 * written once, to stdout, and nowhere else: not to a file, not to stderr, not into an error. Everything
 * else (what was done, how to revoke) goes to stderr, so `npm run -s ticket … | pbcopy` carries only
 * the link.
 *
 * Auth0 side: `management.selfServiceProfiles.ssoTicket.create(profileId, body)` and
 * `.revoke(profileId, ticketId)` of the auth0 v7 SDK, under the providers' retry policy, with the
 * credentials the providers use (`auth0:*` config of the stack, else `AUTH0_*` env vars).
 */
import type { Management } from "auth0";
import { TokenProvider } from "auth0";
import { SsoTicketClient } from "auth0/selfServiceProfiles/ssoTicket";
import { type Auth0Credentials, auth0SecretValues, lookupCredentials, requireCredentials } from "../../providers/auth0/managementClient";
import { vendorError } from "../../providers/auth0/auth0Errors";
import { redact } from "../../providers/errors";
import { DEFAULT_RETRY_OPTIONS, retryingFetch, type RetryEvent, type RetryOptions } from "../../providers/retry";
import { Command, Option } from "commander";
import { addStackOptions, runCommand, selectedStacks, UsageError } from "../cli/common";
import type { SecretConfigReader, StackOutputs, StackOutputsReader } from "../handoff/pulumiCli";
import { CONNECTION_ID, readStackConfig, scimScopes, type StackConfig, stackSettings, type StackSettings } from "../handoff/stack";

export const DESCRIPTION = `create an Auth0 Self-Service SSO ticket for the stack's connection and print its one-time URL,
once, to stdout; --revoke revokes a ticket (its id is the value of "ticket=" in the URL)`;

/** Auth0: ttl_sec "Required range: 0 <= x <= 432000" (0 or unset = 432000 s, 5 days). */
export const MAX_TTL_SECONDS = 432_000;
const ORGANIZATION_ID = /^org_[A-Za-z0-9]+$/;
const PROFILE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TICKET_ID = /^[A-Za-z0-9_-]{1,256}$/;
const DAY_SECONDS = 86_400;

export interface TicketDeps {
    /** The directory with Pulumi.yaml and the stack files. */
    readonly projectDir: string;
    readonly env: NodeJS.ProcessEnv;
    /** Receives the ticket URL and nothing else. */
    readonly stdout: (text: string) => void;
    /** Everything else: progress, warnings, errors. */
    readonly stderr: (text: string) => void;
    readonly readOutputs: StackOutputsReader;
    /** Decrypts a `--secret` config value (the real one asks the Pulumi CLI). */
    readonly readSecretConfig: SecretConfigReader;
    /** Tests: the fetch under the retry policy, retry bounds, the SDK's deadline. */
    readonly client?: {
        readonly fetch?: typeof fetch;
        readonly retry?: Omit<RetryOptions, "onRetry">;
        readonly timeoutSeconds?: number;
    };
}

/** The request body for this stack's ticket: pure, so tests and `--help` readers can see it. */
export function ticketRequest(
    settings: StackSettings,
    outputs: StackOutputs | undefined,
    options: { ttlSeconds?: number; organizationId?: string; showAsButton?: boolean },
): Management.CreateSelfServiceProfileSsoTicketRequestContent {
    const connectionId = typeof outputs?.connectionId === "string" && CONNECTION_ID.test(outputs.connectionId) ? outputs.connectionId : undefined;
    const lifetimeSeconds = settings.scimTokenLifetimeDays ? Math.round(settings.scimTokenLifetimeDays * DAY_SECONDS) : undefined;
    return {
        ...(connectionId
            ? { connection_id: connectionId }
            : { connection_config: { name: settings.connectionName, display_name: settings.customerName } }),
        ...(settings.enabledClients.length > 0 ? { enabled_clients: [...settings.enabledClients] } : {}),
        ...(options.organizationId
            ? {
                  // Members by login, as the stack's own OrganizationConnection: what SCIM users and their group roles need.
                  enabled_organizations: [
                      {
                          organization_id: options.organizationId,
                          assign_membership_on_login: true,
                          ...(options.showAsButton !== undefined ? { show_as_button: options.showAsButton } : {}),
                      },
                  ],
              }
            : {}),
        ...(options.ttlSeconds ? { ttl_sec: options.ttlSeconds } : {}),
        provisioning_config: {
            scopes: scimScopes(settings.provisionGroups) as Management.SelfServiceProfileSsoTicketProvisioningScopeEnum[],
            ...(lifetimeSeconds ? { token_lifetime: lifetimeSeconds } : {}),
        },
    };
}

interface TicketOptions {
    stack?: string[];
    stacks?: string[];
    all?: boolean;
    profileId?: string;
    ttl?: string;
    organization?: string;
    revoke?: string;
}

/** The `ticket` subcommand; its action leaves the exit code in `result.code`. */
export function ticketCommand(deps: TicketDeps, result: { code?: number }): Command {
    const command = new Command("ticket").description(DESCRIPTION);
    addStackOptions(command, { qualified: true, description: "the stack that runs the Auth0 side (mode vendor or full)" });
    return command
        .addOption(new Option("--profile-id <id>", "self-service profile id (default: stack output selfServiceProfileId, then config selfServiceProfileId)"))
        .addOption(new Option("--ttl <seconds>", `seconds the link stays valid, 1..${MAX_TTL_SECONDS} (default: Auth0's ${MAX_TTL_SECONDS}, 5 days)`))
        .addOption(
            new Option(
                "--organization <org-id>",
                "an Auth0 organization (org_...) to enable the connection for, members assigned on login (default: the stack output organizationId, when the stack has an organization)",
            ),
        )
        .addOption(new Option("--revoke <ticket-id>", "revoke this ticket (the value of ticket= in the link, or the link itself)"))
        .addHelpText("after", "\nExit codes: 0 done; 1 failed; 2 usage error.\nExamples:\n  auth0-entra-scim ticket --stack fabrikam --ttl 86400\n  auth0-entra-scim ticket --stack fabrikam --revoke TICKET_ID")
        .action(async (options: TicketOptions) => {
            result.code = await ticketAction(options, deps);
        });
}

/** Runs the command; resolves the process exit code (0 done, 1 failed, 2 bad usage). */
export async function runTicket(argv: readonly string[], deps: TicketDeps): Promise<number> {
    const result: { code?: number } = {};
    return runCommand(ticketCommand(deps, result), argv, { stdout: deps.stdout, stderr: deps.stderr }, result);
}

async function ticketAction(options: TicketOptions, deps: TicketDeps): Promise<number> {
    const secrets: string[] = [];
    const say = (line: string) => deps.stderr(`${redact(line, secrets)}\n`);
    try {
        const args = new Map<string, string>();
        for (const [flag, value] of [["profile-id", options.profileId], ["ttl", options.ttl], ["organization", options.organization], ["revoke", options.revoke]] as const) {
            if (value !== undefined) args.set(flag, value);
        }
        const stacks = selectedStacks(options, deps.stderr);
        if (options.all) throw new UsageError("--all: a ticket is for one stack; name it with --stack");
        if (!stacks) throw new UsageError("--stack is required");
        if (stacks.length !== 1) throw new UsageError("--stack: give exactly one stack");
        const [stack] = stacks;
        const revoke = args.get("revoke");
        const ticketId = revoke === undefined ? undefined : ticketIdOf(revoke);
        if (ticketId) secrets.push(ticketId, revoke!);
        if (revoke !== undefined && (args.has("ttl") || args.has("organization"))) {
            throw new UsageError("--revoke takes no --ttl or --organization");
        }
        const ttlSeconds = args.has("ttl") ? parseTtl(args.get("ttl")!) : undefined;
        const organizationId = args.get("organization");
        if (organizationId !== undefined && !ORGANIZATION_ID.test(organizationId)) {
            throw new UsageError("--organization must be an Auth0 organization id (org_ followed by letters and digits)");
        }
        const explicitProfile = args.get("profile-id");
        if (explicitProfile !== undefined && !PROFILE_ID.test(explicitProfile)) {
            throw new UsageError("--profile-id must be a self-service profile id (letters, digits, _ and -)");
        }

        const config = readStackConfig(stack, deps.projectDir);
        const settings = stackSettings(config);
        if (settings.problems.length > 0) {
            throw new Error(`Stack ${stack}'s config has problems:\n${settings.problems.map((p) => `  - ${p}`).join("\n")}`);
        }
        secrets.push(...config.plainSecretValues());
        if (settings.mode === "customer") {
            throw new Error(
                `Stack ${stack} runs the Entra side only (mode customer): a ticket is made from the stack that runs the Auth0 side (mode vendor or full)`,
            );
        }

        // Outputs tell whether the stack has run (connectionId) and may name the profile; a revoke with
        // --profile-id needs neither.
        const needOutputs = !(ticketId && explicitProfile);
        const outputs = needOutputs
            ? await deps.readOutputs(stack).catch((error: Error) => {
                  throw new Error(`Cannot read stack ${stack}'s outputs: ${error.message}`);
              })
            : undefined;
        const profileId = explicitProfile ?? profileIdFrom(outputs) ?? settings.selfServiceProfileId;
        if (!profileId) {
            throw new Error(
                `No self-service profile for stack ${stack}: pass --profile-id, or create one with the SelfServiceProfile ` +
                    "component (stack output selfServiceProfileId), or set config selfServiceProfileId to a shared profile's id",
            );
        }

        const access = await auth0Access(config, deps, secrets);
        let ambiguousRetry = false;
        const client = new SsoTicketClient({
            baseUrl: `https://${access.domain}/api/v2`,
            token: access.token,
            fetch: retryingFetch(deps.client?.fetch ?? globalThis.fetch, {
                ...deps.client?.retry,
                onRetry: (event: RetryEvent) => {
                    if (event.ambiguous) ambiguousRetry = true;
                },
            }),
            maxRetries: 0,
            timeoutInSeconds:
                deps.client?.timeoutSeconds ??
                Math.ceil((deps.client?.retry?.totalTimeoutMs ?? DEFAULT_RETRY_OPTIONS.totalTimeoutMs) / 1000) + 30,
            logging: { silent: true },
        });

        if (ticketId) {
            try {
                await client.revoke(profileId, ticketId);
            } catch (error) {
                throw vendorError(`Auth0 POST /self-service-profiles/${profileId}/sso-ticket/{ticket}/revoke`, error, secrets);
            }
            say(
                `Auth0 accepted the revocation of the ticket (profile ${profileId}). Revocation completes shortly after; ` +
                    "any set-up session already started with the link is ended.",
            );
            return 0;
        }

        // The stack's own organization (config organization), unless another one is named.
        const organization = organizationId ?? organizationIdFrom(outputs);
        const showAsButton = organization ? config.get("auth0-entra-scim:organizationShowAsButton") : undefined;
        const body = ticketRequest(settings, outputs, {
            ttlSeconds,
            organizationId: organization,
            ...(showAsButton === "true" || showAsButton === "false" ? { showAsButton: showAsButton === "true" } : {}),
        });
        let url: string;
        try {
            const answer = await client.create(profileId, body);
            url = typeof answer?.ticket === "string" ? answer.ticket : "";
        } catch (error) {
            throw vendorError(`Auth0 POST /self-service-profiles/${profileId}/sso-ticket`, error, secrets);
        }
        if (!/^https:\/\/\S+$/.test(url)) throw new Error("Auth0 answered the ticket request without a ticket URL");
        secrets.push(url, ...(safeTicketId(url) ? [safeTicketId(url)!] : []));

        deps.stdout(`${url}\n`);
        say(describeTicket(stack, settings, body, profileId));
        warnAboutTarget(settings, body, say);
        if (ambiguousRetry) {
            say(
                "Warning: an attempt failed after it may have reached Auth0, and was retried. If it did, another ticket " +
                    "exists that was never shown; it expires with its TTL and cannot be listed.",
            );
        }
        return 0;
    } catch (error) {
        if (error instanceof UsageError) throw error;
        deps.stderr(`ticket: ${redact((error as Error).message ?? String(error), secrets)}\n`);
        return 1;
    }
}

function parseTtl(text: string): number {
    const ttl = Number(text);
    if (!/^\d+$/.test(text) || !(ttl >= 1 && ttl <= MAX_TTL_SECONDS)) {
        throw new UsageError(`--ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS} (5 days)`);
    }
    return ttl;
}

/** A ticket id, or the id inside a pasted ticket URL (`…/connections-flow?ticket=ID`). */
function ticketIdOf(value: string): string {
    let id = value.trim();
    if (/^https?:\/\//i.test(id)) {
        try {
            id = new URL(id).searchParams.get("ticket") ?? "";
        } catch {
            id = "";
        }
    }
    if (!TICKET_ID.test(id)) throw new UsageError("--revoke needs the ticket id (the value of ticket= in the link) or the link itself");
    return id;
}

function safeTicketId(url: string): string | undefined {
    try {
        return ticketIdOf(url);
    } catch {
        return undefined;
    }
}

function organizationIdFrom(outputs: StackOutputs | undefined): string | undefined {
    const id = outputs?.organizationId;
    return typeof id === "string" && ORGANIZATION_ID.test(id) ? id : undefined;
}

function profileIdFrom(outputs: StackOutputs | undefined): string | undefined {
    const id = outputs?.selfServiceProfileId;
    return typeof id === "string" && PROFILE_ID.test(id) ? id : undefined;
}

/**
 * The Management API domain and a bearer supplier, from the credentials the providers use
 * (providers/auth0/managementClient.ts: `auth0:*` config of the stack, else `AUTH0_*` env vars): an API
 * token as it is, else the M2M client-credentials flow (client secret or private key JWT). `--secret`
 * config is decrypted in memory with the Pulumi CLI and never printed.
 */
async function auth0Access(
    config: StackConfig,
    deps: TicketDeps,
    secrets: string[],
): Promise<{ domain: string; token: () => Promise<string> }> {
    const decrypted = new Map<string, string>();
    for (const key of [...config.entries.keys()].filter((k) => k.startsWith("auth0:") && config.isSecure(k))) {
        const value = await deps.readSecretConfig(config.stack, key).catch(() => undefined);
        if (value) {
            decrypted.set(key, value);
            secrets.push(value);
        }
    }
    const get = (key: string) => config.get(key) ?? decrypted.get(key);
    const found = lookupCredentials({ get, require: (key: string) => get(key) ?? "" }, deps.env);
    secrets.push(...auth0SecretValues(found));

    let credentials: Auth0Credentials;
    try {
        credentials = requireCredentials(found);
    } catch (error) {
        const missing = (error as Error).message.split(". ")[0];
        throw new Error(
            `${missing}. Set them in the stack's config (secrets with --secret; they are decrypted with the Pulumi CLI) ` +
                "or in the environment: a Management API token, or an M2M application allowed create:sso_access_tickets " +
                "(and delete:sso_access_tickets for --revoke).",
        );
    }
    const { domain, apiToken, clientId, clientSecret, clientAssertionPrivateKey, clientAssertionSigningAlg, audience } = credentials;
    if (apiToken) return { domain, token: async () => apiToken };
    const common = {
        domain,
        clientId: clientId!,
        audience: audience || `https://${domain}/api/v2/`,
        fetch: retryingFetch(deps.client?.fetch ?? globalThis.fetch, deps.client?.retry),
    };
    const provider = clientSecret
        ? new TokenProvider({ ...common, clientSecret })
        : new TokenProvider({ ...common, clientAssertionSigningKey: clientAssertionPrivateKey!, clientAssertionSigningAlg: clientAssertionSigningAlg! });
    return {
        domain,
        token: async () => {
            const bearer = await provider.getAccessToken();
            secrets.push(bearer);
            return bearer;
        },
    };
}

function warnAboutTarget(
    settings: StackSettings,
    body: Management.CreateSelfServiceProfileSsoTicketRequestContent,
    say: (line: string) => void,
): void {
    if (body.connection_config) {
        say(
            `The stack has no connectionId output yet, so the guided flow will create connection "${settings.connectionName}". ` +
                "A later `pulumi up` of this stack would try to create a connection of the same name: import it first " +
                "(pulumi import auth0:index/connection:Connection …) or run the stack in customer mode.",
        );
    } else if (settings.mode === "full") {
        say(
            "This stack (mode full) already configures the Entra side. What the administrator changes in the guided flow " +
                "on this connection is drift: the next `pulumi up` puts the stack's values back.",
        );
    }
}

function describeTicket(
    stack: string,
    settings: StackSettings,
    body: Management.CreateSelfServiceProfileSsoTicketRequestContent,
    profileId: string,
): string {
    const target = body.connection_id ? `connection ${body.connection_id}` : `new connection "${settings.connectionName}"`;
    const lifetime = body.provisioning_config?.token_lifetime
        ? `SCIM tokens valid ${settings.scimTokenLifetimeDays} days`
        : "SCIM tokens that never expire";
    const ttl = body.ttl_sec ? `${body.ttl_sec} s` : "5 days (Auth0's default)";
    const organization = body.enabled_organizations?.[0]?.organization_id;
    return [
        `Self-service SSO ticket for ${settings.customerName} (stack ${stack}, profile ${profileId}): ${target}, ` +
            (organization ? `enabled on organization ${organization} with membership on login, ` : "") +
            `scopes ${body.provisioning_config?.scopes?.join(" ")}, ${lifetime}; the link is valid for ${ttl}.`,
        "The link above is shown once: send it only to the customer's Entra administrator, over a channel only they read.",
        `To revoke it: npm run -s ticket -- --stack ${stack} --profile-id ${profileId} --revoke <the value of ticket= in the link>`,
    ].join("\n");
}
