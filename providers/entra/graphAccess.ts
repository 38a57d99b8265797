/**
 * How an Entra dynamic provider gets its Graph client: built in the provider process from the azuread
 * settings (`configure`), or given by a test. Holds no client or secret until then, because Pulumi
 * serialises the provider object into state.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import {
    cloudByName,
    createCloudCredential,
    createCredential,
    readAzureSettings,
    resolveCloud,
    secretValues,
    type AzureCloud,
    type AzureSettings,
    type ConfigSource,
} from "./credentials";
import { createGraphClient } from "./graphClient";

export type GraphClientFactory = () => Client;

export class GraphAccess {
    /** Values to blot out of error messages. */
    secrets: Array<string | undefined> = [];

    constructor(private factory?: GraphClientFactory) {}

    configure(config: ConfigSource | undefined): void {
        const settings = readAzureSettings(config, process.env);
        this.secrets = secretValues(settings);
        this.factory ??= graphClientFactory(settings);
    }

    client(): Client {
        if (!this.factory) this.configure(undefined); // an engine that never called configure
        return this.factory!();
    }
}

/**
 * Graph clients for the cloud the settings name (`environment` / `metadataHost`, as azuread): Graph's
 * base URL and the login endpoint. For a built-in cloud both are known at once; a metadata host is read
 * on the first request, once for all clients of the factory (retried on the next request if it failed).
 */
export function graphClientFactory(settings: AzureSettings): GraphClientFactory {
    if (!settings.metadataHost?.trim()) {
        const cloud = resolveCloudByName(settings);
        let credential: ReturnType<typeof createCredential> | undefined; // one sign-in for all clients
        return () => createGraphClient({
            credential: (credential ??= createCredential(settings, cloud)),
            baseUrl: cloud.graphBaseUrl,
            scope: `${cloud.graphBaseUrl}/.default`,
        });
    }
    let pending: Promise<AzureCloud> | undefined;
    const cloud = () => {
        pending ??= resolveCloud(settings);
        pending.catch(() => (pending = undefined));
        return pending;
    };
    let credential: ReturnType<typeof createCloudCredential> | undefined;
    return () => createGraphClient({
        credential: (credential ??= createCloudCredential(settings, cloud)),
        resolveBaseUrl: async () => (await cloud()).graphBaseUrl,
    });
}

function resolveCloudByName(settings: AzureSettings): AzureCloud {
    return cloudByName(settings.environment?.trim() || "global");
}
