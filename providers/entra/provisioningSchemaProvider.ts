/**
 * The dynamic provider behind `ProvisioningSchema`: it keeps our attribute-mapping edits and the
 * "Provision Microsoft Entra ID Groups" toggle applied to a provisioning job's schema, touching nothing
 * else in it. Each step is one GET of the schema and at most one PUT of the whole schema back.
 *
 * Pulumi serialises this object (with its closure) into the state of every resource using it, so it
 * holds nothing secret and no client until `configure` runs in the provider process.
 */
import { versionChanged, withVersion, type Versioned } from "../providerVersion";
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { Client } from "@microsoft/microsoft-graph-client";
import { ConfigSource, readAzureSettings, secretValues } from "./credentials";
import { graphClientFactory } from "./graphAccess";
import { SEED_MAPPING_EDITS } from "./defaults";
import { MappingEdit, validateMappingEdits } from "./mappingEdits";
import { pauseJob } from "./jobApi";
import { getSchema, isNotFound, putSchema } from "./schemaApi";
import { LiveMapping, Originals, readLive, reconcile, satisfies } from "./schemaEdits";

export type GraphClientFactory = () => Client;

export interface ProvisioningSchemaProviderOptions {
    /**
     * How long a create waits for a new job's schema to appear: Entra replicates a job for a few
     * seconds after creating it, and the first GET can answer 404. Default 60 s.
     */
    readonly replicationWaitMs?: number;
    /** For tests: the wait between attempts. */
    readonly sleep?: (ms: number) => Promise<void>;
}

/** Backoff while a new job replicates: 1, 2, 4, 8, then 10 s between GETs. */
const REPLICATION_DELAYS_MS = [1_000, 2_000, 4_000, 8_000];
const REPLICATION_MAX_DELAY_MS = 10_000;

export interface ProvisioningSchemaInputs extends Versioned {
    readonly servicePrincipalId: string;
    readonly jobId: string;
    readonly provisionGroups: boolean;
    readonly mappingEdits: MappingEdit[];
}

export interface ProvisioningSchemaOutputs extends ProvisioningSchemaInputs {
    readonly userRuleId: string;
    /** The schema version as last read (a PUT answers 204 without the new one; refresh reads it). */
    readonly schemaVersion: string;
    readonly liveProvisionGroups: boolean;
    readonly liveMappings: LiveMapping[];
    readonly originals: Originals;
    /**
     * Made at create, kept after: a replacement of this resource (whose delete pauses the job) gives a
     * new one, which tells `ProvisioningStart` to start the job again.
     */
    readonly instanceId?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ProvisioningSchemaProvider
    implements pulumi.dynamic.ResourceProvider<ProvisioningSchemaInputs, ProvisioningSchemaOutputs> {
    private secrets: Array<string | undefined> = [];

    /** `clientFactory` is for tests; in a deployment `configure` builds one from the azuread settings. */
    constructor(private clientFactory?: GraphClientFactory, private readonly options: ProvisioningSchemaProviderOptions = {}) {}

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.useSettings(req.config);
    }

    async check(_olds: ProvisioningSchemaInputs, news: ProvisioningSchemaInputs): Promise<pulumi.dynamic.CheckResult<ProvisioningSchemaInputs>> {
        const inputs = { ...news, mappingEdits: news.mappingEdits ?? [...SEED_MAPPING_EDITS] };
        const failures: pulumi.dynamic.CheckFailure[] = [];
        const known = (value: unknown) => value !== pulumi.runtime.unknownValue;
        if (known(inputs.servicePrincipalId) && !GUID.test(String(inputs.servicePrincipalId ?? ""))) {
            failures.push({
                property: "servicePrincipalId",
                reason: `must be the service principal's bare object id (a GUID, e.g. ApplicationFromTemplate.servicePrincipalObjectId), got ${JSON.stringify(inputs.servicePrincipalId)}`,
            });
        }
        if (known(inputs.jobId) && (typeof inputs.jobId !== "string" || inputs.jobId.trim() === "")) {
            failures.push({ property: "jobId", reason: "must be the synchronization job id, e.g. scim.<tenant>.<guid>" });
        }
        if (known(inputs.provisionGroups) && typeof inputs.provisionGroups !== "boolean") {
            failures.push({ property: "provisionGroups", reason: "must be true or false" });
        }
        if (known(inputs.mappingEdits)) {
            failures.push(...validateMappingEdits(inputs.mappingEdits).map((reason) => ({ property: "mappingEdits", reason })));
        }
        return { inputs, failures };
    }

    async diff(_id: pulumi.ID, olds: ProvisioningSchemaOutputs, news: ProvisioningSchemaInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = (["servicePrincipalId", "jobId"] as const).filter((p) => olds[p] !== news[p]);
        const drifted = olds.liveProvisionGroups !== news.provisionGroups
            || !isDeepStrictEqual(olds.mappingEdits, news.mappingEdits)
            || news.mappingEdits.some((edit, i) => !satisfies(olds.liveMappings?.[i], edit));
        return {
            // A new provider version alone: an update that only re-serialises this code (no Graph call).
            changes: replaces.length > 0 || drifted || versionChanged(olds, news),
            replaces,
            // The order is the resource option (ProvisioningSchema's constructor): a forced replacement never asks here.
            deleteBeforeReplace: false,
        };
    }

    async create(inputs: ProvisioningSchemaInputs): Promise<pulumi.dynamic.CreateResult<ProvisioningSchemaOutputs>> {
        const outs = await this.apply(inputs, undefined);
        return { id: `${inputs.servicePrincipalId}/${inputs.jobId}`, outs: { ...outs, instanceId: randomUUID() } };
    }

    async update(id: pulumi.ID, olds: ProvisioningSchemaOutputs, news: ProvisioningSchemaInputs): Promise<pulumi.dynamic.UpdateResult<ProvisioningSchemaOutputs>> {
        const { changes } = await this.diff(id, olds, { ...news, providerVersion: olds.providerVersion });
        if (!changes) return { outs: withVersion(olds, news) };
        const outs = await this.apply(news, olds);
        return { outs: olds.instanceId ? { ...outs, instanceId: olds.instanceId } : outs };
    }

    async read(id: pulumi.ID, props?: ProvisioningSchemaOutputs): Promise<pulumi.dynamic.ReadResult<ProvisioningSchemaOutputs>> {
        const [servicePrincipalId, jobId] = props ? [props.servicePrincipalId, props.jobId] : splitId(id);
        let live;
        try {
            live = await getSchema(this.client(), servicePrincipalId, jobId, this.secrets);
        } catch (error) {
            if (isNotFound(error)) return {}; // the job is gone, and our edits with it
            throw error;
        }
        const edits = props?.mappingEdits ?? [...SEED_MAPPING_EDITS];
        const state = readLive(live, edits);
        return {
            id,
            props: {
                servicePrincipalId,
                jobId,
                provisionGroups: props?.provisionGroups ?? state.provisionGroups,
                mappingEdits: edits,
                originals: props?.originals ?? { mappings: [] },
                userRuleId: state.userRuleId,
                schemaVersion: live.version ?? "",
                liveProvisionGroups: state.provisionGroups,
                liveMappings: state.mappings,
                ...(props?.instanceId ? { instanceId: props.instanceId } : {}),
                // Kept: without it, every refresh would make the next diff see a provider upgrade.
                ...(props?.providerVersion ? { providerVersion: props.providerVersion } : {}),
            },
        };
    }

    /**
     * Puts back the template's values. The job is paused first: a running job would push the
     * template's `externalId ← mailNickname` to users Auth0 already holds (on destroy `ProvisioningStart`
     * has paused it already; on a replacement of this resource nothing else would).
     */
    async delete(_id: pulumi.ID, props: ProvisioningSchemaOutputs): Promise<void> {
        const client = this.client();
        try {
            await pauseJob(client, props.servicePrincipalId, props.jobId, this.secrets);
            const live = await getSchema(client, props.servicePrincipalId, props.jobId, this.secrets);
            const { schema, changed } = reconcile(live, undefined, { edits: props.mappingEdits, originals: props.originals });
            if (changed) await putSchema(client, props.servicePrincipalId, props.jobId, schema, this.secrets);
        } catch (error) {
            if (!isNotFound(error)) throw error;
        }
    }

    /** One GET, our edits applied on top of what is live, one PUT only if that changed anything. */
    private async apply(inputs: ProvisioningSchemaInputs, olds: ProvisioningSchemaOutputs | undefined): Promise<ProvisioningSchemaOutputs> {
        const { servicePrincipalId, jobId, provisionGroups, mappingEdits } = inputs;
        const client = this.client();
        const live = olds ? await getSchema(client, servicePrincipalId, jobId, this.secrets) : await this.getNewJobSchema(client, servicePrincipalId, jobId);
        const previous = olds && { edits: olds.mappingEdits, originals: olds.originals };
        const { schema, changed, originals } = reconcile(live, { edits: mappingEdits, provisionGroups }, previous);
        if (changed) await putSchema(client, servicePrincipalId, jobId, schema, this.secrets);
        const state = readLive(schema, mappingEdits);
        return {
            ...inputs,
            originals,
            userRuleId: state.userRuleId,
            schemaVersion: live.version ?? "",
            liveProvisionGroups: state.provisionGroups,
            liveMappings: state.mappings,
        };
    }

    /** The first GET after the job was created, retried on 404 while Entra replicates it (bounded). */
    private async getNewJobSchema(client: Client, servicePrincipalId: string, jobId: string) {
        const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
        const budget = this.options.replicationWaitMs ?? 60_000;
        let waited = 0;
        for (let attempt = 0; ; attempt++) {
            try {
                return await getSchema(client, servicePrincipalId, jobId, this.secrets);
            } catch (error) {
                const delay = REPLICATION_DELAYS_MS[attempt] ?? REPLICATION_MAX_DELAY_MS;
                if (!isNotFound(error) || waited + delay > budget) throw error;
                await sleep(delay);
                waited += delay;
            }
        }
    }

    private useSettings(config: ConfigSource | undefined): void {
        const settings = readAzureSettings(config, process.env);
        this.secrets = secretValues(settings);
        // The cloud's Graph and login hosts, as azuread picks them (environment / metadataHost).
        this.clientFactory ??= graphClientFactory(settings);
    }

    private client(): Client {
        if (!this.clientFactory) this.useSettings(undefined); // an engine that never called configure
        return this.clientFactory!();
    }
}

function splitId(id: string): [string, string] {
    const slash = id.indexOf("/");
    if (slash < 0) throw new Error(`expected an id "<servicePrincipalId>/<jobId>", got "${id}"`);
    return [id.slice(0, slash), id.slice(slash + 1)];
}
