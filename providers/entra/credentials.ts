/**
 * Which Azure identity the Entra providers act as. Same sources as @pulumi/azuread: the stack config
 * `azuread:tenantId|clientId|clientSecret`, else the `ARM_*` environment variables. Never resource
 * inputs, so never in state.
 */
import { ClientSecretCredential, DefaultAzureCredential, TokenCredential } from "@azure/identity";

export interface AzureSettings {
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly clientSecret?: string;
}

/** The part of Pulumi's dynamic-provider config we read. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

export function readAzureSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv): AzureSettings {
    const pick = (key: string, envName: string) => nonEmpty(config?.get(`azuread:${key}`)) ?? nonEmpty(env[envName]);
    return {
        tenantId: pick("tenantId", "ARM_TENANT_ID"),
        clientId: pick("clientId", "ARM_CLIENT_ID"),
        clientSecret: pick("clientSecret", "ARM_CLIENT_SECRET"),
    };
}

/** A client id with its secret means a service principal; anything less, the default chain (CLI, managed identity…). */
export function createCredential(settings: AzureSettings): TokenCredential {
    const { tenantId, clientId, clientSecret } = settings;
    if (clientId && clientSecret) {
        if (!tenantId) {
            throw new Error("azuread:clientId and azuread:clientSecret are set but no tenant: set azuread:tenantId or ARM_TENANT_ID");
        }
        return new ClientSecretCredential(tenantId, clientId, clientSecret);
    }
    return new DefaultAzureCredential(tenantId ? { tenantId } : undefined);
}

function nonEmpty(value: string | undefined): string | undefined {
    return value === undefined || value.trim() === "" ? undefined : value;
}
