#!/usr/bin/env node
// The `auth0-entra-scim` bin: the TypeScript CLI (tools/cli/main.ts) through ts-node, type check off
// (npm test type-checks). .gitignore keeps /bin/ for tsc's outDir, so the launcher lives here.
"use strict";
const path = require("node:path");
// The package's own tsconfig, whatever the working directory.
require("ts-node").register({ project: path.join(__dirname, "..", "..", "tsconfig.json"), transpileOnly: true });
const { main } = require("./main.ts");
main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        process.stderr.write(`auth0-entra-scim: internal error: ${String((error && error.message) || error).split("\n")[0]}\n`);
        process.exitCode = 1;
    },
);
