/**
 * The dynamic provider behind `ScimTokenCutover`: the end of a SCIM token rotation, whose every
 * prefix is safe to stop at.
 *
 *   1. `ScimToken` issues the new token (the old one moves to `supersededTokenIds`, unrevoked);
 *   2. azuread's `SynchronizationSecret` gives it to Entra;
 *   3. here: Entra confirms it (Graph `validateCredentials` on the saved credentials);
 *   4. here, only then: the superseded tokens are revoked in Auth0.
 *
 * A failure before 4 leaves every token id in state and the old token alive; the next `up` repeats
 * what is missing. When the token Entra held had already expired, the job (likely quarantined, which
 * backs off for up to 24 h) is restarted once the new token is in place.
 */
import type * as pulumi from "@pulumi/pulumi";
import { statusOf, vendorError } from "../auth0/auth0Errors";
import {
    auth0SecretValues,
    credentialsClientFactory,
    lookupCredentials,
    requireCredentials,
    type Auth0Credentials,
    type ScimTokensClientFactory,
} from "../auth0/managementClient";
import type { ConfigSource } from "../entra/credentials";
import { GraphAccess, type GraphClientFactory } from "../entra/graphAccess";
import { getJob, restartJob, validateSavedCredentials } from "../entra/jobApi";

export interface ScimTokenCutoverInputs {
    readonly connectionId: string;
    /** The token Entra should now hold. */
    readonly tokenId: string;
    readonly tokenValidUntil?: string;
    /** Earlier tokens to revoke once Entra has confirmed `tokenId`. */
    readonly supersededTokenIds: string[];
    /** The provisioning app's service principal object id (bare GUID) and its job. */
    readonly servicePrincipalId: string;
    readonly jobId: string;
}

export interface ScimTokenCutoverOutputs extends ScimTokenCutoverInputs {
    /** The token Entra last confirmed, and its expiry. */
    readonly confirmedTokenId: string;
    readonly confirmedValidUntil?: string;
    /** Superseded tokens revoked (only those still listed in the inputs are kept). */
    readonly revokedTokenIds: string[];
    /** Whether the last cutover restarted the job. */
    readonly restartedJob: boolean;
}

/** Job states in which a restart helps: running, or backing off in quarantine. */
const RUNNING = ["Active", "Quarantine"];

export interface ScimTokenCutoverProviderOptions {
    readonly graphClientFactory?: GraphClientFactory;
    readonly auth0ClientFactory?: ScimTokensClientFactory;
    /** For tests. */
    readonly now?: () => number;
}

export class ScimTokenCutoverProvider implements pulumi.dynamic.ResourceProvider<ScimTokenCutoverInputs, ScimTokenCutoverOutputs> {
    private readonly graph: GraphAccess;
    private auth0Factory?: ScimTokensClientFactory;
    private auth0Credentials?: Partial<Auth0Credentials>;
    private readonly now: () => number;

    constructor(options: ScimTokenCutoverProviderOptions = {}) {
        this.graph = new GraphAccess(options.graphClientFactory);
        this.auth0Factory = options.auth0ClientFactory;
        this.now = options.now ?? Date.now;
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.graph.configure(req.config as ConfigSource);
        this.auth0Credentials = lookupCredentials(req.config, process.env);
    }

    async diff(_id: string, olds: ScimTokenCutoverOutputs, news: ScimTokenCutoverInputs): Promise<pulumi.dynamic.DiffResult> {
        const revoked = new Set(olds.revokedTokenIds ?? []);
        const changes = news.tokenId !== olds.confirmedTokenId
            || news.servicePrincipalId !== olds.servicePrincipalId
            || news.jobId !== olds.jobId
            || news.connectionId !== olds.connectionId
            || !Array.isArray(news.supersededTokenIds)
            || news.supersededTokenIds.some((tokenId) => !revoked.has(tokenId));
        return { changes, replaces: [], deleteBeforeReplace: false };
    }

    async create(inputs: ScimTokenCutoverInputs): Promise<pulumi.dynamic.CreateResult<ScimTokenCutoverOutputs>> {
        return { id: `${inputs.connectionId}/cutover`, outs: await this.cutOver(inputs, undefined) };
    }

    async update(_id: string, olds: ScimTokenCutoverOutputs, news: ScimTokenCutoverInputs): Promise<pulumi.dynamic.UpdateResult<ScimTokenCutoverOutputs>> {
        return { outs: await this.cutOver(news, olds) };
    }

    /** Revoking belongs to `ScimToken`'s delete on teardown; the cutover has nothing of its own. */
    async delete(): Promise<void> {}

    private async cutOver(inputs: ScimTokenCutoverInputs, olds: ScimTokenCutoverOutputs | undefined): Promise<ScimTokenCutoverOutputs> {
        const graph = this.graph.client();
        const { servicePrincipalId, jobId, connectionId } = inputs;
        const switched = olds !== undefined && olds.confirmedTokenId !== inputs.tokenId;
        if (!olds || switched || olds.jobId !== jobId || olds.servicePrincipalId !== servicePrincipalId) {
            try {
                await validateSavedCredentials(graph, servicePrincipalId, jobId, this.graph.secrets);
            } catch (error) {
                const superseded = inputs.supersededTokenIds.length;
                throw new Error(
                    `Entra could not confirm the SCIM token ${inputs.tokenId}: ${(error as Error).message}. ` +
                        (superseded > 0 ? `The ${superseded} earlier token${superseded === 1 ? " was" : "s were"} left unrevoked, so Entra can go on with ${superseded === 1 ? "it" : "them"}; ` : "") +
                        "run `pulumi up` again once the cause is fixed.",
                );
            }
        }

        const alreadyRevoked = new Set(olds?.revokedTokenIds ?? []);
        const revoked: string[] = [];
        for (const tokenId of inputs.supersededTokenIds) {
            if (!alreadyRevoked.has(tokenId)) await this.revoke(connectionId, tokenId);
            revoked.push(tokenId);
        }

        const expired = switched && olds.confirmedValidUntil !== undefined && Date.parse(olds.confirmedValidUntil) <= this.now();
        let restartedJob = false;
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
                confirmedTokenId: inputs.tokenId,
                confirmedValidUntil: inputs.tokenValidUntil,
                revokedTokenIds: revoked,
                restartedJob,
            }).filter(([, value]) => value !== undefined),
        ) as unknown as ScimTokenCutoverOutputs;
    }

    /** DELETE one token; 404 means it is already gone. */
    private async revoke(connectionId: string, tokenId: string): Promise<void> {
        this.auth0Factory ??= credentialsClientFactory(requireCredentials(this.auth0Credentials ?? lookupCredentials(undefined, process.env)));
        try {
            await this.auth0Factory(() => undefined).delete(connectionId, tokenId);
        } catch (error) {
            if (statusOf(error) !== 404) {
                throw vendorError(`Auth0 DELETE /connections/${connectionId}/scim-configuration/tokens/${tokenId}`, error, auth0SecretValues(this.auth0Credentials));
            }
        }
    }
}
