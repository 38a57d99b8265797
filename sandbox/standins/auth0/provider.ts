/**
 * The stand-in `pulumi-resource-auth0`: serves the `@pulumi/auth0` resource types this program
 * registers (grep components/ for `new auth0.`; RESOURCE_TYPES below), against whatever Management API `AUTH0_DOMAIN` names,
 * with the lifecycle of the real (bridged) provider where it matters: replace-only properties
 * (forceNew.ts), secret outputs, "gone" on a read of something deleted, no diff when nothing changed.
 * It is NOT the real provider: it knows only these types and only the properties the program uses well.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ManagementClient } from "auth0";
import type * as provider from "@pulumi/pulumi/provider";
import { type ClientSettings, managementClient, settingsFromEnv } from "./client";
import { forceNewProperties } from "./forceNew";
import { containsUnknown, isSecret, secret, unwrap } from "./props";
import type { ResourceType } from "./resourceType";
import { connection } from "./connection";
import { connectionClients } from "./connectionClients";
import { connectionScimConfiguration } from "./connectionScimConfiguration";
import { selfServiceProfile } from "./selfServiceProfile";
import { organization } from "./organization";
import { organizationConnection } from "./organizationConnection";
import { organizationDiscoveryDomain } from "./organizationDiscoveryDomain";
import { role } from "./role";

export const STAND_IN_LABEL = "pulumi-resource-auth0 STAND-IN (auth0-entra-scim sandbox): not the real provider";

export const RESOURCE_TYPES: readonly ResourceType[] = [
    connection, connectionClients, connectionScimConfiguration, selfServiceProfile,
    organization, organizationConnection, organizationDiscoveryDomain, role,
];

/** The @pulumi/auth0 version the program depends on, read from its package.json. */
export function auth0PackageVersion(): string {
    const file = path.join(path.dirname(require.resolve("@pulumi/auth0/package.json")), "package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** `urn:pulumi:stack::project::parent$auth0:index/connection:Connection::name` -> the type token. */
export function typeOfUrn(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    return qualified.split("$").pop() ?? "";
}

/** Wraps the given dotted paths as secrets (when present), leaving the rest as it is. */
function markSecrets(outs: any, paths: readonly string[]): any {
    if (!outs) return outs;
    const copy = structuredClone(outs);
    for (const p of paths) {
        const parts = p.split(".");
        let holder = copy;
        for (const part of parts.slice(0, -1)) holder = holder?.[part];
        const last = parts[parts.length - 1];
        if (holder && holder[last] !== undefined && holder[last] !== null && !isSecret(holder[last])) holder[last] = secret(holder[last]);
    }
    return copy;
}

export class Auth0StandInProvider implements provider.Provider {
    readonly version: string;
    private client?: ManagementClient;

    /** `settings` for tests; the plugin reads the environment (client.ts). */
    constructor(private readonly settings: ClientSettings = settingsFromEnv()) {
        this.version = auth0PackageVersion();
    }

    private api(): ManagementClient {
        this.client ??= managementClient(this.settings);
        return this.client;
    }

    private typeOf(urn: string): ResourceType {
        const token = typeOfUrn(urn);
        const found = RESOURCE_TYPES.find((t) => t.token === token);
        if (!found) {
            throw new Error(`${STAND_IN_LABEL}: resource type ${token} is not served (only ${RESOURCE_TYPES.map((t) => t.token).join(", ")})`);
        }
        return found;
    }

    private done(type: ResourceType, outs: any) {
        return markSecrets(outs, type.secretOutputs);
    }

    async check(urn: string, _olds: any, news: any): Promise<provider.CheckResult> {
        const type = this.typeOf(urn);
        // Schema defaults, as the bridge fills them, for what the program leaves unset.
        const defaults = Object.entries(type.defaults?.(news ?? {}) ?? {}).filter(([k]) => (news ?? {})[k] === undefined);
        const inputs = defaults.length > 0 ? { ...(news ?? {}), ...Object.fromEntries(defaults) } : news;
        // Unknown values (preview) are not judged; the rest is.
        const known = Object.fromEntries(Object.entries(unwrap(inputs ?? {})).filter(([, v]) => !containsUnknown(v)));
        const failures = type.check(known).filter((f) => !containsUnknown((inputs ?? {})[f.property.split(/[.[]/)[0]]));
        return { inputs, failures };
    }

    async diff(_id: string, urn: string, olds: any, news: any): Promise<provider.DiffResult> {
        const type = this.typeOf(urn);
        const changed = type.changes(unwrap(olds ?? {}), unwrap(news ?? {}));
        const forceNew = forceNewProperties(type.token);
        const replaces = changed.filter((p) => forceNew.includes(p));
        return { changes: changed.length > 0, replaces, deleteBeforeReplace: false };
    }

    async create(urn: string, inputs: any): Promise<provider.CreateResult> {
        const type = this.typeOf(urn);
        const { id, outs } = await type.create(this.api(), unwrap(inputs));
        return { id, outs: this.done(type, outs) };
    }

    async read(id: string, urn: string, props?: any): Promise<provider.ReadResult> {
        const type = this.typeOf(urn);
        const outs = await type.read(this.api(), id, unwrap(props ?? {}));
        // Gone: an empty id tells the engine to drop the resource from the state.
        if (outs === undefined) return { id: "", props: {} };
        const secretOuts = this.done(type, outs);
        const inputs = Object.fromEntries(type.inputKeys.filter((k) => secretOuts[k] !== undefined).map((k) => [k, secretOuts[k]]));
        return { id, props: secretOuts, inputs };
    }

    async update(id: string, urn: string, olds: any, news: any): Promise<provider.UpdateResult> {
        const type = this.typeOf(urn);
        const outs = await type.update(this.api(), id, unwrap(olds ?? {}), unwrap(news ?? {}));
        return { outs: this.done(type, outs) };
    }

    async delete(id: string, urn: string, props: any): Promise<void> {
        const type = this.typeOf(urn);
        await type.delete(this.api(), id, unwrap(props ?? {}));
    }
}
