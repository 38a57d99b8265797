/**
 * `npm run ticket`: the real auth0 v7 SDK against a loopback emulator of Auth0's self-service SSO
 * endpoints. The stack is a temporary project directory; outputs and secret config come from fakes.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runTicket, type TicketDeps } from "../../tools/ticket/ticket";
import type { StackOutputs } from "../../tools/handoff/pulumiCli";
import { type SelfServiceEmulator, startSelfServiceEmulator } from "../../sandbox/emulators/auth0SelfService";

const DOMAIN = "acme.us.auth0.com";
const CLIENT_ID = "m2m-client-id";
const CLIENT_SECRET = "m2m-client-secret-value-7f3a";
const PROFILE = "ssp_mCRbWyWcT7UZ5SoMXqLULB";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const APP_CLIENT = "kR3nX8vQ1wE5tY7uI9oP2aS4dF6gH0jL";

const PROJECT_YAML = `name: auth0-entra-scim
runtime: nodejs
config:
  customerName: { type: string, default: "" }
  connectionName: { type: string, default: "" }
  enabledClients: { type: array, items: { type: string }, default: [] }
  provisionGroups: { type: boolean, default: false }
  scimTokenLifetimeDays: { type: integer, default: 0 }
`;

function project(stackYaml: string, stack = "contoso"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ticket-test-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROJECT_YAML);
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackYaml);
    return dir;
}

const CONTOSO = `config:
  auth0:domain: ${DOMAIN}
  auth0:clientId: ${CLIENT_ID}
  auth0:clientSecret:
    secure: v1:AAAAencryptedAAAA
  auth0-entra-scim:customerName: contoso
  auth0-entra-scim:enabledClients:
    - ${APP_CLIENT}
  auth0-entra-scim:provisionGroups: "true"
  auth0-entra-scim:scimTokenLifetimeDays: "365"
`;

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    secretReads: string[];
}

describe("npm run ticket", () => {
    let emulator: SelfServiceEmulator;
    let dirs: string[] = [];
    beforeEach(async () => {
        emulator = await startSelfServiceEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, domain: DOMAIN });
    });
    afterEach(async () => {
        await emulator.close();
        for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
        dirs = [];
    });

    async function ticket(
        argv: string[],
        options: { stackYaml?: string; outputs?: StackOutputs | Error; env?: NodeJS.ProcessEnv; projectDir?: string } = {},
    ): Promise<Run & { projectDir: string }> {
        const projectDir = options.projectDir ?? project(options.stackYaml ?? CONTOSO);
        dirs.push(projectDir);
        let stdout = "";
        let stderr = "";
        const secretReads: string[] = [];
        const deps: TicketDeps = {
            projectDir,
            env: options.env ?? {},
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
            readOutputs: async () => {
                if (options.outputs instanceof Error) throw options.outputs;
                return options.outputs;
            },
            readSecretConfig: async (_stack, key) => {
                secretReads.push(key);
                return key === "auth0:clientSecret" ? CLIENT_SECRET : undefined;
            },
            client: {
                fetch: (input, init) => fetch(String(input).replace(`https://${DOMAIN}`, emulator.url), init),
                retry: { maxAttempts: 2, baseDelayMs: 1 },
                timeoutSeconds: 5,
            },
        };
        const code = await runTicket(argv, deps);
        return { code, stdout, stderr, secretReads, projectDir };
    }

    const ran = { connectionId: CONNECTION, selfServiceProfileId: PROFILE, scimToken: "[secret]" };

    it("creates the ticket for the stack's connection with the seed's scopes, the token lifetime, clients, organization and TTL", async () => {
        const run = await ticket(["--stack", "contoso", "--ttl", "3600", "--organization", "org_abc123"], { outputs: ran });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(emulator.calls(), ["POST /oauth/token", `POST /api/v2/self-service-profiles/${PROFILE}/sso-ticket`]);
        assert.deepEqual(JSON.parse(emulator.requests[1].body), {
            connection_id: CONNECTION,
            enabled_clients: [APP_CLIENT],
            enabled_organizations: [{ organization_id: "org_abc123", assign_membership_on_login: true }],
            ttl_sec: 3600,
            provisioning_config: {
                scopes: ["get:users", "post:users", "patch:users", "delete:users", "get:groups", "post:groups", "patch:groups", "delete:groups"],
                token_lifetime: 365 * 86400,
            },
        });
        // The M2M secret was decrypted through the (fake) CLI, in memory.
        assert.deepEqual(run.secretReads, ["auth0:clientSecret"]);
        assert.equal(new URLSearchParams(emulator.requests[0].body).get("client_secret"), CLIENT_SECRET);
    });

    it("issue 16: binds the ticket to the stack's own organization (output organizationId), with its button setting and the group scopes", async () => {
        const stackYaml = `${CONTOSO}  auth0-entra-scim:organization: "true"\n  auth0-entra-scim:organizationShowAsButton: "false"\n`;
        const run = await ticket(["--stack", "contoso"], { stackYaml, outputs: { ...ran, organizationId: "org_contoso123" } });
        assert.equal(run.code, 0, run.stderr);
        const body = JSON.parse(emulator.requests[1].body);
        assert.deepEqual(body.enabled_organizations, [{ organization_id: "org_contoso123", assign_membership_on_login: true, show_as_button: false }]);
        assert.ok(body.provisioning_config.scopes.includes("get:groups"), "groups are provisioned: the group scopes are asked for");
        assert.match(run.stderr, /enabled on organization org_contoso123 with membership on login/);
        // A named organization wins over the stack's.
        const named = await ticket(["--stack", "contoso", "--organization", "org_other456"], { outputs: { ...ran, organizationId: "org_contoso123" } });
        assert.equal(named.code, 0, named.stderr);
        assert.equal(JSON.parse(emulator.requests.at(-1)!.body).enabled_organizations[0].organization_id, "org_other456");
    });

    it("prints the one-time URL once, to stdout only, and writes no file", async () => {
        const projectDir = project(CONTOSO);
        const before = fs.readdirSync(projectDir).sort();
        const run = await ticket(["--stack", "contoso"], { outputs: ran, projectDir });
        assert.equal(run.code, 0, run.stderr);
        const [issued] = emulator.tickets;
        assert.equal(run.stdout, `${issued.url}\n`);
        assert.match(issued.url, /^https:\/\/acme\.us\.auth0\.com\/self-service\/connections-flow\?ticket=[A-Za-z0-9]{32}$/);
        assert.ok(!run.stderr.includes(issued.id), "stderr must not carry the ticket id");
        assert.match(run.stderr, /shown once/);
        assert.match(run.stderr, /--revoke <the value of ticket= in the link>/);
        assert.deepEqual(fs.readdirSync(projectDir).sort(), before);
    });

    it("before the first pulumi up, asks Auth0's flow to create the stack's connection, without the groups scopes or a lifetime the stack does not set", async () => {
        const stackYaml = `config:
  auth0:domain: ${DOMAIN}
  auth0:clientId: ${CLIENT_ID}
  auth0:clientSecret:
    secure: v1:AAAAencryptedAAAA
  auth0-entra-scim:customerName: fabrikam
`;
        const run = await ticket(["--stack", "contoso", "--profile-id", PROFILE], { stackYaml, outputs: undefined });
        assert.equal(run.code, 0, run.stderr);
        const body = JSON.parse(emulator.requests[1].body);
        assert.deepEqual(body, {
            // components/config.ts: the connection is named after the stack ("<stack>-entra").
            connection_config: { name: "contoso-entra", display_name: "fabrikam" },
            provisioning_config: { scopes: ["get:users", "post:users", "patch:users", "delete:users"] },
        });
        assert.match(run.stderr, /no connectionId output yet.*"contoso-entra"/s);
    });

    it("uses a Management API token from AUTH0_API_TOKEN, or a --secret auth0:apiToken, without the client-credentials exchange", async () => {
        const stackYaml = `config:\n  auth0:domain: ${DOMAIN}\n  auth0-entra-scim:customerName: contoso\n`;
        const run = await ticket(["--stack", "contoso"], { stackYaml, outputs: ran, env: { AUTH0_API_TOKEN: emulator.bearer } });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(emulator.calls(), [`POST /api/v2/self-service-profiles/${PROFILE}/sso-ticket`]);

        emulator.reset();
        const secured = `${stackYaml}  auth0:apiToken:\n    secure: v1:AAAAapiTokenAAAA\n`;
        const projectDir = project(secured);
        dirs.push(projectDir);
        let stderr = "";
        const code = await runTicket(["--stack", "contoso"], {
            projectDir,
            env: {},
            stdout: () => undefined,
            stderr: (t) => (stderr += t),
            readOutputs: async () => ran,
            readSecretConfig: async (_stack, key) => (key === "auth0:apiToken" ? emulator.bearer : undefined),
            client: { fetch: (input, init) => fetch(String(input).replace(`https://${DOMAIN}`, emulator.url), init), retry: { maxAttempts: 1 } },
        });
        assert.equal(code, 0, stderr);
        assert.deepEqual(emulator.calls(), [`POST /api/v2/self-service-profiles/${PROFILE}/sso-ticket`]);
    });

    it("revokes a ticket by id or by its link, printing nothing to stdout and not echoing the id", async () => {
        const created = await ticket(["--stack", "contoso"], { outputs: ran });
        const { id, url } = emulator.tickets[0];
        emulator.reset();

        const byId = await ticket(["--stack", "contoso", "--revoke", id], { outputs: ran });
        assert.equal(byId.code, 0, byId.stderr);
        assert.deepEqual(emulator.calls(), ["POST /oauth/token", `POST /api/v2/self-service-profiles/${PROFILE}/sso-ticket/${id}/revoke`]);
        assert.equal(emulator.tickets[0].revoked, true);
        assert.equal(byId.stdout, "");
        assert.ok(!byId.stderr.includes(id));
        assert.match(byId.stderr, /accepted the revocation/);

        const byUrl = await ticket(["--stack", "contoso", "--profile-id", PROFILE, `--revoke=${url}`], { outputs: new Error("not needed") });
        assert.equal(byUrl.code, 0, byUrl.stderr);
        assert.deepEqual(emulator.revocations, [id, id]);
        assert.ok(!byUrl.stderr.includes(id) && !created.stderr.includes(id));
    });

    it("reports Auth0's error with the call and status, never the client secret, the bearer or a ticket", async () => {
        emulator.inject({
            pathIncludes: "/sso-ticket",
            response: {
                status: 400,
                body: { statusCode: 400, error: "Bad Request", message: `rejected ${CLIENT_SECRET} for Bearer ${emulator.bearer}`, errorCode: "invalid_body" },
            },
        });
        const run = await ticket(["--stack", "contoso"], { outputs: ran });
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, new RegExp(`Auth0 POST /self-service-profiles/${PROFILE}/sso-ticket failed \\(HTTP 400\\): rejected \\[redacted\\] for Bearer \\[redacted\\] \\(invalid_body\\)`));
        assert.ok(!run.stderr.includes(CLIENT_SECRET) && !run.stderr.includes(emulator.bearer));
    });

    it("reports a refused token request readably, without the secret", async () => {
        emulator.inject({
            pathIncludes: "/oauth/token",
            response: { status: 401, body: { error: "access_denied", error_description: `Unknown client secret ${CLIENT_SECRET}` } },
        });
        const run = await ticket(["--stack", "contoso"], { outputs: ran });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /HTTP 401/);
        assert.match(run.stderr, /Unknown client secret \[redacted\]/);
        assert.ok(!run.stderr.includes(CLIENT_SECRET));
    });

    it("the emulator refuses a body with both connection_id and connection_config, or neither", async () => {
        for (const body of [{ connection_id: CONNECTION, connection_config: { name: "x" } }, {}]) {
            const response = await fetch(`${emulator.url}/api/v2/self-service-profiles/${PROFILE}/sso-ticket`, {
                method: "POST",
                headers: { authorization: `Bearer ${emulator.bearer}`, "content-type": "application/json" },
                body: JSON.stringify(body),
            });
            assert.equal(response.status, 400);
            assert.equal(((await response.json()) as { errorCode: string }).errorCode, "invalid_body");
        }
        assert.equal(emulator.tickets.length, 0);
    });

    it("fails clearly when outputs cannot be read, when no profile is known, and on bad flags", async () => {
        const noCli = await ticket(["--stack", "contoso"], { outputs: new Error("The Pulumi CLI (pulumi) is not on PATH") });
        assert.equal(noCli.code, 1);
        assert.match(noCli.stderr, /Cannot read stack contoso's outputs: The Pulumi CLI \(pulumi\) is not on PATH/);

        const noProfile = await ticket(["--stack", "contoso"], { outputs: { connectionId: CONNECTION } });
        assert.equal(noProfile.code, 1);
        assert.match(noProfile.stderr, /No self-service profile for stack contoso: pass --profile-id/);

        const badTtl = await ticket(["--stack", "contoso", "--ttl", "500000"], { outputs: ran });
        assert.equal(badTtl.code, 2);
        assert.match(badTtl.stderr, /--ttl must be a whole number of seconds from 1 to 432000/);

        const missingStack = await ticket(["--stack", "nope"], { outputs: ran });
        assert.equal(missingStack.code, 1);
        assert.match(missingStack.stderr, /No stack file Pulumi\.nope\.yaml/);

        const customerSide = await ticket(["--stack", "contoso"], { stackYaml: "config:\n  auth0-entra-scim:mode: customer\n", outputs: ran });
        assert.equal(customerSide.code, 1);
        assert.match(customerSide.stderr, /runs the Entra side only \(mode customer\)/);

        const noCredentials = await ticket(["--stack", "contoso"], { stackYaml: "config:\n  auth0-entra-scim:customerName: contoso\n", outputs: ran });
        assert.equal(noCredentials.code, 1);
        assert.match(noCredentials.stderr, /auth0:domain \(or env AUTH0_DOMAIN\).*create:sso_access_tickets/s);
        assert.equal(emulator.requests.length, 0);
    });
});
