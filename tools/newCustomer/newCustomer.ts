/**
 * `auth0-entra-scim new-customer NAME` (`npm run new-customer -- NAME`): writes `Pulumi.NAME.yaml`
 * for a new customer from flags, or from prompts for the missing required ones when stdin is a
 * terminal. Before it writes anything it plans the stack offline with the program's own config reader
 * (tools/plan, so every config problem is reported at once), and refuses a connection name or Entra
 * tenant id that another Pulumi.*.yaml already uses (tools/plan/duplicates.ts).
 *
 * Exit codes (tools/cli/common.ts EXIT): 0 written; 2 refused, nothing written (a bad stack name, the
 * file exists, a required value missing without a terminal to ask, a config problem, a duplicate); 1
 * the plan itself could not run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { Command, Option } from "commander";
import * as yaml from "js-yaml";
import { defaultConnectionName } from "../../components/config";
import { isMode, MODES, usedBy, type Mode } from "../../components/modes";
import { EXIT, processIo, UsageError, type CliIo } from "../cli/common";
import { claimsOf, findDuplicates, projectClaims } from "../plan/duplicates";
import { PACKAGE_DIR, planStack } from "../plan/plan";
import { loadStackConfig, readProject } from "../plan/stackConfig";
import { existingStackFile, findProjectFile } from "../shared/stackFiles";
import type { StackPlan } from "../plan/types";

/** Pulumi's stack-name rule (pkg/tokens): letters, digits, `-`, `_`, `.`, at most 100; never `.`/`..`. */
export const STACK_NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface NewCustomerOptions {
    mode?: string;
    customerName?: string;
    entraTenantDomain?: string;
    entraTenantId?: string;
    connectionName?: string;
    assignedUser?: string[];
    assignedGroup?: string[];
    enabledClient?: string[];
    auth0Domain?: string;
    environment?: string[];
    oidcClientId?: string;
    projectDir?: string;
}

export interface NewCustomerDeps {
    readonly io?: CliIo;
    /** Whether stdin is a terminal one can ask (default: process.stdin.isTTY). */
    readonly interactive?: boolean;
    /** Asks one question, resolves the answer (default: readline on stdin/stderr). */
    readonly ask?: (question: string) => Promise<string>;
    /** Plans the stack from a candidate file (default: tools/plan planStack). */
    readonly plan?: (stack: string, options: { projectDir: string; configFile: string }) => Promise<StackPlan>;
    /** The environment the plan resolves provider variables from (default: process.env). */
    readonly env?: Readonly<Record<string, string | undefined>>;
}

interface Required {
    readonly flag: string;
    readonly option: keyof NewCustomerOptions;
    readonly question: string;
    readonly modes: readonly Mode[];
}

/** What each mode cannot do without; the program's own checks (planned) cover the rest. */
const REQUIRED: readonly Required[] = [
    { flag: "--entra-tenant-domain", option: "entraTenantDomain", question: "The customer's Entra primary domain (e.g. contoso.onmicrosoft.com)", modes: ["full", "vendor"] },
    { flag: "--entra-tenant-id", option: "entraTenantId", question: "The customer's Entra tenant id (a GUID; azuread:tenantId)", modes: ["full", "customer"] },
];

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), ...value.split(",").map((s) => s.trim()).filter(Boolean)];

export function newCustomerCommand(result: { code?: number }, deps: NewCustomerDeps = {}): Command {
    const io = deps.io ?? processIo;
    const command = new Command("new-customer")
        .description("write Pulumi.NAME.yaml for a new customer from flags (or prompts), checked by the offline plan and against the other stacks")
        .argument("<name>", "the stack name (letters, digits, -, _, .)")
        .addOption(new Option("--mode <mode>", "which side this stack manages").choices([...MODES]).default("full"))
        .addOption(new Option("--customer-name <name>", "display name (the Auth0 login button, the Entra apps); default the stack name"))
        .addOption(new Option("--entra-tenant-domain <domain>", "the customer's Entra primary domain, e.g. contoso.onmicrosoft.com (full, vendor)"))
        .addOption(new Option("--entra-tenant-id <guid>", "the customer's Entra tenant id, azuread:tenantId (full, customer)"))
        .addOption(new Option("--connection-name <name>", "the Auth0 connection's name (full, vendor); default NAME-entra, written pinned"))
        .addOption(new Option("--assigned-user <objectId>", "an Entra user object id to assign; repeatable (full, customer)").argParser(collect))
        .addOption(new Option("--assigned-group <objectId>", "an Entra group object id to assign; repeatable (full, customer)").argParser(collect))
        .addOption(new Option("--enabled-client <clientId>", "an Auth0 application id to enable on the connection; repeatable (full, vendor)").argParser(collect))
        .addOption(new Option("--auth0-domain <domain>", "auth0:domain in the stack file (else from an ESC environment, --environment)"))
        .addOption(new Option("--environment <esc-env>", "a Pulumi ESC environment to import, e.g. auth0-shared (esc/auth0-shared.yaml); repeatable").argParser(collect))
        .addOption(new Option("--oidc-client-id <id>", "vendor stacks: the customer's OIDC app client id (its secret: pulumi config set --secret oidcClientSecret)"))
        .addOption(new Option("--project-dir <dir>", "the Pulumi project (default: this package)"))
        .addHelpText(
            "after",
            "\nPrompts for a missing required value only when stdin is a terminal; otherwise that is a usage error (exit 2).\n" +
                "Exit codes: 0 written; 2 refused, nothing written; 1 the plan could not run.\n" +
                "Example:\n  auth0-entra-scim new-customer fabrikam --customer-name 'Fabrikam Inc.' --entra-tenant-domain fabrikam.onmicrosoft.com \\\n" +
                "    --entra-tenant-id 00000000-0000-0000-0000-000000000002 --environment auth0-shared --assigned-group <objectId>",
        );
    command.action(async (name: string, options: NewCustomerOptions) => {
        result.code = await newCustomer(name, options, { ...deps, io });
    });
    return command;
}

/** Writes the stack file, or reports every reason it will not: the exit code. */
export async function newCustomer(name: string, options: NewCustomerOptions, deps: NewCustomerDeps = {}): Promise<number> {
    const io = deps.io ?? processIo;
    if (!STACK_NAME.test(name)) {
        throw new UsageError(
            `${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)} is not a stack name Pulumi accepts ` +
                `(letters, digits, "-", "_", ".", at most 100 characters; e.g. ${JSON.stringify(suggestName(name))})`,
        );
    }
    const projectDir = options.projectDir ? path.resolve(options.projectDir) : PACKAGE_DIR;
    if (!findProjectFile(projectDir)) throw new UsageError(`--project-dir ${options.projectDir}: no Pulumi.yaml there`);
    const project = readProject(projectDir);
    const file = path.join(project.stackConfigDir, `Pulumi.${name}.yaml`);
    const existing = existingStackFile(project, name);
    if (existing) throw new UsageError(`${path.relative(process.cwd(), existing) || existing} already exists: not overwritten (edit it, or pick another name)`);
    const mode = options.mode ?? "full";
    if (!isMode(mode)) throw new UsageError(`--mode must be one of ${MODES.join(", ")}`);

    // Flags a mode has no use for: refused here, in flag words (the program would say it in config words).
    const unused: [string, unknown, string][] = [
        ["--entra-tenant-domain", options.entraTenantDomain, "entraTenantDomain"],
        ["--connection-name", options.connectionName, "connectionName"],
        ["--enabled-client", options.enabledClient, "enabledClients"],
        ["--assigned-user", options.assignedUser, "assignedUsers"],
        ["--assigned-group", options.assignedGroup, "assignedGroups"],
        ["--oidc-client-id", options.oidcClientId, "oidcClientId"],
    ];
    const refused = unused.filter(([, v, key]) => v !== undefined && !usedBy(key, mode)).map(([flag]) => flag);
    if (options.entraTenantId !== undefined && mode === "vendor") refused.push("--entra-tenant-id");
    if (refused.length > 0) throw new UsageError(`${refused.join(", ")}: a ${mode} stack does not use ${refused.length === 1 ? "it" : "them"}`);

    // The required values: flags, else prompts on a terminal, else a usage error naming them all.
    const values: NewCustomerOptions = { ...options };
    const missing = REQUIRED.filter((r) => r.modes.includes(mode) && !values[r.option]);
    if (missing.length > 0) {
        const interactive = deps.interactive ?? !!process.stdin.isTTY;
        if (!interactive) throw new UsageError(`missing ${missing.map((m) => m.flag).join(", ")} (stdin is not a terminal, so nothing is asked)`);
        const ask = deps.ask ?? terminalAsk();
        for (const r of missing) {
            const answer = (await ask(`${r.question}: `)).trim();
            if (!answer) throw new UsageError(`${r.flag} is required in a ${mode} stack`);
            (values as Record<string, unknown>)[r.option] = answer;
        }
    }

    const problems: string[] = [];
    if (values.entraTenantId !== undefined && !GUID.test(values.entraTenantId)) {
        problems.push(`azuread:tenantId (--entra-tenant-id): ${JSON.stringify(values.entraTenantId)} is not a tenant id (a GUID such as 00000000-0000-0000-0000-000000000002)`);
    }
    const text = stackFileText(name, project.name, mode, values);

    // The candidate file, planned from a private temp dir: every problem at once, nothing written yet.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "new-customer-"));
    let plan: StackPlan;
    try {
        const candidate = path.join(tmp, `Pulumi.${name}.yaml`);
        fs.writeFileSync(candidate, text, { flag: "wx", mode: 0o600 });
        const claims = claimsOf(project, name, loadStackConfig(project, name, () => "[secret]", candidate));
        const others = projectClaims(projectDir).filter((c) => c.stack !== name);
        problems.push(...findDuplicates([...others, claims], [name]).map((d) => d.message));
        plan = await (deps.plan ?? ((stack, o) => planStack(stack, { ...o, env: deps.env })))(name, { projectDir, configFile: candidate });
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
    const nextSteps: string[] = [];
    for (const problem of plan.problems) {
        // A vendor stack gets the customer's OIDC app later: a next step, not a refusal.
        if (mode === "vendor" && new RegExp(`^${project.name}:oidcClient(Id|Secret) is required`).test(problem)) nextSteps.push(problem);
        else problems.push(problem);
    }
    if (!plan.ok && plan.problems.length === 0) problems.push(plan.error ?? "the plan failed");
    // Config problems (the CLI's "Stack 'x' …", the program's ConfigValidationError) are the user's to fix;
    // anything else is the plan not running at all.
    const crashed = !plan.ok && !/^(Stack '|Invalid stack configuration)/.test(plan.error ?? "");

    if (problems.length > 0) {
        io.stderr(`new-customer: Pulumi.${name}.yaml not written (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
        return crashed ? EXIT.FAILURE : EXIT.USAGE;
    }
    try {
        fs.writeFileSync(file, text, { flag: "wx" });
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${file} appeared meanwhile: not overwritten`);
        throw error;
    }
    for (const warning of plan.warnings ?? []) io.stderr(`warning: ${warning}\n`);
    const resources = plan.resources.filter((r) => r.custom).length;
    io.stdout(
        `Wrote ${path.relative(process.cwd(), file) || file} (${mode} stack, ${resources} resources planned offline).\n` +
            `Next:\n` +
            `  pulumi stack init ${name}\n` +
            nextSteps.map((s) => `  ${s}\n`).join("") +
            (values.environment?.length || values.auth0Domain ? "" : `  auth0:domain comes from neither the file nor an ESC import: add --environment auth0-shared next time, or pulumi config set auth0:domain\n`) +
            `  npm run plan -- --stack ${name}\n`,
    );
    return EXIT.OK;
}

/** The stack file: a header, the ESC imports, then the config keys fully qualified, like Pulumi.dev.yaml. */
export function stackFileText(name: string, namespace: string, mode: Mode, v: NewCustomerOptions): string {
    const config: Record<string, unknown> = {};
    const ns = (key: string) => `${namespace}:${key}`;
    if (v.auth0Domain) config["auth0:domain"] = v.auth0Domain;
    if (v.entraTenantId && mode !== "vendor") config["azuread:tenantId"] = v.entraTenantId;
    if (mode !== "full") config[ns("mode")] = mode;
    config[ns("customerName")] = v.customerName || name;
    if (usedBy("connectionName", mode)) config[ns("connectionName")] = v.connectionName || defaultConnectionName(name);
    if (v.entraTenantDomain && usedBy("entraTenantDomain", mode)) config[ns("entraTenantDomain")] = v.entraTenantDomain;
    if (v.enabledClient?.length) config[ns("enabledClients")] = v.enabledClient;
    if (v.assignedUser?.length) config[ns("assignedUsers")] = v.assignedUser;
    if (v.assignedGroup?.length) config[ns("assignedGroups")] = v.assignedGroup;
    if (v.oidcClientId) config[ns("oidcClientId")] = v.oidcClientId;
    // A customer stack's first run builds only the OIDC app, before the vendor has a tenantUrl and scimToken.
    if (mode === "customer") config[ns("oidcAppOnly")] = "true";
    const header = [
        `# Customer stack ${name} (${mode} mode), written by \`auth0-entra-scim new-customer\`.`,
        `# Secrets are not in this file: set them with \`pulumi config set --secret\`, or import them from Pulumi ESC.`,
        ...(usedBy("connectionName", mode) ? ["# connectionName is pinned: Auth0 can only rename a connection by replacing it (and its users)."] : []),
        ...(mode === "customer" ? ["# oidcAppOnly: the first run builds only the OIDC app; remove it when setting tenantUrl and scimToken."] : []),
    ];
    const doc: Record<string, unknown> = {};
    if (v.environment?.length) doc.environment = v.environment;
    doc.config = config;
    return `${header.join("\n")}\n${yaml.dump(doc, { lineWidth: -1, quotingType: '"' })}`;
}

/** A stack name from a display name ("Fabrikam Inc." → "fabrikam-inc"). */
export function suggestName(text: string): string {
    return text.toLowerCase().replace(/[^a-z0-9_.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 100) || "customer";
}

function terminalAsk(): (question: string) => Promise<string> {
    return async (question) => {
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        try {
            return await rl.question(question);
        } finally {
            rl.close();
        }
    };
}
