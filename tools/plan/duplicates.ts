/**
 * Stacks that would fight over one thing: the same Auth0 connection name in the same Auth0 tenant
 * (the second `pulumi up` fails to create it, or a copy of a stack file silently takes over the
 * first's connection), or the same customer Entra tenant (`azuread:tenantId`: two stacks managing one
 * customer's apps). Read from the stack files only (no program run): `plan` refuses them, one finding
 * per duplicate pair, and `new-customer` refuses to write a stack that would make one.
 *
 * Only values the stack files hold are compared: a value that comes from an ESC environment or the
 * process environment (a placeholder offline) is not known here, and a `secure:` value cannot be read.
 */
import { isMode, usedBy, type Mode } from "../../components/modes";
import { listStacks, stackFile } from "../shared/stackFiles";
import { loadStackConfig, readProject, type Project, type StackConfig } from "./stackConfig";

export interface DuplicateFinding {
    /** What is shared. */
    readonly kind: "connectionName" | "tenantId";
    /** The config key it is set by (or derived for). */
    readonly key: string;
    /** The shared value, as the first stack spells it. */
    readonly value: string;
    /** The first stack (sorted) that uses it, and the one that duplicates it. */
    readonly stacks: readonly [string, string];
    /** One line for people. */
    readonly message: string;
}

/** What one stack claims. */
export interface StackClaims {
    readonly stack: string;
    readonly mode: Mode;
    /** The connection's name (set, or derived from the stack name); undefined when the mode has no Auth0 side. */
    readonly connectionName?: string;
    readonly connectionNameKey: string;
    /** The Auth0 tenant the connection is in, when the stack file says (undefined: unknown here). */
    readonly auth0Domain?: string;
    /** azuread:tenantId when the stack file sets it and the mode has an Entra side. */
    readonly tenantId?: string;
}

/** `connectionName` unset: `<stack>-entra`, as components/config.ts derives it (loaded lazily: it loads the Pulumi SDK). */
function derivedConnectionName(stack: string): string {
    const { defaultConnectionName } = require("../../components/config") as typeof import("../../components/config");
    return defaultConnectionName(stack);
}

/** A value the stack file itself holds (not a placeholder for ESC, the environment, or a secure: value). */
function ownValue(config: StackConfig, key: string): string | undefined {
    if (key in config.sources) return undefined;
    const value = config.config[key]?.trim();
    if (!value || config.scrub.includes(config.config[key]) || config.secretKeys.includes(key)) return undefined;
    return value;
}

export function claimsOf(project: Project, stack: string, config: StackConfig): StackClaims {
    const ns = project.name;
    const rawMode = config.config[`${ns}:mode`] || "full";
    const mode: Mode = isMode(rawMode) ? rawMode : "full";
    const connectionNameKey = `${ns}:connectionName`;
    const connectionName = usedBy("connectionName", mode) ? ownValue(config, connectionNameKey) ?? (config.config[connectionNameKey] ? undefined : derivedConnectionName(stack)) : undefined;
    const auth0Domain = ownValue(config, `${ns}:auth0Domain`) ?? ownValue(config, "auth0:domain");
    const tenantId = mode === "vendor" ? undefined : ownValue(config, "azuread:tenantId");
    return { stack, mode, connectionName, connectionNameKey, auth0Domain: auth0Domain?.toLowerCase(), tenantId };
}

/** The claims of every stack file of the project (a stack whose file cannot be read is left out). */
export function projectClaims(projectDir: string): StackClaims[] {
    const project = readProject(projectDir);
    const claims: StackClaims[] = [];
    for (const stack of listStacks(project)) {
        try {
            claims.push(claimsOf(project, stack, loadStackConfig(project, stack, () => "[secret]", stackFile(project, stack))));
        } catch {
            // Not valid YAML: its own plan reports that.
        }
    }
    return claims;
}

/**
 * Duplicates among `claims`: per shared value, each later stack paired with the first (sorted) that
 * uses it. With `involving`, only pairs with at least one of those stacks.
 */
export function findDuplicates(claims: readonly StackClaims[], involving?: readonly string[]): DuplicateFinding[] {
    const sorted = [...claims].sort((a, b) => a.stack.localeCompare(b.stack));
    const findings: DuplicateFinding[] = [];
    const keep = (a: string, b: string) => !involving || involving.includes(a) || involving.includes(b);

    const byConnection = new Map<string, StackClaims[]>();
    for (const c of sorted) {
        if (!c.connectionName) continue;
        const key = c.connectionName.toLowerCase();
        byConnection.set(key, [...(byConnection.get(key) ?? []), c]);
    }
    for (const group of byConnection.values()) {
        for (let i = 1; i < group.length; i++) {
            // Different Auth0 tenants may each have a connection of that name; unknown tenants may be the same one.
            const first = group.slice(0, i).find((f) => !f.auth0Domain || !group[i].auth0Domain || f.auth0Domain === group[i].auth0Domain);
            if (!first || !keep(first.stack, group[i].stack)) continue;
            const tenant = first.auth0Domain && group[i].auth0Domain ? ` in the Auth0 tenant ${first.auth0Domain}` : "";
            findings.push({
                kind: "connectionName",
                key: first.connectionNameKey,
                value: first.connectionName!,
                stacks: [first.stack, group[i].stack],
                message:
                    `stacks ${first.stack} and ${group[i].stack} both use the Auth0 connection name ${JSON.stringify(first.connectionName)}${tenant} ` +
                    `(${first.connectionNameKey}, set or derived from the stack name): one would fail to create it or take over the other's; give ${group[i].stack} its own connectionName`,
            });
        }
    }

    const byTenant = new Map<string, StackClaims[]>();
    for (const c of sorted) {
        if (!c.tenantId) continue;
        const key = c.tenantId.toLowerCase();
        byTenant.set(key, [...(byTenant.get(key) ?? []), c]);
    }
    for (const group of byTenant.values()) {
        for (const other of group.slice(1)) {
            if (!keep(group[0].stack, other.stack)) continue;
            findings.push({
                kind: "tenantId",
                key: "azuread:tenantId",
                value: group[0].tenantId!,
                stacks: [group[0].stack, other.stack],
                message: `stacks ${group[0].stack} and ${other.stack} both point at the Entra tenant ${group[0].tenantId} (azuread:tenantId): one customer tenant, two stacks managing its apps; each customer tenant gets one stack`,
            });
        }
    }
    return findings;
}

/**
 * The policy pack's config for `fleet-unique-connection-names` (policy/fleetPolicies.ts): the pack sees
 * one stack, so it learns the fleet's duplicated connection names from this file.
 */
export function fleetPolicyConfig(findings: readonly DuplicateFinding[]): Record<string, { duplicateConnectionNames: Record<string, string[]> }> {
    const names: Record<string, string[]> = {};
    for (const finding of findings.filter((f) => f.kind === "connectionName")) {
        const key = finding.value.toLowerCase();
        names[key] = [...new Set([...(names[key] ?? []), ...finding.stacks])].sort();
    }
    return { "fleet-unique-connection-names": { duplicateConnectionNames: names } };
}

export function renderDuplicates(findings: readonly DuplicateFinding[], markdown = false): string {
    if (findings.length === 0) return "";
    const head = markdown ? `\n### Refused: ${findings.length} duplicate${findings.length === 1 ? "" : "s"} across stacks\n\n` : `\nRefused: ${findings.length} duplicate${findings.length === 1 ? "" : "s"} across stacks\n`;
    return head + findings.map((f) => (markdown ? `- ⚠ ${f.message}` : `  - ${f.message}`)).join("\n") + "\n";
}
