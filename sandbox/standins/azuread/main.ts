/**
 * pulumi-resource-azuread STAND-IN for the auth0-entra-scim sandbox: NOT the real provider. It serves
 * exactly the @pulumi/azuread 6.9.1 resource types and the invoke our program uses, against the Graph
 * emulator (sandbox/emulators/graph.ts), with the property names of @pulumi/azuread 6.9.1 and the id
 * forms of terraform-provider-azuread v3.8.0. What it reproduces of the lifecycle: ForceNew properties
 * (forceNew.ts), secret outputs, "gone" on reading a deleted object, no change for identical inputs,
 * and SynchronizationJob's start-on-create only when `enabled` (default true). See docs/standins.md.
 *
 * Launched by sandbox/bin/pulumi-resource-azuread. @pulumi/pulumi/provider's server ignores configure,
 * so Graph is reached with the ARM_* environment variables our dynamic providers read
 * (ARM_METADATA_HOSTNAME, ARM_TENANT_ID, ARM_CLIENT_ID, ARM_CLIENT_SECRET), through
 * providers/entra/credentials + graphClient.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Client } from "@microsoft/microsoft-graph-client";
import type * as provider from "@pulumi/pulumi/provider";
import { containsUnknown, graphFromEnvironment, plain, type Props, type StandInResource } from "./common";
import { appRoleAssignment } from "./resources/appRoleAssignment";
import { application } from "./resources/application";
import { applicationFromTemplate } from "./resources/applicationFromTemplate";
import { applicationPassword } from "./resources/applicationPassword";
import { servicePrincipal, servicePrincipalOutputs } from "./resources/servicePrincipal";
import { servicePrincipalDelegatedPermissionGrant } from "./resources/servicePrincipalDelegatedPermissionGrant";
import { synchronizationJob } from "./resources/synchronizationJob";
import { synchronizationSecret } from "./resources/synchronizationSecret";

export const STAND_IN_LABEL = "pulumi-resource-azuread STAND-IN (auth0-entra-scim sandbox): not the real provider";
export const GET_SERVICE_PRINCIPAL = "azuread:index/getServicePrincipal:getServicePrincipal";

export const RESOURCES: readonly StandInResource[] = [
    application,
    applicationPassword,
    applicationFromTemplate,
    servicePrincipal,
    servicePrincipalDelegatedPermissionGrant,
    appRoleAssignment,
    synchronizationJob,
    synchronizationSecret,
];

/** The version of the @pulumi/azuread SDK we stand in for. */
export function azureadVersion(): string {
    const file = path.join(__dirname, "../../../node_modules/@pulumi/azuread/package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

// The URN's type is qualified by its parents' types (`parent$parent$type`): the last one is ours.
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

function resourceFor(urn: string): StandInResource {
    const token = typeOf(urn);
    const found = RESOURCES.find((r) => r.token === token);
    if (!found) throw new Error(`${STAND_IN_LABEL}: resource type ${token} is not served (only ${RESOURCES.map((r) => r.token).join(", ")})`);
    return found;
}

/** Deep equality on plain values, ignoring secretness and treating undefined like a missing key. */
function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(plain(a))) === JSON.stringify(canonical(plain(b)));
}
function canonical(value: any): any {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null).sort().map((k) => [k, canonical(value[k])]));
    }
    return value;
}

export class AzureadStandIn implements provider.Provider {
    readonly version = azureadVersion();

    constructor(private readonly graph: () => Client = graphFromEnvironment) {}

    async check(urn: string, _olds: Props, news: Props): Promise<provider.CheckResult> {
        const resource = resourceFor(urn);
        const inputs = { ...(resource.defaults ?? {}), ...Object.fromEntries(Object.entries(news).filter(([, v]) => v !== undefined)) };
        return { inputs, failures: resource.validate?.(inputs) ?? [] };
    }

    async diff(_id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
        const resource = resourceFor(urn);
        const withDefaults = { ...(resource.defaults ?? {}), ...news };
        // An input left unset keeps what the provider computed (Optional + Computed, as most azuread
        // properties are): only inputs that are set are compared.
        const changed = resource.inputs.filter(
            (name) => withDefaults[name] !== undefined && (containsUnknown(withDefaults[name]) || !same(olds[name], withDefaults[name])),
        );
        const replaces = changed.filter((name) => resource.forceNew.includes(name));
        // A type with no update can only replace.
        if (!resource.update && changed.length > 0) return { changes: true, replaces: changed };
        return { changes: changed.length > 0, replaces };
    }

    async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
        const resource = resourceFor(urn);
        return resource.create(this.graph(), inputs);
    }

    async read(id: string, urn: string, props: Props = {}): Promise<provider.ReadResult> {
        const resource = resourceFor(urn);
        const state = await resource.read(this.graph(), id, props);
        if (!state) return { id: "", props: {} }; // gone: the engine drops it from state
        const inputs = Object.fromEntries(resource.inputs.filter((k) => state[k] !== undefined).map((k) => [k, state[k]]));
        return { id, props: state, inputs };
    }

    async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
        const resource = resourceFor(urn);
        if (!resource.update) throw new Error(`${STAND_IN_LABEL}: ${resource.token} has no update; every change replaces it`);
        return { outs: await resource.update(this.graph(), id, olds, news) };
    }

    async delete(id: string, urn: string, props: Props): Promise<void> {
        await resourceFor(urn).delete(this.graph(), id, props);
    }

    async invoke(token: string, inputs: Props): Promise<provider.InvokeResult> {
        if (token !== GET_SERVICE_PRINCIPAL) throw new Error(`${STAND_IN_LABEL}: invoke ${token} is not served (only ${GET_SERVICE_PRINCIPAL})`);
        const graph = this.graph();
        const args = plain(inputs);
        let sp: Props | undefined;
        if (args.objectId) {
            sp = await graph.api(`/servicePrincipals/${args.objectId}`).get();
        } else {
            const [property, value] = args.clientId ? ["appId", args.clientId] : ["displayName", args.displayName];
            if (!value) throw new Error("One of `clientId`, `displayName` or `objectId` must be specified");
            const found = await graph.api("/servicePrincipals").filter(`${property} eq '${String(value).replace(/'/g, "''")}'`).get();
            if ((found.value ?? []).length !== 1) {
                throw new Error(`${found.value?.length ? "Found multiple" : "No"} service principals matching ${property} "${value}"`);
            }
            sp = found.value[0];
        }
        return { outputs: { id: sp!.id, ...servicePrincipalOutputs(sp!), ...(args.clientId ? { clientId: args.clientId } : {}) } };
    }
}

if (require.main === module) {
    process.stderr.write(`${STAND_IN_LABEL}\n`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require("@pulumi/pulumi/provider") as typeof provider;
    main(new AzureadStandIn(), process.argv.slice(2)).catch((error) => {
        process.stderr.write(`${STAND_IN_LABEL}: ${error?.stack ?? error}\n`);
        process.exit(1);
    });
}
