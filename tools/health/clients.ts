/**
 * The production clients for a health check: Graph signed in to the customer's tenant from the same
 * sources as the providers (stack config `azuread:*`, then the `ARM_*` variables, in azuread's
 * order down to the Azure CLI; see providers/entra/credentials.ts), and the shared retry policy for Auth0's SCIM endpoint.
 *
 * Graph is signed in to on first use only: a vendor stack never calls it, so it needs no Azure
 * credentials at all; and settings that cannot make a credential fail that first call (health reports
 * "could not check"), never the stack.
 */
import type { Client } from "@microsoft/microsoft-graph-client";
import { readAzureSettings, secretValues, type AzureSettings } from "../../providers/entra/credentials";
import { graphClientFactory } from "../../providers/entra/graphAccess";
import { retryingFetch } from "../../providers/retry";
import type { StackConfig } from "../fleet/operations";
import type { HealthClients } from "./health";

export interface ProductionClients {
    readonly clients: HealthClients;
    /** The credential's secret values (from config or the environment), for the caller's masking. */
    readonly secrets: readonly string[];
}

export function productionHealthClients(config: StackConfig, env: NodeJS.ProcessEnv = process.env): ProductionClients {
    let settings: AzureSettings | undefined;
    let settingsError: Error | undefined;
    try {
        settings = readAzureSettings({ get: (key) => config[key]?.value }, env);
    } catch (error) {
        settingsError = error as Error;
    }
    let client: Client | undefined;
    const graph: Pick<Client, "api"> = {
        api: (path) => {
            // Thrown inside the check's own try: reported as "could not check", with the reason.
            if (!settings) throw new Error(`no usable Azure credentials for this tenant: ${settingsError?.message ?? "none configured"}`);
            // The cloud's Graph and login hosts, as the providers pick them (environment / metadataHost).
            client ??= graphClientFactory(settings)();
            return client.api(path);
        },
    };
    return {
        clients: { graph, fetch: retryingFetch(fetch), now: () => new Date() },
        secrets: settings ? secretValues(settings) : [],
    };
}
