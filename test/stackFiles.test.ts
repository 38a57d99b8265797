/** Pulumi.yaml, Pulumi.dev.yaml, docs/config.md and README.md agree with what the program reads and CI runs. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { loadTenantConfig, UNSET_VALUES } from "../components/config";
import { KEY_MODES } from "../components/modes";
import { configWith } from "./mocks";

const root = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const project = yaml.load(read("Pulumi.yaml")) as { name: string; config: Record<string, { type?: string; default?: unknown; description?: string }> };
const devStack = yaml.load(read("Pulumi.dev.yaml")) as { config: Record<string, unknown> };

/** Keys the program reads from its namespace: every `config.get*("key")` in components/config.ts (and organizationConfig.ts). */
const keysRead = [
    ...[...read("components/config.ts").matchAll(/config\.get(?:Boolean|Number|Secret|Object<[^>]*>)?\("(\w+)"\)/g)].map((m) => m[1]),
    ...[...read("components/organizationConfig.ts").matchAll(/config\.get(?:Boolean|Number|Object<[^>]*>)?\("(\w+)"\)/g)].map((m) => m[1]),
    ...[...read("components/config.ts").matchAll(/readSecret\("(\w+)"\)/g)].map((m) => m[1]),
];
const listKeysRead = [...read("components/config.ts").matchAll(/readStringList\(config, "(\w+)"/g)].map((m) => m[1]);
const declared = Object.keys(project.config);

describe("stack files, docs/config.md and README", () => {
    it("Pulumi.yaml declares every key the program reads, each with a description", () => {
        assert.equal(project.name, "auth0-entra-scim");
        const read = new Set([...keysRead, ...listKeysRead, "assignedUsers", "assignedGroups"]);
        assert.deepEqual([...read].sort(), [...declared].sort());
        for (const [key, spec] of Object.entries(project.config)) {
            assert.ok(spec.description, `${key} has no description`);
            assert.ok("default" in spec, `${key} has no default (the CLI would require it in every mode)`);
        }
    });

    it("every declared key belongs to at least one mode, and counts as unset at its declared default", () => {
        assert.deepEqual(Object.keys(KEY_MODES).sort(), [...declared].sort());
        for (const [key, spec] of Object.entries(project.config)) {
            const declaredDefault = typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default);
            assert.equal(UNSET_VALUES[key], declaredDefault, key);
        }
    });

    it("the example stack Pulumi.dev.yaml is valid config with no secret in clear", () => {
        const values = Object.fromEntries(
            Object.entries(devStack.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
        );
        configWith(values);
        const config = loadTenantConfig(undefined, undefined, "dev");
        assert.equal(config.entraTenantDomain, "contoso.onmicrosoft.com");
        for (const key of Object.keys(devStack.config)) assert.ok(!/secret|password|token$/i.test(key), `${key} must not be in clear`);
    });

    it("docs/config.md's key table lists exactly the declared keys, each once", () => {
        const doc = read("docs/config.md");
        const sections = doc.split(/^## Keys$/m);
        assert.equal(sections.length, 2, "docs/config.md has exactly one '## Keys' section");
        const section = sections[1].split(/^## /m)[0];
        const documented = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
        assert.equal(new Set(documented).size, documented.length, `a key is listed twice: ${documented.join(", ")}`);
        assert.deepEqual([...documented].sort(), [...declared].sort());
    });

    it("README is a front door: about 200 lines, the sandbox and test commands early, no notes on where it was developed", () => {
        const readme = read("README.md");
        const lines = readme.split("\n");
        assert.ok(lines.length <= 210, `README.md is ${lines.length} lines`);
        const first = (text: string) => lines.findIndex((l) => l.includes(text));
        assert.ok(first("npm ci && npm run sandbox") > 0 && first("npm ci && npm run sandbox") < 60, "the main job's command is not near the top");
        assert.ok(first("npm test") > 0 && first("npm test") < 80, "the test command is not near the top");
        assert.doesNotMatch(readme, /this machine|could not be built here|on the machine it was developed|the sandbox machine/i);
    });

    it("README links the config reference", () => {
        assert.match(read("README.md"), /\]\(docs\/config\.md\)/);
    });

    it("README's test commands are what CI runs, each checked for mocha's summary", () => {
        const ci = read(".ci/run");
        const readme = read("README.md");
        assert.match(ci, /^npm ci\b/m);
        const commands = [...ci.matchAll(/^run \S+ (.+)$/gm)].map((m) => m[1].trim());
        assert.ok(commands.includes("npm test"), `CI runs ${JSON.stringify(commands)}`);
        for (const command of commands) assert.ok(readme.includes(command), `README does not name CI's test command "${command}"`);
        assert.match(ci, /\[0-9\]\+ passing/);
        assert.match(ci, /\[0-9\]\+ failing/);
    });
});
