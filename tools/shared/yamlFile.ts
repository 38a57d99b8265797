/**
 * Reads a YAML file (a stack file, Pulumi.yaml) for the tools. A syntax error is reported by file,
 * line, column and js-yaml's reason only: js-yaml's own message quotes the offending and neighbouring
 * lines, which may hold a clear-text value, and `plan --diff` copies errors into a PR comment.
 */
import * as fs from "node:fs";
import * as yaml from "js-yaml";

export function readYamlFile(file: string): unknown {
    const text = fs.readFileSync(file, "utf8");
    try {
        return yaml.load(text);
    } catch (error) {
        if (!(error instanceof yaml.YAMLException)) throw error;
        const mark = error.mark as { line?: number; column?: number } | undefined;
        const at = mark?.line !== undefined ? ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}` : "";
        // `reason` is js-yaml's description of the problem, e.g. "bad indentation of a mapping entry".
        throw new Error(`${file} is not valid YAML${at}: ${error.reason || "syntax error"}`);
    }
}
