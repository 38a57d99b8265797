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
    readonly changes: OpCounts;
    /** The stack's outputs after the operation, when it returns them (`up`). */
    readonly outputs?: StackOutputs;
}

export type OperationName = "preview" | "up" | "refresh";

export interface StackOperations {
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
