/**
 * The project as it was at a git ref, checked out beside the working tree for as long as a callback
 * runs: `git worktree add --detach` into a fresh temp dir, node_modules linked from the working tree
 * (the base is planned with today's installed packages), and the worktree removed afterwards, also on
 * failure and on Ctrl-C. Nothing in the working tree, the index or any branch is touched.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

function git(cwd: string, args: string[]): string {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

export interface BaseTree {
    /** The project directory inside the checked-out base. */
    readonly projectDir: string;
    /** The commit the ref resolved to. */
    readonly commit: string;
    /** The worktree's root (removed when the callback ends). */
    readonly worktree: string;
}

/** Resolves `ref` in the repository holding `projectDir`; throws a readable error when it cannot. */
export function resolveRef(projectDir: string, ref: string): string {
    try {
        return git(projectDir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    } catch {
        throw new Error(`--diff ${ref}: not a commit in the git repository at ${projectDir}`);
    }
}

export async function withBaseTree<T>(
    projectDir: string,
    ref: string,
    fn: (base: BaseTree) => Promise<T>,
    log: (message: string) => void = () => undefined,
): Promise<T> {
    const repoRoot = git(projectDir, ["rev-parse", "--show-toplevel"]);
    const prefix = git(projectDir, ["rev-parse", "--show-prefix"]);
    const commit = resolveRef(projectDir, ref);
    const holder = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
    const worktree = path.join(holder, "tree");
    const links: string[] = [];

    let removed = false;
    const cleanup = () => {
        if (removed) return;
        removed = true;
        // Our own links first, so nothing below can ever follow them into the working tree.
        for (const link of links) fs.rmSync(link, { force: true });
        try {
            git(repoRoot, ["worktree", "remove", "--force", worktree]);
        } catch {
            // Not registered (add failed) or already gone: prune below forgets it either way.
        }
        fs.rmSync(holder, { recursive: true, force: true });
        try {
            git(repoRoot, ["worktree", "prune"]);
        } catch {
            // best effort
        }
        log(`removed worktree ${worktree}`);
    };
    const onSignal = (signal: NodeJS.Signals) => {
        cleanup();
        process.kill(process.pid, signal);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
        git(repoRoot, ["worktree", "add", "--detach", worktree, commit]);
        log(`worktree ${worktree} at ${commit.slice(0, 12)} (${ref})`);
        const baseProjectDir = path.join(worktree, prefix);
        // Installed packages come from the working tree: the base is planned with what is installed now.
        for (const [from, to] of [
            [path.join(projectDir, "node_modules"), path.join(baseProjectDir, "node_modules")],
            [path.join(repoRoot, "node_modules"), path.join(worktree, "node_modules")],
        ]) {
            if (fs.existsSync(from) && fs.existsSync(path.dirname(to)) && !fs.existsSync(to)) {
                fs.symlinkSync(fs.realpathSync(from), to, "dir");
                links.push(to);
            }
        }
        return await fn({ projectDir: baseProjectDir, commit, worktree });
    } finally {
        process.removeListener("SIGINT", onSignal);
        process.removeListener("SIGTERM", onSignal);
        cleanup();
    }
}
