/**
 * `npm run engine`: finds or builds the Pulumi CLI the sandbox and the end-to-end tests run (see
 * engine.ts) and prints its path. Exit 0 with the path; 1, with one line saying why, when it cannot.
 */
import { Command } from "commander";
import { EngineUnavailable, findEngine } from "./engine";

const program = new Command("engine")
    .description("Find or build the Pulumi CLI at the @pulumi/pulumi version package.json pins; prints its path")
    .option("--no-build", "only look on the PATH and in the cache; never build")
    .action(async (options: { build: boolean }) => {
        const started = Date.now();
        try {
            const engine = await findEngine({ noBuild: !options.build, log: (line) => process.stderr.write(`${line}\n`) });
            process.stderr.write(`Pulumi CLI v${engine.version} (${engine.source}, ${Date.now() - started} ms)\n`);
            process.stdout.write(`${engine.binary}\n`);
        } catch (error) {
            process.stderr.write(`engine: ${error instanceof EngineUnavailable ? error.message : (error as Error).message}\n`);
            process.exitCode = 1;
        }
    });

program.parseAsync().catch((error: Error) => {
    process.stderr.write(`engine: ${error.message}\n`);
    process.exitCode = 1;
});
