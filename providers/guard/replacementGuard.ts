/**
 * `ReplacementGuard`: refuses, while protection is on, a config change that a vendor could only carry
 * out by replacing a protected resource, with an error saying what would be lost and how to do it
 * deliberately. Type token: `pulumi-nodejs:dynamic/guard:ReplacementGuard`.
 */
import * as pulumi from "@pulumi/pulumi";
import { ReplacementGuardProvider, type GuardedSetting } from "./replacementGuardProvider";

export interface ReplacementGuardArgs {
    readonly settings: Record<string, GuardedSetting>;
    /** True lifts the guard (the stack's `protect` set to false). */
    readonly allowReplacement: boolean;
}

const provider = new ReplacementGuardProvider();

export class ReplacementGuard extends pulumi.dynamic.Resource {
    constructor(name: string, args: ReplacementGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "guard", "ReplacementGuard");
    }
}
