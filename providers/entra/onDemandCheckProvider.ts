/**
 * The dynamic provider behind `ProvisionOnDemandCheck`: the seed's "Testing" step as a check that can
 * fail. It provisions each subject on demand, reads Graph's verdict (200 even when the run failed or
 * was skipped) and fails the operation with a per-principal report when any was not provisioned.
 * It runs on create and again on update, which happens only when what it tests changes.
 */
import { versionChanged, withVersion, type Versioned } from "../providerVersion";
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "./credentials";
import { GraphAccess, type GraphClientFactory } from "./graphAccess";
import { provisionOnDemand, type OnDemandSubject } from "./jobApi";
import { onDemandFailureMessage, readOnDemandAnswer } from "./onDemandReport";

export interface ProvisionOnDemandCheckInputs extends Versioned {
    /** The provisioning app's service principal object id (a bare GUID). */
    readonly servicePrincipalId: string;
    readonly jobId: string;
    /** The synchronization rule that provisions users (`ProvisioningSchema.userRuleId`). */
    readonly ruleId: string;
    readonly subjects: OnDemandSubject[];
    /**
     * What the check tests besides the subjects (token id, Tenant URL, mappings, assignments…): a
     * change here reruns it. Compared as data, never sent.
     */
    readonly covers: Record<string, unknown>;
}

export interface ProvisionOnDemandCheckOutputs extends ProvisionOnDemandCheckInputs {
    readonly results: Array<{ objectId: string; kind: string; result: string }>;
}

export class ProvisionOnDemandCheckProvider
    implements pulumi.dynamic.ResourceProvider<ProvisionOnDemandCheckInputs, ProvisionOnDemandCheckOutputs> {
    private readonly graph: GraphAccess;

    constructor(clientFactory?: GraphClientFactory) {
        this.graph = new GraphAccess(clientFactory);
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.graph.configure(req.config as ConfigSource);
    }

    /** Any change reruns the check in place: never a replacement, so previews show `~` at most. */
    async diff(_id: string, olds: ProvisionOnDemandCheckOutputs, news: ProvisionOnDemandCheckInputs): Promise<pulumi.dynamic.DiffResult> {
        return { changes: reruns(olds, news) || versionChanged(olds, news), replaces: [], deleteBeforeReplace: false };
    }

    async create(inputs: ProvisionOnDemandCheckInputs): Promise<pulumi.dynamic.CreateResult<ProvisionOnDemandCheckOutputs>> {
        return { id: `${inputs.servicePrincipalId}/${inputs.jobId}/on-demand`, outs: await this.run(inputs) };
    }

    async update(_id: string, olds: ProvisionOnDemandCheckOutputs, news: ProvisionOnDemandCheckInputs): Promise<pulumi.dynamic.UpdateResult<ProvisionOnDemandCheckOutputs>> {
        // A new provider version alone: re-serialise, provision nothing.
        if (!reruns(olds, news)) return { outs: withVersion(olds, news) };
        return { outs: await this.run(news) };
    }

    /** A check has nothing to undo, and nothing to refresh: its result is of the moment it ran. */
    async delete(): Promise<void> {}

    /** One subject after the other (Graph allows 5 runs per 10 s per job; config allows at most 5). */
    private async run(inputs: ProvisionOnDemandCheckInputs): Promise<ProvisionOnDemandCheckOutputs> {
        const client = this.graph.client();
        const results = [];
        for (const subject of inputs.subjects) {
            const answer = await provisionOnDemand(client, inputs.servicePrincipalId, inputs.jobId, inputs.ruleId, subject, this.graph.secrets);
            results.push(readOnDemandAnswer(subject, answer));
        }
        if (results.some((r) => !r.ok)) throw new Error(onDemandFailureMessage(results));
        return { ...inputs, results: results.map(({ objectId, kind, result }) => ({ objectId, kind, result })) };
    }
}

/**
 * What the check tests changed. The rule id is unknown in a preview whenever the schema is updated;
 * on the same job it is the same rule, so that alone is no rerun to show.
 */
function reruns(olds: ProvisionOnDemandCheckInputs, news: ProvisionOnDemandCheckInputs): boolean {
    const sameJob = olds.servicePrincipalId === news.servicePrincipalId && olds.jobId === news.jobId;
    const keys = (["servicePrincipalId", "jobId", "ruleId", "subjects", "covers"] as const)
        .filter((k) => !(k === "ruleId" && sameJob && news.ruleId === (pulumi.runtime.unknownValue as unknown)));
    return keys.some((k) => !isDeepStrictEqual(olds[k], news[k]));
}
