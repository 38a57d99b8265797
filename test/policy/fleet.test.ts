import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fleetUniqueConnectionNames } from "../../policy/fleetPolicies";
import * as types from "../../policy/resourceTypes";
import { main as planMain } from "../../tools/plan/cli";
import { runStackPolicy, stackResource, urnOf } from "./harness";

const connection = (name: unknown) => stackResource(types.CONNECTION, "contoso-connection", { strategy: "waad", name });

describe("policy fleet-unique-connection-names (issue 17)", () => {
    it("refuses a connection whose name another stack of the fleet claims, naming both stacks", async () => {
        const reported = await runStackPolicy(fleetUniqueConnectionNames, [connection("Contoso-Entra")], {
            duplicateConnectionNames: { "contoso-entra": ["contoso", "contoso-copy"] },
        });
        assert.equal(reported.length, 1);
        assert.equal(reported[0].urn, urnOf(types.CONNECTION, "contoso-connection"));
        assert.match(reported[0].message, /"Contoso-Entra" is claimed by the stacks contoso, contoso-copy/);
    });

    it("passes a name no other stack claims, an unknown name, and a pack run without the fleet's claims", async () => {
        const claims = { duplicateConnectionNames: { "fabrikam-entra": ["fabrikam", "x"] } };
        assert.deepEqual(await runStackPolicy(fleetUniqueConnectionNames, [connection("contoso-entra")], claims), []);
        assert.deepEqual(await runStackPolicy(fleetUniqueConnectionNames, [connection(undefined)], claims), []);
        assert.deepEqual(await runStackPolicy(fleetUniqueConnectionNames, [connection("fabrikam-entra")]), []);
    });

    it("plan --all --policy-config writes the claims the policy reads, from every stack file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-policy-"));
        try {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: auth0-entra-scim\nruntime: nodejs\n");
            fs.mkdirSync(path.join(dir, "policy"));
            fs.writeFileSync(path.join(dir, "policy", "policy-config.json"), JSON.stringify({ "scim-token-lifetime": { enforcementLevel: "mandatory", maxLifetimeDays: 365 } }));
            const stack = (connectionName: string, tenant: string) =>
                `config:\n  auth0:domain: acme.us.auth0.com\n  azuread:tenantId: ${tenant}\n  auth0-entra-scim:connectionName: ${connectionName}\n`;
            fs.writeFileSync(path.join(dir, "Pulumi.contoso.yaml"), stack("contoso-entra", "00000000-0000-0000-0000-00000000000a"));
            fs.writeFileSync(path.join(dir, "Pulumi.copy.yaml"), stack("Contoso-Entra", "00000000-0000-0000-0000-00000000000b"));
            fs.writeFileSync(path.join(dir, "Pulumi.fabrikam.yaml"), stack("fabrikam-entra", "00000000-0000-0000-0000-00000000000c"));
            const file = path.join(dir, "fleet-policy.json");
            const io = { stdout: () => undefined, stderr: () => undefined };
            // The plan itself fails (no program in this project, and the duplicate): the file is written first.
            await planMain(["--all", "--project-dir", dir, "--policy-config", file], io);
            const config = JSON.parse(fs.readFileSync(file, "utf8"));
            assert.deepEqual(config["fleet-unique-connection-names"], { duplicateConnectionNames: { "contoso-entra": ["contoso", "copy"] } });
            // One file for the pack: the project's own settings come along (the CLI takes one config per pack).
            assert.deepEqual(config["scim-token-lifetime"], { enforcementLevel: "mandatory", maxLifetimeDays: 365 });
            const reported = await runStackPolicy(fleetUniqueConnectionNames, [connection("contoso-entra")], config["fleet-unique-connection-names"]);
            assert.equal(reported.length, 1);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
