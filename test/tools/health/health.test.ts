/**
 * `fleet health` against the loopback emulators: Graph's synchronization job (test/emulators/graph.ts)
 * through the real Graph SDK client, and Auth0's SCIM endpoint (test/emulators/auth0Scim.ts) through
 * retryingFetch. A fixed clock decides the token's expiry on both sides.
 */
import * as assert from "node:assert/strict";
import type { TokenCredential } from "@azure/identity";
import type { SynchronizationJob } from "@microsoft/microsoft-graph-types";
import { createGraphClient } from "../../../providers/entra/graphClient";
import { retryingFetch } from "../../../providers/retry";
import type { StackConfig, StackOperations, StackOutputs } from "../../../tools/fleet/operations";
import { runFleet, type FleetReport } from "../../../tools/fleet/runner";
import { checkHealth, restartCommand, type Finding, type HealthClients, type HealthReport } from "../../../tools/health/health";
import { renderHealth } from "../../../tools/health/report";
import { startAuth0ScimEmulator, type Auth0ScimEmulator } from "../../../sandbox/emulators/auth0Scim";
import { startGraphEmulator, type GraphEmulator } from "../../../sandbox/emulators/graph";

const NOW = new Date("2025-06-01T12:00:00Z");
const GRAPH_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fleet-health-graph-token.sig";
const SP = "5f1b7a0e-3c2d-4e8f-9a6b-1c2d3e4f5a6b";
const JOB = "scim.7c6e1d3f0a2b4c5d8e9f00112233aabb.5f1b7a0e-3c2d-4e8f-9a6b-1c2d3e4f5a6b";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const SCIM_TOKEN = "tok_Q1w2E3r4T5y6U7i8.9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4";
const CLIENT_SECRET = "Xy7~Qm2.AzureClientSecretValue_0099";
const SCOPES = ["get:users", "post:users", "patch:users", "delete:users"];

/** A job that ran fine: Active, last cycle Succeeded, users synchronized. Field names as in Graph's examples. */
const healthyJob: Partial<SynchronizationJob> = {
    templateId: "scim",
    schedule: { expiration: null, interval: "PT40M", state: "Active" },
    status: {
        code: "Active",
        countSuccessiveCompleteFailures: 0,
        escrowsPruned: false,
        lastExecution: {
            activityIdentifier: "7a0c2d3e-1b4f-4c5d-9e8f-0a1b2c3d4e5f",
            countEntitled: 2,
            countEntitledForProvisioning: 2,
            countEscrowed: 0,
            countEscrowedRaw: 0,
            countExported: 2,
            countExports: 2,
            countImported: 2,
            countImportedDeltas: 2,
            countImportedReferenceDeltas: 0,
            state: "Succeeded",
            timeBegan: "2025-06-01T11:20:00Z",
            timeEnded: "2025-06-01T11:21:30Z",
            error: null,
        },
        lastSuccessfulExecution: { state: "Succeeded", timeBegan: "2025-06-01T11:20:00Z", timeEnded: "2025-06-01T11:21:30Z" },
        quarantine: null,
        synchronizedEntryCountByType: [{ key: "user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", value: 2 }],
        progress: [],
    },
};

/** graph-sync-job-get-quarantine-awssso.json's status, on our job. */
const quarantinedStatus = {
    code: "Quarantine" as const,
    countSuccessiveCompleteFailures: 1,
    escrowsPruned: false,
    lastSuccessfulExecution: null,
    lastExecution: {
        activityIdentifier: "c3173f7b-9e67-4759-828c-cb499967be57",
        countEntitled: 0,
        countEntitledForProvisioning: 0,
        countEscrowed: 0,
        countEscrowedRaw: 0,
        countExported: 0,
        countExports: 0,
        countImported: 0,
        countImportedDeltas: 0,
        countImportedReferenceDeltas: 0,
        state: "Failed" as const,
        timeBegan: "2025-05-31T21:45:53.6330529Z",
        timeEnded: "2025-05-31T21:45:54.5581273Z",
        error: {
            code: "SystemForCrossDomainIdentityManagementInvalidCredentials",
            message: "Please provide a valid tenant URL for your application.",
            tenantActionable: true,
        },
    },
    quarantine: {
        currentBegan: "2025-05-31T21:45:54.4981365Z",
        nextAttempt: "2025-06-01T21:45:54.4981365Z",
        reason: "EncounteredQuarantineException" as const,
        seriesBegan: "2025-05-30T21:45:54.4981365Z",
        seriesCount: 3,
        error: {
            code: "SystemForCrossDomainIdentityManagementInvalidCredentials",
            message: "Please provide a valid tenant URL for your application.",
            tenantActionable: true,
        },
    },
    synchronizedEntryCountByType: [],
};

const fakeCredential: TokenCredential = {
    getToken: async () => ({ token: GRAPH_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const out = (value: unknown, secret = false) => ({ value, secret });

/**
 * The `pulumi config set` commands the real CLI may refuse: under a key whose name contains "token"
 * (or "secret", "password", …) it takes a value of enough entropy for a secret ("looks like a secret;
 * rerun with --secret … or --plaintext"), which a date is (checked with the CLI v3.248.0).
 */
function refusedByPulumi(commands: readonly string[]): string[] {
    return commands.filter((c) => {
        const m = /^pulumi config set\b(.*)$/.exec(c);
        if (!m || /\s--(secret|plaintext)\b/.test(m[1])) return false;
        const key = m[1].split(/\s+/).find((w) => w !== "" && !w.startsWith("-") && w.includes(":")) ?? "";
        return /token|secret|passw|passphrase/i.test(key);
    });
}

describe("fleet health", () => {
    let graph: GraphEmulator;
    let scim: Auth0ScimEmulator;
    let clients: HealthClients;

    before(async () => {
        graph = await startGraphEmulator(GRAPH_TOKEN);
        scim = await startAuth0ScimEmulator({ now: () => NOW });
        const retry = { maxAttempts: 2, baseDelayMs: 1, sleep: async () => undefined };
        clients = {
            graph: createGraphClient({ baseUrl: graph.url, credential: fakeCredential, retry }),
            fetch: retryingFetch(fetch, retry),
            now: () => NOW,
        };
    });
    after(async () => {
        await graph.close();
        await scim.close();
    });
    beforeEach(() => {
        graph.reset();
        scim.reset();
        graph.addJob(SP, JOB, healthyJob);
        graph.setCredentialsValid(SP, JOB, true);
        scim.issueToken(SCIM_TOKEN, { connectionId: CONNECTION, scopes: SCOPES, validUntil: "2025-12-01T00:00:00Z" });
        scim.addUsers(CONNECTION, { id: "u1", userName: "adele@contoso.com" }, { id: "u2", userName: "alex@contoso.com" });
    });

    function outputs(validUntil: string | undefined = "2025-12-01T00:00:00Z"): StackOutputs {
        return {
            provisioningServicePrincipalId: out(SP),
            provisioningJobId: out(JOB),
            scimEndpointUrl: out(scim.endpointUrl(CONNECTION)),
            tenantUrl: out(`${scim.endpointUrl(CONNECTION)}?aadOptscim062020`),
            scimToken: out(SCIM_TOKEN, true),
            ...(validUntil ? { scimTokenValidUntil: out(validUntil) } : {}),
        };
    }
    const config: StackConfig = {
        "azuread:tenantId": { value: "72f988bf-86f1-41af-91ab-2d7cd011db47", secret: false },
        "azuread:clientSecret": { value: CLIENT_SECRET, secret: true },
        "auth0-entra-scim:customerName": { value: "contoso", secret: false },
    };

    /** The fleet over one or more stacks whose outputs point at the emulators, health checked with emulator clients. */
    async function fleetHealth(stacks: Record<string, StackOutputs | Error>, configs: Record<string, StackConfig> = {}, healthClients: () => HealthClients = () => clients) {
        const ops: StackOperations = {
            preview: () => Promise.reject(new Error("not used")),
            up: () => Promise.reject(new Error("not used")),
            refresh: () => Promise.reject(new Error("not used")),
            outputs: async (stack) => {
                const outputs = stacks[stack];
                if (outputs instanceof Error) throw outputs;
                return outputs;
            },
            config: async (stack) => configs[stack] ?? config,
        };
        let text = "";
        let file = "";
        const report = await runFleet(
            { command: "health", stacks: Object.keys(stacks), concurrency: 4, projectDir: "/p", reportFile: "health.json" },
            {
                ops,
                out: { write: (t: string) => (text += t) },
                now: () => NOW,
                health: (input) => checkHealth(input, healthClients()),
                writeFile: async (_f, t) => {
                    file = t;
                },
            },
        );
        return { report, text, file };
    }

    const bySeverity = (report: HealthReport, severity: Finding["severity"]) => report.findings.filter((f) => f.severity === severity);
    const finding = (report: HealthReport, check: Finding["check"]) => report.findings.filter((f) => f.check === check);

    it("a healthy customer: job Active, credentials valid, token far from expiry, Auth0 answers; exit 0", async () => {
        const report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        assert.equal(report.healthy, true);
        assert.deepEqual(bySeverity(report, "error"), []);
        assert.deepEqual(bySeverity(report, "warning"), []);
        assert.deepEqual(
            report.findings.map((f) => [f.check, f.severity]),
            [["job", "ok"], ["last cycle", "ok"], ["provisioned", "ok"], ["credentials", "ok"], ["token", "ok"], ["scim", "ok"]],
        );
        assert.match(finding(report, "job")[0].finding, /Active, a cycle every 40 min/);
        assert.match(finding(report, "token")[0].finding, /expires 2025-12-01T00:00:00Z, in 182 day\(s\)/);
        assert.match(finding(report, "scim")[0].finding, /the connection holds 2 SCIM user\(s\)/);
        assert.equal(report.scimUsers, 2);
        assert.equal(report.jobStatus?.code, "Active");

        // What was asked, and how.
        assert.deepEqual(graph.calls().sort(), [
            `GET /v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}`,
            `POST /v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}/validateCredentials`,
        ]);
        const validate = graph.requests.find((r) => r.path.endsWith("/validateCredentials"))!;
        assert.deepEqual(JSON.parse(validate.body), { useSavedCredentials: true });
        assert.deepEqual(scim.calls().sort(), [
            `GET /scim/v2/connections/${CONNECTION}/ServiceProviderConfig`,
            `GET /scim/v2/connections/${CONNECTION}/Users`,
        ]);
        assert.ok(scim.requests.some((r) => r.path === `/scim/v2/connections/${CONNECTION}/Users?count=1`));
        assert.ok(scim.requests.every((r) => r.headers.authorization === `Bearer ${SCIM_TOKEN}`));

        const { report: fleet, text } = await fleetHealth({ contoso: outputs() });
        assert.equal(fleet.exitCode, 0);
        assert.equal(fleet.stacks[0].health, "healthy");
        assert.match(text, /STACK\s+RESULT\s+DURATION\s+TOKEN EXPIRES\s+HEALTH\n.*\ncontoso\s+ok\s+0s\s+182d\s+healthy/);
        assert.match(text, /Healthy, every check ok: contoso/);
        assert.doesNotMatch(text, /CHECK/, "no table when there is nothing to do");
    });

    it("a quarantined job: the quarantine and its cause, restart with resetScope as the fix; exit 1", async () => {
        graph.patchJob(SP, JOB, { status: quarantinedStatus });
        const report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        assert.equal(report.healthy, false);
        const [job] = finding(report, "job");
        assert.equal(job.severity, "error");
        assert.equal(
            job.finding,
            "Quarantine (EncounteredQuarantineException) since 2025-05-31T21:45:54.4981365Z, series 3, " +
                "next attempt 2025-06-01T21:45:54.4981365Z; SystemForCrossDomainIdentityManagementInvalidCredentials: " +
                "Please provide a valid tenant URL for your application.",
        );
        const restart = restartCommand(SP, JOB);
        assert.equal(
            restart,
            `az rest --method post --url 'https://graph.microsoft.com/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}/restart' ` +
                `--body '{"criteria":{"resetScope":"QuarantineState"}}'`,
        );
        assert.equal(job.action, "fix the credentials first (see the credentials and token rows), then restart the job with resetScope QuarantineState");
        assert.deepEqual(job.commands, [restart]);
        // The failed cycle is shown too, as the quarantine's cause; not a second error.
        const [last] = finding(report, "last cycle");
        assert.equal(last.severity, "warning");
        assert.match(last.finding, /failed at 2025-05-31T21:45:54.5581273Z: SystemForCrossDomainIdentityManagementInvalidCredentials.*\(the quarantine's cause\)/);
        assert.equal(report.jobStatus?.quarantine?.reason, "EncounteredQuarantineException");

        const { report: fleet, text } = await fleetHealth({ contoso: outputs() });
        assert.equal(fleet.exitCode, 1);
        assert.equal(fleet.stacks[0].health, "unhealthy");
        assert.equal(fleet.stacks[0].result, "succeeded", "the check ran; the customer is unhealthy");
        assert.match(text, /contoso: UNHEALTHY/);
        assert.match(text, /job\s+ERROR\s+Quarantine \(EncounteredQuarantineException\)/);
        assert.match(text, /job\s+ERROR.*\n(.*\n)*.*QuarantineState \[1\]/);
        assert.ok(text.includes(`\n  [1] ${restart}\n`), "the command on one line, to paste");
        assert.match(text, /health: 1 stack\(s\), 1 ok, 0 failed, 1 unhealthy, 0 could not be checked; exit 1/);

        // The Graph call the action gives clears the quarantine (on the emulator, as Graph does).
        await clients.graph
            .api(`/servicePrincipals/${SP}/synchronization/jobs/${JOB}/restart`)
            .post({ criteria: { resetScope: "QuarantineState" } });
        graph.patchJob(SP, JOB, { status: { ...healthyJob.status, lastExecution: healthyJob.status!.lastExecution } });
        const after = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        assert.equal(after.healthy, true);
    });

    it("an expired token: Auth0 answers 401, Entra's credentials fail, rotate with pulumi up; exit 1", async () => {
        const expired = "2025-05-30T00:00:00Z";
        scim.issueToken(SCIM_TOKEN, { connectionId: CONNECTION, scopes: SCOPES, validUntil: expired });
        graph.setCredentialsValid(SP, JOB, false, "Failed to validate the credentials: the SCIM endpoint answered 401 Unauthorized.");
        const report = await checkHealth({ stack: "contoso", outputs: outputs(expired), config }, clients);
        assert.equal(report.healthy, false);
        const rotate = {
            action: "rotate the token: it is inside its rotation window, so pulumi up rotates it",
            commands: ["pulumi up --stack contoso"],
        };

        const [token] = finding(report, "token");
        assert.deepEqual(token, { check: "token", severity: "error", finding: `expired ${expired}: Auth0 refuses it, nothing is provisioned`, ...rotate });
        assert.equal(report.token?.daysToExpiry, -3);

        const scimFindings = finding(report, "scim");
        assert.equal(scimFindings.length, 2, "both SCIM calls refused");
        assert.deepEqual(scimFindings[0], {
            check: "scim",
            severity: "error",
            finding: "GET /ServiceProviderConfig: 401, Auth0 refuses the token (Token expired)",
            ...rotate,
        });
        assert.match(scimFindings[1].finding, /^GET \/Users: 401/);

        const [credentials] = finding(report, "credentials");
        assert.equal(credentials.severity, "error");
        assert.equal(
            credentials.finding,
            "Entra's saved credentials do not validate: HTTP 400 SystemForCrossDomainIdentityManagementCredentialValidationUnauthorized: " +
                "Failed to validate the credentials: the SCIM endpoint answered 401 Unauthorized.",
        );
        assert.equal(credentials.action, rotate.action);
        assert.deepEqual(credentials.commands, rotate.commands);

        const { report: fleet, text } = await fleetHealth({ contoso: outputs(expired) });
        assert.equal(fleet.exitCode, 1);
        assert.match(text, /contoso\s+ok\s+0s\s+expired 2d ago\s+unhealthy/);
        assert.match(text, /\n  \[1\] pulumi up --stack contoso\n/, "one rotate command for the four findings that need it");
        assert.doesNotMatch(text, /\[2\]/);
    });

    it("a token revoked out of band (valid date, SCIM 401): rotate now by raising scimTokenGeneration", async () => {
        scim.revokeToken(SCIM_TOKEN);
        const report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        assert.deepEqual(finding(report, "scim")[0].commands, [
            "pulumi config set --stack contoso auth0-entra-scim:scimTokenGeneration 1",
            "pulumi up --stack contoso",
        ]);
        assert.match(finding(report, "scim")[0].action!, /outside its rotation window pulumi up keeps it/);
        const raised = await checkHealth({ stack: "contoso", outputs: outputs(), config: { ...config, "auth0-entra-scim:scimTokenGeneration": { value: "2", secret: false } } }, clients);
        assert.equal(finding(raised, "scim")[0].commands![0], "pulumi config set --stack contoso auth0-entra-scim:scimTokenGeneration 3");
        assert.equal(finding(report, "token")[0].severity, "ok");
        assert.equal(report.healthy, false);
    });

    it("a token inside its rotation window still works: a warning, not unhealthy", async () => {
        const report = await checkHealth({ stack: "contoso", outputs: outputs("2025-06-08T12:00:00Z"), config }, clients);
        assert.equal(report.healthy, true);
        const [token] = finding(report, "token");
        assert.equal(token.severity, "warning");
        assert.match(token.finding, /in 7 day\(s\): inside the 14-day rotation window/);
        assert.deepEqual(token.commands, ["pulumi up --stack contoso"]);
    });

    it("nothing provisioned, and escrows: assign users / check mappings", async () => {
        graph.patchJob(SP, JOB, {
            status: {
                lastExecution: { ...healthyJob.status!.lastExecution!, countEntitled: 0, countExported: 0 },
                synchronizedEntryCountByType: [],
            },
        });
        let report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        assert.deepEqual(finding(report, "provisioned"), [
            {
                check: "provisioned",
                severity: "warning",
                finding: "no users provisioned: no assigned user or group is in scope (countEntitled 0)",
                action: "assign users or groups (config assignedUsers / assignedGroups, then pulumi up)",
            },
        ]);
        assert.equal(report.healthy, true, "working, with nothing to do");

        graph.patchJob(SP, JOB, {
            status: {
                escrowsPruned: true,
                lastExecution: { ...healthyJob.status!.lastExecution!, state: "EntryLevelErrors", countEscrowed: 3 },
                synchronizedEntryCountByType: [{ key: "user to urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", value: 0 }],
            },
        });
        report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        const [escrows] = finding(report, "escrows");
        assert.equal(escrows.severity, "warning");
        assert.equal(escrows.finding, "3 entries escrowed in the last cycle (failed, retried next cycle); escrows were pruned: some entries were given up on");
        assert.equal(escrows.action, "check the attribute mappings and the failing entries: see the provisioning logs");
        assert.deepEqual(escrows.commands, [`az rest --url "https://graph.microsoft.com/v1.0/auditLogs/provisioning?\\$filter=jobId eq '${JOB}'&\\$top=50"`]);
        assert.match(finding(report, "last cycle")[0].finding, /entry-level errors; entitled 2, imported 2, exported 2, escrowed 3/);
        assert.match(finding(report, "provisioned")[0].finding, /no users provisioned although 2 entitled/);
        assert.equal(finding(report, "provisioned")[0].action, "assign users / check the attribute mappings and scoping filters");
    });

    it("a paused job and an unknown job are errors with their fix", async () => {
        await clients.graph.api(`/servicePrincipals/${SP}/synchronization/jobs/${JOB}/pause`).post({});
        let report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, clients);
        assert.equal(finding(report, "job")[0].severity, "error");
        assert.match(finding(report, "job")[0].finding, /^Paused: Provisioning Status is Off/);
        assert.deepEqual(finding(report, "job")[0].commands, [
            `az rest --method post --url 'https://graph.microsoft.com/v1.0/servicePrincipals/${SP}/synchronization/jobs/${JOB}/start'`,
        ]);

        report = await checkHealth({ stack: "contoso", outputs: { ...outputs(), provisioningJobId: out("scim.gone") }, config }, clients);
        assert.match(finding(report, "job")[0].finding, /the provisioning job is gone: HTTP 404 ResourceNotFound/);
        assert.deepEqual(finding(report, "job")[0].commands, ["pulumi refresh --stack contoso", "pulumi up --stack contoso"]);
        assert.equal(report.healthy, false);
    });

    it("our own Graph sign-in failing is not blamed on the customer's token", async () => {
        const wrongToken: TokenCredential = { getToken: async () => ({ token: "not-the-graph-token", expiresOnTimestamp: Date.now() + 3_600_000 }) };
        const denied = { ...clients, graph: createGraphClient({ baseUrl: graph.url, credential: wrongToken, retry: { maxAttempts: 1 } }) };
        const report = await checkHealth({ stack: "contoso", outputs: outputs(), config }, denied);
        assert.equal(report.healthy, false, "unknown is not healthy");
        assert.equal(report.status, "unknown", "nor unhealthy: could not check");
        const [job] = finding(report, "job");
        assert.equal(job.severity, "unknown");
        assert.match(job.finding, /could not read the provisioning job: HTTP 401 InvalidAuthenticationToken/);
        assert.match(job.action!, /check our Graph identity/);
        const [credentials] = finding(report, "credentials");
        assert.equal(credentials.severity, "unknown");
        assert.match(credentials.finding, /^could not validate Entra's saved credentials: HTTP 401/);
        assert.equal(credentials.commands, undefined, "no rotation proposed");
        assert.equal(finding(report, "scim")[0].severity, "ok", "Auth0 still checked on its own");
    });

    it("a stack without outputs could not be checked (never deployed), without calling anyone", async () => {
        const report = await checkHealth({ stack: "fresh", outputs: {}, config }, clients);
        assert.equal(report.healthy, false);
        assert.equal(report.status, "unknown");
        assert.deepEqual(report.findings.map((f) => [f.check, f.severity]), [["stack", "unknown"]]);
        assert.match(report.findings[0].finding, /^never deployed: the stack has no outputs/);
        assert.deepEqual(report.findings[0].commands, ["pulumi up --stack fresh"]);
        assert.deepEqual(graph.calls(), []);
        assert.deepEqual(scim.calls(), []);
    });

    it("never prints or writes a secret: the SCIM token, the Graph token, secret config", async () => {
        const expired = "2025-05-30T00:00:00Z";
        graph.addJob(SP, "scim.quarantined", { ...healthyJob, status: quarantinedStatus });
        graph.setCredentialsValid(SP, "scim.quarantined", false, `rejected token ${SCIM_TOKEN}`);
        const { report, text, file } = await fleetHealth({
            healthy: outputs(),
            quarantined: { ...outputs(), provisioningJobId: out("scim.quarantined") },
            expired: outputs(expired),
        });
        assert.deepEqual(report.stacks.map((s) => s.health), ["healthy", "unhealthy", "unhealthy"]);
        const written = JSON.parse(file) as FleetReport;
        assert.equal(written.exitCode, 1);
        for (const shown of [text, file, renderHealth({ stack: "x", status: "unhealthy", findings: report.stacks[1].findings! })]) {
            assert.ok(!shown.includes(SCIM_TOKEN), "SCIM token");
            assert.ok(!shown.includes(GRAPH_TOKEN), "Graph access token");
            assert.ok(!shown.includes(CLIENT_SECRET), "secret config");
        }
        assert.match(text, /rejected token \[secret\]/, "a vendor message quoting the token is masked, not dropped");
    });

    // ------------------------------------------------------------------ each mode's own side, and "could not check"

    const mode = (m: "vendor" | "customer", extra: StackConfig = {}): StackConfig => ({ ...config, "auth0-entra-scim:mode": { value: m, secret: false }, ...extra });
    /** A Graph client that cannot sign in: no Azure credentials of ours for this tenant. */
    const noAzure: HealthClients["graph"] = {
        api: () => {
            throw new Error("no usable Azure credentials for this tenant: azuread: no credential configured");
        },
    };
    const vendorOutputs = (): StackOutputs => {
        const { provisioningServicePrincipalId: _sp, provisioningJobId: _job, ...rest } = outputs();
        return rest;
    };
    const customerOutputs = (): StackOutputs => ({
        provisioningServicePrincipalId: out(SP),
        provisioningJobId: out(JOB),
        tenantUrl: out(`${scim.endpointUrl(CONNECTION)}?aadOptscim062020`),
        oidcClientId: out("3f2e1d0c-0000-4000-8000-00000000c1d1"),
    });

    it("a vendor stack: the Auth0 side only, no Graph call and no Azure credentials needed", async () => {
        const report = await checkHealth({ stack: "fabrikam", outputs: vendorOutputs(), config: mode("vendor") }, { ...clients, graph: noAzure });
        assert.equal(report.mode, "vendor");
        assert.equal(report.status, "healthy", JSON.stringify(report.findings));
        assert.deepEqual(report.findings.map((f) => f.check), ["token", "scim"]);
        assert.deepEqual(graph.calls(), [], "the Entra side is the customer's");
        assert.equal(scim.calls().length, 2);

        // A refused token is the vendor's to fix, and the new one goes to the customer.
        scim.revokeToken(SCIM_TOKEN);
        const refused = await checkHealth({ stack: "fabrikam", outputs: vendorOutputs(), config: mode("vendor") }, { ...clients, graph: noAzure });
        assert.equal(refused.status, "unhealthy");
        assert.match(finding(refused, "scim")[0].action!, /raise scimTokenGeneration.*hand the new token to the customer/);
    });

    it("a customer stack: the Entra side only; the token's expiry from the config the vendor handed over", async () => {
        const customer = mode("customer", { "auth0-entra-scim:scimTokenValidUntil": { value: "2025-06-05T00:00:00Z", secret: false } });
        const report = await checkHealth({ stack: "northwind", outputs: customerOutputs(), config: customer }, clients);
        assert.equal(report.mode, "customer");
        assert.deepEqual(report.findings.map((f) => f.check), ["job", "last cycle", "provisioned", "credentials", "token"]);
        assert.deepEqual(scim.calls(), [], "Auth0's endpoint is the vendor's side");
        assert.equal(graph.calls().length, 2);
        const [token] = finding(report, "token");
        assert.equal(token.severity, "warning", "3 days left: inside the default window");
        assert.match(token.action!, /ask the vendor for a new SCIM token/);
        assert.deepEqual(token.commands, [
            "pulumi config set --secret --stack northwind auth0-entra-scim:scimToken <new token>",
            "pulumi config set --plaintext --stack northwind auth0-entra-scim:scimTokenValidUntil <its expiry>",
            "pulumi up --stack northwind",
        ]);
        assert.deepEqual(refusedByPulumi(token.commands!), [], "each command runs as printed");
        assert.equal(report.status, "healthy");
    });

    it("a customer stack whose Azure credentials are missing here could not be checked; it is not unhealthy", async () => {
        const report = await checkHealth({ stack: "northwind", outputs: customerOutputs(), config: mode("customer") }, { ...clients, graph: noAzure });
        assert.equal(report.status, "unknown");
        assert.deepEqual(report.findings.map((f) => [f.check, f.severity]), [["job", "unknown"], ["credentials", "unknown"]]);
        assert.match(finding(report, "job")[0].finding, /no usable Azure credentials/);
        assert.deepEqual(scim.calls(), []);

        const { report: fleet, text } = await fleetHealth({ northwind: customerOutputs() }, { northwind: mode("customer") }, () => ({ ...clients, graph: noAzure }));
        assert.equal(fleet.stacks[0].health, "unknown");
        assert.equal(fleet.stacks[0].mode, "customer");
        assert.equal(fleet.exitCode, 3, "could not check: exit 3, not the 1 of unhealthy");
        assert.match(text, /northwind\s+ok\s+0s\s+-\s+could not check/);
        assert.match(text, /northwind: could not check\n/);
        assert.match(text, /job\s+NOT CHECKED\s+could not read the provisioning job/);
        assert.match(text, /health: 1 stack\(s\), 1 ok, 0 failed, 0 unhealthy, 1 could not be checked; exit 3/);
    });

    it("a customer stack's first run (oidcAppOnly) has no job yet: could not check, with the next step", async () => {
        const firstRun = mode("customer", { "auth0-entra-scim:oidcAppOnly": { value: "true", secret: false } });
        const { provisioningServicePrincipalId: _sp, provisioningJobId: _job, ...oidcOnly } = customerOutputs();
        const report = await checkHealth({ stack: "northwind", outputs: oidcOnly, config: firstRun }, clients);
        assert.equal(report.status, "unknown");
        assert.match(report.findings[0].finding, /first run \(oidcAppOnly\)/);
        assert.deepEqual(graph.calls(), []);
    });

    it("a stack the backend does not have, or cannot read, could not be checked; unhealthy still wins the exit code", async () => {
        const notFound = Object.assign(new Error("code: 255\n stderr: error: no stack named 'ghost' found"), { name: "StackNotFoundError" });
        let { report } = await fleetHealth({ ghost: notFound });
        assert.equal(report.stacks[0].health, "unknown");
        assert.match(report.stacks[0].findings![0].finding, /^never deployed: this backend has no such stack/);
        assert.deepEqual(report.stacks[0].findings![0].commands, ["pulumi stack init ghost", "pulumi up --stack ghost"]);
        assert.equal(report.exitCode, 3);

        graph.patchJob(SP, JOB, { status: quarantinedStatus });
        ({ report } = await fleetHealth({ ghost: notFound, contoso: outputs(), locked: new Error("error: could not decrypt configuration value") }));
        assert.deepEqual(report.stacks.map((r) => [r.stack, r.health]), [["ghost", "unknown"], ["contoso", "unhealthy"], ["locked", "unknown"]]);
        assert.match(report.stacks[2].findings![0].finding, /could not read the stack's config and outputs: error: could not decrypt/);
        assert.equal(report.exitCode, 1);
    });

    it("a group Entra has not sent yet (groupRolesPending): pending, a warning; the stack stays healthy and the exit code 0", async () => {
        const group = { entraGroupId: "0a9b8c7d-0000-4000-8000-000000000001", groupName: "Finance", status: "waiting for Entra to provision group Finance (0a9b…): not in Auth0 yet" };
        const withPending = { ...outputs(), groupRolesPending: out([group]) };
        const report = await checkHealth({ stack: "contoso", outputs: withPending, config }, clients);
        assert.equal(report.status, "healthy");
        const [pending] = finding(report, "group roles");
        assert.equal(pending.severity, "warning");
        assert.match(pending.finding, /^pending: waiting for Entra to provision group Finance \(0a9b8c7d-0000-4000-8000-000000000001\)/);
        assert.deepEqual(finding(await checkHealth({ stack: "contoso", outputs: { ...outputs(), groupRolesPending: out([]) }, config }, clients), "group roles"), [], "empty: every role bound");

        const { report: fleet, text } = await fleetHealth({ contoso: withPending });
        assert.equal(fleet.exitCode, 0, "pending is not unhealthy, and not could-not-check");
        assert.equal(fleet.stacks[0].health, "healthy");
        assert.match(text, /contoso: healthy\n/);
        assert.match(text, /group roles\s+WARN\s+pending: waiting for Entra to provision group Finance/);
        assert.match(text, /health: 1 stack\(s\), 1 ok, 0 failed, 0 unhealthy, 0 could not be checked, 1 with group roles pending; exit 0/);
    });

    it("Auth0's SCIM endpoint not answering could not be checked; a 404 is a finding", async () => {
        const unreachable = { ...outputs(), scimEndpointUrl: out("http://127.0.0.1:9/scim/v2/connections/con_x") };
        const report = await checkHealth({ stack: "contoso", outputs: unreachable, config }, clients);
        assert.deepEqual(finding(report, "scim").map((f) => f.severity), ["unknown", "unknown"]);
        assert.equal(report.status, "unknown");
        const gone = await checkHealth({ stack: "contoso", outputs: { ...outputs(), scimEndpointUrl: out(scim.endpointUrl("con_gone")) }, config }, clients);
        assert.equal(gone.status, "unhealthy");
    });
});
