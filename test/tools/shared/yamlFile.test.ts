import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { readYamlFile } from "../../../tools/shared/yamlFile";

const SECRET = "Zx9-clear-text-client-secret-Qw3";

describe("tools' YAML reader (tools/shared/yamlFile.ts)", () => {
    it("reports a syntax error by line, column and reason, never quoting a line of the file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-"));
        const file = path.join(dir, "Pulumi.broken.yaml");
        const text = `config:\n  auth0:clientSecret: ${SECRET}\n   auth0:domain: acme.us.auth0.com\n  x: y\n`;
        fs.writeFileSync(file, text);
        // js-yaml's own message quotes the neighbouring lines (the secret cut short): that must not leak.
        const prefix = SECRET.slice(0, 12);
        assert.throws(() => yaml.load(text), (e: Error) => e.message.includes(prefix));
        assert.throws(
            () => readYamlFile(file),
            (e: Error) => {
                assert.match(e.message, /^.*Pulumi\.broken\.yaml is not valid YAML at line 3, column \d+: bad indentation of a mapping entry$/);
                assert.ok(!e.message.includes(prefix));
                return true;
            },
        );
    });

    it("reads a valid file", () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "yaml-")), "Pulumi.ok.yaml");
        fs.writeFileSync(file, "config:\n  a: b\n");
        assert.deepEqual(readYamlFile(file), { config: { a: "b" } });
    });
});
