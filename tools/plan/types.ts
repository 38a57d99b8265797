/**
 * The data `npm run plan` produces: what one stack's program would register, with every secret masked.
 * Shared by the worker that runs the program (runner.ts, worker.ts), the renderers and the diff.
 */

/** Shown in place of any secret value, in text and in JSON. */
export const SECRET = "[secret]";
/** Shown in place of a value only the real providers can know (ids, generated credentials, …). */
export const UNKNOWN = "(known after apply)";

export interface PlannedResource {
    readonly urn: string;
    /** e.g. `auth0:index/connection:Connection`; components have their own `pkg:module:Type`. */
    readonly type: string;
    /** The logical name. */
    readonly name: string;
    /** URN of the parent resource; null for resources registered at the top (children of the Stack). */
    readonly parent: string | null;
    /** false for component resources (they exist only in state). */
    readonly custom: boolean;
    /** The `protect` resource option. */
    readonly protect: boolean;
    /**
     * Inputs as the program sends them, masked: secrets are `[secret]`, values that depend on what the
     * providers return are `(known after apply)`. Noise (the dynamic provider's serialised code) is dropped.
     */
    readonly inputs: Record<string, unknown>;
    /** Paths (`options.clientSecret`, `credentials[1].value`) whose values are masked as secrets. */
    readonly secretInputs: string[];
    /** URNs this resource was previously known by (the `aliases` option). */
    /** The `ignoreChanges` resource option: inputs the engine does not diff after create. */
    readonly ignoreChanges?: string[];
    readonly aliases?: string[];
    /** The `replaceOnChanges` option: input paths whose change replaces the resource. */
    readonly replaceOnChanges?: string[];
    /** Input name → URNs of the resources whose outputs it is computed from. */
    readonly dependencies?: Record<string, string[]>;
    /**
     * Keyed digests of the secret values (path → HMAC with a key that lives only in the planning process),
     * so two plans made by the same process can tell whether a masked value changed. Never rendered.
     */
    readonly secretDigests?: Record<string, string>;
}

export interface StackPlan {
    readonly stack: string;
    /** false when the program could not run to the end: a config problem or a crash. */
    readonly ok: boolean;
    /**
     * Why the plan failed, in the words `pulumi up` would use: the Pulumi CLI's own config errors, the
     * lines of the program's `ConfigValidationError`, or the crash's message. Empty when ok.
     */
    readonly problems: string[];
    /** The failure as `pulumi up` would print it (e.g. the error's message lines); absent when ok. */
    readonly error?: string;
    /** Sorted by URN. */
    readonly resources: PlannedResource[];
    /** Stack outputs, masked like inputs. */
    readonly outputs: Record<string, unknown>;
    /** Things worth knowing that do not stop the plan, e.g. a secret-looking config key in clear. */
    readonly warnings?: string[];
    /**
     * Config keys whose value came from neither the stack file nor Pulumi.yaml, and where from:
     * `from ESC env X` (a masked placeholder stood in) or `from environment AUTH0_DOMAIN`.
     */
    readonly configSources?: Record<string, string>;
    /** The stack file the config came from. */
    readonly configFile?: string;
    /** Wall-clock time of the plan, ms (not part of the JSON output, which stays stable). */
    readonly durationMs?: number;
    /** CPU time the stack took in its worker, ms (not part of the JSON output either). */
    readonly cpuMs?: number;
    /** Digests of secret outputs (see PlannedResource.secretDigests). Never rendered. */
    readonly outputDigests?: Record<string, string>;
}
