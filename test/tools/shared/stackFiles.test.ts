/** The one reader of Pulumi.yaml and Pulumi.<stack>.yaml that plan, handoff and new-customer share. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackConfig } from "../../../tools/handoff/stack";
import { loadStackConfig, readProject } from "../../../tools/plan/stackConfig";
import { declaredEntries, existingStackFile, listStacks, readProjectFile, readStackFile, stackEntries, stackFile } from "../../../tools/shared/stackFiles";

/** A project whose stack files live in `stacks/` (stackConfigDir), with a declared default and a secure value. */
function project(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-files-"));
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        "name: proj\nstackConfigDir: stacks\nconfig:\n  customerName: { type: string, default: From Pulumi.yaml }\n  region: eu-west-1\n  note: { type: string, default: '' }\n",
    );
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(
        path.join(dir, "stacks", "Pulumi.s1.yaml"),
        // proj:note looks like a secure marker but has a second key: Pulumi takes it as a plain object.
        "environment:\n  - auth0-shared\nconfig:\n  auth0:clientSecret: { secure: v1:cipher }\n  proj:note: { secure: not-a-marker, comment: plain }\n",
    );
    return dir;
}

describe("tools' stack-file reader (tools/shared/stackFiles.ts)", () => {
    it("gives plan and handoff the same declared default and the same secure marker from one file", () => {
        const dir = project();
        try {
            const file = readProjectFile(dir);
            const stack = readStackFile(stackFile(file, "s1"))!;
            assert.deepEqual(declaredEntries(file).get("proj:customerName"), { secure: false, value: "From Pulumi.yaml" });
            assert.deepEqual(declaredEntries(file).get("proj:region"), { secure: false, value: "eu-west-1" });
            assert.deepEqual(stackEntries(file.name, stack).get("auth0:clientSecret"), { secure: true });
            assert.deepEqual(stackEntries(file.name, stack).get("proj:note"), { secure: false, value: { secure: "not-a-marker", comment: "plain" } });
            assert.deepEqual(stack.environments, ["auth0-shared"]);

            // plan: what the CLI would hand the program.
            const planned = loadStackConfig(readProject(dir), "s1", (c) => `[secure ${c}]`);
            assert.equal(planned.configFile, path.join(dir, "stacks", "Pulumi.s1.yaml"));
            assert.equal(planned.config["proj:customerName"], "From Pulumi.yaml");
            assert.equal(planned.config["proj:region"], "eu-west-1");
            assert.equal(planned.config["auth0:clientSecret"], "[secure v1:cipher]");
            assert.deepEqual(planned.secretKeys, ["auth0:clientSecret"]);
            assert.equal(planned.config["proj:note"], JSON.stringify({ secure: "not-a-marker", comment: "plain" }));
            assert.deepEqual(planned.environments, ["auth0-shared"]);

            // handoff: the same file, the same default, the same marker.
            const handed = readStackConfig("s1", dir);
            assert.equal(handed.get("customerName"), "From Pulumi.yaml");
            assert.equal(handed.get("region"), "eu-west-1");
            assert.equal(handed.isSecure("auth0:clientSecret"), true);
            assert.equal(handed.get("auth0:clientSecret"), undefined);
            assert.equal(handed.isSecure("note"), false);
            assert.deepEqual(handed.getObject("note"), { secure: "not-a-marker", comment: "plain" });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("finds stack files where stackConfigDir says, .yaml before .yml, and says when there is none", () => {
        const dir = project();
        try {
            const file = readProjectFile(dir);
            fs.writeFileSync(path.join(dir, "stacks", "Pulumi.s2.yml"), "config: {}\n");
            fs.writeFileSync(path.join(dir, "Pulumi.stray.yaml"), "config: {}\n"); // not in stackConfigDir
            assert.deepEqual(listStacks(file), ["s1", "s2"]);
            assert.equal(stackFile(file, "s2"), path.join(dir, "stacks", "Pulumi.s2.yml"));
            assert.equal(existingStackFile(file, "s3"), undefined);
            assert.equal(readStackFile(stackFile(file, "s3")), undefined);
            assert.throws(() => readStackConfig("stray", dir), /No stack file Pulumi\.stray\.yaml/);
            assert.throws(() => readProjectFile(path.join(dir, "stacks")), /no Pulumi\.yaml in/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
