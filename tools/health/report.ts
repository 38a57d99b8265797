/**
 * One table per stack: each finding with what to do about it. Commands are not wrapped inside the table
 * (a wrapped command cannot be pasted): the table points at them as [1], [2], and they follow it, one
 * per line, each listed once however many findings share it.
 */
import { renderTable } from "../fleet/table";
import type { HealthReport, HealthStatus, Severity } from "./health";

const LABEL: Record<Severity, string> = { ok: "ok", info: "info", warning: "WARN", error: "ERROR", unknown: "NOT CHECKED" };

/** As the summary shows a status: "could not check" is not "unhealthy". */
export const STATUS_TEXT: Record<HealthStatus, string> = { healthy: "healthy", unhealthy: "unhealthy", unknown: "could not check" };

export function renderHealth(report: Pick<HealthReport, "stack" | "status" | "findings">): string {
    const commands: string[] = [];
    const ref = (command: string) => {
        if (!commands.includes(command)) commands.push(command);
        return `[${commands.indexOf(command) + 1}]`;
    };
    const rows = report.findings.map((f) => {
        const refs = (f.commands ?? []).map(ref).join(" ");
        return [f.check, LABEL[f.severity], f.finding, [f.action, refs].filter(Boolean).join(" ")];
    });
    const table = renderTable(
        [{ header: "CHECK" }, { header: "STATUS" }, { header: "FINDING", max: 60 }, { header: "WHAT TO DO", max: 50 }],
        rows,
    );
    const listed = commands.map((c, i) => `  [${i + 1}] ${c}`).join("\n");
    return `${report.stack}: ${report.status === "unhealthy" ? "UNHEALTHY" : STATUS_TEXT[report.status]}\n${table}${listed ? `\n${listed}` : ""}`;
}
