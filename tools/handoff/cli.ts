/** `npm run handoff -- …`: runHandoff with the real process, the Pulumi CLI and the offline plan if present. */
import * as path from "node:path";
import { lazyPlan, runHandoff } from "./handoff";
import { pulumiCliOutputsReader } from "./pulumiCli";

const projectDir = path.resolve(__dirname, "..", "..");

runHandoff(process.argv.slice(2), {
    projectDir,
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readOutputs: pulumiCliOutputsReader(projectDir),
    loadPlan: lazyPlan(),
}).then(
    (code) => {
        process.exitCode = code;
    },
    () => {
        process.stderr.write("handoff: internal error\n");
        process.exitCode = 1;
    },
);
