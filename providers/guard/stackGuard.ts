/**
 * `StackGuard`: while `protect` is true, refuses a connection rename, a mode change and the stack's
 * teardown, with what would be lost and how to do it deliberately. Declare it after everything else,
 * depending on all of it. Type token: `pulumi-nodejs:dynamic/guard:StackGuard`.
 */
import * as pulumi from "@pulumi/pulumi";
import { StackGuardProvider } from "./stackGuardProvider";

export interface StackGuardArgs {
    readonly protect: boolean;
    readonly mode: string;
    readonly connectionName?: pulumi.Input<{ configured: pulumi.Input<string>; deployed: pulumi.Input<string> }>;
    readonly configNamespace: string;
}

const provider = new StackGuardProvider();

export class StackGuard extends pulumi.dynamic.Resource {
    constructor(name: string, args: StackGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "guard", "StackGuard");
    }
}
