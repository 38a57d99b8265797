/**
 * The stack reader the tools share (tools/handoff/stack.ts) and the Pulumi CLI readers
 * (tools/handoff/pulumiCli.ts), the latter against a stand-in `pulumi` script on PATH.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { scimTokenScopes } from "../../components/auth0/scimEndpoint";
import { loadTenantConfig } from "../../components/config";
import { NO_CLI_MESSAGE, pulumiCliOutputsReader, pulumiCliSecretConfigReader } from "../../tools/handoff/pulumiCli";
import { readStackConfig, scimScopes, stackSettings } from "../../tools/handoff/stack";
import { configWith } from "../mocks";

const ROOT = path.join(__dirname, "..", "..");

function tempDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "handoff-stack-"));
}

describe("tools' stack reader", () => {
    it("applies Pulumi.yaml's defaults under the stack file's values and knows secure values without reading them", () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: proj\nconfig:\n  a: { type: string, default: from-project }\n  b: { type: integer, default: 14 }\n  c: { type: string }\n  aws:region: { value: eu-west-1 }\n");
        fs.writeFileSync(path.join(dir, "Pulumi.s1.yaml"), "config:\n  proj:b: '30'\n  proj:list: [x, y]\n  auth0:clientSecret: { secure: v1:abc }\n  auth0:clientId: plain-id\n  azuread:clientSecret: oops-in-clear\n");
        const config = readStackConfig("s1", dir);
        assert.equal(config.get("a"), "from-project");
        assert.equal(config.get("b"), "30");
        assert.equal(config.get("c"), undefined);
        assert.equal(config.get("aws:region"), "eu-west-1");
        assert.deepEqual(config.getObject("list"), ["x", "y"]);
        assert.equal(config.get("list"), '["x","y"]');
        assert.equal(config.isSecure("auth0:clientSecret"), true);
        assert.equal(config.get("auth0:clientSecret"), undefined);
        assert.deepEqual(config.plainSecretValues(), ["oops-in-clear"]);
        fs.rmSync(dir, { recursive: true });
    });

    it("refuses stack names that are not names, and says when a stack file is missing", () => {
        assert.throws(() => readStackConfig("../etc/passwd", ROOT), /is not a stack name/);
        assert.throws(() => readStackConfig("nope", ROOT), /No stack file Pulumi\.nope\.yaml/);
        assert.equal(readStackConfig("acme/auth0-entra-scim/dev", ROOT).get("customerName"), "contoso");
    });

    it("derives the same values as the program's config for Pulumi.dev.yaml (drift guard against components/config.ts)", () => {
        const settings = stackSettings(readStackConfig("dev", ROOT));
        const dev = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
        configWith(Object.fromEntries(Object.entries(dev.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
        const program = loadTenantConfig(undefined, undefined, "dev");
        assert.deepEqual(
            {
                customerName: settings.customerName,
                auth0Domain: settings.auth0Domain,
                entraTenantDomain: settings.entraTenantDomain,
                connectionName: settings.connectionName,
                enabledClients: settings.enabledClients,
                provisionGroups: settings.provisionGroups,
                scimTokenLifetimeDays: settings.scimTokenLifetimeDays,
                oidcAppDisplayName: settings.oidcAppDisplayName,
                provisioningAppDisplayName: settings.provisioningAppDisplayName,
            },
            {
                customerName: program.customerName,
                auth0Domain: program.auth0Domain,
                entraTenantDomain: program.entraTenantDomain,
                connectionName: program.connectionName,
                enabledClients: program.enabledClients,
                provisionGroups: program.provisionGroups,
                scimTokenLifetimeDays: program.scimTokenLifetimeDays,
                oidcAppDisplayName: program.oidcAppDisplayName,
                provisioningAppDisplayName: program.provisioningAppDisplayName,
            },
        );
        assert.equal(settings.mode, "full");
        assert.deepEqual(settings.problems, []);
    });

    it("uses the seed's SCIM scopes, as the program's token does", () => {
        for (const groups of [false, true]) assert.deepEqual(scimScopes(groups), scimTokenScopes(groups));
    });

    it("reports unparseable values instead of failing", () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: auth0-entra-scim\n");
        fs.writeFileSync(path.join(dir, "Pulumi.x.yaml"), "config:\n  auth0-entra-scim:mode: both\n  auth0-entra-scim:provisionGroups: yes-please\n  auth0-entra-scim:enabledClients: abc\n");
        const settings = stackSettings(readStackConfig("x", dir));
        assert.equal(settings.mode, "full");
        assert.equal(settings.problems.length, 3);
        assert.equal(settings.connectionName, "x-entra");
        // The same default as the program, including a stack name a connection name may not hold.
        fs.writeFileSync(path.join(dir, "Pulumi.acme_corp.prod.yaml"), "config: {}\n");
        assert.equal(stackSettings(readStackConfig("acme_corp.prod", dir)).connectionName, "acme-corp-prod-entra");
        fs.rmSync(dir, { recursive: true });
    });
});

describe("Pulumi CLI readers", () => {
    let dir: string;
    let bin: string;
    beforeEach(() => {
        dir = tempDir();
        bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A stand-in `pulumi` that logs its arguments and answers `answer` (exit code `code`). */
    function fakePulumi(answer: string, code = 0, stderr = ""): void {
        const script = `#!/bin/sh\necho "$@" >> "${path.join(dir, "args.log")}"\nprintf '%s' '${answer}'\nprintf '%s' '${stderr}' >&2\nexit ${code}\n`;
        fs.writeFileSync(path.join(bin, "pulumi"), script, { mode: 0o755 });
    }
    const env = () => ({ PATH: bin });
    const args = () => fs.readFileSync(path.join(dir, "args.log"), "utf8").trim();

    it("reads outputs with --show-secrets=false, and an empty set as a stack that has not run", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi('{"connectionId":"con_abc","scimToken":"[secret]"}');
        assert.deepEqual(await pulumiCliOutputsReader(dir, env())("dev"), { connectionId: "con_abc", scimToken: "[secret]" });
        assert.equal(args(), "stack output --json --show-secrets=false --stack dev");
        fakePulumi("{}");
        assert.equal(await pulumiCliOutputsReader(dir, env())("dev"), undefined);
    });

    it("fails with the CLI's own complaint, or says the CLI is missing", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi("", 255, "error: no stack named dev found");
        await assert.rejects(pulumiCliOutputsReader(dir, env())("dev"), /pulumi stack output failed: no stack named dev found/);
        await assert.rejects(pulumiCliOutputsReader(dir, { PATH: path.join(dir, "empty") })("dev"), (e: Error) => e.message === NO_CLI_MESSAGE);
    });

    it("decrypts one config value with pulumi config get; without a CLI there is none", async function () {
        if (process.platform === "win32") this.skip();
        fakePulumi("the-decrypted-value\n");
        assert.equal(await pulumiCliSecretConfigReader(dir, env())("dev", "auth0:clientSecret"), "the-decrypted-value");
        assert.equal(args(), "config get auth0:clientSecret --stack dev");
        assert.equal(await pulumiCliSecretConfigReader(dir, { PATH: "" })("dev", "auth0:clientSecret"), undefined);
    });
});
