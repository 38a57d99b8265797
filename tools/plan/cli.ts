/**
 * `npm run plan`: what the stacks' programs would create, offline (no credentials, no Pulumi CLI).
 *
 *   npm run plan -- --stack contoso            one stack, as a tree
 *   npm run plan -- --all                      every Pulumi.<stack>.yaml (the default)
 *   npm run plan -- --all --json               the same as data
 *   npm run plan -- --diff origin/main         what the working tree changes, per stack, as markdown
 *
 * Exit code: 0 when every plan ran (changes or not), 1 when a stack's plan failed in the working tree
 * (a config problem or a crash), 2 for a usage or git error.
 */
import * as path from "node:path";
import { diffAll, renderDiff, renderDiffJson } from "./diff";
import { withBaseTree } from "./git";
import { PACKAGE_DIR, planStacks, type PlanOptions } from "./plan";
import { renderPlans, renderPlansJson } from "./render";
import { listStacks, readProject } from "./stackConfig";
import type { StackPlan } from "./types";

const USAGE = `usage: npm run plan -- [--stack NAME]... [--all] [--json] [--diff BASE_REF]
                        [--project-dir DIR] [--config-file FILE] [--concurrency N] [--timeout SECONDS]

  --stack NAME        plan this stack (Pulumi.NAME.yaml); repeatable
  --all               plan every Pulumi.*.yaml in the project (the default without --stack)
  --json              print the plans (or the diff) as JSON
  --diff BASE_REF     plan each stack at BASE_REF (a git worktree in a temp dir) and in the working
                      tree, and print what changes, as markdown for a PR comment
  --project-dir DIR   the Pulumi project (default: this package)
  --config-file FILE  read the stack's config from FILE instead of Pulumi.NAME.yaml (one --stack only)
  --concurrency N     stacks planned at once (default: up to 4, by CPU)
  --timeout SECONDS   give up on a stack's program after this long (default 60)`;

interface Args {
    stacks: string[];
    all: boolean;
    json: boolean;
    diff?: string;
    projectDir: string;
    configFile?: string;
    concurrency?: number;
    timeoutMs?: number;
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Args {
    const args: Args = { stacks: [], all: false, json: false, projectDir: PACKAGE_DIR };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const value = () => {
            const v = inline ?? argv[++i];
            if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
            return v;
        };
        switch (flag) {
            case "--stack":
            case "-s":
                args.stacks.push(value());
                break;
            case "--all":
                args.all = true;
                break;
            case "--json":
                args.json = true;
                break;
            case "--diff":
                args.diff = value();
                break;
            case "--project-dir":
            case "--cwd":
                args.projectDir = path.resolve(value());
                break;
            case "--config-file":
                args.configFile = path.resolve(value());
                break;
            case "--concurrency":
                args.concurrency = Number(value());
                if (!(args.concurrency >= 1)) throw new UsageError("--concurrency must be 1 or more");
                break;
            case "--timeout":
                args.timeoutMs = Number(value()) * 1000;
                if (!(args.timeoutMs > 0)) throw new UsageError("--timeout must be a number of seconds");
                break;
            case "--help":
            case "-h":
                throw new UsageError("");
            default:
                throw new UsageError(`unknown argument ${arg}`);
        }
    }
    if (args.configFile && args.stacks.length !== 1) throw new UsageError("--config-file needs exactly one --stack");
    if (args.configFile && args.diff) throw new UsageError("--config-file cannot be combined with --diff");
    return args;
}

function stacksOf(projectDir: string, args: Args): string[] {
    const all = listStacks(readProject(projectDir));
    if (args.stacks.length > 0 && !args.all) return args.stacks;
    return [...new Set([...all, ...args.stacks])].sort();
}

async function plan(projectDir: string, stacks: readonly string[], args: Args): Promise<StackPlan[]> {
    const options = (): PlanOptions => ({ projectDir, configFile: args.configFile, timeoutMs: args.timeoutMs });
    const plans = await planStacks(stacks.map((stack) => ({ stack, options: options() })), args.concurrency);
    for (const p of plans) {
        const where = projectDir === args.projectDir ? "" : " (base)";
        process.stderr.write(`planned ${p.stack}${where}: ${p.ok ? `${p.resources.filter((r) => r.custom).length} resources` : "FAILED"} in ${((p.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
    }
    return plans;
}

export async function main(argv: readonly string[]): Promise<number> {
    let args: Args;
    try {
        args = parseArgs(argv);
    } catch (error) {
        const message = (error as Error).message;
        process.stderr.write(`${message ? `${message}\n\n` : ""}${USAGE}\n`);
        return message ? 2 : 0;
    }

    if (!args.diff) {
        const stacks = stacksOf(args.projectDir, args);
        if (stacks.length === 0) {
            process.stderr.write(`no Pulumi.<stack>.yaml in ${args.projectDir}\n`);
            return 2;
        }
        const plans = await plan(args.projectDir, stacks, args);
        process.stdout.write(args.json ? renderPlansJson(plans) : renderPlans(plans));
        return plans.every((p) => p.ok) ? 0 : 1;
    }

    const ref = args.diff;
    let headPlans: StackPlan[] = [];
    let basePlans: StackPlan[] = [];
    let commit = "";
    try {
        await withBaseTree(
            args.projectDir,
            ref,
            async (base) => {
                commit = base.commit;
                const baseStacks = (() => {
                    try {
                        return stacksOf(base.projectDir, args);
                    } catch {
                        return []; // no Pulumi project at the base: every stack is new
                    }
                })().filter((s) => args.all || args.stacks.length === 0 || args.stacks.includes(s));
                const inWorkingTree = new Set(listStacksSafe(args.projectDir));
                const headStacks = stacksOf(args.projectDir, args).filter((s) => inWorkingTree.has(s));
                // Both sides in one pool; the base's stack files must exist (a stack new in the working tree
                // has none there).
                const existing = new Set(listStacksSafe(base.projectDir));
                const both = await planStacks(
                    [
                        ...baseStacks.filter((s) => existing.has(s)).map((stack) => ({ stack, options: { projectDir: base.projectDir, timeoutMs: args.timeoutMs } })),
                        ...headStacks.map((stack) => ({ stack, options: { projectDir: args.projectDir, timeoutMs: args.timeoutMs } })),
                    ],
                    args.concurrency,
                );
                const baseCount = baseStacks.filter((s) => existing.has(s)).length;
                basePlans = both.slice(0, baseCount);
                headPlans = both.slice(baseCount);
                for (const [side, plans] of [["base", basePlans], ["working tree", headPlans]] as const) {
                    for (const p of plans) {
                        process.stderr.write(`planned ${p.stack} (${side}): ${p.ok ? `${p.resources.filter((r) => r.custom).length} resources` : "FAILED"} in ${((p.durationMs ?? 0) / 1000).toFixed(1)} s\n`);
                    }
                }
            },
            (message) => process.stderr.write(`${message}\n`),
        );
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        return 2;
    }
    const diff = diffAll(basePlans, headPlans, { base: `${ref}` + (commit && !commit.startsWith(ref) ? ` (${commit.slice(0, 7)})` : ""), head: "working tree" });
    process.stdout.write(args.json ? renderDiffJson(diff) : renderDiff(diff));
    return headPlans.every((p) => p.ok) ? 0 : 1;
}

function listStacksSafe(projectDir: string): string[] {
    try {
        return listStacks(readProject(projectDir));
    } catch {
        return [];
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error) => {
            process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
            process.exit(2);
        },
    );
}
