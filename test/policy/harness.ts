/**
 * Builds the argument bags @pulumi/policy's analyzer server passes to policies (see its server.js:
 * `makeAnalyzeRpcFun` / `makeAnalyzeStackRpcFun`), including the unknown-checking proxy around
 * `props`, and collects what the policies report.
 */
import {
    unknownCheckingProxy,
    type PolicyResource,
    type PolicyResourceOptions,
    type ResourceValidationArgs,
    type ResourceValidationPolicy,
    type StackValidationArgs,
    type StackValidationPolicy,
} from "@pulumi/policy";

/** The engine's wire sentinels for unknown values, by type. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOL = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
export const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421";
export const UNKNOWN_ARRAY = "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2";
export const UNKNOWN_OBJECT = "dd056dcd-154b-4c76-9bd3-c8f88648b5ff";

const OPTIONS: PolicyResourceOptions = {
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
};

export const urnOf = (type: string, name: string) => `urn:pulumi:test::auth0-entra-scim::${type}::${name}`;

/**
 * The URNs of policy resources, for assertions. Never compare the resources themselves: their `props`
 * are @pulumi/policy's unknown-checking proxies, and formatting a failed `deepEqual` reads an unknown
 * value, which throws inside mocha's failure handling and ends the run early with exit code 0.
 */
export const urnsOf = (resources: readonly PolicyResource[]) => resources.map((resource) => resource.urn);

function typeOf(resourceClass: unknown): string | undefined {
    return (resourceClass as { __pulumiType?: string }).__pulumiType;
}

class NotApplicable extends Error {}

/** What `validateResource` receives for a resource of `type` with inputs `props`. */
export function resourceArgs(type: string, props: Record<string, unknown>, config: object = {}, name = "res"): ResourceValidationArgs {
    const proxied = unknownCheckingProxy(props) as Record<string, any>;
    return {
        type,
        props: proxied,
        urn: urnOf(type, name),
        name,
        opts: OPTIONS,
        stackTags: new Map(),
        isType: (resourceClass) => typeOf(resourceClass) === type,
        asType: ((resourceClass: unknown) => (typeOf(resourceClass) === type ? proxied : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs a resource policy on one resource; the messages it reports. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    config: object = {},
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const validate of validations) {
        try {
            await validate(resourceArgs(type, props, config), (message) => messages.push(message));
        } catch (error) {
            if (!(error instanceof NotApplicable)) throw error;
        }
    }
    return messages;
}

/** A resource as a stack policy sees it; `deps` maps a property to the resources it depends on. */
export function stackResource(
    type: string,
    name: string,
    props: Record<string, unknown>,
    deps: Record<string, PolicyResource[]> = {},
): PolicyResource {
    const proxied = unknownCheckingProxy(props) as Record<string, any>;
    return {
        type,
        name,
        urn: urnOf(type, name),
        props: proxied,
        opts: OPTIONS,
        dependencies: [...new Set(Object.values(deps).flat())],
        propertyDependencies: deps,
        isType: (resourceClass) => typeOf(resourceClass) === type,
        asType: ((resourceClass: unknown) => (typeOf(resourceClass) === type ? proxied : undefined)) as PolicyResource["asType"],
    };
}

export interface Reported {
    readonly message: string;
    readonly urn?: string;
}

/** Runs a stack policy on a stack; what it reports, with the URN each violation names. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: PolicyResource[],
    config: object = {},
): Promise<Reported[]> {
    const reported: Reported[] = [];
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    try {
        await policy.validateStack(args, (message, urn) => reported.push({ message, urn }));
    } catch (error) {
        if (!(error instanceof NotApplicable)) throw error;
    }
    return reported;
}
