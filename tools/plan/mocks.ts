/**
 * The mocks `npm run plan` runs the program under. Resources are answered with ids and outputs in the
 * forms the real providers return (azuread resource ids `/servicePrincipals/{guid}` vs bare object ids,
 * Auth0 `con_…`/`tok_…`), so every `apply` in the program runs as it would for real; every value made
 * up here is remembered (`generated`) and shown as `(known after apply)` in the plan. Values are
 * derived from the resource's type and name, so two runs answer alike.
 *
 * Data-source calls (invokes) are answered only where this file knows the real answer; any other one
 * fails the plan with the call named, so a new data source cannot slip through with a made-up result.
 *
 * Deliberately independent of test/mocks.ts (tests may change theirs at will).
 */
import { createHash } from "node:crypto";

/** Microsoft Graph's application id, the same in every tenant. */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Graph's delegated permission ids: published by Microsoft, identical in every tenant. */
export const GRAPH_SCOPE_IDS: Record<string, string> = {
    openid: "37f7f235-527c-4136-accd-4a02d197296e",
    profile: "14dad69e-099b-42c9-810b-d002981feec1",
    email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
    offline_access: "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
    "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
};

/** The template of a non-gallery ("Create your own application") enterprise app. */
export const NON_GALLERY_TEMPLATE_ID = "8adf8e6e-67b2-4cf2-a259-e3dc5476c621";

export interface MockResourceArgs {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
    readonly custom?: boolean;
    readonly id?: string;
}

export interface MockCallArgs {
    readonly token: string;
    readonly inputs: Record<string, any>;
}

/** Thrown (and recorded) for a data-source call the plan cannot answer truthfully. */
export class UnmockedInvokeError extends Error {
    constructor(readonly token: string, inputs: Record<string, unknown>) {
        super(
            `The program calls the data source ${token}(${JSON.stringify(inputs)}), which \`npm run plan\` cannot answer ` +
                `offline: add it to tools/plan/mocks.ts`,
        );
        this.name = "UnmockedInvokeError";
    }
}

const hex = (seed: string) => createHash("sha256").update(seed).digest("hex");

/** A GUID-shaped value (version 4 layout) derived from `seed`. */
export function guidFrom(seed: string): string {
    const h = hex(seed);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class PlanMocks {
    /** Every value made up here: a plan shows any string containing one as `(known after apply)`. */
    readonly generated = new Set<string>();
    /** Invokes the plan could not answer (the program fails on them too, but may swallow the error). */
    readonly unmockedInvokes: UnmockedInvokeError[] = [];
    /** Object ids of service principals made from the non-gallery template: they declare its roles. */
    private readonly templatedServicePrincipals = new Set<string>();
    /** How many resources of each `type::name` were answered (the same name may recur under another parent). */
    private readonly instances = new Map<string, number>();
    private readonly made = new Map<string, string>();

    /** The value for (resource, field): the same seed always gives the same value; remembered as generated. */
    private make(seed: string, shape: (h: string, guid: string) => string): string {
        let value = this.made.get(seed);
        if (value === undefined) {
            value = shape(hex(seed), guidFrom(seed));
            this.made.set(seed, value);
            this.generated.add(value);
        }
        return value;
    }

    private guid(seed: string): string {
        return this.make(seed, (_h, g) => g);
    }

    newResource(args: MockResourceArgs): { id: string; state: Record<string, any> } {
        const key = `${args.type}::${args.name}`;
        const instance = this.instances.get(key) ?? 0;
        this.instances.set(key, instance + 1);
        const at = instance === 0 ? key : `${key}#${instance}`;
        const inputs = args.inputs;
        if (args.custom === false) return { id: "", state: {} };
        switch (args.type) {
            case "azuread:index/application:Application": {
                const objectId = this.guid(`${at}:objectId`);
                return {
                    id: `/applications/${objectId}`,
                    state: { ...inputs, objectId, clientId: this.guid(`${at}:clientId`), applicationId: this.guid(`${at}:clientId`) },
                };
            }
            case "azuread:index/servicePrincipal:ServicePrincipal": {
                const objectId = this.guid(`${at}:objectId`);
                return { id: `/servicePrincipals/${objectId}`, state: { ...inputs, objectId } };
            }
            case "azuread:index/applicationPassword:ApplicationPassword": {
                const keyId = this.guid(`${at}:keyId`);
                // Entra client secrets look like `xyz8Q~` followed by 34 characters.
                const value = this.make(`${at}:value`, (h) => `${h.slice(0, 3)}8Q~${Buffer.from(h, "hex").toString("base64url").slice(0, 34)}`);
                return { id: `${inputs.applicationId}/password/${keyId}`, state: { ...inputs, keyId, value } };
            }
            case "azuread:index/applicationFromTemplate:ApplicationFromTemplate": {
                const applicationObjectId = this.guid(`${at}:applicationObjectId`);
                const servicePrincipalObjectId = this.guid(`${at}:servicePrincipalObjectId`);
                if (inputs.templateId === NON_GALLERY_TEMPLATE_ID) this.templatedServicePrincipals.add(servicePrincipalObjectId);
                return {
                    id: `/applications/${applicationObjectId}`,
                    state: {
                        ...inputs,
                        applicationObjectId,
                        applicationId: `/applications/${applicationObjectId}`,
                        servicePrincipalObjectId,
                        servicePrincipalId: `/servicePrincipals/${servicePrincipalObjectId}`,
                    },
                };
            }
            case "azuread:index/synchronizationJob:SynchronizationJob": {
                const jobId = this.make(`${at}:jobId`, (h, g) => `${inputs.templateId ?? "scim"}.${h.slice(0, 32)}.${g}`);
                return { id: `${inputs.servicePrincipalId}/synchronization/jobs/${jobId}`, state: { ...inputs } };
            }
            case "azuread:index/synchronizationSecret:SynchronizationSecret":
                return { id: `${inputs.servicePrincipalId}/synchronization/secrets`, state: { ...inputs } };
            case "azuread:index/appRoleAssignment:AppRoleAssignment":
                return { id: `/servicePrincipals/${inputs.resourceObjectId}/appRoleAssignedTo/${this.guid(`${at}:id`)}`, state: { ...inputs } };
            case "auth0:index/connection:Connection":
                return { id: this.make(`${at}:id`, (h) => `con_${h.slice(0, 16)}`), state: { ...inputs } };
            case "auth0:index/connectionClients:ConnectionClients":
                return { id: `${inputs.connectionId}`, state: { ...inputs } };
            case "auth0:index/connectionScimConfiguration:ConnectionScimConfiguration":
                return { id: `${inputs.connectionId}`, state: { ...inputs } };
            case "pulumi-nodejs:dynamic/auth0:ScimToken": {
                const tokenId = this.make(`${at}:tokenId`, (h) => `tok_${h.slice(0, 16)}`);
                const token = this.make(`${at}:token`, (h) => Buffer.from(h + hex(h), "hex").toString("base64url"));
                const createdAt = this.make(`${at}:createdAt`, (h) => `2031-01-01T00:00:${String(parseInt(h.slice(0, 2), 16) % 60).padStart(2, "0")}.${String(parseInt(h.slice(2, 5), 16) % 1000).padStart(3, "0")}Z`);
                const state: Record<string, any> = { ...inputs, tokenId, token, createdAt };
                if (typeof inputs.lifetimeSeconds === "number") {
                    state.validUntil = this.make(`${at}:validUntil`, () => new Date(Date.parse(createdAt) + inputs.lifetimeSeconds * 1000).toISOString());
                }
                return { id: tokenId, state };
            }
            case "pulumi-nodejs:dynamic/entra:ProvisioningSchema":
                return {
                    id: `${inputs.servicePrincipalId}/${inputs.jobId}`,
                    state: {
                        ...inputs,
                        userRuleId: this.guid(`${at}:userRuleId`),
                        schemaVersion: this.make(`${at}:schemaVersion`, (_h, g) => `date:${g}`),
                    },
                };
            default:
                // A type this file does not know yet (components are being restructured): an opaque id,
                // its inputs echoed as outputs; anything else it outputs stays unknown, as in a preview.
                return { id: this.make(`${at}:id`, (h) => `${args.name}-${h.slice(0, 12)}`), state: { ...inputs } };
        }
    }

    call(args: MockCallArgs): Record<string, any> {
        const inputs = args.inputs;
        if (args.token === "azuread:index/getServicePrincipal:getServicePrincipal") {
            if (inputs.clientId === MICROSOFT_GRAPH_APP_ID) {
                return {
                    ...inputs,
                    id: this.guid("graph-sp:objectId"),
                    objectId: this.guid("graph-sp:objectId"),
                    displayName: "Microsoft Graph",
                    appRoles: [],
                    oauth2PermissionScopeIds: GRAPH_SCOPE_IDS,
                    appRoleIds: {},
                };
            }
            if (typeof inputs.objectId === "string" && inputs.objectId !== "") {
                const roles = this.templatedServicePrincipals.has(inputs.objectId)
                    ? [
                          { id: this.guid(`sp:${inputs.objectId}:msiam_access`), displayName: "msiam_access", value: "", enabled: true, allowedMemberTypes: ["User"], description: "msiam_access" },
                          { id: this.guid(`sp:${inputs.objectId}:User`), displayName: "User", value: "", enabled: true, allowedMemberTypes: ["User"], description: "User" },
                      ]
                    : [];
                return { ...inputs, id: inputs.objectId, appRoles: roles, oauth2PermissionScopeIds: {}, appRoleIds: {} };
            }
        }
        const error = new UnmockedInvokeError(args.token, inputs);
        this.unmockedInvokes.push(error);
        throw error;
    }
}
