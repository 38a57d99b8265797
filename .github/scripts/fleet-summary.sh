#!/usr/bin/env bash
# Turns a fleet JSON report (`npm run fleet -- <command> --report FILE`) into the job summary, and
# exits non-zero when the fleet run did not succeed, so that a scheduled run alerts (a failed job
# notifies, and shows red in the Actions tab):
#
#   fleet-summary.sh <title> <report.json> [<fleet exit code>]
#
# Appends Markdown to $GITHUB_STEP_SUMMARY (stdout when unset): one row per stack with its result,
# its health (healthy, unhealthy, or "could not check") and its error findings and the checks that
# could not be made, and its group roles pending; the report's own error when nothing was run (no Pulumi CLI, no login). Exit code: the fleet command's own exit code when it is
# given and non-zero, else the report's exitCode; 1 when the report is missing or unreadable (the
# command died before writing it: its log says why).
set -euo pipefail
title="${1:?usage: fleet-summary.sh <title> <report.json> [<fleet exit code>]}"
report="${2:?usage: fleet-summary.sh <title> <report.json> [<fleet exit code>]}"
fleet_status="${3:-0}"
out="${GITHUB_STEP_SUMMARY:-/dev/stdout}"

status=0
node -e '
    const fs = require("fs");
    const [title, file] = process.argv.slice(1);
    const cell = (s) => String(s ?? "").replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
    let report;
    try {
        report = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        process.stdout.write(`### ${title}: no report\n\nThe command wrote no readable report (${cell(error.code ?? error.message)}); see the job log.\n\n`);
        process.exit(1);
    }
    const stacks = Array.isArray(report.stacks) ? report.stacks : [];
    // health "unknown": could not be checked (never deployed, no credentials of ours, no answer), not unhealthy.
    const unchecked = stacks.filter((s) => s.result === "succeeded" && s.health === "unknown");
    const bad = stacks.filter((s) => s.result !== "succeeded" || s.health === "unhealthy");
    const attention = bad.length + unchecked.length;
    const verdict = report.exitCode === 0 ? "ok" : report.exitCode === 130 ? "interrupted" : report.error ? "nothing was run" :
        `${attention} of ${stacks.length} stack(s) need attention` + (unchecked.length ? ` (${unchecked.length} could not be checked)` : "");
    const lines = [`### ${title}: ${verdict}`, ""];
    if (report.error) lines.push(cell(report.error), "");
    if (Array.isArray(report.notDue) && report.notDue.length) lines.push(`Not inside their rotation window: ${report.notDue.map((s) => `\`${s}\``).join(" ")}`, "");
    if (stacks.length) {
        lines.push("| Stack | Result | Health | Findings |", "|---|---|---|---|");
        for (const s of stacks) {
            const findings = (s.findings ?? []).filter((f) => f.severity === "error" || f.severity === "unknown").map((f) => `${f.severity === "unknown" ? "not checked: " : ""}${f.check}: ${f.finding}`);
            if (s.error) findings.unshift(s.error);
            // Group roles Entra has not sent yet: shown, never a failure (fleet and health list them as pending).
            if (!s.findings && Array.isArray(s.pending)) findings.push(...s.pending);
            const health = s.health === "unknown" ? "could not check" : s.health ?? "";
            lines.push(`| \`${cell(s.stack)}\` | ${cell(s.result)} | ${cell(health)} | ${cell(findings.join("; "))} |`);
        }
    } else {
        lines.push("No stack was run.");
    }
    process.stdout.write(lines.join("\n") + "\n\n");
    process.exit(Number.isInteger(report.exitCode) ? report.exitCode : 1);
' "$title" "$report" >>"$out" || status=$?

if [[ "$fleet_status" != 0 ]]; then exit "$fleet_status"; fi
exit "$status"
