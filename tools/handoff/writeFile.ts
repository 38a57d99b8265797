/**
 * `handoff --out FILE`: the sheet is for one customer, so it is written for its owner only (mode
 * 0600), never through a symbolic link (another user could point one at a file of ours), and never
 * over an existing file unless `--force` says so.
 */
import * as fs from "node:fs";

/** Writes `text` to `file` with mode 0600. Throws (and writes nothing) for a symlink, or an existing file without `force`. */
export function writePrivateFile(file: string, text: string, options: { force: boolean }): void {
    let existing: fs.Stats | undefined;
    try {
        existing = fs.lstatSync(file);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    if (existing?.isSymbolicLink()) throw new Error(`--out ${file} is a symbolic link: refusing to follow it (give the real path)`);
    if (existing && !existing.isFile()) throw new Error(`--out ${file} exists and is not a regular file`);
    if (existing && !options.force) throw new Error(`--out ${file} exists: add --force to overwrite it`);

    // O_NOFOLLOW: a symlink planted between the check and the open still fails (ELOOP). A new file is
    // created exclusively; an existing one is truncated only after the open proved it is no link.
    const flags = existing
        ? fs.constants.O_WRONLY | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW
        : fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
    let fd: number;
    try {
        fd = fs.openSync(file, flags, 0o600);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ELOOP") throw new Error(`--out ${file} is a symbolic link: refusing to follow it (give the real path)`);
        if (code === "EEXIST") throw new Error(`--out ${file} exists: add --force to overwrite it`);
        throw error;
    }
    try {
        // An existing file keeps its old mode through open: make it private before the sheet goes in.
        fs.fchmodSync(fd, 0o600);
        fs.writeFileSync(fd, text, "utf8");
    } finally {
        fs.closeSync(fd);
    }
}
