/**
 * Plain-text tables: left-aligned columns, a rule under the header, long cells wrapped at a column's
 * `max` width (on spaces where possible) onto continuation lines.
 */

export interface Column {
    readonly header: string;
    /** Wrap cells wider than this. */
    readonly max?: number;
    readonly align?: "left" | "right";
}

export function renderTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
    const wrapped = rows.map((row) => columns.map((column, i) => wrap(row[i] ?? "", column.max)));
    const widths = columns.map((column, i) =>
        Math.max(column.header.length, ...wrapped.map((row) => Math.max(0, ...row[i].map((line) => line.length)))),
    );
    const line = (cells: readonly string[]) =>
        cells
            .map((cell, i) => (columns[i].align === "right" ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    const out = [line(columns.map((c) => c.header)), line(widths.map((w) => "-".repeat(w)))];
    for (const row of wrapped) {
        const height = Math.max(...row.map((cell) => cell.length));
        for (let k = 0; k < height; k++) out.push(line(row.map((cell) => cell[k] ?? "")));
    }
    return out.join("\n");
}

export function wrap(text: string, max: number | undefined): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split("\n")) {
        if (!max || paragraph.length <= max) {
            lines.push(paragraph);
            continue;
        }
        let rest = paragraph;
        while (rest.length > max) {
            let cut = rest.lastIndexOf(" ", max);
            if (cut <= 0) cut = max;
            lines.push(rest.slice(0, cut).trimEnd());
            rest = rest.slice(cut).trimStart();
        }
        if (rest) lines.push(rest);
    }
    return lines.length > 0 ? lines : [""];
}
