/**
 * `npm run fleet -- <plan|preview|up|refresh|health> …`: the CLI around runner.ts with the production
 * pieces: the Automation API over the project directory, tools/plan for `plan`, tools/health with
 * Graph and Auth0 clients built from each stack's config for `health`.
 */
import * as path from "node:path";
import { checkHealth } from "../health/health";
import { productionHealthClients } from "../health/clients";
import { defaultProjectDir, discoverStacks, parseArgs, selectStacks, UsageError } from "./args";
import { automationStackOperations } from "./automation";
import { loadPlanStack } from "./plan";
import { runFleet } from "./runner";

export async function main(argv: readonly string[]): Promise<number> {
    let args;
    try {
        args = parseArgs(argv);
    } catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`${error.message}\n`);
            return 2;
        }
        throw error;
    }
    const projectDir = path.resolve(args.projectDir ?? defaultProjectDir());
    let stacks: string[];
    try {
        stacks = selectStacks(args.stacks, discoverStacks(projectDir), projectDir);
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        return 2;
    }
    if (stacks.length === 0) {
        process.stderr.write(`no Pulumi.<stack>.yaml in ${projectDir}\n`);
        return 2;
    }

    const report = await runFleet(
        { command: args.command, stacks, concurrency: args.concurrency, rotationDue: args.rotationDue, reportFile: args.reportFile, projectDir },
        {
            ops: automationStackOperations(projectDir),
            out: {
                write: (text: string) => process.stdout.write(text),
                // Live lines only on a real terminal; CI logs get plain timestamped lines even on a pseudo-TTY.
                isTTY: !!process.stdout.isTTY && !process.env.CI,
                get columns() {
                    return process.stdout.columns;
                },
                get rows() {
                    return process.stdout.rows;
                },
            },
            plan: loadPlanStack(),
            health: ({ stack, outputs, config, addSecrets }) => {
                const { clients, secrets } = productionHealthClients(config);
                addSecrets(secrets);
                return checkHealth({ stack, outputs, config }, clients);
            },
        },
    );
    return report.exitCode;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error) => {
            process.stderr.write(`fleet: ${(error as Error)?.message ?? String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
