/**
 * A small document model for the hand-off sheet and its two renderings. Every piece of text from the
 * stack (customer names, display names, ids) goes through the renderer's escaping: Markdown specials
 * are backslash-escaped and `<`, `>`, `&` become entities; HTML escapes text and attributes. Code spans
 * and blocks are literal in both.
 */

export type Inline =
    | string
    | { readonly code: string }
    | { readonly strong: string }
    | { readonly link: string; readonly text: string };
export type Text = Inline | readonly Inline[];

export type Block =
    | { readonly kind: "h"; readonly level: 2 | 3; readonly text: string }
    | { readonly kind: "p"; readonly text: Text }
    | { readonly kind: "note"; readonly text: Text }
    | { readonly kind: "ol" | "ul"; readonly items: readonly Text[] }
    | { readonly kind: "pre"; readonly lines: readonly string[] }
    | { readonly kind: "table"; readonly head: readonly string[]; readonly rows: ReadonlyArray<readonly Text[]> };

export interface Doc {
    readonly title: string;
    readonly blocks: readonly Block[];
}

export type Format = "md" | "html";

export function render(doc: Doc, format: Format): string {
    return format === "html" ? renderHtml(doc) : renderMarkdown(doc);
}

const inlines = (text: Text): readonly Inline[] => (Array.isArray(text) ? (text as readonly Inline[]) : [text as Inline]);

// ---------------------------------------------------------------------------------------------- Markdown

/** Text that Markdown must show as it is, raw HTML included; kept readable as plain text. */
export function escapeMarkdown(text: string): string {
    return text
        .replace(/&(?=#?[A-Za-z0-9]+;)/g, "&amp;") // an entity would be decoded; a lone & is shown as it is
        .replace(/</g, "&lt;") // no raw HTML, no autolink; a lone > is harmless mid-line
        .replace(/([\\`*_[\]|~])/g, "\\$1")
        .replace(/^([>#+-])/, "\\$1") // would start a quote, heading or list
        .replace(/\r?\n/g, " ");
}

function codeSpan(code: string, inTable: boolean): string {
    const body = (inTable ? code.replace(/\|/g, "\\|") : code).replace(/\r?\n/g, " ");
    const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
    return `${fence}${pad}${body}${pad}${fence}`;
}

function mdInline(text: Text, inTable = false): string {
    return inlines(text)
        .map((part) => {
            if (typeof part === "string") return escapeMarkdown(part);
            if ("code" in part) return codeSpan(part.code, inTable);
            if ("strong" in part) return `**${escapeMarkdown(part.strong)}**`;
            return safeUrl(part.link) ? `[${escapeMarkdown(part.text)}](<${part.link}>)` : escapeMarkdown(part.text);
        })
        .join("");
}

function renderMarkdown(doc: Doc): string {
    const out: string[] = [`# ${escapeMarkdown(doc.title)}`, ""];
    for (const block of doc.blocks) {
        switch (block.kind) {
            case "h":
                out.push(`${"#".repeat(block.level)} ${escapeMarkdown(block.text)}`, "");
                break;
            case "p":
                out.push(mdInline(block.text), "");
                break;
            case "note":
                out.push(`> ${mdInline(block.text)}`, "");
                break;
            case "ol":
            case "ul":
                block.items.forEach((item, i) => out.push(`${block.kind === "ol" ? `${i + 1}.` : "-"} ${mdInline(item)}`));
                out.push("");
                break;
            case "pre": {
                const longest = Math.max(2, ...block.lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
                const fence = "`".repeat(longest + 1);
                out.push(`${fence}sh`, ...block.lines, fence, "");
                break;
            }
            case "table":
                out.push(`| ${block.head.map(escapeMarkdown).join(" | ")} |`, `|${block.head.map(() => "---").join("|")}|`);
                for (const row of block.rows) out.push(`| ${row.map((cell) => mdInline(cell, true)).join(" | ")} |`);
                out.push("");
                break;
        }
    }
    return `${out.join("\n").trimEnd()}\n`;
}

// ------------------------------------------------------------------------------------------------- HTML

export function escapeHtml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Links are only ever https, so no `javascript:` or data URL can get into an href. */
function safeUrl(url: string): boolean {
    return /^https:\/\/[^\s<>"']+$/.test(url);
}

function htmlInline(text: Text): string {
    return inlines(text)
        .map((part) => {
            if (typeof part === "string") return escapeHtml(part);
            if ("code" in part) return `<code>${escapeHtml(part.code)}</code>`;
            if ("strong" in part) return `<strong>${escapeHtml(part.strong)}</strong>`;
            return safeUrl(part.link) ? `<a href="${escapeHtml(part.link)}">${escapeHtml(part.text)}</a>` : escapeHtml(part.text);
        })
        .join("");
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}
code,pre{font-family:ui-monospace,Consolas,monospace;font-size:.92em}code{background:#f3f3f3;padding:0 .2em;border-radius:3px;word-break:break-all}
pre{background:#f3f3f3;padding:.8rem;overflow-x:auto;border-radius:4px}table{border-collapse:collapse;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.35rem .6rem;text-align:left;vertical-align:top}blockquote{border-left:4px solid #e0a800;margin:1rem 0;padding:.2rem 1rem;background:#fff8e1}`;

function renderHtml(doc: Doc): string {
    const out: string[] = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        `<title>${escapeHtml(doc.title)}</title>`,
        `<style>${STYLE}</style>`,
        "</head>",
        "<body>",
        `<h1>${escapeHtml(doc.title)}</h1>`,
    ];
    for (const block of doc.blocks) {
        switch (block.kind) {
            case "h":
                out.push(`<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`);
                break;
            case "p":
                out.push(`<p>${htmlInline(block.text)}</p>`);
                break;
            case "note":
                out.push(`<blockquote><p>${htmlInline(block.text)}</p></blockquote>`);
                break;
            case "ol":
            case "ul":
                out.push(`<${block.kind}>`, ...block.items.map((item) => `<li>${htmlInline(item)}</li>`), `</${block.kind}>`);
                break;
            case "pre":
                out.push(`<pre><code>${block.lines.map(escapeHtml).join("\n")}</code></pre>`);
                break;
            case "table":
                out.push(
                    "<table>",
                    `<thead><tr>${block.head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
                    "<tbody>",
                    ...block.rows.map((row) => `<tr>${row.map((cell) => `<td>${htmlInline(cell)}</td>`).join("")}</tr>`),
                    "</tbody>",
                    "</table>",
                );
                break;
        }
    }
    out.push("</body>", "</html>");
    return `${out.join("\n")}\n`;
}
