/**
 * The dynamic provider behind `ScimTokenConfirmation`: step 3 of a SCIM token rotation. After Entra's
 * Secret Token has been written, Entra is asked to confirm it (Graph `validateCredentials` on the
 * saved credentials). Nothing may revoke the token it replaced until this has succeeded. When the token
 * Entra held before had already expired, the job (likely quarantined, which backs off for up to 24 h)
 * is restarted once the new one is confirmed.
 *
 * The sequence, and why each prefix is safe:
 *   1. `ScimToken` issues the new token (the old one stays alive, its id in `supersededTokenIds`);
 *   2. azuread's `SynchronizationSecret` gives it to Entra;
 *   3. here: Entra confirms it;
 *   4. `ScimTokenRevocation`, after 3: the superseded tokens are revoked in Auth0.
 */
import { versionChanged, withVersion, type Versioned } from "../providerVersion";
import type * as pulumi from "@pulumi/pulumi";
import type { ConfigSource } from "./credentials";
import { GraphAccess, type GraphClientFactory } from "./graphAccess";
import { getJob, restartJob, validateSavedCredentials } from "./jobApi";

export interface ScimTokenConfirmationInputs extends Versioned {
    /** The provisioning app's service principal object id (bare GUID) and its job. */
    readonly servicePrincipalId: string;
    readonly jobId: string;
    /** The fingerprint of the token Entra's Secret Token now holds (`tokenFingerprint`). */
    readonly tokenFingerprint: string;
    /** When that token expires, if known. */
    readonly tokenValidUntil?: string;
}

export interface ScimTokenConfirmationOutputs extends ScimTokenConfirmationInputs {
    /** The token Entra last confirmed, and its expiry. */
    readonly confirmedFingerprint: string;
    readonly confirmedValidUntil?: string;
    /** Whether the last confirmation restarted the job. */
    readonly restartedJob: boolean;
}

/** Job states in which a restart helps: running, or backing off in quarantine. */
const RUNNING = ["Active", "Quarantine"];

export interface ScimTokenConfirmationProviderOptions {
    readonly graphClientFactory?: GraphClientFactory;
    /** For tests. */
    readonly now?: () => number;
}

export class ScimTokenConfirmationProvider
    implements pulumi.dynamic.ResourceProvider<ScimTokenConfirmationInputs, ScimTokenConfirmationOutputs> {
    private readonly graph: GraphAccess;
    private readonly now: () => number;

    constructor(options: ScimTokenConfirmationProviderOptions = {}) {
        this.graph = new GraphAccess(options.graphClientFactory);
        this.now = options.now ?? Date.now;
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.graph.configure(req.config as ConfigSource);
    }

    async diff(_id: string, olds: ScimTokenConfirmationOutputs, news: ScimTokenConfirmationInputs): Promise<pulumi.dynamic.DiffResult> {
        const changes = news.tokenFingerprint !== olds.confirmedFingerprint
            || news.servicePrincipalId !== olds.servicePrincipalId
            || news.jobId !== olds.jobId
            || news.tokenValidUntil !== olds.tokenValidUntil;
        return { changes: changes || versionChanged(olds, news), replaces: [], deleteBeforeReplace: false };
    }

    async create(inputs: ScimTokenConfirmationInputs): Promise<pulumi.dynamic.CreateResult<ScimTokenConfirmationOutputs>> {
        return { id: `${inputs.servicePrincipalId}/${inputs.jobId}/token`, outs: await this.confirm(inputs, undefined) };
    }

    async update(id: string, olds: ScimTokenConfirmationOutputs, news: ScimTokenConfirmationInputs): Promise<pulumi.dynamic.UpdateResult<ScimTokenConfirmationOutputs>> {
        // A new provider version alone: re-serialise, ask Entra nothing.
        if (!(await this.diff(id, olds, { ...news, providerVersion: olds.providerVersion })).changes) return { outs: withVersion(olds, news) };
        return { outs: await this.confirm(news, olds) };
    }

    /** Nothing to undo: the token's revocation belongs to Auth0's side. */
    async delete(): Promise<void> {}

    private async confirm(inputs: ScimTokenConfirmationInputs, olds: ScimTokenConfirmationOutputs | undefined): Promise<ScimTokenConfirmationOutputs> {
        const graph = this.graph.client();
        const { servicePrincipalId, jobId } = inputs;
        const switched = olds !== undefined && olds.confirmedFingerprint !== inputs.tokenFingerprint;
        const sameJob = olds !== undefined && olds.jobId === jobId && olds.servicePrincipalId === servicePrincipalId;
        if (!sameJob || switched) {
            try {
                await validateSavedCredentials(graph, servicePrincipalId, jobId, this.graph.secrets);
            } catch (error) {
                throw new Error(
                    `Entra could not confirm the SCIM token it now holds: ${(error as Error).message}. ` +
                        "No earlier token was revoked, so nothing Entra may still use is gone; run `pulumi up` again once the cause is fixed.",
                );
            }
        }

        let restartedJob = false;
        const expired = switched && olds.confirmedValidUntil !== undefined && Date.parse(olds.confirmedValidUntil) <= this.now();
        if (expired) {
            const job = await getJob(graph, servicePrincipalId, jobId, this.graph.secrets);
            if (RUNNING.includes(job.status?.code ?? "")) {
                await restartJob(graph, servicePrincipalId, jobId, this.graph.secrets);
                restartedJob = true;
            }
        }
        // No undefined values: the engine's property structs cannot carry them.
        return Object.fromEntries(
            Object.entries({
                ...inputs,
                confirmedFingerprint: inputs.tokenFingerprint,
                confirmedValidUntil: inputs.tokenValidUntil,
                restartedJob,
            }).filter(([, value]) => value !== undefined),
        ) as unknown as ScimTokenConfirmationOutputs;
    }
}
