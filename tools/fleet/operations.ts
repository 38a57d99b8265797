/**
 * The seam between the fleet runner and Pulumi: what the runner needs from one customer stack. The real
 * implementation (automation.ts) wraps the Automation API's LocalWorkspace; tests use a fake.
 */

/** One stack output as the Automation API gives it (`OutputValue`). */
export interface StackOutput {
    readonly value: unknown;
    readonly secret: boolean;
}
export type StackOutputs = Readonly<Record<string, StackOutput>>;

/** One config value as the Automation API gives it (`ConfigValue`), keys namespaced (`auth0:domain`). */
export interface StackConfigValue {
    readonly value: string;
    readonly secret: boolean;
}
export type StackConfig = Readonly<Record<string, StackConfigValue>>;

/**
 * Counts by Pulumi operation type (`OpMap`: create, update, replace, create-replacement,
 * delete-replaced, delete, same, …), as in `UpdateSummary.resourceChanges` or a preview's
 * `changeSummary`.
 */
export type OpCounts = Readonly<Record<string, number | undefined>>;

/** What the runner shows while a stack runs. Nothing in it carries a resource's property values. */
export type ProgressEvent =
    | {
          readonly type: "step";
          /** Pulumi's op: create, update, replace, delete, same, refresh, … */
          readonly op: string;
          readonly urn: string;
          readonly phase: "start" | "done" | "failed";
      }
    | { readonly type: "diagnostic"; readonly severity: "info" | "warning" | "error"; readonly message: string };

export interface OperationResult {
    /**
     * Steps by op, counted as `plan` counts resources: custom resources only, not the Stack, component
     * resources or providers (see resourceSteps.ts). `refresh` gives the engine's own counts.
     */
    readonly changes: OpCounts;
    /** The engine's own counts (`changeSummary` / `resourceChanges`): the Stack, components and providers included. */
    readonly engineChanges?: OpCounts;
    /** The stack's outputs after the operation, when it returns them (`up`). */
    readonly outputs?: StackOutputs;
    /** `preview`: the URNs of the program's resources that would change. */
    readonly changedUrns?: readonly string[];
}

/** What the one check before any stack found (`StackOperations.preflight`). */
export interface PreflightInfo {
    /** The Pulumi CLI that runs, and its version. */
    readonly cli: string;
    readonly version?: string;
    /** `pulumi whoami`: the user and the backend. */
    readonly user: string;
    readonly url?: string;
    /** Lines worth showing once (e.g. "dynamic-provider host laid out in …"). */
    readonly notes?: readonly string[];
}

/** The preflight refused: `message` is one line saying what is missing and what to do. */
export class PreflightError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PreflightError";
    }
}

export type OperationName = "preview" | "up" | "refresh";

export interface StackOperations {
    /**
     * Once, before any stack: is the Pulumi CLI there, can it run this project, and is a backend logged
     * in? Throws a PreflightError saying what is missing, instead of every stack failing alike.
     * `runsProgram`: the command runs the project's program (preview, up, refresh), so a Node
     * language host is needed unless the fleet runs it in-process.
     */
    preflight?(options: { readonly runsProgram: boolean }): Promise<PreflightInfo>;
    /**
     * `signal` aborts when the operator asks the run to stop (the first Ctrl-C): the operation must then
     * ask its `pulumi` process to stop gracefully, once (one SIGINT), and finish as Pulumi does.
     */
    preview(stack: string, onProgress: (event: ProgressEvent) => void, signal?: AbortSignal): Promise<OperationResult>;
    up(stack: string, onProgress: (event: ProgressEvent) => void, signal?: AbortSignal): Promise<OperationResult>;
    refresh(stack: string, onProgress: (event: ProgressEvent) => void, signal?: AbortSignal): Promise<OperationResult>;
    /** The second Ctrl-C: end every running operation now (their `pulumi` processes are killed). */
    terminate?(): void;
    /** The outputs in the stack's current state (empty for a stack never deployed). */
    outputs(stack: string): Promise<StackOutputs>;
    /** The stack's config, secrets decrypted and flagged. */
    config(stack: string): Promise<StackConfig>;
}

/** Summary counts: `replace` takes in the create-replacement/delete-replaced steps of a replacement. */
export interface ChangeCounts {
    readonly create: number;
    readonly update: number;
    readonly replace: number;
    readonly delete: number;
}

/**
 * Folds an OpMap into the four summary columns. The engine counts only a replacement's logical step
 * (`replace`), but previews and older engines may report its `create-replacement` and `delete-replaced`
 * steps as well; each replaced resource has one of each, so the largest of the three is the number of
 * replacements, never their sum.
 */
export function countChanges(ops: OpCounts | undefined): ChangeCounts {
    const n = (key: string) => ops?.[key] ?? 0;
    return {
        create: n("create"),
        update: n("update"),
        replace: Math.max(n("replace"), n("create-replacement"), n("delete-replaced")),
        delete: n("delete"),
    };
}

/** The resource's name and type from its URN (`urn:pulumi:stack::project::a$b$type::name`). */
export function describeUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const name = parts.length >= 4 ? parts.slice(3).join("::") : urn;
    const typeChain = parts[2] ?? "";
    const type = typeChain.split("$").pop() ?? typeChain;
    return { type, name };
}
