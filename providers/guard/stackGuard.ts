/**
 * `StackGuard`: while `protect` is true, refuses a connection rename and a mode change, with what would
 * be lost and how to do it deliberately. Declare it first, and make everything else wait for it: it
 * refuses in `check`, before anything is changed. Type token: `pulumi-nodejs:dynamic/guard:StackGuard`.
 */
import * as pulumi from "@pulumi/pulumi";
import { PROVIDER_VERSION } from "../providerVersion";
import { StackGuardProvider } from "./stackGuardProvider";

export interface StackGuardArgs {
    readonly protect: boolean;
    readonly mode: string;
    /** The configured connection name (Auth0 side only). */
    readonly connectionName?: string;
    /** Whether the Entra provisioning side is declared (Entra side only). */
    readonly provisioning?: boolean;
    /** Entra side only: whether the program declares the OIDC app's admin consent grant. */
    readonly adminConsent?: boolean;
    /** Entra side only: whether `grantAdminConsent` was set, rather than the mode's default. */
    readonly adminConsentChosen?: boolean;
    readonly configNamespace: string;
}

const provider = new StackGuardProvider();

export class StackGuard extends pulumi.dynamic.Resource {
    constructor(name: string, args: StackGuardArgs, opts?: pulumi.CustomResourceOptions) {
        // Never two guards at once, never an old one left as a pending delete, and never protected by
        // Pulumi itself: a renamed guard's old instance must stay deletable.
        super(provider, name, { ...args, providerVersion: PROVIDER_VERSION }, pulumi.mergeOptions(opts, { deleteBeforeReplace: true, protect: false }), "guard", "StackGuard");
    }
}
