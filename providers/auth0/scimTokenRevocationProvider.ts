/**
 * The dynamic provider behind `ScimTokenRevocation`: step 4 of a SCIM token rotation, the revocation
 * of the tokens the current one superseded, and only once Entra is known to hold the current one:
 *
 * - `confirmation: "entra"` (a full stack): the resource runs after `ScimTokenConfirmation`, which
 *   fails the `up` unless Entra's `validateCredentials` accepted its *saved* credentials. That alone
 *   proves little: the old token is still alive, so it passes even when Entra kept the old token (a
 *   Secret Token write that Graph acknowledged but did not keep), and Graph never shows a saved
 *   token back (it answers `*`). So the current token must also have been used (Auth0's
 *   `last_used_at`): only Pulumi's state and Entra hold it, and Entra's test of its saved
 *   credentials, or any cycle since, uses the token it saved;
 * - `confirmation: "usage"` (a vendor stack, which cannot see the customer's Entra): the same use of
 *   the current token, i.e. the customer's Entra has switched to it.
 *
 * Until the current token has been used, the superseded tokens stay alive and each `up` looks again
 * (one GET).
 *
 * Nothing here revokes the current token; `ScimToken`'s delete does, on teardown.
 *
 * Reaching this resource is not proof on its own: `pulumi up --target <revocation>` runs it without
 * the confirmation, whose state may still be for the token Entra held before. So with `entra`, the
 * confirmation's `confirmedFingerprint` must name the current token (`tokenFingerprint`), or nothing
 * is revoked.
 */
import { versionChanged, withVersion, type Versioned } from "../providerVersion";
import type * as pulumi from "@pulumi/pulumi";
import { statusOf, vendorError } from "./auth0Errors";
import {
    auth0SecretValues,
    credentialsClientFactory,
    lookupCredentials,
    requireCredentials,
    type Auth0Credentials,
    type ScimTokensClientFactory,
} from "./managementClient";

export type Confirmation = "entra" | "usage";

export interface ScimTokenRevocationInputs extends Versioned {
    readonly connectionId: string;
    /** The token Entra should now hold (`ScimToken.tokenId`). */
    readonly tokenId: string;
    /** `ScimToken.supersededTokenIds`: what to revoke once the current token is confirmed. */
    readonly supersededTokenIds: string[];
    readonly confirmation: Confirmation;
    /** `tokenFingerprint` of the current token (`ScimToken.token`). */
    readonly tokenFingerprint?: string;
    /** `entra`: the `confirmedFingerprint` of the `ScimTokenConfirmation` in the same state. */
    readonly confirmedFingerprint?: string;
}

export interface ScimTokenRevocationOutputs extends ScimTokenRevocationInputs {
    /** Superseded tokens revoked (only those still listed in the inputs are kept). */
    readonly revokedTokenIds: string[];
    /** Superseded tokens wait because the current token was never used (no evidence Entra holds it). */
    readonly waitingForUse: boolean;
}

const tokensPath = (connectionId: string) => `/connections/${connectionId}/scim-configuration/tokens`;

export interface ScimTokenRevocationProviderOptions {
    readonly clientFactory?: ScimTokensClientFactory;
}

export class ScimTokenRevocationProvider
    implements pulumi.dynamic.ResourceProvider<ScimTokenRevocationInputs, ScimTokenRevocationOutputs> {
    private clientFactory?: ScimTokensClientFactory;
    /** Set in the provider process only. */
    private credentials?: Partial<Auth0Credentials>;

    constructor(options: ScimTokenRevocationProviderOptions = {}) {
        this.clientFactory = options.clientFactory;
    }

    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
        this.credentials = lookupCredentials(req.config, process.env);
    }

    async diff(_id: string, olds: ScimTokenRevocationOutputs, news: ScimTokenRevocationInputs): Promise<pulumi.dynamic.DiffResult> {
        const revoked = new Set(olds.revokedTokenIds ?? []);
        const changes = (news.supersededTokenIds ?? []).some((tokenId) => !revoked.has(tokenId))
            || news.connectionId !== olds.connectionId
            || news.confirmation !== olds.confirmation
            || olds.waitingForUse === true;
        return { changes: changes || versionChanged(olds, news), replaces: [], deleteBeforeReplace: false };
    }

    async create(inputs: ScimTokenRevocationInputs): Promise<pulumi.dynamic.CreateResult<ScimTokenRevocationOutputs>> {
        return { id: `${inputs.connectionId}/revocation`, outs: await this.revokeSuperseded(inputs, []) };
    }

    async update(id: string, olds: ScimTokenRevocationOutputs, news: ScimTokenRevocationInputs): Promise<pulumi.dynamic.UpdateResult<ScimTokenRevocationOutputs>> {
        // A new provider version alone: re-serialise, call Auth0 for nothing.
        if (!(await this.diff(id, olds, { ...news, providerVersion: olds.providerVersion })).changes) return { outs: withVersion(olds, news) };
        return { outs: await this.revokeSuperseded(news, olds.revokedTokenIds ?? []) };
    }

    async delete(): Promise<void> {}

    private async revokeSuperseded(inputs: ScimTokenRevocationInputs, alreadyRevoked: string[]): Promise<ScimTokenRevocationOutputs> {
        // Tokens issued before rotation was tracked come without a list.
        const superseded = inputs.supersededTokenIds ?? [];
        const pending = superseded.filter((tokenId) => !alreadyRevoked.includes(tokenId));
        const done = superseded.filter((tokenId) => alreadyRevoked.includes(tokenId));
        if (pending.length === 0) return { ...inputs, supersededTokenIds: superseded, revokedTokenIds: done, waitingForUse: false };

        if (inputs.confirmation === "entra") refuseUnconfirmed(inputs, pending);
        const client = this.client();
        // Evidence, in either mode, that what Entra saved is the current token: its use.
        if (!(await this.currentTokenUsed(inputs))) {
            return { ...inputs, supersededTokenIds: superseded, revokedTokenIds: done, waitingForUse: true };
        }
        for (const tokenId of pending) {
            try {
                await client.delete(inputs.connectionId, tokenId);
            } catch (error) {
                if (statusOf(error) !== 404) {
                    throw vendorError(`Auth0 DELETE ${tokensPath(inputs.connectionId)}/${tokenId}`, error, this.secrets());
                }
            }
            done.push(tokenId);
        }
        return { ...inputs, supersededTokenIds: superseded, revokedTokenIds: done, waitingForUse: false };
    }

    /** Auth0 records when a token was last used: the customer's Entra has switched once it uses the new one. */
    private async currentTokenUsed(inputs: ScimTokenRevocationInputs): Promise<boolean> {
        try {
            const tokens = await this.client().get(inputs.connectionId);
            return Boolean(tokens.find((t) => t.token_id === inputs.tokenId)?.last_used_at);
        } catch (error) {
            throw vendorError(`Auth0 GET ${tokensPath(inputs.connectionId)}`, error, this.secrets());
        }
    }

    private client() {
        this.clientFactory ??= credentialsClientFactory(requireCredentials(this.credentials ?? lookupCredentials(undefined, process.env)));
        return this.clientFactory(() => undefined);
    }

    private secrets(): string[] {
        return auth0SecretValues(this.credentials);
    }
}

/**
 * With `entra`, the revocation may run only when the confirmation in the same state names the current
 * token. Both fingerprints absent: a program that does not wire them yet (the check is skipped, as
 * before); anything else that does not match refuses, naming both, and revokes nothing.
 */
export function refuseUnconfirmed(inputs: ScimTokenRevocationInputs, pending: string[]): void {
    const { tokenFingerprint, confirmedFingerprint } = inputs;
    if (pending.length === 0) return; // nothing to revoke: nothing to refuse
    if (tokenFingerprint !== undefined && tokenFingerprint === confirmedFingerprint) return;
    throw new Error(
        `Refusing to revoke superseded SCIM token ${pending.join(", ")}: Entra's confirmation in this state is for token ` +
            `${confirmedFingerprint ?? "(none)"}, not the current token ${inputs.tokenId} (${tokenFingerprint ?? "fingerprint not given"}), ` +
            "so Entra may still hold the token to be revoked. This happens after `pulumi up --target` of the revocation, or when " +
            "the confirmation failed. Run a full `pulumi up` (or target the confirmation too) so Entra confirms the current token first.",
    );
}
