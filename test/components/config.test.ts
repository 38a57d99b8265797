import * as assert from "node:assert/strict";
import { ConfigValidationError, loadTenantConfig, type TenantConfig } from "../../components/config";
import { SEED_MAPPING_EDITS } from "../../providers/entra/defaults";
import { configWith } from "../mocks";
import { configProblems } from "./configProblems";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const USER = "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11";
const GROUP = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
const VALID = { auth0Domain: "acme.us.auth0.com", entraTenantDomain: "contoso.onmicrosoft.com" };

function load(values: Record<string, unknown>): TenantConfig {
    configWith(values);
    return loadTenantConfig(undefined, undefined, "contoso");
}

const { problemsOf, assertProblem } = configProblems(load);

describe("stack config", () => {
    it("applies the documented defaults", () => {
        const config = load(VALID);
        assert.deepEqual(config, {
            mode: "full",
            selfServiceProfile: false,
            customerName: "contoso",
            auth0Domain: "acme.us.auth0.com",
            entraTenantDomain: "contoso.onmicrosoft.com",
            connectionName: "contoso-entra",
            enabledClients: [],
            oidcAppDisplayName: "Auth0 sign-in (contoso)",
            provisioningAppDisplayName: "Auth0 SCIM provisioning (contoso)",
            assignedPrincipals: [],
            provisionGroups: false,
            syncUserProfileAtLogin: false,
            scimTokenLifetimeDays: 365,
            scimTokenRotateBeforeDays: 14,
            scimTokenGeneration: 0,
            additionalMappings: [],
            entraMappingEdits: SEED_MAPPING_EDITS,
            provisionOnDemand: [],
            protect: true,
            grantAdminConsent: false,
            grantAdminConsentChosen: false,
            assignPrincipals: true,
            oidcAppOnly: false,
        });
    });

    it("derives the connection name from the stack, so renaming the customer keeps the connection", () => {
        assert.equal(load({ ...VALID, customerName: "Contoso Europe" }).connectionName, "contoso-entra");
        assert.equal(load({ ...VALID, customerName: "Contoso Europe" }).oidcAppDisplayName, "Auth0 sign-in (Contoso Europe)");
    });

    it("reads protect, grantAdminConsent and auth0CustomDomain", () => {
        const config = load({ ...VALID, protect: "false", grantAdminConsent: "false", auth0CustomDomain: "login.acme.com" });
        assert.equal(config.protect, false);
        assert.equal(config.grantAdminConsent, false);
        assert.equal(config.auth0CustomDomain, "login.acme.com");
        assertProblem({ ...VALID, auth0CustomDomain: "https://login.acme.com/" }, "auth0-entra-scim:auth0CustomDomain", '"https://login.acme.com/"');
    });

    it("reads every key", () => {
        const config = load({
            ...VALID,
            customerName: "fabrikam",
            connectionName: "fabrikam-aad",
            enabledClients: ["AbC123xyz"],
            oidcAppDisplayName: "Sign in",
            provisioningAppDisplayName: "Provisioning",
            assignedUsers: [USER.toUpperCase()],
            assignedGroups: [GROUP],
            provisionGroups: "true",
            syncUserProfileAtLogin: "true",
            scimTokenLifetimeDays: "90",
            additionalMappings: [{ auth0: "app_metadata.cc", scim: "costCenter" }],
        });
        assert.equal(config.connectionName, "fabrikam-aad");
        assert.deepEqual(config.enabledClients, ["AbC123xyz"]);
        assert.equal(config.oidcAppDisplayName, "Sign in");
        assert.equal(config.provisioningAppDisplayName, "Provisioning");
        assert.deepEqual(config.assignedPrincipals, [
            { objectId: USER, kind: "User" },
            { objectId: GROUP, kind: "Group" },
        ]);
        assert.equal(config.provisionGroups, true);
        assert.equal(config.syncUserProfileAtLogin, true);
        assert.equal(config.scimTokenLifetimeDays, 90);
        assert.deepEqual(config.additionalMappings, [{ auth0: "app_metadata.cc", scim: "costCenter" }]);
    });

    it("refuses unknown keys in the project's, auth0's and azuread's namespaces, naming the nearest known key", () => {
        assertProblem({ ...VALID, assignedUser: ["6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11"] }, "auth0-entra-scim:assignedUser is not a config key of this project; did you mean auth0-entra-scim:assignedUsers?");
        assertProblem({ ...VALID, scimTokenLifetimeDay: "30" }, "did you mean auth0-entra-scim:scimTokenLifetimeDays?");
        assertProblem({ ...VALID, "auth0:clientSecert": "x" }, "auth0:clientSecert is not a config key of the auth0 provider; did you mean auth0:clientSecret?");
        assertProblem({ ...VALID, "azuread:tenantID": "x" }, "did you mean azuread:tenantId?");
        assert.doesNotThrow(() => load({ ...VALID, "auth0:domain": "acme.us.auth0.com", "azuread:tenantId": "x", "other:anything": "y" }));
    });

    it("takes a loopback host with a port (an emulator, as the sandbox runs), and no other port", () => {
        assert.equal(load({ ...VALID, auth0Domain: "127.0.0.1:8443" }).auth0Domain, "127.0.0.1:8443");
        assert.equal(load({ ...VALID, auth0Domain: "localhost:8443" }).auth0Domain, "localhost:8443");
        assertProblem({ ...VALID, auth0Domain: "10.0.0.1:8443" }, "is not a bare hostname");
        assertProblem({ ...VALID, auth0Domain: "acme.auth0.com:8443" }, "is not a bare hostname");
    });

    it("falls back to auth0:domain when auth0Domain is unset or empty", () => {
        const { auth0Domain, ...rest } = VALID;
        assert.equal(load({ ...rest, "auth0:domain": "tenant.eu.auth0.com" }).auth0Domain, "tenant.eu.auth0.com");
        assert.equal(load({ ...rest, auth0Domain: "", "auth0:domain": "tenant.eu.auth0.com" }).auth0Domain, "tenant.eu.auth0.com");
        assert.equal(load({ ...VALID, "auth0:domain": "other.auth0.com" }).auth0Domain, "acme.us.auth0.com");
    });

    it("treats scimTokenLifetimeDays 0 as no expiry", () => {
        assert.equal(load({ ...VALID, scimTokenLifetimeDays: "0" }).scimTokenLifetimeDays, undefined);
    });

    describe("bad input is refused with the key and the value", () => {
        it("missing entraTenantDomain", () =>
            assertProblem({ auth0Domain: VALID.auth0Domain }, "auth0-entra-scim:entraTenantDomain is required"));
        it("missing auth0Domain and auth0:domain", () =>
            assertProblem({ entraTenantDomain: VALID.entraTenantDomain }, "auth0-entra-scim:auth0Domain (or auth0:domain) is required"));
        for (const bad of ["https://acme.us.auth0.com", "acme.us.auth0.com/", "acme.us.auth0.com/api", "acme .auth0.com", "acme.auth0.com:443"]) {
            it(`auth0Domain ${JSON.stringify(bad)}`, () =>
                assertProblem({ ...VALID, auth0Domain: bad }, "auth0-entra-scim:auth0Domain", JSON.stringify(bad), "not a bare hostname"));
        }
        it("a bad auth0:domain fallback names auth0:domain", () =>
            assertProblem({ entraTenantDomain: VALID.entraTenantDomain, "auth0:domain": "https://x.auth0.com" }, "auth0:domain", '"https://x.auth0.com"'));
        it("a principal id that is an email", () =>
            assertProblem({ ...VALID, assignedUsers: ["alice@contoso.com"] }, "auth0-entra-scim:assignedUsers", '"alice@contoso.com"', "not an Entra object id"));
        it("a group id that is not a GUID", () =>
            assertProblem({ ...VALID, assignedGroups: ["Sales"] }, "auth0-entra-scim:assignedGroups", '"Sales"'));
        it("a principal listed twice (case-insensitively)", () =>
            assertProblem({ ...VALID, assignedUsers: [USER, USER.toUpperCase()] }, "assignedUsers", USER.toUpperCase(), "more than once"));
        it("the same id as a user and a group", () =>
            assertProblem({ ...VALID, assignedUsers: [USER], assignedGroups: [USER] }, USER, "more than once"));
        it("assignedUsers that is not a list", () =>
            assertProblem({ ...VALID, assignedUsers: { id: USER } }, "auth0-entra-scim:assignedUsers", "is not a list"));
        for (const bad of ["-3", "abc"]) {
            it(`scimTokenLifetimeDays ${bad}`, () =>
                assertProblem({ ...VALID, scimTokenLifetimeDays: bad }, "auth0-entra-scim:scimTokenLifetimeDays", bad));
        }
        it("an additionalMappings entry missing scim", () =>
            assertProblem({ ...VALID, additionalMappings: [{ auth0: "app_metadata.x" }] }, "auth0-entra-scim:additionalMappings[0]", 'missing "scim"'));
        it("an additionalMappings entry missing auth0", () =>
            assertProblem({ ...VALID, additionalMappings: [{ scim: "title" }] }, "additionalMappings[0]", 'missing "auth0"'));
        it("two additionalMappings entries for one scim attribute", () =>
            assertProblem(
                { ...VALID, additionalMappings: [{ auth0: "a", scim: "title" }, { auth0: "b", scim: "Title" }] },
                "additionalMappings (scim attribute)", '"Title"', "more than once"));
        it("a boolean that is not one", () =>
            assertProblem({ ...VALID, provisionGroups: "yes" }, "auth0-entra-scim:provisionGroups", "'yes'", "boolean"));
        it("a connection name Auth0 refuses", () =>
            assertProblem({ ...VALID, connectionName: "acme_entra" }, "auth0-entra-scim:connectionName", '"acme_entra"'));
        it("a stack name Auth0 would refuse in a connection name is made into one", () => {
            configWith(VALID);
            assert.equal(loadTenantConfig(undefined, undefined, "acme_corp.prod").connectionName, "acme-corp-prod-entra");
        });
        it("a configured connection name Auth0 refuses", () =>
            assertProblem({ ...VALID, connectionName: "acme_corp" }, "auth0-entra-scim:connectionName", '"acme_corp"'));
        it("an enabled client id with spaces", () =>
            assertProblem({ ...VALID, enabledClients: ["my app"] }, "auth0-entra-scim:enabledClients", '"my app"'));
    });

    describe("SCIM token rotation, Entra mapping edits, provision on demand", () => {
        it("scimTokenRotateBeforeDays must be below the lifetime", () =>
            assertProblem({ ...VALID, scimTokenLifetimeDays: "30", scimTokenRotateBeforeDays: "30" }, "auth0-entra-scim:scimTokenRotateBeforeDays", "30", "smaller than scimTokenLifetimeDays"));
        it("scimTokenRotateBeforeDays must be a whole number", () =>
            assertProblem({ ...VALID, scimTokenRotateBeforeDays: "-2" }, "auth0-entra-scim:scimTokenRotateBeforeDays", "-2"));
        it("an Entra mapping edit without a target", () =>
            assertProblem({ ...VALID, additionalEntraMappings: [{ object: "User", matchingPriority: 3 }] }, "auth0-entra-scim:additionalEntraMappings[0].targetAttributeName is missing"));
        it("an Entra mapping edit for an unknown object", () =>
            assertProblem({ ...VALID, additionalEntraMappings: [{ object: "Device", targetAttributeName: "x", matchingPriority: 3 }] }, "additionalEntraMappings[0].object", '"Device"'));
        it("an Entra mapping edit clashing with the seed's matching precedence", () =>
            assertProblem({ ...VALID, additionalEntraMappings: [{ object: "User", targetAttributeName: "displayName", matchingPriority: 2 }] }, "auth0-entra-scim:additionalEntraMappings: with the seed's edits", "precedence 2"));
        it("provisionOnDemand of a principal that is not assigned", () =>
            assertProblem({ ...VALID, assignedUsers: [USER], provisionOnDemand: [GROUP] }, "auth0-entra-scim:provisionOnDemand", GROUP, "not in assignedUsers or assignedGroups"));
        it("provisionOnDemand takes users and groups with their kind", () => {
            const config = load({ ...VALID, provisionGroups: "true", assignedUsers: [USER], assignedGroups: [GROUP], provisionOnDemand: [GROUP, USER.toUpperCase()] });
            assert.deepEqual(config.provisionOnDemand, [{ objectId: GROUP, kind: "Group" }, { objectId: USER, kind: "User" }]);
        });
        it("provisionOnDemand refuses a group while groups are not provisioned", () =>
            assertProblem({ ...VALID, assignedGroups: [GROUP], provisionOnDemand: [GROUP] }, "auth0-entra-scim:provisionOnDemand", `"${GROUP}" is a group`, "provisionGroups is false"));
        it("provisionOnDemand of more principals than Graph allows at once", () => {
            const users = Array.from({ length: 6 }, (_, i) => `6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c1${i}`);
            assertProblem({ ...VALID, assignedUsers: users, provisionOnDemand: users }, "auth0-entra-scim:provisionOnDemand", "at most 5");
        });
    });

    it("reports every problem in one error", () => {
        const problems = problemsOf({
            auth0Domain: "https://acme.auth0.com/",
            assignedUsers: ["bob@contoso.com"],
            scimTokenLifetimeDays: "-1",
            additionalMappings: [{ auth0: "x" }],
        });
        assert.equal(problems.length, 5, problems.join("\n"));
    });

    describe("grantAdminConsent: on only where the customer's own admin deploys", () => {
        const customer = { mode: "customer", auth0Domain: VALID.auth0Domain, oidcAppOnly: "true" };
        it("unset: false in a full stack (the vendor's identity), true in a customer stack", () => {
            assert.equal(load(VALID).grantAdminConsent, false);
            assert.equal(load(customer).grantAdminConsent, true);
        });
        it("set: the value wins in either mode", () => {
            assert.equal(load({ ...VALID, grantAdminConsent: "true" }).grantAdminConsent, true);
            assert.equal(load({ ...customer, grantAdminConsent: "false" }).grantAdminConsent, false);
        });
        it("anything but true or false is refused, naming the key, the value and the mode's default", () =>
            assertProblem({ ...VALID, grantAdminConsent: "yes" }, "auth0-entra-scim:grantAdminConsent", '"yes"', "not true or false", "unset: false in a full stack"));
        it("is refused in a vendor stack, which has no Entra side", () =>
            assertProblem(
                { ...VALID, mode: "vendor", oidcClientId: USER, oidcClientSecret: "s3cr3t-value", grantAdminConsent: "true" },
                "auth0-entra-scim:grantAdminConsent is set, but a vendor stack does not use it",
            ));
    });

    describe("assignPrincipals", () => {
        it("defaults to true and can be turned off", () => {
            assert.equal(load(VALID).assignPrincipals, true);
            const off = load({ ...VALID, assignPrincipals: "false", assignedUsers: [USER] });
            assert.equal(off.assignPrincipals, false);
            assert.deepEqual(off.assignedPrincipals, [{ objectId: USER, kind: "User" }], "still the list the customer's admin is given");
        });
        it("off, provisionOnDemand is refused: nobody is assigned when the check would run", () =>
            assertProblem({ ...VALID, assignPrincipals: "false", assignedUsers: [USER], provisionOnDemand: [USER] }, "auth0-entra-scim:provisionOnDemand", "assignPrincipals is false"));
    });

    describe("display names get Auth0's and Entra's limits", () => {
        it("customerName: at most 128 characters (Auth0's connection display_name)", () => {
            assert.equal(load({ ...VALID, customerName: "C".repeat(128) }).customerName.length, 128);
            assertProblem({ ...VALID, customerName: "C".repeat(129) }, "auth0-entra-scim:customerName", "129 characters", "(128)");
        });
        it("the Entra apps' display names: at most 256 characters (Graph's application displayName)", () => {
            assert.equal(load({ ...VALID, oidcAppDisplayName: "A".repeat(256) }).oidcAppDisplayName.length, 256);
            assertProblem({ ...VALID, oidcAppDisplayName: "A".repeat(257) }, "auth0-entra-scim:oidcAppDisplayName", "257 characters", "(256)");
            assertProblem({ ...VALID, provisioningAppDisplayName: "P".repeat(300) }, "auth0-entra-scim:provisioningAppDisplayName", "300 characters");
        });
        it("no control characters and not blank", () => {
            assertProblem({ ...VALID, customerName: "Contoso\nEurope" }, "auth0-entra-scim:customerName", "control character");
            assertProblem({ ...VALID, oidcAppDisplayName: "Sign in\t(Contoso)" }, "auth0-entra-scim:oidcAppDisplayName", "control character");
            assertProblem({ ...VALID, customerName: "   " }, "auth0-entra-scim:customerName", "is blank");
        });
        it("a name with accents, spaces and punctuation is fine", () => {
            assert.equal(load({ ...VALID, customerName: "Société Générale (Europe) – Zürich" }).customerName, "Société Générale (Europe) – Zürich");
        });
    });

    describe("secrets are never echoed", () => {
        const JWT = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcHAiLCJzY29wZSI6InJlYWQifQ.c2lnbmF0dXJlLXZhbHVlLWhlcmU";
        const RANDOM = "q8Zr3LmX7pT2vK9sW4yB6nD1fH5jG0cA";
        const assertHidden = (values: Record<string, unknown>, secret: string, ...fragments: string[]) => {
            const problems = problemsOf(values);
            assertProblem(values, ...fragments);
            for (const p of problems) assert.ok(!p.includes(secret), `a problem shows the secret: ${p}`);
        };
        it("a JWT or a random string pasted into a name is refused, and not shown", () => {
            assertHidden({ ...VALID, customerName: JWT }, JWT, "auth0-entra-scim:customerName", "looks like a credential");
            assertHidden({ ...VALID, customerName: RANDOM }, RANDOM, "auth0-entra-scim:customerName", "looks like a credential");
            assertHidden({ ...VALID, connectionName: RANDOM }, RANDOM, "auth0-entra-scim:connectionName", "looks like a credential");
            assertHidden({ ...VALID, oidcAppDisplayName: `Sign in ${JWT}` }, JWT, "auth0-entra-scim:oidcAppDisplayName", "looks like a credential");
        });
        it("a secret-looking value in a key that is otherwise checked is refused without being shown", () => {
            // A JWT's three base64url parts would pass as a hostname.
            assertHidden({ ...VALID, auth0Domain: JWT }, JWT, "auth0-entra-scim:auth0Domain", "looks like a credential");
            assertHidden({ ...VALID, entraTenantDomain: JWT }, JWT, "auth0-entra-scim:entraTenantDomain", "looks like a credential");
            assertHidden({ ...VALID, auth0CustomDomain: JWT }, JWT, "auth0-entra-scim:auth0CustomDomain", "looks like a credential");
            assertHidden({ ...VALID, assignedUsers: [JWT] }, JWT, "auth0-entra-scim:assignedUsers", "not an Entra object id");
            // The Pulumi SDK's own type error quotes the value.
            assertHidden({ ...VALID, scimTokenLifetimeDays: JWT }, JWT, "auth0-entra-scim:scimTokenLifetimeDays");
            assertHidden({ ...VALID, provisionGroups: RANDOM }, RANDOM, "auth0-entra-scim:provisionGroups");
        });
        it("a credential's value is not shown even where it was pasted into another key as well", () => {
            const token = "tok_abc.scim-token-value";
            const values = { mode: "customer", auth0Domain: VALID.auth0Domain, tenantUrl: `https://acme.us.auth0.com/${token}`, scimToken: token };
            configWith(values, ["scimToken"]);
            let problems: readonly string[] = [];
            try {
                loadTenantConfig(undefined, undefined, "contoso");
            } catch (error) {
                problems = (error as ConfigValidationError).problems;
            }
            assert.ok(problems.some((p) => p.startsWith("auth0-entra-scim:tenantUrl")), problems.join("\n"));
            for (const p of problems) assert.ok(!p.includes(token), `a problem shows the SCIM token: ${p}`);
        });
        it("GUIDs, hostnames, URLs and names are still shown, so the error says what was wrong", () => {
            assertProblem({ ...VALID, auth0CustomDomain: "https://login.acme.com/" }, '"https://login.acme.com/"');
            assertProblem({ ...VALID, assignedGroups: ["Sales EMEA"] }, '"Sales EMEA"');
        });
    });

    describe("credentials in clear are refused alike, with the fix", () => {
        for (const full of ["auth0:clientSecret", "azuread:clientSecret", "auth0:apiToken", "azuread:clientCertificatePassword"]) {
            it(`${full}`, () => {
                const value = "PLAIN-credential-value-1234";
                const problems = problemsOf({ ...VALID, [full]: value });
                assert.ok(
                    problems.includes(`${full} is a credential but is stored in clear: set it again with \`pulumi config set --secret ${full}\``),
                    problems.join("\n"),
                );
                assert.ok(problems.every((p) => !p.includes(value)), "the value is never shown");
                configWith({ ...VALID, [full]: value }, [full]);
                assert.doesNotThrow(() => loadTenantConfig(undefined, undefined, "contoso"), "as a secret it is accepted");
            });
        }
        it("oidcClientSecret, the program's own, the same way", () => {
            const values = { ...VALID, mode: "vendor", oidcClientId: USER, oidcClientSecret: "PLAIN-client-secret" };
            const problems = problemsOf(values);
            assert.ok(problems.includes("auth0-entra-scim:oidcClientSecret is a credential but is stored in clear: set it again with `pulumi config set --secret oidcClientSecret`"), problems.join("\n"));
            assert.ok(problems.every((p) => !p.includes("PLAIN-client-secret")));
        });
    });

    it("is a leaf: reading the config loads no component (nothing that declares a resource)", () => {
        const root = path.join(__dirname, "..", "..");
        const loaded: string[] = JSON.parse(
            execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e",
                "require('./components/config'); console.log(JSON.stringify(Object.keys(require.cache)))"], { cwd: root, encoding: "utf8" }),
        );
        const ours = loaded.filter((f) => !f.includes(`${path.sep}node_modules${path.sep}`)).map((f) => path.relative(root, f));
        assert.ok(ours.includes(path.join("components", "config.ts")), ours.join(", "));
        const components = ours.filter((f) => /^components[\\/](auth0|entra)[\\/]|^components[\\/]tenant\.ts$/.test(f));
        assert.deepEqual(components, [], "config.ts pulls in component modules");
        // Only the providers' config modules (and the helpers they use): never a resource module.
        const providerModules = loaded.filter((f) => /@pulumi[\\/](auth0|azuread)[\\/]/.test(f));
        assert.ok(providerModules.length > 0 && providerModules.every((f) => /[\\/](config[\\/][^\\/]+|utilities)\.js$/.test(f)), providerModules.join(", "));
    });
});
