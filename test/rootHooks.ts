/**
 * Mocha root hooks (loaded by `.mocharc.json`): the vendors' environment variables are cleared, and a
 * run that stops before the root suite has finished fails, whatever mocha's own exit code says.
 *
 * Why: when something throws inside mocha's failure handling (formatting a diff of a proxy that throws
 * on read, say), the pending test's promise never settles, the event loop drains and Node exits 0
 * with most of the suite never run. Mocha's summary is then missing; this makes the exit code say so.
 */
// Hermetic: the vendor credentials and endpoints a developer or CI job has exported never reach a
// test. Each test that needs one sets it itself.
const VENDOR_ENV = /^(AUTH0_|ARM_|AZURE_|ACTIONS_ID_TOKEN_REQUEST_)/;
// This project's own settings (AUTH0_ENTRA_SCIM_*: the engine cache, the sandbox's CA) are not vendors'.
const OWN_ENV = /^AUTH0_ENTRA_SCIM_/;
for (const name of Object.keys(process.env)) if (VENDOR_ENV.test(name) && !OWN_ENV.test(name)) delete process.env[name];

let rootSuiteFinished = false;

export const mochaHooks = {
    afterAll(): void {
        rootSuiteFinished = true;
    },
};

process.on("exit", (code) => {
    if (rootSuiteFinished) return;
    process.stderr.write(
        `\nmocha stopped before the root suite finished (exit code ${code}); ` +
            "the tests after the last one reported never ran. Failing the run.\n",
    );
    process.exitCode = 1;
});
