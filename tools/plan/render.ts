/**
 * Plans as text (a tree by parent, like `pulumi preview`, with the inputs that matter under each
 * resource) and as JSON (stable: keys and lists sorted, no timings, no digests). Pure functions.
 */
import { sortKeys } from "./mask";
import { SECRET, UNKNOWN, type PlannedResource, type StackPlan } from "./types";

/** Width of a value's line, and of a whole line in the tree (where inputs sit after the tree guides). */
const WIDTH = 110;
const LINE = 140;

/** One value, compactly: `{a: 1, b: "x"}`, `[…]`; the markers `[secret]` and `(known after apply)` bare. */
export function formatInline(value: unknown): string {
    if (value === SECRET || value === UNKNOWN) return value;
    if (typeof value === "string") return JSON.stringify(value);
    if (value === null || typeof value !== "object") return String(value);
    if (Array.isArray(value)) return `[${value.map(formatInline).join(", ")}]`;
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${formatKey(k)}: ${formatInline(v)}`).join(", ")}}`;
}

function formatKey(key: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}

/** `key: value` lines; a value too wide for one line is broken up, one property or item per line. */
export function formatEntry(key: string, value: unknown, indent = "", width = WIDTH): string[] {
    const inline = `${indent}${formatKey(key)}: ${formatInline(value)}`;
    if (inline.length <= width || value === null || typeof value !== "object") return [inline];
    return [`${indent}${formatKey(key)}:`, ...formatBlock(value as object, `${indent}  `, width)];
}

/** An object as `key: value` lines, an array as `- item` lines, at `indent`. */
function formatBlock(value: object, indent: string, width: number): string[] {
    if (!Array.isArray(value)) {
        return Object.entries(value).filter(([, v]) => v !== undefined).flatMap(([k, v]) => formatEntry(k, v, indent, width));
    }
    const lines: string[] = [];
    for (const item of value) {
        const inline = `${indent}- ${formatInline(item)}`;
        if (inline.length <= width || item === null || typeof item !== "object") {
            lines.push(inline);
            continue;
        }
        const inner = formatBlock(item as object, `${indent}  `, width);
        inner[0] = `${indent}- ${inner[0].slice(indent.length + 2)}`;
        lines.push(...inner);
    }
    return lines;
}

interface Node {
    readonly resource: PlannedResource;
    readonly children: Node[];
}

/** Resources as trees by parent; children in name order. Resources whose parent is unknown are roots. */
export function buildTree(resources: readonly PlannedResource[]): Node[] {
    const nodes = new Map(resources.map((r) => [r.urn, { resource: r, children: [] as Node[] }]));
    const roots: Node[] = [];
    for (const node of nodes.values()) {
        const parent = node.resource.parent ? nodes.get(node.resource.parent) : undefined;
        (parent ? parent.children : roots).push(node);
    }
    const order = (a: Node, b: Node) =>
        a.resource.name.localeCompare(b.resource.name) || a.resource.type.localeCompare(b.resource.type);
    const sortAll = (list: Node[]) => {
        list.sort(order);
        list.forEach((n) => sortAll(n.children));
    };
    sortAll(roots);
    return roots;
}

function projectOf(plan: StackPlan): string | undefined {
    return plan.resources[0]?.urn.split("::")[1];
}

function seconds(ms: number | undefined): string {
    return ms === undefined ? "" : `, ${(ms / 1000).toFixed(1)} s`;
}

export function renderPlan(plan: StackPlan): string {
    const out: string[] = [];
    const custom = plan.resources.filter((r) => r.custom).length;
    const where = plan.configFile ? ` (${plan.configFile})` : "";
    if (!plan.ok) {
        out.push(`Stack ${plan.stack}${where}: plan FAILED${seconds(plan.durationMs)}`);
        out.push(...(plan.error ?? plan.problems.join("\n")).split("\n"));
        for (const warning of plan.warnings ?? []) out.push(`warning: ${warning}`);
        out.push(...sourceLines(plan));
        return out.join("\n");
    }
    out.push(`Stack ${plan.stack}${where}: ${custom} resources, ${plan.resources.length - custom} components${seconds(plan.durationMs)}`);
    for (const warning of plan.warnings ?? []) out.push(`warning: ${warning}`);
    out.push(...sourceLines(plan));
    const project = projectOf(plan);
    const roots = buildTree(plan.resources);
    out.push(`+ pulumi:pulumi:Stack  ${project ?? "project"}-${plan.stack}`);
    roots.forEach((root, i) => renderNode(root, "  ", i === roots.length - 1, out));
    const outputs = Object.entries(plan.outputs);
    if (outputs.length > 0) {
        out.push("Outputs:");
        for (const [key, value] of outputs) out.push(...formatEntry(key, value, "    "));
    }
    return out.join("\n");
}

/** `config auth0:domain: from ESC env auth0-shared`: values that are not in the stack file. */
function sourceLines(plan: StackPlan): string[] {
    return Object.entries(plan.configSources ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, source]) => `config ${key}: ${source}`);
}

function renderNode(node: Node, prefix: string, last: boolean, out: string[]): void {
    const r = node.resource;
    const flags = [r.protect ? "[protect]" : "", r.aliases?.length ? `[aliases: ${r.aliases.map((a) => a.split("::").pop()).join(", ")}]` : ""]
        .filter(Boolean)
        .join(" ");
    out.push(`${prefix}${last ? "└─ " : "├─ "}${r.type}  ${r.name}${flags ? `  ${flags}` : ""}`);
    const childPrefix = prefix + (last ? "   " : "│  ");
    const inputPrefix = childPrefix + (node.children.length > 0 ? "│  " : "   ") + "   ";
    for (const [key, value] of Object.entries(r.inputs)) {
        for (const line of formatEntry(key, value, "", Math.max(60, LINE - inputPrefix.length))) out.push(inputPrefix + line);
    }
    node.children.forEach((child, i) => renderNode(child, childPrefix, i === node.children.length - 1, out));
}

export function renderPlans(plans: readonly StackPlan[]): string {
    const failed = plans.filter((p) => !p.ok).map((p) => p.stack);
    const summary =
        plans.length === 1
            ? ""
            : `\n${plans.length} stacks planned: ${plans.length - failed.length} ok` +
              (failed.length > 0 ? `, ${failed.length} failed (${failed.join(", ")})` : "");
    return plans.map(renderPlan).join("\n\n") + summary + "\n";
}

/** The JSON form of one plan: only stable fields, keys sorted. */
export function planToJson(plan: StackPlan): Record<string, unknown> {
    return sortKeys({
        stack: plan.stack,
        ok: plan.ok,
        problems: plan.problems,
        ...(plan.error !== undefined ? { error: plan.error } : {}),
        ...(plan.warnings && plan.warnings.length > 0 ? { warnings: plan.warnings } : {}),
        ...(plan.configSources && Object.keys(plan.configSources).length > 0 ? { configSources: plan.configSources } : {}),
        resources: [...plan.resources]
            .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
            .map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                parent: r.parent,
                custom: r.custom,
                protect: r.protect,
                inputs: r.inputs,
                secretInputs: [...r.secretInputs].sort(),
                ...(r.aliases ? { aliases: r.aliases } : {}),
                ...(r.replaceOnChanges ? { replaceOnChanges: r.replaceOnChanges } : {}),
                ...(r.dependencies ? { dependencies: r.dependencies } : {}),
            })),
        outputs: plan.outputs,
    }) as Record<string, unknown>;
}

export function renderPlansJson(plans: readonly StackPlan[]): string {
    const stacks = [...plans].sort((a, b) => a.stack.localeCompare(b.stack)).map(planToJson);
    return JSON.stringify({ schemaVersion: 1, stacks }, null, 2) + "\n";
}
