/** The sheet's last line of defence: every secret value the tool has seen, and the check against them. */
import { planResources, type PlanOutcome } from "./facts";
import { secretOutputValues, type StackOutputs } from "./pulumiCli";
import type { StackConfig } from "./stack";

/** Secret-named config in clear, secret outputs, the plan's secret inputs, secret-named environment variables. */
export function secretValues(config: StackConfig, outputs: StackOutputs | undefined, plan: PlanOutcome | undefined, env: NodeJS.ProcessEnv): string[] {
    const values = [...config.plainSecretValues(), ...secretOutputValues(outputs), ...secretOutputValues(plan?.outputs)];
    for (const resource of planResources(plan)) {
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

/** Refuses to hand out a sheet that contains a secret value (without naming it). */
export function assertNoSecret(text: string, secrets: readonly string[]): void {
    const leaked = secrets.filter((s) => text.includes(s)).length;
    if (leaked > 0) {
        throw new Error(
            `the sheet would contain ${leaked} secret value(s) (a secret equal to a plain value of the stack, e.g. its customer name?); nothing was written`,
        );
    }
}
