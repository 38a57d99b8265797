/**
 * The production clients for a health check: Graph signed in to the customer's tenant from the same
 * sources as the providers (stack config `azuread:*`, then the `ARM_*` variables, in azuread's
 * order down to the Azure CLI; see providers/entra/credentials.ts), and the shared retry policy for Auth0's SCIM endpoint.
 */
import { readAzureSettings, secretValues } from "../../providers/entra/credentials";
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
    const settings = readAzureSettings({ get: (key) => config[key]?.value }, env);
    return {
        clients: {
            // The cloud's Graph and login hosts, as the providers pick them (environment / metadataHost).
            graph: graphClientFactory(settings)(),
            fetch: retryingFetch(fetch),
            now: () => new Date(),
        },
        secrets: secretValues(settings),
    };
}
