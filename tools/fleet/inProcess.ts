/**
 * `--in-process`: the project's program run by the fleet's own Node process, as an Automation API
 * inline program, with `workDir` the project (so the CLI still reads `Pulumi.yaml`, the stack files
 * and the backend from there). The Pulumi CLI then needs no Node language host
 * (`pulumi-language-nodejs`), which a CLI built from Pulumi's Go module does not have.
 *
 * Each run loads the program afresh: the modules it loaded last time (the project's own files, not
 * node_modules) are dropped from Node's module cache first, so a stack's config is read by a program
 * of its own. `require` runs the program's top level synchronously, so two runs never interleave
 * there. Concurrent runs are isolated by @pulumi/pulumi itself (3.248: automation/server.js runs each
 * inline program inside `withLocalStorage`, a fresh AsyncLocalStorage store with its own settings,
 * config, root Stack resource and error count; pulumi/pulumi#10568). What stays process-wide:
 * `uncaughtException` / `unhandledRejection` handlers, so an error nobody caught in one program fails
 * every run in flight at that moment.
 */
import * as path from "node:path";
import { findProjectFile, readProjectFile } from "../shared/stackFiles";

export type InlineProgram = () => Promise<Record<string, unknown>>;

/** The program's entry: Pulumi.yaml's `main` (relative to it, or absolute; default the project folder, i.e. package.json's main). */
export function programEntry(projectDir: string): string {
    const main = findProjectFile(projectDir) ? readProjectFile(projectDir).main : undefined;
    return path.resolve(projectDir, typeof main === "string" ? main : ".");
}

/** The project's program, loaded afresh for every run. */
export function inlineProgram(projectDir: string): InlineProgram {
    let entry: string | undefined;
    let owned: ((id: string) => boolean) | undefined;
    return async () => {
        entry ??= require.resolve(programEntry(projectDir));
        // The project's own modules: under the project folder, or under the entry's (a `main` elsewhere).
        const roots = [path.resolve(projectDir), path.dirname(entry)].map((r) => r + path.sep);
        owned ??= (id) => roots.some((r) => id.startsWith(r)) && !id.includes(`${path.sep}node_modules${path.sep}`);
        dropTree(entry, owned);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return { ...(require(entry) as Record<string, unknown>) };
    };
}

/**
 * Drops the cached entry and every project module under it (Node lists a module's requires in
 * `children`, cached ones included), so the next `require` runs them all again.
 */
function dropTree(entry: string, owned: (id: string) => boolean): void {
    const seen = new Set<string>();
    const walk = (module: NodeJS.Module | undefined) => {
        if (!module || seen.has(module.id) || !owned(module.id)) return;
        seen.add(module.id);
        module.children.forEach(walk);
    };
    walk(require.cache[entry]);
    for (const id of seen) delete require.cache[id];
}
