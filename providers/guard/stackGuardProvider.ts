/**
 * The dynamic provider behind `StackGuard`, the resource declared after every other resource of the
 * stack, depending on all of them. While the stack's `protect` is true it refuses:
 *
 * - a `connectionName` that differs from the deployed connection's name: Auth0 can only rename a
 *   connection by replacing it, which deletes every user in it (the connection ignores the name while
 *   protected, so nothing changed; the `up` fails with the way out);
 * - a `mode` change: it would delete one vendor's side of the stack;
 * - its own deletion, and so `pulumi destroy`: it depends on everything, so the engine deletes it
 *   first, and its refusal stops the teardown before anything is deleted.
 *
 * No API calls.
 */
import * as pulumi from "@pulumi/pulumi";

export interface StackGuardInputs {
    readonly protect: boolean;
    readonly mode: string;
    /** Auth0 side only: the configured name and the deployed connection's (unknown before it exists). */
    readonly connectionName?: { readonly configured: string; readonly deployed?: string };
    /** The config key prefix, for the commands in the messages. */
    readonly configNamespace: string;
}

const isKnown = (value: unknown) => value !== undefined && value !== pulumi.runtime.unknownValue;

export class StackGuardProvider implements pulumi.dynamic.ResourceProvider<StackGuardInputs, StackGuardInputs> {
    async check(olds: StackGuardInputs | undefined, news: StackGuardInputs): Promise<pulumi.dynamic.CheckResult<StackGuardInputs>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        const key = (name: string) => `${news.configNamespace}:${name}`;
        const unprotect = `To do it deliberately: pulumi config set ${key("protect")} false, run pulumi up, then set protect back to true.`;
        if (news.protect === true) {
            const name = news.connectionName;
            if (name && isKnown(name.deployed) && name.deployed !== name.configured) {
                failures.push({
                    property: "connectionName",
                    reason:
                        `${key("connectionName")} is ${JSON.stringify(name.configured)}, but the deployed Auth0 connection is ` +
                        `${JSON.stringify(name.deployed)}. Auth0 can only rename a connection by replacing it: the connection would be ` +
                        "deleted with every user in it, and SCIM would recreate them with new user ids. Nothing was changed. " +
                        `To keep it: pulumi config set ${key("connectionName")} ${name.deployed}. ${unprotect}`,
                });
            }
            if (olds && isKnown(olds.mode) && isKnown(news.mode) && olds.mode !== news.mode) {
                failures.push({
                    property: "mode",
                    reason:
                        `${key("mode")} would change from ${olds.mode} to ${news.mode}, which deletes what a ${olds.mode} stack has and a ` +
                        `${news.mode} stack does not (${describeLoss(olds.mode, news.mode)}). Nothing was changed. ` +
                        `To keep it: pulumi config set ${key("mode")} ${olds.mode}. ${unprotect}`,
                });
            }
        }
        return { inputs: news, failures };
    }

    async diff(_id: string, olds: StackGuardInputs, news: StackGuardInputs): Promise<pulumi.dynamic.DiffResult> {
        return { changes: JSON.stringify(olds) !== JSON.stringify(news), replaces: [], deleteBeforeReplace: false };
    }

    async create(inputs: StackGuardInputs): Promise<pulumi.dynamic.CreateResult<StackGuardInputs>> {
        return { id: "stack-guard", outs: inputs };
    }

    async update(_id: string, _olds: StackGuardInputs, news: StackGuardInputs): Promise<pulumi.dynamic.UpdateResult<StackGuardInputs>> {
        return { outs: news };
    }

    async delete(_id: string, props: StackGuardInputs): Promise<void> {
        if (props.protect !== false) {
            const key = `${props.configNamespace}:protect`;
            throw new Error(
                "This stack is protected: a teardown would delete the Auth0 connection's users and SCIM, the Entra apps and " +
                    `provisioning. Nothing was deleted. For a deliberate teardown: pulumi config set ${key} false, pulumi up, then pulumi destroy.`,
            );
        }
    }
}

function describeLoss(from: string, to: string): string {
    const entra = "the Entra apps, the provisioning job and its assignments";
    const auth0 = "the Auth0 connection with its users, SCIM and the token";
    if (from === "full") return to === "vendor" ? entra : to === "customer" ? auth0 : `${entra}; ${auth0}`;
    return from === "vendor" ? auth0 : entra;
}
