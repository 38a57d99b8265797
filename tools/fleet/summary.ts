/**
 * What the fleet prints about a run: the one-line outcome per stack, the plan summary an `up` asks
 * about, and the summary table at the end (then health findings, failures, interruptions, totals).
 * The counts are resources as `plan` counts them (custom resources; see resourceSteps.ts).
 */
import { renderHealth, STATUS_TEXT } from "../health/report";
import type { ChangeCounts } from "./operations";
import { formatSeconds } from "./progress";
import type { FleetCommand, FleetReport, StackResult } from "./runner";
import { renderTable, type Column } from "./table";
import { formatExpiry } from "./token";

export function oneLine(result: StackResult, command: FleetCommand | "preview"): string {
    if (result.result === "interrupted") return `${command} interrupted: ${(result.error ?? "").split("\n")[0]}`;
    if (result.result === "skipped") return `${command} not run: ${(result.error ?? "").split("\n")[0]}`;
    if (result.result === "failed") return `${command} failed: ${(result.error ?? result.problems?.join("; ") ?? "").split("\n")[0]}`;
    const parts: string[] = [];
    if (result.changes) parts.push(describeChanges(result.changes));
    if (result.resources !== undefined) parts.push(`${result.resources} resources`);
    if (result.health) parts.push(STATUS_TEXT[result.health]);
    if (result.pending?.length) parts.push(`${result.pending.length} group(s) pending`);
    parts.push(formatSeconds(result.durationMs));
    return `${command} ${parts.join(", ")}`;
}

export function describeChanges(c: ChangeCounts): string {
    const parts = [
        c.create && `+${c.create} create`,
        c.update && `~${c.update} update`,
        c.replace && `+-${c.replace} replace`,
        c.delete && `-${c.delete} delete`,
    ].filter(Boolean);
    return parts.length ? parts.join(" ") : "no changes";
}

export function totalChanges(results: readonly StackResult[]): ChangeCounts {
    const sum = (key: keyof ChangeCounts) => results.reduce((n, r) => n + (r.changes?.[key] ?? 0), 0);
    return { create: sum("create"), update: sum("update"), replace: sum("replace"), delete: sum("delete") };
}

const CHANGE_COLUMNS: Column[] = [
    { header: "CREATE", align: "right" },
    { header: "UPDATE", align: "right" },
    { header: "REPLACE", align: "right" },
    { header: "DELETE", align: "right" },
];

function changeCells(c: ChangeCounts | undefined): string[] {
    return c ? [c.create, c.update, c.replace, c.delete].map(String) : ["-", "-", "-", "-"];
}

/** The plan summary before an `up`: each stack's preview, and the totals. */
export function renderPlan(previews: readonly StackResult[]): string {
    const rows = previews.map((r) => [r.stack, r.result === "succeeded" ? "ok" : r.result === "interrupted" ? "INTERRUPTED" : "PREVIEW FAILED", ...changeCells(r.changes)]);
    const ok = previews.filter((r) => r.result === "succeeded");
    const total = totalChanges(ok);
    const failed = previews.filter((r) => r.result === "failed");
    const lines = [
        `Plan: pulumi up of ${previews.length} stack(s), from a preview of each (resources as \`plan\` counts them):`,
        renderTable([{ header: "STACK" }, { header: "PREVIEW" }, ...CHANGE_COLUMNS], rows),
        `Total: ${total.create} to create, ${total.update} to update, ${total.replace} to replace, ${total.delete} to delete, in ${ok.length} stack(s)` +
            (ok.length ? `; ${ok.filter((r) => describeChanges(r.changes!) === "no changes").length} without changes` : ""),
    ];
    if (failed.length > 0) {
        lines.push(
            `Left out, their preview failed:\n` + failed.map((r) => `  ${r.stack}: ${(r.error ?? r.problems?.join("; ") ?? "").split("\n")[0]}`).join("\n"),
        );
    }
    return lines.join("\n");
}

export function renderSummary(report: FleetReport): string {
    const withChanges = report.command === "preview" || report.command === "up" || report.command === "refresh";
    const columns: Column[] = [{ header: "STACK" }, { header: "RESULT" }];
    if (withChanges) columns.push(...CHANGE_COLUMNS);
    if (report.command === "plan") columns.push({ header: "RESOURCES", align: "right" });
    columns.push({ header: "DURATION", align: "right" }, { header: "TOKEN EXPIRES" });
    if (report.command === "health") columns.push({ header: "HEALTH" });

    const label: Record<StackResult["result"], string> = { succeeded: "ok", failed: "FAILED", interrupted: "INTERRUPTED", skipped: "not run" };
    const rows = report.stacks.map((r) => {
        const row = [r.stack, label[r.result]];
        if (withChanges) row.push(...changeCells(r.changes));
        if (report.command === "plan") row.push(r.resources === undefined ? "-" : String(r.resources));
        row.push(formatSeconds(r.durationMs), formatExpiry(r.token));
        if (report.command === "health") row.push(r.health ? STATUS_TEXT[r.health] : "-");
        return row;
    });

    const sections = [renderTable(columns, rows)];
    // A table for each stack with something to do; a line for the others (the JSON report has every finding).
    const allClear = report.stacks.filter((r) => r.findings && r.findings.every((f) => f.severity === "ok" || f.severity === "info"));
    for (const r of report.stacks) {
        if (r.findings && !allClear.includes(r)) sections.push(renderHealth({ stack: r.stack, status: r.health ?? "unknown", findings: r.findings }));
    }
    if (allClear.length > 0) sections.push(`Healthy, every check ok: ${allClear.map((r) => r.stack).join(", ")}`);
    // Group roles Entra has not sent yet: attention, not a failure (health shows them in its table).
    const pending = report.stacks.filter((r) => r.pending?.length && !r.findings);
    if (pending.length > 0) {
        sections.push(
            "Group roles pending (bound by a pulumi up after Entra's next cycle; if one stays pending, assign the group to the provisioning app):\n" +
                pending.map((r) => r.pending!.map((line) => `  ${r.stack}: ${line}`).join("\n")).join("\n"),
        );
    }
    const failures = report.stacks.filter((r) => r.result === "failed");
    if (failures.length > 0) {
        sections.push(
            "Failures:\n" +
                failures
                    .map((r) => {
                        const lines = [...(r.error ? [r.error] : []), ...(r.problems ?? [])];
                        return `  ${r.stack}:\n${lines.map((l) => l.split("\n").map((x) => `    ${x}`).join("\n")).join("\n")}`;
                    })
                    .join("\n"),
        );
    }
    const interrupted = report.stacks.filter((r) => r.result === "interrupted");
    if (interrupted.length > 0) {
        sections.push(
            `Interrupted (Ctrl-C${report.interrupted === "terminated" ? " twice: terminated" : ": stopped gracefully"}): ` +
                interrupted.map((r) => `${r.stack} (${(r.error ?? "").split("\n")[0]})`).join(", "),
        );
    }
    if (report.declined) sections.push("Not confirmed: nothing was changed.");
    if (report.error) sections.push(`Nothing was run: ${report.error}`);
    const count = (pick: (r: StackResult) => boolean) => report.stacks.filter(pick).length;
    const ok = count((r) => r.result === "succeeded");
    const skipped = count((r) => r.result === "skipped");
    sections.push(
        `${report.command}${report.dryRun ? " --dry-run (previews only, nothing changed)" : ""}: ${report.stacks.length} stack(s), ${ok} ok, ${failures.length} failed` +
            (interrupted.length ? `, ${interrupted.length} interrupted` : "") +
            (skipped ? `, ${skipped} not run` : "") +
            (report.command === "health" ? `, ${count((r) => r.health === "unhealthy")} unhealthy, ${count((r) => r.health === "unknown")} could not be checked` : "") +
            (count((r) => !!r.pending?.length) ? `, ${count((r) => !!r.pending?.length)} with group roles pending` : "") +
            (report.notDue ? `; ${report.notDue.length} not due for rotation, left out` : "") +
            `; exit ${report.exitCode}`,
    );
    return sections.join("\n\n");
}
