/**
 * The fleet runner over a fake StackOperations (no Pulumi CLI here): bounded concurrency, failure
 * isolation and exit codes, summary counts from resourceChanges, --rotation-due selection on a fixed
 * clock, the JSON report, plain vs TTY progress, and secrets never printed.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { discoverStacks, selectStacks } from "../../../tools/fleet/args";
import { FleetPulumiCommand, toProgress } from "../../../tools/fleet/automation";
import { countChanges, PreflightError, type OpCounts, type OperationResult, type ProgressEvent, type StackConfig, type StackOperations, type StackOutputs } from "../../../tools/fleet/operations";
import { runFleet, type FleetDeps, type FleetOptions, type FleetReport, type Interrupts } from "../../../tools/fleet/runner";
import { tokenExpiry } from "../../../tools/fleet/token";
import { parse } from "./parseArgs";

const NOW = new Date("2025-06-01T12:00:00Z");
const URN = (type: string, name: string) => `urn:pulumi:s::auth0-entra-scim::auth0-entra-scim:index:CustomerTenant$${type}::${name}`;

interface FakeStack {
    outputs?: StackOutputs;
    config?: StackConfig;
    changes?: OpCounts;
    /** `preview`: the URNs that would change. */
    changedUrns?: string[];
    /** The operation throws this message. */
    fail?: string;
    /** Config or outputs cannot be read. */
    unreadable?: string;
    delayMs?: number;
    events?: ProgressEvent[];
}

class FakeOps implements StackOperations {
    inFlight = 0;
    maxInFlight = 0;
    readonly calls: string[] = [];

    constructor(private readonly stacks: Record<string, FakeStack>) {}

    private stack(name: string): FakeStack {
        const s = this.stacks[name];
        if (!s) throw new Error(`no stack ${name}`);
        return s;
    }

    private async run(op: string, name: string, onProgress: (e: ProgressEvent) => void): Promise<OperationResult> {
        const s = this.stack(name);
        this.calls.push(`${op} ${name}`);
        this.inFlight++;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
            await new Promise((resolve) => setTimeout(resolve, s.delayMs ?? 5));
            for (const event of s.events ?? []) onProgress(event);
            if (s.fail) throw new Error(s.fail);
            return { changes: s.changes ?? { same: 12 }, ...(op === "up" ? { outputs: s.outputs ?? {} } : {}), ...(s.changedUrns ? { changedUrns: s.changedUrns } : {}) };
        } finally {
            this.inFlight--;
        }
    }

    preview = (stack: string, p: (e: ProgressEvent) => void) => this.run("preview", stack, p);
    up = (stack: string, p: (e: ProgressEvent) => void) => this.run("up", stack, p);
    refresh = (stack: string, p: (e: ProgressEvent) => void) => this.run("refresh", stack, p);

    async outputs(stack: string): Promise<StackOutputs> {
        const s = this.stack(stack);
        if (s.unreadable) throw new Error(s.unreadable);
        return s.outputs ?? {};
    }

    async config(stack: string): Promise<StackConfig> {
        const s = this.stack(stack);
        if (s.unreadable) throw new Error(s.unreadable);
        return s.config ?? {};
    }
}

class Capture {
    text = "";
    constructor(
        readonly isTTY = false,
        readonly columns = 120,
        readonly rows = 40,
    ) {}
    write(text: string) {
        this.text += text;
        return true;
    }
}

const out = (value: unknown, secret = false) => ({ value, secret });
const validUntil = (iso: string | undefined): StackOutputs => (iso === undefined ? { scimEndpointUrl: out("https://x/scim") } : { scimTokenValidUntil: out(iso) });

async function run(
    stacks: Record<string, FakeStack>,
    options: Partial<FleetOptions> & Pick<FleetOptions, "command">,
    deps: Partial<FleetDeps> = {},
) {
    const ops = new FakeOps(stacks);
    const capture = new Capture();
    const files: Record<string, string> = {};
    const report = await runFleet(
        // `yes`: these are about the run itself; the plan summary and question have tests of their own (confirm.test.ts).
        { stacks: Object.keys(stacks), concurrency: 4, projectDir: "/project", yes: true, ...options },
        {
            ops,
            out: capture,
            now: () => NOW,
            writeFile: async (file, text) => {
                files[file] = text;
            },
            ...deps,
        },
    );
    return { ops, report, text: capture.text, files };
}

describe("fleet runner", () => {
    it("never runs more stacks at once than --concurrency, and runs them all", async () => {
        const stacks = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`c${i}`, { delayMs: 15 }]));
        const { ops, report } = await run(stacks, { command: "preview", concurrency: 3 });
        assert.equal(ops.maxInFlight, 3);
        assert.equal(ops.calls.length, 11);
        assert.equal(report.exitCode, 0);
        assert.deepEqual(report.stacks.map((s) => s.stack), Object.keys(stacks), "summary in the order asked, not of completion");
    });

    it("a failed stack does not stop the others, and the exit code is non-zero", async () => {
        const commandError =
            "code: 255\n stdout: Updating (broken)\n\n stderr:     error: auth0:index:Connection broken-waad: 409 Conflict: A connection with the same name already exists\n";
        const { ops, report, text } = await run(
            { a: { delayMs: 20 }, broken: { fail: commandError, delayMs: 1 }, c: { delayMs: 20 }, d: {} },
            { command: "up", concurrency: 2 },
        );
        assert.deepEqual(ops.calls.sort(), ["up a", "up broken", "up c", "up d"]);
        assert.equal(report.exitCode, 1);
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result]), [["a", "succeeded"], ["broken", "failed"], ["c", "succeeded"], ["d", "succeeded"]]);
        const broken = report.stacks[1];
        assert.equal(broken.error, "error: auth0:index:Connection broken-waad: 409 Conflict: A connection with the same name already exists");
        assert.match(text, /broken\s+FAILED/);
        assert.match(text, /Failures:\n  broken:\n    error: auth0:index:Connection broken-waad: 409/);
        assert.match(text, /up: 4 stack\(s\), 3 ok, 1 failed; exit 1/);
    });

    it("prefers the engine's error diagnostics to the CommandError text", async () => {
        const { report } = await run(
            {
                a: {
                    fail: "code: 255\n stdout: lots of text\n",
                    events: [{ type: "diagnostic", severity: "error", message: "update failed: ScimToken: Auth0 POST tokens failed (HTTP 409)" }],
                },
            },
            { command: "up", stacks: ["a"] },
        );
        assert.equal(report.stacks[0].error, "update failed: ScimToken: Auth0 POST tokens failed (HTTP 409)");
    });

    it("names the Automation API's failure when the engine said nothing (e.g. no Pulumi CLI)", async () => {
        const ops = new FakeOps({});
        const noCli = Object.assign(new Error("code: -2\n stdout: \n stderr: Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT\n err?: …\n"), {
            name: "CommandError",
            commandResult: { stderr: "Command failed with ENOENT: pulumi version\nspawn pulumi ENOENT", code: -2 },
        });
        ops.config = async () => Promise.reject(noCli);
        const report = await runFleet({ command: "preview", stacks: ["a"], concurrency: 1, projectDir: "/p" }, { ops, out: new Capture(), now: () => NOW });
        assert.equal(report.stacks[0].error, "Command failed with ENOENT: pulumi version (the Pulumi CLI is not installed or not on PATH)");
    });

    it("counts created/updated/replaced/deleted from resourceChanges, a replacement once", async () => {
        const changes = { same: 20, create: 2, update: 1, replace: 1, "create-replacement": 1, "delete-replaced": 1, delete: 3 };
        assert.deepEqual(countChanges(changes), { create: 2, update: 1, replace: 1, delete: 3 });
        assert.deepEqual(countChanges({ "create-replacement": 2, "delete-replaced": 2 }), { create: 0, update: 0, replace: 2, delete: 0 });
        assert.deepEqual(countChanges(undefined), { create: 0, update: 0, replace: 0, delete: 0 });

        const { report, text } = await run(
            { contoso: { changes, outputs: validUntil("2025-09-01T00:00:00Z") }, fabrikam: { changes: { same: 30 } } },
            { command: "up", stacks: ["contoso", "fabrikam"] },
        );
        assert.deepEqual(report.stacks[0].changes, { create: 2, update: 1, replace: 1, delete: 3 });
        assert.deepEqual(report.stacks[1].changes, { create: 0, update: 0, replace: 0, delete: 0 });
        const header = text.split("\n").find((l) => l.startsWith("STACK"))!;
        assert.match(header, /STACK\s+RESULT\s+CREATE\s+UPDATE\s+REPLACE\s+DELETE\s+DURATION\s+TOKEN EXPIRES/);
        assert.doesNotMatch(header, /HEALTH/, "no health column when health did not run");
        assert.match(text, /contoso\s+ok\s+2\s+1\s+1\s+3\s+0s\s+91d/);
        assert.match(text, /fabrikam\s+ok\s+0\s+0\s+0\s+0\s+0s\s+-/);
    });

    it("--rotation-due keeps only stacks whose token is inside its window, by outputs, config and the clock", async () => {
        const rotate = (days: string): StackConfig => ({ "auth0-entra-scim:scimTokenRotateBeforeDays": { value: days, secret: false } });
        const stacks: Record<string, FakeStack> = {
            // 9 days left, default window 14: due.
            due: { outputs: validUntil("2025-06-10T12:00:00Z") },
            // 9 days left, window 5: not yet.
            later: { outputs: validUntil("2025-06-10T12:00:00Z"), config: rotate("5") },
            // No expiry: never due.
            never: { outputs: validUntil(undefined) },
            // 19 days left, window 30: due.
            wide: { outputs: validUntil("2025-06-20T12:00:00Z"), config: rotate("30") },
            // Expired yesterday: due.
            expired: { outputs: validUntil("2025-05-31T12:00:00Z") },
            // Exactly on the window's edge (validUntil - 14 d == now): due.
            edge: { outputs: validUntil("2025-06-15T12:00:00Z") },
            // Never deployed: nothing to rotate.
            fresh: {},
            // Unreadable: not silently skipped, reported as failed.
            unreadable: { unreadable: "error: could not decrypt config: passphrase must be set" },
        };
        const { ops, report, text } = await run(stacks, { command: "up", rotationDue: true });
        assert.deepEqual(ops.calls.sort(), ["up due", "up edge", "up expired", "up wide"]);
        assert.deepEqual(report.notDue, ["later", "never", "fresh"]);
        assert.deepEqual(report.stacks.map((s) => s.stack), ["due", "wide", "expired", "edge", "unreadable"]);
        assert.equal(report.stacks.find((s) => s.stack === "unreadable")!.result, "failed");
        assert.equal(report.exitCode, 1);
        assert.match(text, /--rotation-due: 4 of 8 stack\(s\) have a SCIM token inside its rotation window: due, wide, expired, edge/);

        // The selection rule itself.
        const expiry = (iso: string, days?: string) => tokenExpiry(validUntil(iso), days ? rotate(days) : undefined, NOW)!;
        assert.equal(expiry("2025-06-15T12:00:00Z").rotationDue, true);
        assert.equal(expiry("2025-06-15T12:00:01Z").rotationDue, false);
        assert.equal(expiry("2025-06-15T12:00:01Z", "0").rotationDue, false);
        assert.equal(expiry("2025-06-01T12:00:00Z", "0").rotationDue, true);
        assert.equal(expiry("2025-06-10T12:00:00Z", "bogus").rotateBeforeDays, 14, "a bad value falls back to the default");
    });

    it("--report writes the summary as JSON", async () => {
        const { files, report } = await run(
            {
                a: { changes: { create: 3, same: 1 }, outputs: { ...validUntil("2025-06-11T12:00:00Z"), scimToken: out("tok_abcdefgh.0123456789", true) } },
                b: { fail: "error: boom" },
            },
            { command: "up", stacks: ["a", "b"], reportFile: "/tmp/fleet-report.json" },
        );
        const written = JSON.parse(files["/tmp/fleet-report.json"]) as FleetReport;
        assert.deepEqual(written, JSON.parse(JSON.stringify(report)));
        assert.equal(written.command, "up");
        assert.equal(written.exitCode, 1);
        assert.equal(written.concurrency, 4);
        assert.equal(written.startedAt, NOW.toISOString());
        assert.deepEqual(written.stacks[0], {
            stack: "a",
            result: "succeeded",
            changes: { create: 3, update: 0, replace: 0, delete: 0 },
            token: { validUntil: "2025-06-11T12:00:00Z", daysToExpiry: 10, rotateBeforeDays: 14, rotationDue: true, expired: false },
            durationMs: 0,
        });
        assert.deepEqual(written.stacks[1], { stack: "b", result: "failed", durationMs: 0, error: "error: boom" });
        assert.doesNotMatch(files["/tmp/fleet-report.json"], /tok_abcdefgh/);
    });

    it("prints plain timestamped lines when stdout is not a terminal", async () => {
        const events: ProgressEvent[] = [
            { type: "step", op: "create", urn: URN("auth0:index/connection:Connection", "a-waad"), phase: "start" },
            { type: "step", op: "create", urn: URN("auth0:index/connection:Connection", "a-waad"), phase: "done" },
            { type: "step", op: "same", urn: URN("azuread:index/application:Application", "a-oidc"), phase: "done" },
            { type: "diagnostic", severity: "warning", message: "azuread: deprecated argument" },
        ];
        const { text } = await run({ a: { events } }, { command: "up", stacks: ["a"] });
        assert.doesNotMatch(text, /\x1b\[/, "no ANSI escapes");
        const progress = text.split("\n\n")[0].split("\n");
        assert.deepEqual(progress, [
            "2025-06-01T12:00:00.000Z a: up started",
            "2025-06-01T12:00:00.000Z a: created: a-waad (auth0:index/connection:Connection)",
            "2025-06-01T12:00:00.000Z a: warning: azuread: deprecated argument",
            "2025-06-01T12:00:00.000Z a: done: up no changes, 0s",
        ]);
    });

    it("rewrites one live line per running stack on a terminal", async () => {
        const ops = new FakeOps({
            a: { events: [{ type: "step", op: "create", urn: URN("auth0:index/connection:Connection", "a-waad"), phase: "start" }] },
            b: { fail: "error: nope" },
        });
        const tty = new Capture(true, 80);
        await runFleet({ command: "preview", stacks: ["a", "b"], concurrency: 2, projectDir: "/p" }, { ops, out: tty, now: () => NOW });
        assert.match(tty.text, /\x1b\[\d+F/, "moves the cursor back up to rewrite");
        assert.match(tty.text, /\x1b\[2K… a {2}preview 0s {2}0 steps {2}create a-waad/);
        assert.match(tty.text, /✓ a {2}preview no changes, 0s/);
        assert.match(tty.text, /✗ b {2}preview failed: error: nope/);
        assert.match(tty.text, /2\/2 done, 1 failed, 0 running, 0 queued/);
        // Far more running stacks than the screen has rows: the live block still fits.
        const many = new FakeOps(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`s${i}`, { delayMs: 10 }])));
        const small = new Capture(true, 80, 10);
        await runFleet({ command: "preview", stacks: Array.from({ length: 30 }, (_, i) => `s${i}`), concurrency: 30, projectDir: "/p" }, { ops: many, out: small, now: () => NOW });
        const moves = [...small.text.matchAll(/\x1b\[(\d+)F/g)].map((m) => Number(m[1]));
        assert.ok(Math.max(...moves) <= 8, `cursor moves up at most rows - 2 lines, moved ${Math.max(...moves)}`);
        assert.match(small.text, /… and 24 more running/);
        for (const line of tty.text.split("\n")) {
            // eslint-disable-next-line no-control-regex
            assert.ok(line.replace(/\x1b\[\d*[A-Za-z]/g, "").length <= 80, `fits the terminal: ${JSON.stringify(line)}`);
        }
    });

    it("never prints a secret: outputs, secret config, error texts and diagnostics are masked", async () => {
        const token = "tok_9fQ2xLmN.5b1e0c7d9a8f6e4b3c2d1a0f9e8d7c6b";
        const newToken = "tok_Zz81kq.77aa66bb55cc44dd33ee22ff11";
        const clientSecret = "Qx8~m2.secretvalue_Ab3";
        const stacks: Record<string, FakeStack> = {
            a: {
                outputs: { scimToken: out(token, true), scimTokenValidUntil: out("2025-06-05T00:00:00Z") },
                config: { "azuread:clientSecret": { value: clientSecret, secret: true }, "azuread:tenantId": { value: "72f988bf-0000", secret: false } },
                fail: `error: POST https://x/scim failed with Authorization: Bearer ${token}; client_secret=${clientSecret}`,
                events: [{ type: "diagnostic", severity: "error", message: `provider said ${clientSecret} and ${token}` }],
            },
            // The token is only flagged by name here: scimToken is always treated as secret.
            b: { outputs: { scimToken: out(newToken, false) }, fail: `error: token ${newToken} refused` },
        };
        const { text, files, report } = await run(stacks, { command: "up", stacks: ["a", "b"], reportFile: "r.json", rotationDue: true });
        assert.equal(report.stacks.length, 1, "only a is due");
        const { text: text2 } = await run(stacks, { command: "up", stacks: ["a", "b"] });
        for (const shown of [text, files["r.json"], text2]) {
            assert.ok(!shown.includes(token), "scimToken value");
            assert.ok(!shown.includes(newToken), "scimToken value without its secret flag");
            assert.ok(!shown.includes(clientSecret), "secret config value");
            assert.match(shown, /\[secret\]/);
        }
        assert.match(text2, /a\s+FAILED/, "the failure itself is still shown");
    });

    it("plan runs tools/plan's planStack and fails stacks with problems", async () => {
        const plan = async (stack: string, options: { projectDir: string }) => ({
            stack,
            ok: stack !== "bad",
            problems: stack === "bad" ? ["auth0-entra-scim:entraTenantDomain is required"] : [],
            resources: options.projectDir === "/project" ? [1, 2, 3] : [],
            outputs: {},
        });
        const { ops, report, text } = await run({ good: {}, bad: {} }, { command: "plan" }, { plan });
        assert.deepEqual(ops.calls, [], "plan needs no Pulumi CLI");
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result, s.resources]), [["good", "succeeded", 3], ["bad", "failed", 3]]);
        assert.match(text, /bad:\n    auth0-entra-scim:entraTenantDomain is required/);
        assert.equal(report.exitCode, 1);
    });
});

describe("fleet's Automation API adapter", () => {
    it("turns engine events into progress: resource steps and diagnostics, not the stack or default providers", () => {
        const metadata = (op: string, urn: string) => ({ metadata: { op, urn, type: "t", provider: "" } }) as any;
        const at = { sequence: 1, timestamp: 1 };
        const conn = URN("auth0:index/connection:Connection", "a-waad");
        assert.deepEqual(toProgress({ ...at, resourcePreEvent: metadata("create", conn) }), { type: "step", op: "create", urn: conn, phase: "start" });
        assert.deepEqual(toProgress({ ...at, resOutputsEvent: metadata("create", conn) }), { type: "step", op: "create", urn: conn, phase: "done" });
        assert.deepEqual(toProgress({ ...at, resOpFailedEvent: { ...metadata("update", conn), status: 1, steps: 2 } }), { type: "step", op: "update", urn: conn, phase: "failed" });
        assert.equal(toProgress({ ...at, resourcePreEvent: metadata("create", "urn:pulumi:a::auth0-entra-scim::pulumi:pulumi:Stack::auth0-entra-scim-a") }), undefined);
        assert.equal(toProgress({ ...at, resourcePreEvent: metadata("create", "urn:pulumi:a::auth0-entra-scim::pulumi:providers:auth0::default_3_49_0") }), undefined);
        assert.deepEqual(toProgress({ ...at, diagnosticEvent: { message: "  boom\n", color: "never", severity: "error" } }), { type: "diagnostic", severity: "error", message: "boom" });
        assert.equal(toProgress({ ...at, diagnosticEvent: { message: "…", color: "never", severity: "info", ephemeral: true } }), undefined);
        assert.equal(toProgress({ ...at, stdoutEvent: { message: "text", color: "never" } }), undefined);
    });
});

describe("fleet arguments and stack selection", () => {
    it("parses commands and flags", async () => {
        assert.deepEqual((await parse(["up", "--stack", "a", "--stack", "b", "--concurrency", "8", "--report", "r.json", "--rotation-due"])).args, {
            command: "up",
            stacks: ["a", "b"],
            concurrency: 8,
            reportFile: "r.json",
            rotationDue: true,
            projectDir: undefined,
            json: false,
            policyPacks: undefined,
            policyPackConfigs: undefined,
            yes: false,
            dryRun: false,
        });
        const packed = (await parse(["up", "--all", "--rotation-due", "--policy-pack", "policy", "--policy-pack-config", "policy/policy-config.json"])).args;
        assert.deepEqual([packed?.policyPacks, packed?.policyPackConfigs], [["policy"], ["policy/policy-config.json"]], "the scheduled rotation runs with the pack");
        assert.deepEqual((await parse(["up", "--stack", "a,b"])).args?.stacks, ["a", "b"], "--stack a,b, for compatibility");
        const deprecated = await parse(["up", "--stacks", "a,b"]);
        assert.deepEqual(deprecated.args?.stacks, ["a", "b"]);
        assert.match(deprecated.stderr, /--stacks is deprecated/);
        assert.equal((await parse(["health"])).args?.stacks, undefined, "read-only commands default to every stack");
        assert.equal((await parse(["refresh", "--all"])).args?.stacks, undefined);
        assert.equal((await parse(["preview", "--concurrency=2"])).args?.concurrency, 2);
        assert.equal((await parse(["preview", "--json"])).args?.json, true);
        const drift = (await parse(["preview", "--all", "--refresh", "--expect-no-changes"])).args;
        assert.deepEqual([drift?.refresh, drift?.expectNoChanges], [true, true], "the scheduled drift check");
        assert.equal((await parse(["up", "--all", "--refresh"])).code, 2, "--refresh is preview's only");
    });

    it("refuses what could hurt with exit 2: up/refresh without a selection, bad numbers, unknown flags, paths, and stacks", async () => {
        const refused = async (argv: string[], pattern: RegExp) => {
            const { code, args, stderr } = await parse(argv);
            assert.equal(code, 2, argv.join(" "));
            assert.equal(args, undefined, "nothing ran");
            assert.match(stderr, pattern, argv.join(" "));
        };
        await refused(["up"], /up changes stacks: name them with --stack NAME \(repeatable\) or say --all/);
        await refused(["refresh"], /refresh changes stacks/);
        await refused(["up", "--all", "--stack", "a"], /not both/);
        await refused(["preview", "--concurrency", "0"], /whole number/);
        await refused(["preview", "--stack"], /argument missing/);
        await refused(["deploy"], /unknown command/);
        await refused(["preview", "--force"], /unknown option/);
        await refused(["up", "--stack", "../x"], /not a stack name/);
        assert.equal((await parse(["up", "--help"])).code, 0);
        assert.throws(() => selectStacks(["contoso", "contsoo"], ["contoso", "fabrikam"], "/p"), /no stack file for "contsoo" in \/p \(stacks: contoso, fabrikam\)/);
        assert.deepEqual(selectStacks(undefined, ["contoso", "fabrikam"], "/p"), ["contoso", "fabrikam"]);
    });

    it("finds the customer stacks from Pulumi.<stack>.yaml", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-"));
        try {
            for (const f of ["Pulumi.contoso.yaml", "Pulumi.fabrikam.yml", "Pulumi.dev.yaml", "README.md", "Pulumi.yaml.bak"]) {
                fs.writeFileSync(path.join(dir, f), "");
            }
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: auth0-entra-scim\nruntime: nodejs\n");
            assert.deepEqual(discoverStacks(dir), ["contoso", "dev", "fabrikam"]);
            // The example stack is never in the fleet.
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "# auth0-entra-scim: example stack, never deployed\nconfig: {}\n");
            assert.deepEqual(discoverStacks(dir), ["contoso", "fabrikam"]);
            // Pulumi.yaml's stackConfigDir moves them.
            fs.mkdirSync(path.join(dir, "stacks"));
            fs.writeFileSync(path.join(dir, "stacks", "Pulumi.northwind.yaml"), "");
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: auth0-entra-scim\nruntime: nodejs\nstackConfigDir: stacks\n");
            assert.deepEqual(discoverStacks(dir), ["northwind"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

/** Interrupts a test fires by hand (as Ctrl-C would). */
class FakeInterrupts implements Interrupts {
    private handlers: (() => void)[] = [];
    subscribe(handler: () => void) {
        this.handlers.push(handler);
        return () => {
            this.handlers = this.handlers.filter((h) => h !== handler);
        };
    }
    fire() {
        for (const h of [...this.handlers]) h();
    }
    get subscribed() {
        return this.handlers.length;
    }
}

/** `up`s that run until asked to stop; a graceful stop takes a while (Pulumi finishing its steps), terminate ends them at once. */
class StoppableOps implements StackOperations {
    readonly started: string[] = [];
    readonly stopRequests: string[] = [];
    terminated = 0;
    private readonly killers = new Set<(error: Error) => void>();
    up = (stack: string, _p: (e: ProgressEvent) => void, signal?: AbortSignal) =>
        new Promise<OperationResult>((_resolve, reject) => {
            this.started.push(stack);
            this.killers.add(reject);
            signal?.addEventListener("abort", () => {
                this.stopRequests.push(stack);
                // Pulumi: "^C received; cancelling", then it finishes and exits with an error.
                setTimeout(() => reject(new Error("error: update canceled")), 30);
            });
        });
    preview = this.up;
    refresh = this.up;
    terminate() {
        this.terminated++;
        for (const kill of this.killers) kill(new Error("killed"));
    }
    async outputs(): Promise<StackOutputs> {
        return {};
    }
    async config(): Promise<StackConfig> {
        return {};
    }
}

describe("fleet and Ctrl-C", () => {
    const until = async (check: () => boolean) => {
        for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
        assert.ok(check(), "timed out waiting");
    };

    it("first Ctrl-C asks each running update to stop gracefully, once, waits for them, starts no other stack, and prints the summary", async () => {
        const ops = new StoppableOps();
        const interrupts = new FakeInterrupts();
        const capture = new Capture();
        const running = runFleet(
            { command: "up", stacks: ["a", "b", "c", "d"], concurrency: 2, projectDir: "/p", yes: true },
            { ops, out: capture, now: () => NOW, interrupts },
        );
        await until(() => ops.started.length === 2);
        interrupts.fire();
        const report = await running;
        assert.deepEqual(ops.stopRequests.sort(), ["a", "b"], "one stop request per running update");
        assert.equal(ops.terminated, 0, "the first Ctrl-C never kills");
        assert.deepEqual(ops.started, ["a", "b"], "no stack starts after Ctrl-C");
        assert.equal(report.exitCode, 130);
        assert.equal(report.interrupted, "graceful");
        assert.deepEqual(report.stacks.map((r) => r.result), ["interrupted", "interrupted", "interrupted", "interrupted"]);
        assert.match(capture.text, /Ctrl-C: asking 2 running operation\(s\) to stop gracefully/);
        assert.match(capture.text, /up: 4 stack\(s\), 0 ok, 0 failed, 4 interrupted; exit 130/);
        assert.equal(interrupts.subscribed, 0, "the SIGINT handler is gone afterwards");
    });

    it("only a second Ctrl-C terminates the running updates; the summary is printed either way", async () => {
        const ops = new StoppableOps();
        // Stops that never finish by themselves: only terminate ends them.
        ops.up = (stack: string, _p, signal?: AbortSignal) =>
            new Promise<OperationResult>((_resolve, reject) => {
                ops.started.push(stack);
                (ops as unknown as { killers: Set<(e: Error) => void> }).killers.add(reject);
                signal?.addEventListener("abort", () => ops.stopRequests.push(stack));
            });
        const interrupts = new FakeInterrupts();
        const capture = new Capture();
        const running = runFleet({ command: "up", stacks: ["a", "b"], concurrency: 2, projectDir: "/p", yes: true }, { ops, out: capture, now: () => NOW, interrupts });
        await until(() => ops.started.length === 2);
        interrupts.fire();
        await new Promise((r) => setTimeout(r, 20));
        assert.equal(ops.terminated, 0);
        interrupts.fire();
        const report = await running;
        assert.equal(ops.terminated, 1);
        assert.deepEqual(ops.stopRequests.sort(), ["a", "b"], "still only one stop request each");
        assert.equal(report.interrupted, "terminated");
        assert.equal(report.exitCode, 130);
        assert.match(capture.text, /Ctrl-C again: terminating 2 running operation\(s\) now/);
        assert.match(capture.text, /STACK\s+RESULT/);
    });

    describe("the pulumi process (FleetPulumiCommand)", function () {
        if (process.platform === "win32") return;
        this.timeout(20_000);
        let dir: string;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-signals-"));
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        /** A stand-in `pulumi` that logs each signal it gets, and on SIGINT finishes after a moment (as Pulumi does). */
        function fakePulumi(): { script: string; log: string } {
            const log = path.join(dir, "signals.log");
            const script = path.join(dir, "pulumi.js");
            fs.writeFileSync(
                script,
                `const fs = require("fs");
const log = ${JSON.stringify(log)};
fs.appendFileSync(log, "pgid-leader:" + (process.pid === Number(require("child_process").execSync("ps -o pgid= -p " + process.pid).toString().trim())) + "\\n");
process.on("SIGINT", () => { fs.appendFileSync(log, "INT\\n"); setTimeout(() => process.exit(255), 150); });
process.on("SIGTERM", () => { fs.appendFileSync(log, "TERM\\n"); process.exit(143); });
setInterval(() => {}, 1000);
`,
            );
            return { script, log };
        }

        it("runs each pulumi in its own process group, and a graceful stop sends exactly one SIGINT and waits for it to exit", async () => {
            const { script, log } = fakePulumi();
            const command = new FleetPulumiCommand(process.execPath, null);
            const stop = new AbortController();
            const running = command.run([script], dir, {}, undefined, undefined, stop.signal);
            for (let i = 0; i < 400 && !(fs.existsSync(log) && fs.readFileSync(log, "utf8").includes("pgid")); i++) await new Promise((r) => setTimeout(r, 10));
            stop.abort();
            await assert.rejects(running, /code: 255/);
            assert.deepEqual(fs.readFileSync(log, "utf8").trim().split("\n"), ["pgid-leader:true", "INT"]);
        });

        it("terminate() kills the process group at once", async () => {
            const { script, log } = fakePulumi();
            const command = new FleetPulumiCommand(process.execPath, null);
            const running = command.run([script], dir, {});
            for (let i = 0; i < 400 && !fs.existsSync(log); i++) await new Promise((r) => setTimeout(r, 10));
            command.terminate();
            await assert.rejects(running);
            assert.doesNotMatch(fs.readFileSync(log, "utf8"), /INT|TERM/, "SIGKILL: no handler ran");
        });
    });
});

describe("fleet up: the plan summary, the question, --dry-run", () => {
    const stacks = (): Record<string, FakeStack> => ({
        contoso: { changes: { create: 22, same: 0 } },
        fabrikam: { changes: { update: 1, same: 21 } },
        northwind: { changes: { same: 22 } },
    });
    /** A confirm that records the question and answers `answer`. */
    const asker = (answer: "yes" | "no" | "interrupted") => {
        const questions: string[] = [];
        return { questions, confirm: async (q: string) => (questions.push(q), answer) };
    };

    it("without a terminal to ask on and without --yes, up is refused before anything runs", async () => {
        const ops = new FakeOps(stacks());
        await assert.rejects(
            runFleet({ command: "up", stacks: ["contoso"], concurrency: 2, projectDir: "/p" }, { ops, out: new Capture(), now: () => NOW }),
            (error: Error) => error.name === "UsageError" && /no terminal to ask on: add --yes.*or --dry-run/.test(error.message),
        );
        assert.deepEqual(ops.calls, [], "no preview, no up");
    });

    it("previews every stack, shows the plan summary, asks, and on yes runs up on each", async () => {
        const { questions, confirm } = asker("yes");
        const { ops, report, text } = await run(stacks(), { command: "up", yes: false }, { confirm });
        assert.deepEqual(ops.calls.slice(0, 3).sort(), ["preview contoso", "preview fabrikam", "preview northwind"], "previews first");
        assert.deepEqual(ops.calls.slice(3).sort(), ["up contoso", "up fabrikam", "up northwind"]);
        assert.deepEqual(questions, ["Run pulumi up on 3 stack(s) (22 to create, 1 to update, 0 to replace, 0 to delete)?"]);
        const summary = text.slice(text.indexOf("Plan: pulumi up of 3 stack(s)"));
        assert.match(summary, /STACK\s+PREVIEW\s+CREATE\s+UPDATE\s+REPLACE\s+DELETE\n[- ]+\ncontoso\s+ok\s+22\s+0\s+0\s+0\nfabrikam\s+ok\s+0\s+1\s+0\s+0\nnorthwind\s+ok\s+0\s+0\s+0\s+0/);
        assert.match(summary, /Total: 22 to create, 1 to update, 0 to replace, 0 to delete, in 3 stack\(s\); 1 without changes/);
        assert.ok(text.indexOf("Plan: pulumi up") < text.indexOf("contoso: up started"), "the summary comes before any up");
        assert.equal(report.exitCode, 0);
        assert.deepEqual(report.plan?.map((r) => [r.stack, r.changes?.create]), [["contoso", 22], ["fabrikam", 0], ["northwind", 0]]);
        assert.deepEqual(report.stacks.map((r) => r.result), ["succeeded", "succeeded", "succeeded"]);
    });

    it("on no, nothing changes: no up runs, the stacks are listed as not run, exit 1", async () => {
        const { confirm } = asker("no");
        const { ops, report, text } = await run(stacks(), { command: "up", yes: false }, { confirm });
        assert.ok(ops.calls.every((c) => c.startsWith("preview ")), ops.calls.join(", "));
        assert.equal(report.declined, true);
        assert.equal(report.exitCode, 1);
        assert.deepEqual(report.stacks.map((r) => r.result), ["skipped", "skipped", "skipped"]);
        assert.match(text, /Not confirmed: nothing was changed\./);
        assert.match(text, /up: 3 stack\(s\), 0 ok, 0 failed, 3 not run; exit 1/);
    });

    it("Ctrl-C at the question: nothing runs, exit 130", async () => {
        const { confirm } = asker("interrupted");
        const { ops, report } = await run(stacks(), { command: "up", yes: false }, { confirm });
        assert.ok(ops.calls.every((c) => c.startsWith("preview ")));
        assert.equal(report.exitCode, 130);
        assert.deepEqual(report.stacks.map((r) => r.result), ["interrupted", "interrupted", "interrupted"]);
    });

    it("a stack whose preview failed is left out of the question and of the up, and fails the run", async () => {
        const { questions, confirm } = asker("yes");
        const { ops, report, text } = await run({ ...stacks(), broken: { fail: "error: preview of broken failed" } }, { command: "up", yes: false }, { confirm });
        assert.ok(!ops.calls.includes("up broken"));
        assert.ok(ops.calls.includes("up contoso"));
        assert.match(questions[0], /^Run pulumi up on 3 stack\(s\) .*, leaving out 1 whose preview failed\?$/);
        assert.match(text, /Left out, their preview failed:\n  broken: error: preview of broken failed/);
        assert.equal(report.stacks.find((r) => r.stack === "broken")?.result, "failed");
        assert.equal(report.exitCode, 1);
    });

    it("--dry-run: the plan summary only, no question and no up, even without a terminal", async () => {
        const { ops, report, text } = await run(stacks(), { command: "up", yes: false, dryRun: true });
        assert.deepEqual(ops.calls.sort(), ["preview contoso", "preview fabrikam", "preview northwind"]);
        assert.equal(report.dryRun, true);
        assert.equal(report.exitCode, 0);
        assert.deepEqual(report.stacks[0].changes, { create: 22, update: 0, replace: 0, delete: 0 });
        assert.match(text, /up --dry-run \(previews only, nothing changed\): 3 stack\(s\), 3 ok, 0 failed; exit 0/);
    });

    it("--yes: straight to up, no preview", async () => {
        const { ops } = await run(stacks(), { command: "up", yes: true });
        assert.deepEqual(ops.calls.sort(), ["up contoso", "up fabrikam", "up northwind"]);
    });
});

describe("fleet's one check before any stack (preflight)", () => {
    class CheckedOps extends FakeOps {
        preflights: Array<{ runsProgram: boolean }> = [];
        constructor(stacks: Record<string, FakeStack>, private readonly refuse?: string) {
            super(stacks);
        }
        async preflight(options: { runsProgram: boolean }) {
            this.preflights.push(options);
            if (this.refuse) throw new PreflightError(this.refuse);
            return { cli: "/usr/bin/pulumi", version: "3.248.0", user: "ops", url: "file:///state" };
        }
    }

    it("runs once for the whole fleet, and says who is logged in where", async () => {
        const ops = new CheckedOps({ a: {}, b: {}, c: {} });
        const capture = new Capture();
        const report = await runFleet({ command: "preview", stacks: ["a", "b", "c"], concurrency: 3, projectDir: "/p" }, { ops, out: capture, now: () => NOW });
        assert.deepEqual(ops.preflights, [{ runsProgram: true }]);
        assert.match(capture.text, /^Pulumi CLI v3\.248\.0 \(\/usr\/bin\/pulumi\), logged in as ops to file:\/\/\/state\n/);
        assert.deepEqual(report.backend, { user: "ops", url: "file:///state" });
    });

    it("a refusal stops everything with one line and exit 1: no stack is read or run", async () => {
        const ops = new CheckedOps({ a: {}, b: {} }, "no Pulumi backend is logged in for this project (pulumi whoami: PULUMI_ACCESS_TOKEN must be set): run `pulumi login`");
        const capture = new Capture();
        const files: Record<string, string> = {};
        const report = await runFleet(
            { command: "up", stacks: ["a", "b"], concurrency: 2, projectDir: "/p", yes: true, reportFile: "r.json" },
            { ops, out: capture, now: () => NOW, writeFile: async (f, t) => void (files[f] = t) },
        );
        assert.deepEqual(ops.calls, []);
        assert.equal(report.exitCode, 1);
        assert.equal(report.stacks.length, 0);
        assert.match(report.error!, /^no Pulumi backend is logged in/);
        assert.equal(capture.text.split("\n").filter((l) => /logged in/.test(l)).length, 2, "the line, and the summary's 'Nothing was run'");
        assert.match(capture.text, /^fleet up: no Pulumi backend is logged in/);
        assert.match(capture.text, /Nothing was run: no Pulumi backend/);
        assert.equal(JSON.parse(files["r.json"]).error, report.error, "the report says why, for the job summary");
    });

    it("health needs no language host; plan needs no CLI at all", async () => {
        const ops = new CheckedOps({ a: {} });
        await runFleet({ command: "health", stacks: ["a"], concurrency: 1, projectDir: "/p" }, { ops, out: new Capture(), now: () => NOW, health: async () => ({ stack: "a", mode: "full", status: "healthy", healthy: true, findings: [] }) });
        assert.deepEqual(ops.preflights, [{ runsProgram: false }]);
        await runFleet({ command: "plan", stacks: ["a"], concurrency: 1, projectDir: "/p" }, { ops, out: new Capture(), now: () => NOW, plan: async (stack) => ({ stack, ok: true, problems: [] }) });
        assert.equal(ops.preflights.length, 1, "plan: no preflight");
    });
});

describe("fleet and group roles Entra has not sent yet (output groupRolesPending)", () => {
    const pending = {
        groupRolesPending: out([
            { entraGroupId: "0a9b8c7d-0000-4000-8000-000000000001", groupName: "Finance", status: "waiting for Entra to provision group Finance (0a9b8c7d-…)" },
            { entraGroupId: "0a9b8c7d-0000-4000-8000-000000000002", status: "waiting for Entra to provision group 0a9b8c7d-…" },
        ]),
    };

    it("up: each pending group in the summary as pending, the stack still ok and the exit code 0", async () => {
        const { report, text } = await run({ contoso: { outputs: pending }, fabrikam: { outputs: { groupRolesPending: out([]) } } }, { command: "up" });
        assert.equal(report.exitCode, 0);
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result]), [["contoso", "succeeded"], ["fabrikam", "succeeded"]]);
        assert.deepEqual(report.stacks[0].pending, [
            "pending: waiting for Entra to provision group Finance (0a9b8c7d-0000-4000-8000-000000000001)",
            "pending: waiting for Entra to provision group 0a9b8c7d-0000-4000-8000-000000000002",
        ]);
        assert.equal(report.stacks[1].pending, undefined, "an empty list: nothing pending");
        assert.match(text, /contoso\s+ok\s/);
        assert.match(text, /contoso: pending: waiting for Entra to provision group Finance \(0a9b8c7d-0000-4000-8000-000000000001\)/);
        assert.doesNotMatch(text, /fabrikam: pending/);
        assert.match(text, /up: 2 stack\(s\), 2 ok, 0 failed, 1 with group roles pending; exit 0/);
    });

    it("preview and refresh read it from the stack's state", async () => {
        for (const command of ["preview", "refresh"] as const) {
            const { report, text } = await run({ contoso: { outputs: pending } }, { command });
            assert.equal(report.exitCode, 0, command);
            assert.equal(report.stacks[0].pending?.length, 2, command);
            assert.match(text, /contoso: pending: waiting for Entra to provision group Finance/, command);
        }
    });
});

describe("fleet preview --expect-no-changes (the drift check)", () => {
    it("a stack whose preview proposes a change fails, saying so; one without changes is ok", async () => {
        const { report, text } = await run(
            { contoso: { changes: { same: 22 } }, fabrikam: { changes: { update: 1, same: 21 } }, northwind: { changes: { same: 21 } } },
            { command: "preview", expectNoChanges: true },
        );
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result]), [["contoso", "succeeded"], ["fabrikam", "failed"], ["northwind", "succeeded"]]);
        assert.match(report.stacks[1].error!, /^changes where none were expected \(~1 update\): the stack drifted/);
        assert.equal(report.exitCode, 1);
        assert.match(text, /fabrikam:\n\s+changes where none were expected/);
    });

    it("a group role binding waiting for Entra is pending, not drift; any other change next to it is still drift", async () => {
        const pending = { groupRolesPending: out([{ entraGroupId: "0a9b8c7d-0000-4000-8000-000000000001", groupName: "Finance", status: "waiting for Entra to provision group Finance" }]) };
        const binding = "urn:pulumi:contoso::auth0-entra-scim::auth0-entra-scim:index:CustomerTenant$auth0-entra-scim:auth0:GroupRoles$pulumi-nodejs:dynamic/auth0:GroupRoles::contoso-group-roles-finance";
        const job = "urn:pulumi:fabrikam::auth0-entra-scim::auth0-entra-scim:index:CustomerTenant$azuread:index/synchronizationJob:SynchronizationJob::fabrikam-job";
        const { report } = await run(
            {
                contoso: { outputs: pending, changes: { update: 1, same: 21 }, changedUrns: [binding] },
                fabrikam: { outputs: pending, changes: { update: 2, same: 20 }, changedUrns: [binding.replace(/contoso/g, "fabrikam"), job] },
            },
            { command: "preview", expectNoChanges: true },
        );
        assert.deepEqual(report.stacks.map((s) => [s.stack, s.result]), [["contoso", "succeeded"], ["fabrikam", "failed"]]);
        assert.deepEqual(report.stacks[0].pending, ["pending: waiting for Entra to provision group Finance (0a9b8c7d-0000-4000-8000-000000000001)"]);
    });

    it("without it, a change is just a change", async () => {
        const { report } = await run({ fabrikam: { changes: { update: 1 } } }, { command: "preview" });
        assert.equal(report.exitCode, 0);
    });
});
