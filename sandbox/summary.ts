/** What each side of the sandbox holds after a command, and how it is printed. No secret is in it. */
export interface SandboxSummary {
    readonly auth0: {
        readonly connections: Array<{ id: string; name: string; strategy: string; userIdAttribute?: string; scim: boolean }>;
        readonly tokens: Array<{ connectionId: string; tokenId: string; scopes: string[]; validUntil?: string; lastUsedAt?: string }>;
        readonly users: Array<{ connectionId: string; userName: string; externalId?: string; email?: string; active?: boolean }>;
        readonly groups: Array<{ connectionId: string; displayName: string; externalId?: string; members: number }>;
    };
    readonly entra: {
        readonly jobs: Array<{ servicePrincipalId: string; jobId: string; status: string; lastExecution?: string; tenantUrl?: string }>;
        readonly assigned: Array<{ servicePrincipalId: string; principalId: string; kind: string }>;
    };
}

export function printSummary(summary: SandboxSummary, say: (line?: string) => void): void {
    say("\nAuth0 (emulator)");
    if (summary.auth0.connections.length === 0) say("  no connection");
    for (const c of summary.auth0.connections) {
        say(`  connection ${c.name} (${c.id}, ${c.strategy}, user id from ${c.userIdAttribute ?? "?"}), SCIM ${c.scim ? "on" : "off"}`);
        for (const t of summary.auth0.tokens.filter((t) => t.connectionId === c.id)) {
            say(`    SCIM token ${t.tokenId}: ${t.scopes.join(" ")}; expires ${t.validUntil ?? "never"}; last used ${t.lastUsedAt ?? "never"}`);
        }
        const users = summary.auth0.users.filter((u) => u.connectionId === c.id);
        say(`    users received by SCIM: ${users.length}`);
        for (const u of users) say(`      ${u.userName}  externalId=${u.externalId ?? "(none)"}${u.active === false ? "  (inactive)" : ""}`);
        const groups = summary.auth0.groups.filter((g) => g.connectionId === c.id);
        if (groups.length > 0) say(`    groups received by SCIM: ${groups.map((g) => `${g.displayName} (${g.members} members, externalId=${g.externalId ?? "none"})`).join(", ")}`);
    }
    say("Entra (emulator)");
    if (summary.entra.jobs.length === 0) say("  no provisioning job");
    for (const j of summary.entra.jobs) {
        say(`  provisioning job ${j.jobId}: ${j.status}${j.lastExecution ? `, last cycle ${j.lastExecution}` : ""}`);
        if (j.tenantUrl) say(`    Tenant URL ${j.tenantUrl}`);
        say(`    assigned: ${summary.entra.assigned.filter((a) => a.servicePrincipalId === j.servicePrincipalId).length} principal(s)`);
    }
}
