/**
 * The pack as a whole: its files, its policies' metadata, the example config, and the pack served
 * the way the Pulumi CLI serves it (the nodejs host runs `@pulumi/pulumi/cmd/run-policy-pack` in
 * policy/, resolving modules from the repository's node_modules), driven over the analyzer gRPC
 * protocol the engine speaks.
 */
import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { policies } from "../../policy/policies";
import * as types from "../../policy/resourceTypes";
import { UNKNOWN_STRING } from "./harness";

const ROOT = path.resolve(__dirname, "../..");
const POLICY_DIR = path.join(ROOT, "policy");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

const MANDATORY = [
    "waad-connection-scim-settings",
    "scim-configuration-user-id-external-id",
    "scim-token-scopes",
    "scim-token-groups-scopes",
    "entra-provisioning-credentials",
    "oidc-app-assignment-required",
    "oidc-app-permissions",
    "scim-token-lifetime",
    "organization-connection-membership-on-login",
    "organization-connection-no-signup-on-waad",
    "fleet-unique-connection-names",
];
const ADVISORY = ["scim-token-rotation-window"];
/** The policies with knobs (configSchema), and their knobs. */
const CONFIGURABLE: Record<string, string[]> = {
    "entra-provisioning-credentials": ["auth0Domains"],
    "scim-token-lifetime": ["maxLifetimeDays", "requireExpiry"],
    "scim-token-rotation-window": ["minRotateBeforeDays"],
    "fleet-unique-connection-names": ["duplicateConnectionNames"],
};

type KnobSchema = NonNullable<(typeof policies)[number]["configSchema"]>["properties"][string];

describe("policy pack files and metadata", () => {
    it("PulumiPolicy.yaml declares the nodejs runtime and a description", () => {
        const manifest = yaml.load(fs.readFileSync(path.join(POLICY_DIR, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
        assert.equal(manifest.runtime, "nodejs");
        assert.ok(typeof manifest.description === "string" && manifest.description.length > 20);
    });

    it("policy/package.json has the version @pulumi/policy reads, and the root's pinned versions", () => {
        const pack = readJson(path.join(POLICY_DIR, "package.json"));
        const root = readJson(path.join(ROOT, "package.json"));
        assert.match(pack.version, /^\d+\.\d+\.\d+$/);
        assert.equal(pack.main, "index.ts");
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi"]) {
            assert.equal(pack.dependencies[dep], root.dependencies[dep], `${dep} differs from the root package.json`);
            assert.match(pack.dependencies[dep], /^\d+\.\d+\.\d+$/, `${dep} is not pinned`);
        }
    });

    it("has unique policy names, the invariants and the token lifetime mandatory, the rotation window advisory", () => {
        const names = policies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        assert.deepEqual(names.filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(n)), []);
        assert.deepEqual(policies.filter((p) => p.enforcementLevel === "mandatory").map((p) => p.name).sort(), [...MANDATORY].sort());
        assert.deepEqual(policies.filter((p) => p.enforcementLevel === "advisory").map((p) => p.name).sort(), [...ADVISORY].sort());
        for (const policy of policies) {
            assert.ok(policy.description.length > 20, `${policy.name} needs a description`);
            assert.ok(policy.remediationSteps, `${policy.name} needs remediation steps`);
            const schema = policy.configSchema;
            assert.deepEqual(Object.keys(schema?.properties ?? {}).sort(), CONFIGURABLE[policy.name] ?? [], `${policy.name}: its knobs`);
            if (schema) assert.ok(!("enforcementLevel" in schema.properties), "enforcementLevel is reserved");
        }
    });

    it("policy-config.json sets only declared knobs, with values of the declared types", () => {
        const config = readJson(path.join(POLICY_DIR, "policy-config.json")) as Record<string, Record<string, unknown>>;
        for (const [name, settings] of Object.entries(config)) {
            const policy = policies.find((p) => p.name === name);
            assert.ok(policy, `${name} is not a policy of the pack`);
            for (const [key, value] of Object.entries(settings)) {
                if (key === "enforcementLevel") {
                    assert.equal(value, policy.enforcementLevel, `${name}: the example config shows the pack's level`);
                    continue;
                }
                const declared: KnobSchema | undefined = policy.configSchema?.properties[key];
                assert.ok(declared, `${name}.${key} is not in the policy's configSchema`);
                if (declared.type === "integer") assert.ok(Number.isInteger(value) && (value as number) >= (declared.minimum ?? -Infinity));
                else if (declared.type === "array") assert.ok(Array.isArray(value) && value.every((v) => typeof v === "string"));
                else assert.equal(typeof value, declared.type);
                assert.deepEqual(value, declared.default, `${name}.${key}: the example config shows the defaults`);
            }
        }
    });
});

// --- The pack served over gRPC, as the engine sees it ---------------------------------------------

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

/** The analyzer's EnforcementLevel enum. */
const LEVEL = { advisory: 0, mandatory: 1 } as const;

interface Diagnostic {
    policy: string;
    level: number;
    urn: string;
    message: string;
}

describe("policy pack served by the Pulumi nodejs runner", function () {
    // The runner compiles the pack with ts-node (type-checking), which takes a few seconds.
    this.timeout(120_000);
    let child: ChildProcess;
    let client: any;

    const call = (method: string, request: unknown): Promise<any> =>
        new Promise((resolve, reject) => client[method](request, (error: Error | null, response: unknown) => (error ? reject(error) : resolve(response))));

    const diagnostics = (response: any): Diagnostic[] =>
        response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), urn: d.getUrn(), message: d.getMessage() }));

    function resourceMessage<T>(Message: new () => T & Record<string, (...args: any[]) => any>, type: string, name: string, props: object): T {
        const message = new Message();
        message.setType(type);
        message.setName(name);
        message.setUrn(`urn:pulumi:ci::auth0-entra-scim::${type}::${name}`);
        message.setOptions(new pb.AnalyzerResourceOptions());
        message.setProperties(Struct.fromJavaScript(props));
        return message;
    }

    const analyze = async (type: string, props: object) => diagnostics(await call("analyze", resourceMessage(pb.AnalyzeRequest, type, "r", props)));

    before(async () => {
        const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
        // Arguments as the CLI passes them: the engine address (unused until something logs), the pack dir.
        child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: POLICY_DIR, stdio: ["ignore", "pipe", "pipe"] });
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stdout!.on("data", (chunk) => {
                out += chunk;
                const match = /^(\d+)\s*$/m.exec(out);
                if (match) resolve(match[1]);
            });
            child.stderr!.on("data", (chunk) => (err += chunk));
            child.on("exit", (code) => reject(new Error(`the policy pack exited with ${code}:\n${out}\n${err}`)));
        });
        client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        child?.kill();
    });

    it("describes itself: name, version, every policy with its enforcement level and config schema", async () => {
        const info = await call("getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), "auth0-entra-scim");
        assert.equal(info.getVersion(), readJson(path.join(POLICY_DIR, "package.json")).version);
        const served = Object.fromEntries(info.getPoliciesList().map((p: any) => [p.getName(), p.getEnforcementlevel()]));
        assert.deepEqual(served, Object.fromEntries([...MANDATORY.map((n) => [n, LEVEL.mandatory]), ...ADVISORY.map((n) => [n, LEVEL.advisory])]));
        for (const [name, knobs] of Object.entries(CONFIGURABLE)) {
            const policy = info.getPoliciesList().find((p: any) => p.getName() === name);
            assert.deepEqual(Object.keys(policy.getConfigschema().getProperties().toJavaScript()).sort(), knobs, name);
        }
    });

    it("reports a mandatory violation for bad Entra credentials, and nothing while the Tenant URL is unknown", async () => {
        const bad = await analyze(types.SYNCHRONIZATION_SECRET, {
            credentials: [{ key: "BaseAddress", value: "https://acme.us.auth0.com/scim/v2/connections/con_1" }, { key: "SyncAll", value: "false" }],
        });
        assert.deepEqual(bad.map((d) => [d.policy, d.level]), [["entra-provisioning-credentials", LEVEL.mandatory]]);
        const previewing = await analyze(types.SYNCHRONIZATION_SECRET, {
            credentials: [{ key: "BaseAddress", value: UNKNOWN_STRING }, { key: "SyncAll", value: "false" }],
        });
        assert.deepEqual(previewing, []);
    });

    it("correlates a SCIM configuration with its connection through property dependencies", async () => {
        const connection = resourceMessage(pb.AnalyzerResource, types.CONNECTION, "conn", { strategy: "waad", options: { userIdAttribute: "sub" } });
        const configuration = resourceMessage(pb.AnalyzerResource, types.SCIM_CONFIGURATION, "cfg", { connectionId: UNKNOWN_STRING, userIdAttribute: "externalId" });
        const dependency = new pb.AnalyzerPropertyDependencies();
        dependency.setUrnsList([(connection as any).getUrn()]);
        (configuration as any).getPropertydependenciesMap().set("connectionId", dependency);
        const request = new pb.AnalyzeStackRequest();
        request.setResourcesList([connection, configuration]);
        const reported = diagnostics(await call("analyzeStack", request));
        assert.deepEqual(reported.map((d) => [d.policy, d.urn]), [["waad-connection-scim-settings", (connection as any).getUrn()]]);
    });

    it("refuses a Tenant URL with userinfo, and a SCIM token that never expires, as mandatory", async () => {
        const userinfo = await analyze(types.SYNCHRONIZATION_SECRET, {
            credentials: [{ key: "BaseAddress", value: "https://acme.us.auth0.com@attacker.example/scim/v2/connections/con_1?aadOptscim062020" }, { key: "SyncAll", value: "false" }],
        });
        assert.deepEqual(userinfo.map((d) => [d.policy, d.level]), [["entra-provisioning-credentials", LEVEL.mandatory]]);
        assert.match(userinfo[0].message, /has userinfo/);
        const forever = await analyze(types.DYNAMIC_SCIM_TOKEN, { connectionId: "con_1", scopes: ["get:users"] });
        assert.deepEqual(forever.map((d) => [d.policy, d.level]), [["scim-token-lifetime", LEVEL.mandatory]]);
    });

    it("applies policy config sent by the engine (--policy-pack-config): a knob changes the outcome", async () => {
        const ninetyDayToken = { connectionId: "con_1", scopes: ["get:users"], lifetimeSeconds: 90 * 86_400, rotateBeforeDays: 14 };
        // The pack's defaults: a 90-day token passes.
        assert.deepEqual(await analyze(types.DYNAMIC_SCIM_TOKEN, ninetyDayToken), []);

        const configure = new pb.ConfigureAnalyzerRequest();
        const lifetime = new pb.PolicyConfig();
        lifetime.setEnforcementlevel(LEVEL.mandatory);
        lifetime.setProperties(Struct.fromJavaScript({ maxLifetimeDays: 30, requireExpiry: true }));
        configure.getPolicyconfigMap().set("scim-token-lifetime", lifetime);
        await call("configure", configure);

        const reported = await analyze(types.DYNAMIC_SCIM_TOKEN, ninetyDayToken);
        assert.deepEqual(reported.map((d) => [d.policy, d.level]), [["scim-token-lifetime", LEVEL.mandatory]]);
        assert.match(reported[0].message, /more than the 30 days allowed/);

        // An array knob travels through the engine's config too.
        const tenantUrl = (host: string) => ({
            credentials: [{ key: "BaseAddress", value: `https://${host}/scim/v2/connections/con_1?aadOptscim062020` }, { key: "SyncAll", value: "false" }],
        });
        assert.deepEqual(await analyze(types.SYNCHRONIZATION_SECRET, tenantUrl("other.us.auth0.com")), []);
        const domains = new pb.PolicyConfig();
        domains.setEnforcementlevel(LEVEL.mandatory);
        domains.setProperties(Struct.fromJavaScript({ auth0Domains: ["acme.us.auth0.com"] }));
        configure.getPolicyconfigMap().set("entra-provisioning-credentials", domains);
        await call("configure", configure);
        assert.deepEqual(await analyze(types.SYNCHRONIZATION_SECRET, tenantUrl("acme.us.auth0.com")), []);
        const elsewhere = await analyze(types.SYNCHRONIZATION_SECRET, tenantUrl("other.us.auth0.com"));
        assert.deepEqual(elsewhere.map((d) => d.policy), ["entra-provisioning-credentials"]);
        assert.match(elsewhere[0].message, /not one of the configured auth0Domains/);
    });
});
