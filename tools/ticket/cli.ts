/** `npm run ticket -- …`: runTicket with the real process, the Pulumi CLI and the network. */
import * as path from "node:path";
import { pulumiCliOutputsReader, pulumiCliSecretConfigReader } from "../handoff/pulumiCli";
import { runTicket } from "./ticket";

const projectDir = path.resolve(__dirname, "..", "..");

runTicket(process.argv.slice(2), {
    projectDir,
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readOutputs: pulumiCliOutputsReader(projectDir),
    readSecretConfig: pulumiCliSecretConfigReader(projectDir),
}).then(
    (code) => {
        process.exitCode = code;
    },
    // runTicket reports its own errors; this is only reached by a bug, and must not print a stack
    // trace with request bodies in it.
    () => {
        process.stderr.write("ticket: internal error\n");
        process.exitCode = 1;
    },
);
