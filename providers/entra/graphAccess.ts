/**
 * How an Entra dynamic provider gets its Graph client: built in the provider process from the azuread
 * settings (`configure`), or given by a test. Holds no client or secret until then, because Pulumi
 * serialises the provider object into state.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import { createCredential, readAzureSettings, secretValues, type ConfigSource } from "./credentials";
import { createGraphClient } from "./graphClient";

export type GraphClientFactory = () => Client;

export class GraphAccess {
    /** Values to blot out of error messages. */
    secrets: Array<string | undefined> = [];

    constructor(private factory?: GraphClientFactory) {}

    configure(config: ConfigSource | undefined): void {
        const settings = readAzureSettings(config, process.env);
        this.secrets = secretValues(settings);
        this.factory ??= () => createGraphClient({ credential: createCredential(settings) });
    }

    client(): Client {
        if (!this.factory) this.configure(undefined); // an engine that never called configure
        return this.factory!();
    }
}
