/**
 * The dynamic provider behind `StackGuard`, the resource declared FIRST in the stack, which every other
 * resource waits for. While the stack's `protect` is true its `check` refuses, comparing the new
 * config with what the guard recorded at the last successful `up` (its own old inputs):
 *
 * - another `connectionName`: Auth0 can only rename a connection by replacing it, which deletes every
 *   user in it;
 * - another `mode`: it would delete one vendor's side of the stack;
 * - dropping the provisioning side (a customer stack switched to `oidcAppOnly`): it would delete the
 *   enterprise app, its job, credentials, assignments and mappings.
 *
 * `check` runs before the engine registers anything that waits for the guard, so when it refuses,
 * nothing was changed. The teardown is not refused here: a guard whose delete refuses becomes, once
 * replaced or renamed, a pending delete that refuses for ever. Pulumi's own `protect`, set on every
 * resource whose deletion reaches live users while config `protect` is true, stops a `destroy`
 * (and survives `pulumi state delete` of the guard). No API calls.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Versioned } from "../providerVersion";

export interface StackGuardInputs extends Versioned {
    readonly protect: boolean;
    readonly mode: string;
    /** Auth0 side only: the configured connection name. */
    readonly connectionName?: string;
    /** Entra side only: whether the provisioning side is declared. */
    readonly provisioning?: boolean;
    /** Entra side only: whether the program declares the OIDC app's admin consent grant. */
    readonly adminConsent?: boolean;
    /** Entra side only: whether `grantAdminConsent` was set, rather than the mode's default. */
    readonly adminConsentChosen?: boolean;
    /** The config key prefix, for the commands in the messages. */
    readonly configNamespace: string;
}

/** Guards deployed before it was declared first recorded `{ configured, deployed }`. */
type RecordedName = string | { readonly configured?: string; readonly deployed?: string } | undefined;

const isKnown = (value: unknown) => value !== undefined && value !== pulumi.runtime.unknownValue;

function recordedName(name: RecordedName): string | undefined {
    if (typeof name === "string") return name;
    const value = isKnown(name?.deployed) ? name?.deployed : name?.configured;
    return isKnown(value) ? value : undefined;
}

export class StackGuardProvider implements pulumi.dynamic.ResourceProvider<StackGuardInputs, StackGuardInputs> {
    async check(olds: StackGuardInputs | undefined, news: StackGuardInputs): Promise<pulumi.dynamic.CheckResult<StackGuardInputs>> {
        const failures: pulumi.dynamic.CheckFailure[] = [];
        const key = (name: string) => `${news.configNamespace}:${name}`;
        const unprotect = (what: string) =>
            `To do it deliberately: pulumi config set ${key("protect")} false and run pulumi up (that lifts the protection and changes ` +
            `nothing else), then ${what} and run pulumi up, then set protect back to true.`;
        // No old inputs: a new stack, or a guard someone removed from state; Pulumi's `protect` still holds.
        if (news.protect === true && olds && Object.keys(olds).length > 0) {
            const deployed = recordedName(olds.connectionName as RecordedName);
            const configured = news.connectionName;
            if (deployed !== undefined && isKnown(configured) && configured !== undefined && configured !== deployed) {
                failures.push({
                    property: "connectionName",
                    reason:
                        `${key("connectionName")} is ${JSON.stringify(configured)}, but the deployed Auth0 connection is ` +
                        `${JSON.stringify(deployed)}. Auth0 can only rename a connection by replacing it: the connection would be ` +
                        "deleted with every user in it, and SCIM would recreate them with new user ids. Nothing was changed. " +
                        `To keep it: pulumi config set ${key("connectionName")} ${deployed}. ${unprotect(`set ${key("connectionName")}`)}`,
                });
            }
            if (isKnown(olds.mode) && isKnown(news.mode) && olds.mode !== news.mode) {
                failures.push({
                    property: "mode",
                    reason:
                        `${key("mode")} would change from ${olds.mode} to ${news.mode}, which deletes what a ${olds.mode} stack has and a ` +
                        `${news.mode} stack does not (${describeLoss(olds.mode, news.mode)}). Nothing was changed. ` +
                        `To keep it: pulumi config set ${key("mode")} ${olds.mode}. ${unprotect(`set ${key("mode")} ${news.mode}`)}`,
                });
            }
            if (olds.mode === news.mode && olds.provisioning === true && news.provisioning === false) {
                failures.push({
                    property: "provisioning",
                    reason:
                        "This stack provisions users, and the config no longer declares provisioning (oidcAppOnly): pulumi up would delete " +
                        "the enterprise app, its provisioning job, credentials, assignments and mappings. Nothing was changed. " +
                        `To keep it: pulumi config rm ${key("oidcAppOnly")} and set tenantUrl and scimToken. ${unprotect(`set ${key("oidcAppOnly")} true`)}`,
                });
            }
        }
        const consent = consentLoss(olds, news, key);
        if (consent) failures.push({ property: "adminConsent", reason: consent });
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

    /** Never refuses (see the file comment): a replaced or renamed guard must not wedge the stack. */
    async delete(): Promise<void> {}
}

/**
 * Dropping the OIDC app's admin consent grant revokes tenant-wide consent: users whose tenant blocks
 * user consent can no longer sign in until an admin consents again. Refused when it would happen only
 * because the default changed (a guard of an earlier release, which recorded no `adminConsent`, in a
 * full stack that left `grantAdminConsent` unset: that release's default, true, made the grant), and,
 * while protected, when the config turns consent off.
 */
function consentLoss(olds: StackGuardInputs | undefined, news: StackGuardInputs, key: (name: string) => string): string | undefined {
    if (!olds || Object.keys(olds).length === 0 || news.adminConsent !== false || olds.mode !== news.mode) return undefined;
    if (olds.mode !== "full" && olds.mode !== "customer") return undefined;
    const byDefaultChange = olds.adminConsent === undefined && olds.mode === "full" && news.adminConsentChosen === false;
    const byConfig = olds.adminConsent === true && news.protect === true;
    if (!byDefaultChange && !byConfig) return undefined;
    const keep = `To keep it: pulumi config set ${key("grantAdminConsent")} true.`;
    const handOver =
        "To hand consent to the customer's admin without revoking it: pulumi state unprotect and pulumi state delete the " +
        `OAuth2PermissionGrant (it stays in Entra), then pulumi config set ${key("grantAdminConsent")} false.`;
    return byDefaultChange
        ? `${key("grantAdminConsent")} is unset, which in a full stack now means false (the vendor's identity should not hold ` +
              "DelegatedPermissionGrant.ReadWrite.All), but this stack's admin consent grant was made under the earlier default, true. " +
              `pulumi up would delete the grant and revoke the consent its users sign in with. Nothing was changed. ${keep} ${handOver}`
        : `${key("grantAdminConsent")} is false, but this stack granted admin consent: pulumi up would delete the grant and revoke ` +
              `the consent its users sign in with. Nothing was changed. ${keep} ${handOver} While ${key("protect")} is true, run that ` +
              `one pulumi up with it false (pulumi config set ${key("protect")} false), then set it back to true.`;
}

function describeLoss(from: string, to: string): string {
    const entra = "the Entra apps, the provisioning job and its assignments";
    const auth0 = "the Auth0 connection with its users, SCIM and the token";
    if (from === "full") return to === "vendor" ? entra : to === "customer" ? auth0 : `${entra}; ${auth0}`;
    return from === "vendor" ? auth0 : entra;
}
