/**
 * A small `--flag value` / `--flag=value` parser for the tools' command lines: known flags only, each
 * at most once, and errors that name the flag but never echo a value (a secret pasted into the wrong
 * flag must not end up in a log).
 */

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** `flags` lists the accepted flags (without `--`) and whether each takes a value. */
export function parseArgs(argv: readonly string[], flags: Readonly<Record<string, "value" | "switch">>): Map<string, string> {
    const found = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
        if (!match) throw new UsageError(`unexpected argument #${i + 1} (flags start with --)`);
        const [, name, inline] = match;
        const kind = flags[name];
        if (!kind) throw new UsageError(`unknown flag --${name}`);
        if (found.has(name)) throw new UsageError(`--${name} is given more than once`);
        if (kind === "switch") {
            if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
            found.set(name, "true");
            continue;
        }
        const value = inline ?? argv[++i];
        if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
        found.set(name, value);
    }
    return found;
}
