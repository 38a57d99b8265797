/**
 * `npm run handoff -- --stack NAME [--format md|html] [--mode vendor|customer] [--out FILE]`
 *
 * Writes the sheet for the other party of a split deployment: the customer's Entra administrator
 * (`--mode customer`: they run the Entra side) or the vendor (`--mode vendor`: they run the Auth0 side).
 * Values come from the stack's config and, when it has run, its outputs; before the first `pulumi up`
 * from the offline plan (tools/plan/plan.ts, loaded lazily when it exists) or placeholders.
 *
 * No secret reaches the sheet: secrets are never read (outputs come with `--show-secrets=false`,
 * `--secret` config is not decrypted), the sheet is built from named non-secret facts only, and the
 * rendered text is checked against every secret value the tool has seen before it is written.
 */
import * as path from "node:path";
import { Command, Option } from "commander";
import { addStackOptions, EXIT, runCommand, selectedStacks, UsageError } from "../cli/common";
import { writePrivateFile } from "./writeFile";
import { secretOutputValues, type StackOutputs, type StackOutputsReader } from "./pulumiCli";
import { type Format, render } from "./render";
import { buildSheet, type Reader, type SheetFacts } from "./sheet";
import {
    AFTER_FIRST_UP,
    CONNECTION_ID,
    readStackConfig,
    redirectUri,
    scimScopes,
    type StackConfig,
    stackSettings,
    TENANT_URL,
    tenantUrlFor,
} from "./stack";

export const DESCRIPTION = `write the hand-off sheet for the other party of a split deployment: --mode customer for the customer's
Entra administrator (default, unless the stack itself runs in mode customer), --mode vendor for the vendor's
Auth0 side. To stdout, or to FILE with --out (mode 0600; never through a symlink; --force to overwrite).
It never contains a token or a client secret.`;

/** What the sheet reads of tools/plan/plan.ts's plan (tests give their own). */
export interface PlanResource {
    readonly urn?: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string | null;
    readonly inputs?: Record<string, unknown>;
    readonly secretInputs?: readonly string[] | ReadonlySet<string>;
}
export interface PlanOutcome {
    readonly stack: string;
    readonly ok: boolean;
    readonly problems: readonly string[];
    readonly resources?: readonly PlanResource[] | number;
    readonly outputs?: Record<string, unknown>;
}
export type PlanStack = (stack: string, options: { projectDir: string }) => PlanOutcome | Promise<PlanOutcome>;

export interface HandoffDeps {
    readonly projectDir: string;
    readonly env: NodeJS.ProcessEnv;
    readonly stdout: (text: string) => void;
    readonly stderr: (text: string) => void;
    readonly readOutputs: StackOutputsReader;
    /** The offline plan (undefined in tests that do without it). */
    readonly loadPlan: () => PlanStack | undefined;
    /** Default: writePrivateFile (0600, no symlink, no overwrite without force). */
    readonly writeFile?: (file: string, text: string, options: { force: boolean }) => void;
}

interface HandoffOptions {
    stack?: string[];
    stacks?: string[];
    format: string;
    mode?: string;
    out?: string;
    force?: boolean;
}

/** The `handoff` subcommand; its action leaves the exit code in `result.code`. */
export function handoffCommand(deps: HandoffDeps, result: { code?: number }): Command {
    const command = new Command("handoff").description(DESCRIPTION);
    addStackOptions(command, { qualified: true, description: "the stack (Pulumi.<name>.yaml, or org/project/stack)" });
    command
        .addOption(new Option("--format <format>", "the sheet's format").choices(["md", "html"]).default("md"))
        .addOption(new Option("--mode <reader>", "who reads it").choices(["customer", "vendor"]))
        .addOption(new Option("--out <file>", "write the sheet to FILE (mode 0600) instead of stdout"))
        .addOption(new Option("--force", "with --out: overwrite FILE if it exists (never through a symlink)"))
        .addHelpText("after", "\nExit codes: 0 written; 1 failed (nothing written); 2 usage error.\nExample:\n  auth0-entra-scim handoff --stack fabrikam --mode customer --out fabrikam-handoff.md")
        .action(async (options: HandoffOptions & { all?: boolean }) => {
            result.code = await handoffAction(options, deps);
        });
    return command;
}

async function handoffAction(options: HandoffOptions & { all?: boolean }, deps: HandoffDeps): Promise<number> {
    const stacks = selectedStacks(options, deps.stderr);
    if (options.all) throw new UsageError("--all: a hand-off sheet is for one stack; name it with --stack");
    if (!stacks) throw new UsageError("--stack is required");
    if (stacks.length !== 1) throw new UsageError("--stack: give exactly one stack");
    if (options.force && !options.out) throw new UsageError("--force only goes with --out");
    const [stack] = stacks;
    const format = options.format as Format;
    const mode = options.mode as Reader | undefined;
    try {
        const { text, notes } = await handoffSheet(stack, { format, reader: mode }, deps);
        const out = options.out;
        if (out) {
            (deps.writeFile ?? writePrivateFile)(path.resolve(out), text, { force: !!options.force });
            notes.push(`wrote ${out}`);
        } else {
            deps.stdout(text);
        }
        deps.stderr(`handoff: ${notes.join("; ")}\n`);
        return EXIT.OK;
    } catch (error) {
        if (error instanceof UsageError) throw error;
        deps.stderr(`handoff: ${(error as Error).message}\n`);
        return EXIT.FAILURE;
    }
}

/** The offline plan (tools/plan/plan.ts), loaded on first use. */
export function lazyPlan(): () => PlanStack {
    return () => async (stack, options) => (await import("../plan/plan")).planStack(stack, options);
}

/** `handoff` with the user's arguments (after `handoff`): the exit code (0 written, 1 failed, 2 bad usage). */
export async function runHandoff(argv: readonly string[], deps: HandoffDeps): Promise<number> {
    const result: { code?: number } = {};
    return runCommand(handoffCommand(deps, result), argv, { stdout: deps.stdout, stderr: deps.stderr }, result);
}

/** The rendered sheet and notes on where its values came from. Throws rather than render a secret. */
export async function handoffSheet(
    stack: string,
    options: { format: Format; reader?: Reader },
    deps: Pick<HandoffDeps, "projectDir" | "env" | "readOutputs" | "loadPlan">,
): Promise<{ text: string; facts: SheetFacts; notes: string[] }> {
    const config = readStackConfig(stack, deps.projectDir);
    const settings = stackSettings(config);
    const notes: string[] = [];
    const problems = [...settings.problems];

    let outputs: StackOutputs | undefined;
    try {
        outputs = await deps.readOutputs(stack);
        notes.push(outputs ? "values from the stack's outputs" : "the stack has not run yet");
    } catch (error) {
        notes.push(`outputs not read (${(error as Error).message})`);
    }

    let plan: PlanOutcome | undefined;
    if (!outputs) {
        try {
            const planStack = deps.loadPlan();
            if (planStack) {
                plan = await planStack(stack, { projectDir: deps.projectDir });
                notes.push("offline plan used");
                if (!plan.ok) problems.push(...plan.problems);
            } else {
                notes.push("no offline plan (tools/plan/plan.ts absent): placeholders used");
            }
        } catch (error) {
            notes.push(`offline plan failed (${(error as Error).message}): placeholders used`);
        }
    }

    const facts = sheetFacts(config, outputs, plan, options.reader, problems, notes);
    const text = render(buildSheet(facts), options.format);
    assertNoSecret(text, secretValues(config, outputs, plan, deps.env));
    return { text, facts, notes };
}

/** Only named, shape-checked, non-secret values go into the facts. */
export function sheetFacts(
    config: StackConfig,
    outputs: StackOutputs | undefined,
    plan: PlanOutcome | undefined,
    reader: Reader | undefined,
    problems: readonly string[],
    notes: readonly string[],
): SheetFacts {
    const settings = stackSettings(config);
    const planned = plannedValues(plan);
    const str = (value: unknown, shape: RegExp) => (typeof value === "string" && shape.test(value) ? value : undefined);

    const auth0Domain = settings.auth0Domain ?? "<your Auth0 domain>";
    const connectionId = str(outputs?.connectionId, CONNECTION_ID) ?? str(plan?.outputs?.connectionId, CONNECTION_ID);
    const tenantUrl =
        str(settings.tenantUrl, TENANT_URL) ??
        str(outputs?.tenantUrl, TENANT_URL) ??
        (connectionId ? tenantUrlFor(auth0Domain, connectionId) : tenantUrlFor(auth0Domain, AFTER_FIRST_UP));
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const iso = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;
    const provenance = outputs
        ? "values from its last pulumi up"
        : plan
          ? "the stack has not run yet: values from the offline plan, ids after its first pulumi up"
          : notes.some((n) => n.startsWith("outputs not read"))
            ? "its outputs could not be read: ids are placeholders"
            : "the stack has not run yet: ids are placeholders";

    return {
        stack: config.stack,
        sourceMode: settings.mode,
        reader: reader ?? (settings.mode === "customer" ? "vendor" : "customer"),
        customerName: settings.customerName,
        auth0Domain,
        entraTenantDomain: settings.entraTenantDomain,
        entraTenantId: settings.entraTenantId && guid.test(settings.entraTenantId) ? settings.entraTenantId : undefined,
        connectionName: planned.connectionName ?? settings.connectionName,
        connectionId,
        tenantUrl,
        redirectUri: redirectUri(auth0Domain),
        scopes: scimScopes(settings.provisionGroups),
        provisionGroups: settings.provisionGroups,
        tokenLifetimeDays: settings.scimTokenLifetimeDays,
        tokenValidUntil: str(outputs?.scimTokenValidUntil, iso),
        oidcAppDisplayName: planned.oidcAppDisplayName ?? settings.oidcAppDisplayName,
        provisioningAppDisplayName: planned.provisioningAppDisplayName ?? settings.provisioningAppDisplayName,
        oidcClientId: str(outputs?.oidcClientId, guid) ?? str(settings.oidcClientId, guid),
        enabledClients: settings.enabledClients,
        auth0ClientId: config.isSecure("auth0:clientId") ? undefined : config.get("auth0:clientId"),
        assignedUsers: settings.assignedUsers,
        assignedGroups: settings.assignedGroups,
        provisionOnDemand: settings.provisionOnDemand,
        additionalEntraMappings: settings.additionalEntraMappings,
        provenance,
        problems,
    };
}

/** Names the offline plan knows before anything exists: only plain (non-secret) string inputs. */
function plannedValues(plan: PlanOutcome | undefined): { connectionName?: string; oidcAppDisplayName?: string; provisioningAppDisplayName?: string } {
    const resources = Array.isArray(plan?.resources) ? (plan!.resources as readonly PlanResource[]) : [];
    const input = (type: string, key: string): string | undefined => {
        const found = resources.filter((r) => r.type === type);
        if (found.length !== 1) return undefined;
        const secret = found[0].secretInputs;
        const paths = secret instanceof Set ? [...secret] : Array.isArray(secret) ? secret : [];
        const isSecret = paths.some((p) => p === key || p.startsWith(`${key}.`) || p.startsWith(`${key}[`));
        const value = found[0].inputs?.[key];
        return !isSecret && typeof value === "string" && value.trim() !== "" ? value : undefined;
    };
    return {
        connectionName: input("auth0:index/connection:Connection", "name"),
        oidcAppDisplayName: input("azuread:index/application:Application", "displayName"),
        provisioningAppDisplayName: input("azuread:index/applicationFromTemplate:ApplicationFromTemplate", "displayName"),
    };
}

/** Every secret value the tool has seen: secret-named config in clear, secret outputs, plan secret inputs, env secrets. */
function secretValues(config: StackConfig, outputs: StackOutputs | undefined, plan: PlanOutcome | undefined, env: NodeJS.ProcessEnv): string[] {
    const values = [...config.plainSecretValues(), ...secretOutputValues(outputs), ...secretOutputValues(plan?.outputs)];
    for (const resource of Array.isArray(plan?.resources) ? (plan!.resources as readonly PlanResource[]) : []) {
        const keys = resource.secretInputs instanceof Set ? [...resource.secretInputs] : Array.isArray(resource.secretInputs) ? resource.secretInputs : [];
        for (const key of keys) collect(atPath(resource.inputs, key), values);
    }
    for (const [name, value] of Object.entries(env)) {
        if (value && /SECRET|TOKEN|PASSWORD|PASSPHRASE|PRIVATE_KEY/i.test(name)) values.push(value);
    }
    return values.filter((v) => v.length >= 6);
}

/** `options.clientSecret`, `credentials[1].value`: the plan's secret input paths. */
function atPath(inputs: Record<string, unknown> | undefined, path: string): unknown {
    let value: unknown = inputs;
    for (const part of path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<string, unknown>)[part];
    }
    return value;
}

function collect(value: unknown, into: string[]): void {
    if (typeof value === "string") into.push(value);
    else if (Array.isArray(value)) value.forEach((v) => collect(v, into));
    else if (value && typeof value === "object") Object.values(value).forEach((v) => collect(v, into));
}

/** The last line of defence: refuse to hand out a sheet that contains a secret value (without naming it). */
export function assertNoSecret(text: string, secrets: readonly string[]): void {
    const leaked = secrets.filter((s) => text.includes(s)).length;
    if (leaked > 0) {
        throw new Error(
            `the sheet would contain ${leaked} secret value(s) (a secret equal to a plain value of the stack, e.g. its customer name?); nothing was written`,
        );
    }
}
