/** What each resource type of the stand-in implements; the provider (provider.ts) does the rest. */
import type { ManagementClient } from "auth0";
import type { CheckFailure } from "@pulumi/pulumi/provider";

export interface ResourceType {
    /** The Pulumi type token, e.g. `auth0:index/connection:Connection`. */
    readonly token: string;
    /** Input property names (Pulumi), the ones `read` hands back as inputs. */
    readonly inputKeys: readonly string[];
    /** Output paths the real provider marks secret (Sensitive in the Terraform schema), e.g. `options.clientSecret`. */
    readonly secretOutputs: readonly string[];
    /** Schema defaults the bridge fills in at check time for inputs the program leaves unset. */
    defaults?(inputs: any): Record<string, unknown>;
    /** Problems with the (secret-free) inputs, as the schema's validation would report them. */
    check(inputs: any): CheckFailure[];
    /** Top-level input properties whose configured value differs from the state. */
    changes(olds: any, news: any): string[];
    create(api: ManagementClient, inputs: any): Promise<{ id: string; outs: any }>;
    /** The state as the tenant has it now; `undefined` when it is gone (404). */
    read(api: ManagementClient, id: string, props: any): Promise<any | undefined>;
    update(api: ManagementClient, id: string, olds: any, news: any): Promise<any>;
    delete(api: ManagementClient, id: string, props: any): Promise<void>;
}
