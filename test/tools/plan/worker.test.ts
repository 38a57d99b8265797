/**
 * Isolation of stacks planned in one worker (tools/plan/worker.ts): the real program, stacks with
 * different config, one whose config the program refuses and one with secrets, planned one after
 * another in a single worker, each equal to its plan in a worker of its own, none showing anything of
 * another (resources, outputs, config, masked secrets, errors).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { newPlanPool, PACKAGE_DIR, planInPool, planStack, type StackPlan } from "../../../tools/plan/plan";
import { forgetProjectModules, leftBehind } from "../../../tools/plan/worker";

const STACK_FIXTURES = path.join(PACKAGE_DIR, "test", "tools", "fixtures", "plan", "stacks");
/** Ciphertexts planted in the secrets stack below: none may show in any plan. */
const PLANTED = ["PLANTEDcipherText0002", "PLANTEDcipherText0003", "PLANTEDcipherText0004"];
/** A stack with `secure:` values (the program gets masked placeholders): a credential, a display name, a mapping. */
const SECRETS_STACK = `config:
  auth0:domain: acme.us.auth0.com
  auth0:clientId: 5Jx0mPq2rS4tU6vW8yZ1aB3cD5eF7gH9
  azuread:clientSecret:
    secure: v1:PLANTEDcipherText0002AAAAAAAAAAAAAAAAAAAAAA==
  auth0-entra-scim:entraTenantDomain: contoso.onmicrosoft.com
  auth0-entra-scim:customerName: planted
  auth0-entra-scim:oidcAppDisplayName:
    secure: v1:PLANTEDcipherText0003BBBBBBBBBBBBBBBBBBBBBB==
  auth0-entra-scim:additionalMappings:
    - auth0: app_metadata.badge
      scim:
        secure: v1:PLANTEDcipherText0004CCCCCCCCCCCCCCCCCCCCCC==
`;

/** A temp project: the package's program files linked, and the given stack files. */
function tempProject(stackFiles: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-worker-test-"));
    for (const entry of fs.readdirSync(PACKAGE_DIR)) {
        if (entry.startsWith(".") || /^Pulumi\..+\.ya?ml$/.test(entry)) continue;
        fs.symlinkSync(path.join(PACKAGE_DIR, entry), path.join(dir, entry));
    }
    for (const [name, text] of Object.entries(stackFiles)) fs.writeFileSync(path.join(dir, name), text, { flag: "wx" });
    return dir;
}

/** The example stack as another customer: its own connection, Entra tenant, name and users. */
function otherCustomer(): string {
    const example = fs.readFileSync(path.join(PACKAGE_DIR, "Pulumi.dev.yaml"), "utf8");
    const text = example
        .replace(/^#.*example stack, never deployed.*$/m, "")
        .replace(/connectionName: .*/, "connectionName: fabrikam-entra")
        .replace(/customerName: .*/, "customerName: fabrikam")
        .replace(/azuread:tenantId: .*/, "azuread:tenantId: 11111111-2222-4333-8444-555555555555")
        .replace(/6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11/g, "99999999-0b7d-4c1e-9a55-2f3b8d9e0c11");
    assert.match(text, /fabrikam-entra/);
    return text;
}

/** A plan without its timings, which differ from run to run. */
function content(plan: StackPlan): Omit<StackPlan, "durationMs" | "cpuMs"> {
    const { durationMs: _d, cpuMs: _c, ...rest } = plan;
    return rest;
}

describe("stacks planned in one worker stay isolated (tools/plan/worker.ts)", function () {
    this.timeout(300_000);
    let dir: string;
    before(() => {
        dir = tempProject({
            "Pulumi.planted.yaml": SECRETS_STACK,
            "Pulumi.bad.yaml": fs.readFileSync(path.join(STACK_FIXTURES, "Pulumi.bad.yaml"), "utf8"),
            "Pulumi.fabrikam.yaml": otherCustomer(),
        });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("secrets, a config error and another customer, in turn in one worker: each as planned alone, nothing leaks", async () => {
        const order = ["planted", "bad", "fabrikam", "planted", "fabrikam", "bad"];
        const pool = newPlanPool(1, dir);
        const together: StackPlan[] = [];
        try {
            for (const stack of order) together.push(await planInPool(pool, stack, { projectDir: dir, env: {} }));
            assert.equal(pool.started, 1, "all planned by one worker");
        } finally {
            await pool.close();
        }
        const alone = new Map<string, StackPlan>();
        for (const stack of new Set(order)) alone.set(stack, await planStack(stack, { projectDir: dir, env: {} }));

        const [planted, bad, fabrikam] = ["planted", "bad", "fabrikam"].map((s) => alone.get(s)!);
        assert.equal(planted.ok, true, planted.error);
        assert.equal(fabrikam.ok, true, fabrikam.error);
        assert.equal(bad.ok, false, "the program refuses the bad stack's config");
        assert.ok(bad.problems.length > 0 && bad.error);
        assert.ok(planted.resources.some((r) => r.secretInputs.length > 0), "the planted stack has masked secret inputs");
        assert.ok(Object.keys(planted.resources.find((r) => r.secretDigests)?.secretDigests ?? {}).length > 0, "and their digests");

        order.forEach((stack, i) => assert.deepEqual(content(together[i]), content(alone.get(stack)!), `${stack} (#${i + 1} in the worker) differs from its plan alone`));

        // Explicitly, for the other customer planned after the secrets and the error:
        for (const plan of together.filter((p) => p.stack === "fabrikam")) {
            const json = JSON.stringify(plan);
            for (const secret of PLANTED) assert.ok(!json.includes(secret), `fabrikam shows ${secret}`);
            assert.ok(plan.resources.every((r) => r.urn.startsWith("urn:pulumi:fabrikam::")), "only its own resources");
            const connection = plan.resources.find((r) => r.type === "auth0:index/connection:Connection");
            assert.equal(connection?.inputs.name, "fabrikam-entra", "its own config");
            assert.equal(plan.error, undefined, "no error of the bad stack");
            assert.deepEqual(plan.problems, []);
        }
        for (const plan of together.filter((p) => p.stack === "planted")) {
            assert.ok(plan.resources.every((r) => r.urn.startsWith("urn:pulumi:planted::")));
            assert.ok(!JSON.stringify(plan).includes("fabrikam"), "nothing of the other customer");
        }
    });
});

describe("worker.ts helpers", () => {
    it("forgetProjectModules drops the project's modules (not node_modules, providers/ or the tool's own), also as children of the modules kept", () => {
        const root = path.join(path.sep, "p");
        const own = path.join(PACKAGE_DIR, "tools", "plan", "runner.ts");
        const cache: NodeJS.Dict<NodeJS.Module> = {};
        const files = [
            path.join(root, "index.ts"),
            path.join(root, "components", "tenant.ts"),
            path.join(root, "providers", "guard", "stackGuard.ts"),
            path.join(root, "node_modules", "@pulumi", "pulumi", "index.js"),
            path.join(path.sep, "elsewhere", "x.ts"),
            own,
        ];
        for (const f of files) cache[f] = { id: f, children: [] as NodeJS.Module[] } as NodeJS.Module;
        // The runner requires the main; the main the components and the providers; those the SDK.
        const [index, tenant, guard, sdk] = files.map((f) => cache[f]!);
        cache[own]!.children.push(index);
        index.children.push(tenant, guard);
        tenant.children.push(guard, sdk);
        guard.children.push(sdk);

        const forgotten = forgetProjectModules([root], cache);
        assert.deepEqual(forgotten.sort(), [path.join(root, "components", "tenant.ts"), path.join(root, "index.ts")]);
        assert.deepEqual(Object.keys(cache).sort(), files.filter((f) => !forgotten.includes(f)).sort());
        // Nothing kept holds on to a forgotten module (each stack's program would stay in memory).
        assert.deepEqual(cache[own]!.children, []);
        assert.deepEqual(cache[guard.id]!.children, [sdk]);
    });

    it("leftBehind names what a stack left pending", () => {
        assert.equal(leftBehind(new Map([["PipeWrap", 2]]), new Map([["PipeWrap", 2]])), "");
        assert.equal(leftBehind(new Map([["PipeWrap", 2]]), new Map([["PipeWrap", 2], ["Timeout", 1]])), "1 Timeout");
    });
});
