/**
 * Reading a Markdown hand-off sheet the way its reader does: the `sh` code block under a heading, its
 * placeholders replaced with values, each line split into words as a POSIX shell would (plain words
 * and '…' quoting, which is all the sheet uses; anything else is a test failure).
 */
import { shellWord } from "../../../tools/handoff/commands";

/** The lines of the first ```sh block after the heading that matches, before the next heading. */
export function commandBlock(markdown: string, heading: RegExp): string[] {
    const lines = markdown.split("\n");
    const start = lines.findIndex((l) => /^#{2,3} /.test(l) && heading.test(l));
    if (start < 0) throw new Error(`no heading ${heading} in the sheet`);
    const end = lines.findIndex((l, i) => i > start && /^#{2,3} /.test(l));
    const section = lines.slice(start + 1, end < 0 ? undefined : end);
    const open = section.findIndex((l) => /^`{3,}sh$/.test(l));
    if (open < 0) throw new Error(`no sh block under ${heading}`);
    const close = section.findIndex((l, i) => i > open && /^`{3,}$/.test(l));
    return section.slice(open + 1, close);
}

/** Every `sh` line of the sheet. */
export function allCommands(markdown: string): string[] {
    return [...markdown.matchAll(/^`{3,}sh\n([\s\S]*?)\n`{3,}$/gm)].flatMap((m) => m[1].split("\n"));
}

/** Replaces each `<placeholder>` with its value (shell-quoted); a placeholder without a value throws. */
export function fill(line: string, values: Readonly<Record<string, string>>): string {
    return line.replace(/<[^<>]+>/g, (placeholder) => {
        if (!(placeholder in values)) throw new Error(`the sheet's line ${JSON.stringify(line)} has a placeholder the test has no value for: ${placeholder}`);
        return shellWord(values[placeholder]);
    });
}

/** The words of one command line: plain words, '…' quoted parts, a trailing `# comment` dropped. */
export function shellWords(line: string): string[] {
    const words: string[] = [];
    let word: string | undefined;
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === "'") {
            const close = line.indexOf("'", i + 1);
            if (close < 0) throw new Error(`unbalanced quote in ${JSON.stringify(line)}`);
            word = (word ?? "") + line.slice(i + 1, close);
            i = close;
        } else if (c === "\\" && i + 1 < line.length) {
            word = (word ?? "") + line[++i];
        } else if (/\s/.test(c)) {
            if (word !== undefined) words.push(word);
            word = undefined;
        } else if (c === "#" && word === undefined) {
            break;
        } else if (/["$`;|&<>(){}*?]/.test(c)) {
            throw new Error(`shell syntax ${JSON.stringify(c)} in the sheet's line ${JSON.stringify(line)}`);
        } else {
            word = (word ?? "") + c;
        }
    }
    if (word !== undefined) words.push(word);
    return words;
}
