/** The stack reader the tools share (tools/handoff/stack.ts). */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { scimTokenScopes } from "../../../components/auth0/scimEndpoint";
import { loadTenantConfig } from "../../../components/config";
import { adminConsentUrl, readStackConfig, scimScopes, stackSettings } from "../../../tools/handoff/stack";
import { configWith } from "../../mocks";

const ROOT = path.join(__dirname, "..", "..", "..");

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
                grantAdminConsent: settings.grantAdminConsent,
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
                grantAdminConsent: program.grantAdminConsent,
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

describe("tools' stack reader: grantAdminConsent and the admin-consent URL", () => {
    it("applies the program's default per mode when grantAdminConsent is unset, and takes an explicit value", () => {
        const dir = tempDir();
        fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        const settings = (config: string) => {
            fs.writeFileSync(path.join(dir, "Pulumi.s.yaml"), `config:\n${config}`);
            return stackSettings(readStackConfig("s", dir));
        };
        for (const mode of ["full", "customer"] as const) {
            const ns = "auth0-entra-scim";
            configWith({ [`${ns}:mode`]: mode, [`${ns}:auth0Domain`]: "acme.us.auth0.com", [`${ns}:entraTenantDomain`]: mode === "full" ? "contoso.onmicrosoft.com" : "", [`${ns}:oidcAppOnly`]: mode === "customer" ? "true" : "false" });
            const program = loadTenantConfig(undefined, undefined, "s").grantAdminConsent;
            assert.equal(settings(`  ${ns}:mode: ${mode}\n`).grantAdminConsent, program, mode);
            assert.equal(settings(`  ${ns}:mode: ${mode}\n  ${ns}:grantAdminConsent: "${!program}"\n`).grantAdminConsent, !program, `${mode}, explicit`);
        }
        fs.rmSync(dir, { recursive: true });
    });

    it("builds Microsoft's tenant-wide admin-consent URL, leaving placeholders as they are", () => {
        assert.equal(
            adminConsentUrl("3d1f4e5a-7b8c-4d9e-8f0a-1b2c3d4e5f60", "5b2e7c1d-9f3a-4e6b-8c0d-2a4f6e8b0c1d"),
            "https://login.microsoftonline.com/3d1f4e5a-7b8c-4d9e-8f0a-1b2c3d4e5f60/adminconsent?client_id=5b2e7c1d-9f3a-4e6b-8c0d-2a4f6e8b0c1d",
        );
        assert.equal(adminConsentUrl("contoso.onmicrosoft.com", "<client id>"), "https://login.microsoftonline.com/contoso.onmicrosoft.com/adminconsent?client_id=<client id>");
        assert.equal(adminConsentUrl("a/b?c", "x&y"), "https://login.microsoftonline.com/a%2Fb%3Fc/adminconsent?client_id=x%26y");
    });
});
