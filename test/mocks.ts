/**
 * Pulumi mocks that record every registration, answer with realistic ids in the forms the real
 * providers use (azuread resource ids `/servicePrincipals/{guid}` vs bare object ids), and fail on any
 * invoke they do not know, so a new data-source call cannot slip through untested.
 */
import * as pulumi from "@pulumi/pulumi";
import { createHash, randomUUID } from "node:crypto";

export interface Registration {
    readonly type: string;
    readonly name: string;
    /** Inputs with secrets unwrapped to their values. */
    readonly inputs: Record<string, any>;
    /** Names of the top-level inputs that arrived as Pulumi secrets. */
    readonly secretInputs: ReadonlySet<string>;
    readonly id: string;
    readonly state: Record<string, any>;
}

/** The Graph scope ids, as Microsoft Graph's service principal declares them in every tenant. */
export const GRAPH_SCOPE_IDS: Record<string, string> = {
    openid: "37f7f235-527c-4136-accd-4a02d197296e",
    profile: "14dad69e-099b-42c9-810b-d002981feec1",
    email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
    "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
};

/** The roles a non-gallery enterprise app declares (ids differ per app in real tenants). */
export const NON_GALLERY_USER_ROLE_ID = "18d14569-c3bd-439b-9a66-3a2aee01d14f";
const NON_GALLERY_APP_ROLES = [
    { id: "b9632174-c057-4f7e-951b-be3adc52bfe6", displayName: "msiam_access", value: "", enabled: true, allowedMemberTypes: ["User"], description: "msiam_access" },
    { id: NON_GALLERY_USER_ROLE_ID, displayName: "User", value: "", enabled: true, allowedMemberTypes: ["User"], description: "User" },
];

/** A GUID derived from a seed: the same resource gets the same ids in every run. */
function seededGuid(seed: string): string {
    const hex = createHash("sha256").update(seed).digest("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Microsoft Graph's service principal object id in the mocked tenant. */
export const GRAPH_SERVICE_PRINCIPAL_OBJECT_ID = "3a8c0f4e-5b6d-4e7f-9a1b-2c3d4e5f6a7b";

export class RecordingMocks implements pulumi.runtime.Mocks {
    /** Ids derived from each resource's type and name instead of random ones (to compare runs). */
    constructor(private readonly deterministic = false) {}

    readonly registrations: Registration[] = [];
    readonly invokes: pulumi.runtime.MockCallArgs[] = [];
    /** Object ids of service principals made from the non-gallery template (they get its roles). */
    private readonly templatedServicePrincipals = new Set<string>();

    /**
     * Milliseconds to hold the answer for a resource type, as a slow real API would. Registrations are
     * recorded when answered, so a test can see whether something waited for a slow dependency.
     */
    readonly delays: Record<string, number> = {};

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, any> }> {
        const inputs = revealSecrets(args.inputs);
        const secretInputs = new Set(Object.keys(args.inputs).filter((k) => isWireSecret(args.inputs[k])));
        const { id, state } = this.answer({ ...args, inputs });
        const delay = this.delays[args.type];
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        this.registrations.push({ type: args.type, name: args.name, inputs, secretInputs, id, state });
        return { id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        this.invokes.push(args);
        if (args.token === "azuread:index/getServicePrincipal:getServicePrincipal") {
            if (args.inputs.clientId === "00000003-0000-0000-c000-000000000000") {
                return { ...args.inputs, objectId: GRAPH_SERVICE_PRINCIPAL_OBJECT_ID, appRoles: [], oauth2PermissionScopeIds: GRAPH_SCOPE_IDS };
            }
            if (args.inputs.objectId) {
                const templated = this.templatedServicePrincipals.has(args.inputs.objectId);
                return { ...args.inputs, appRoles: templated ? NON_GALLERY_APP_ROLES : [], oauth2PermissionScopeIds: {} };
            }
        }
        throw new Error(`Unmocked invoke ${args.token}(${JSON.stringify(args.inputs)}): add it to test/mocks.ts`);
    }

    /** Every registration of a type, e.g. "azuread:index/appRoleAssignment:AppRoleAssignment". */
    ofType(type: string): Registration[] {
        return this.registrations.filter((r) => r.type === type);
    }

    /** The one registration of a type; fails when there are none or several. */
    single(type: string): Registration {
        const found = this.ofType(type);
        if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
        return found[0];
    }

    private answer(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const id = (salt: string) => (this.deterministic ? seededGuid(`${args.type}::${args.name}::${salt}`) : randomUUID());
        const guid = id("id");
        const inputs = args.inputs;
        switch (args.type) {
            case "azuread:index/application:Application":
                return { id: `/applications/${guid}`, state: { ...inputs, objectId: guid, clientId: id("clientId") } };
            case "azuread:index/servicePrincipal:ServicePrincipal":
                return { id: `/servicePrincipals/${guid}`, state: { ...inputs, objectId: guid } };
            case "azuread:index/applicationPassword:ApplicationPassword":
                return { id: `${inputs.applicationId}/password/${guid}`, state: { ...inputs, keyId: guid, value: `entra-client-secret-${guid}` } };
            case "azuread:index/applicationFromTemplate:ApplicationFromTemplate": {
                const spObjectId = id("servicePrincipal");
                this.templatedServicePrincipals.add(spObjectId);
                return {
                    id: `/applications/${guid}`,
                    state: {
                        ...inputs,
                        applicationObjectId: guid,
                        applicationId: `/applications/${guid}`,
                        servicePrincipalObjectId: spObjectId,
                        servicePrincipalId: `/servicePrincipals/${spObjectId}`,
                    },
                };
            }
            case "azuread:index/synchronizationJob:SynchronizationJob": {
                const jobId = `scim.${guid.replace(/-/g, "")}.${id("job")}`;
                return { id: `${inputs.servicePrincipalId}/synchronization/jobs/${jobId}`, state: inputs };
            }
            case "auth0:index/connection:Connection":
                return { id: `con_${guid.slice(0, 16)}`, state: inputs };
            case "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration":
                return { id: inputs.connectionId, state: { ...inputs, tenantName: "acme", strategy: "waad" } };
            case "pulumi-nodejs:dynamic/auth0:ScimToken": {
                const tokenId = `tok_${guid.replace(/-/g, "").slice(0, 16)}`;
                const createdAt = "2026-11-28T12:00:00.000Z";
                const validUntil = inputs.lifetimeSeconds
                    ? new Date(Date.parse(createdAt) + inputs.lifetimeSeconds * 1000).toISOString()
                    : undefined;
                return { id: tokenId, state: { ...inputs, tokenId, token: `${tokenId}.scim-token-value-${guid}`, createdAt, validUntil, supersededTokenIds: [] } };
            }
            case "pulumi-nodejs:dynamic/entra:ScimTokenConfirmation":
                return { id: `${inputs.servicePrincipalId}/${inputs.jobId}/token`, state: { ...inputs, confirmedFingerprint: inputs.tokenFingerprint, restartedJob: false } };
            case "pulumi-nodejs:dynamic/auth0:ScimTokenRevocation":
                return { id: `${inputs.connectionId}/revocation`, state: { ...inputs, revokedTokenIds: inputs.supersededTokenIds ?? [], waitingForUse: false } };
            case "pulumi-nodejs:dynamic/entra:ProvisioningSchema":
                return {
                    id: `${inputs.servicePrincipalId}/${inputs.jobId}`,
                    state: { ...inputs, userRuleId: "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8", schemaVersion: `date:${guid}`, instanceId: guid },
                };
            default:
                return { id: `${args.name}-id`, state: inputs };
        }
    }
}

// The mock monitor hands secrets to `newResource` in their wire form: { [sig]: secretSig, value }.
const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

function isWireSecret(value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as any)[SIG_KEY] === SECRET_SIG;
}

function revealSecrets(value: any): any {
    if (isWireSecret(value)) return revealSecrets(value.value);
    if (Array.isArray(value)) return value.map(revealSecrets);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealSecrets(v)]));
    }
    return value;
}

/** Installs fresh mocks. Call before constructing resources; each test gets its own recorder. */
export async function installMocks(preview = false, deterministic = false): Promise<RecordingMocks> {
    const mocks = new RecordingMocks(deterministic);
    await pulumi.runtime.setMocks(mocks, "auth0-entra-scim", "acme", preview);
    return mocks;
}

/** What the engine is asked at registration, resource options included (mocks never see options). */
export interface RegistrationRequest {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly additionalSecretOutputs: string[];
    readonly protect: boolean;
    readonly ignoreChanges: string[];
    readonly retainOnDelete: boolean;
    /** The resource option (the engine honours it on every replacement, forced ones included). */
    readonly deleteBeforeReplace: boolean;
    /** Names (the last URN segment) of every resource the engine must finish first. */
    readonly dependsOnNames: string[];
    /** The names of alias specs (`{ name }` aliases). */
    readonly aliasNames: string[];
}

/** Records every registration request from now on; call after `installMocks`. */
export function recordRegistrationRequests(): RegistrationRequest[] {
    const requests: RegistrationRequest[] = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: unknown) => {
        requests.push({
            type: req.getType(),
            name: req.getName(),
            inputs: req.getObject().toJavaScript(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            protect: req.getProtect(),
            ignoreChanges: req.getIgnorechangesList(),
            retainOnDelete: req.getRetainondelete(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            dependsOnNames: req.getDependenciesList().map((urn: string) => urn.slice(urn.lastIndexOf("::") + 2)),
            aliasNames: req.getAliasesList().map((alias: any) => alias.getSpec?.()?.getName?.()).filter(Boolean),
        });
        return register(req, callback);
    };
    return requests;
}

/**
 * Resolves when every registration and invoke started so far has finished. `waitForRPCs` is what
 * `pulumi.runtime.disconnect` waits on; it is marked internal, hence the untyped require.
 */
export async function settle(): Promise<void> {
    const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");
    await settings.waitForRPCs();
}

/** The value of an Output, and whether Pulumi marks it secret. */
export async function unwrap<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    const value = await new Promise<T>((resolve) => output.apply((v) => { resolve(v); return v; }));
    const secret = await pulumi.isSecret(output);
    return { value, secret };
}

/** Stack config as `pulumi config set` would leave it; values are strings, lists JSON. */
export function configWith(values: Record<string, unknown>, secretKeys: string[] = []): void {
    const all: Record<string, string> = {};
    const fullKey = (key: string) => (key.includes(":") ? key : `auth0-entra-scim:${key}`);
    for (const [key, value] of Object.entries(values)) {
        all[fullKey(key)] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(all, secretKeys.map(fullKey));
}
