/**
 * Part 2: the API calls of the custom providers, per lifecycle step of a stack, against the test
 * emulators, next to the floor each step needs.
 *
 * The resources are those of a full stack's SCIM wiring, in the engine's dependency order
 * (components/tenant.ts, components/entra/provisioningApp.ts, components/entra/provisioningActivation.ts):
 *
 *   ScimToken → SynchronizationSecret (azuread; modelled: its Graph `secrets` PUT)
 *   → ScimTokenConfirmation → ScimTokenRevocation → ProvisioningSchema → ProvisionOnDemandCheck
 *   → ProvisioningStart
 *
 * (The secret waits for the job, which azuread creates stopped; the revocation and the schema wait for
 * the confirmation; the on-demand check for the secret, the confirmation and the schema; the start for
 * all of them.) `destroy` runs the reverse order. StackGuard makes no API calls and is left out (a real
 * `destroy` needs `protect` false first, or it refuses).
 *
 * Each step is a Pulumi command on the stack (`up` after a config change or some time passing, `refresh`,
 * `destroy`) and calls each provider's methods as the engine does: `check` (when the provider has one),
 * then `diff`, then create / update / create-new + delete-old (or delete-old + create-new when the diff
 * asks for deleteBeforeReplace); `read` on refresh (a provider without one keeps its state and calls
 * nothing); `delete` on destroy. A resource's inputs are computed from the outputs its dependencies left
 * in state, as the engine resolves them. State goes through JSON between steps, as in a Pulumi state file.
 *
 * Every step gets fresh providers, as a fresh provider process would have them. The two Auth0 providers
 * run with M2M client credentials (the production path), so Auth0's `/oauth/token` requests show as
 * they would in production (one per provider that calls the API in a step: dynamic providers do not
 * share a token cache); they are counted apart from the Management API calls. The Graph providers use
 * the test harness's static credential (in production @azure/identity fetches and caches its token from
 * Entra's login endpoint, which is not emulated). azuread's SynchronizationSecret is not run: its Graph
 * write (PUT `synchronization/secrets`, blank values on delete) is sent as it sends it; its read and the
 * GETs it polls with after a write are not (the Graph emulator has no GET on `secrets`).
 */
import { isDeepStrictEqual } from "node:util";
import type * as pulumi from "@pulumi/pulumi";
import type { Client } from "@microsoft/microsoft-graph-client";
import { entraTenantUrl } from "../components/entra/provisioningApp";
import { scimEndpointUrl, scimTokenScopes } from "../components/auth0/scimEndpoint";
import { credentialsClientFactory } from "../providers/auth0/managementClient";
import type { ScimTokenInputs, ScimTokenOutputs } from "../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../providers/auth0/scimTokenProvider";
import {
    ScimTokenRevocationProvider,
    type ScimTokenRevocationInputs,
    type ScimTokenRevocationOutputs,
} from "../providers/auth0/scimTokenRevocationProvider";
import { SEED_MAPPING_EDITS } from "../providers/entra/defaults";
import type { MappingEdit } from "../providers/entra/mappingEdits";
import {
    ProvisionOnDemandCheckProvider,
    type ProvisionOnDemandCheckInputs,
    type ProvisionOnDemandCheckOutputs,
} from "../providers/entra/onDemandCheckProvider";
import {
    ProvisioningSchemaProvider,
    type ProvisioningSchemaInputs,
    type ProvisioningSchemaOutputs,
} from "../providers/entra/provisioningSchemaProvider";
import { ProvisioningStartProvider, type ProvisioningStartInputs } from "../providers/entra/provisioningStartProvider";
import {
    ScimTokenConfirmationProvider,
    type ScimTokenConfirmationInputs,
    type ScimTokenConfirmationOutputs,
} from "../providers/entra/scimTokenConfirmationProvider";
import { tokenFingerprint } from "../providers/tokenFingerprint";
import { startAuth0Emulator, type Auth0Emulator } from "../sandbox/emulators/auth0";
import type { GraphEmulator } from "../sandbox/emulators/graph";
import type { RecordedRequest } from "../sandbox/emulators/harness";
import { attributeMapping, JOB_ID, objectMapping, SP_ID, startHarness, templateSchema, type Harness } from "../test/providers/entra/setup";

const DOMAIN = "acme.us.auth0.com";
const CLIENT_ID = "bench-m2m-client";
const CLIENT_SECRET = "bench-m2m-client-secret";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const OAUTH_TOKEN = "/oauth/token";
const TENANT_URL = entraTenantUrl(scimEndpointUrl(DOMAIN, CONNECTION));
const DAY_MS = 86_400_000;
/** Two assigned users provisioned on demand (the check POSTs once per subject). */
const SUBJECTS = [
    { objectId: "6f1c2e4a-0b7d-4c1e-9a55-2f3b8d9e0c11", kind: "User" as const },
    { objectId: "7a2d3f5b-1c8e-4d2f-8b66-3a4c9e0f1d22", kind: "User" as const },
];

/** The resources, in the engine's dependency order (destroy runs it backwards). */
export const RESOURCES = [
    "ScimToken",
    "SynchronizationSecret",
    "ScimTokenConfirmation",
    "ScimTokenRevocation",
    "ProvisioningSchema",
    "ProvisionOnDemandCheck",
    "ProvisioningStart",
] as const;
export type ResourceName = (typeof RESOURCES)[number];

/** How each is labelled in the tables. */
export const RESOURCE_LABELS: Record<ResourceName, string> = {
    ScimToken: "ScimToken",
    SynchronizationSecret: "SynchronizationSecret (azuread; its secrets PUT)",
    ScimTokenConfirmation: "ScimTokenConfirmation",
    ScimTokenRevocation: "ScimTokenRevocation",
    ProvisioningSchema: "ProvisioningSchema",
    ProvisionOnDemandCheck: "ProvisionOnDemandCheck",
    ProvisioningStart: "ProvisioningStart",
};

const AUTH0_SIDE: ReadonlySet<ResourceName> = new Set(["ScimToken", "ScimTokenRevocation"]);

/**
 * Requests by operation. Auth0: the HTTP method (every call is on the connection's SCIM tokens).
 * Graph: method and what it addresses, e.g. `GET schema`, `PUT secrets`, `POST start`, `POST provisionOnDemand`.
 */
export type Counts = Record<string, number>;

export interface StepRow {
    readonly step: string;
    readonly resource: ResourceName;
    readonly vendor: "Auth0" | "Graph";
    /** What the engine called, e.g. "check, diff, update". */
    readonly methods: string;
    readonly actual: Counts;
    readonly floor: Counts;
    /** Auth0 M2M token requests this resource's provider made in this step (not part of `actual`); undefined for Graph. */
    readonly oauthToken?: number;
    readonly aboveFloor: boolean;
    /** Set when the vendors do not hold what the step should have left (checked on the step's first row). */
    readonly effectProblem?: string;
    /** Set when nothing was measured for this resource in this step, saying why. */
    readonly notMeasured?: string;
}

/** The stack's choices a step changes; the providers' inputs follow from them as components/ builds them. */
interface StackState {
    readonly provisionGroups: boolean;
    readonly extraEdits: readonly MappingEdit[];
}

/** An edit the `scim` template does not already satisfy (it has no nickName mapping), so it needs a PUT. */
const NICKNAME: MappingEdit = {
    object: "User",
    targetAttributeName: "nickName",
    source: { expression: "[mailNickname]", name: "mailNickname", type: "Attribute" },
};

/** What the vendors and the state looked like when a step began (for floors and effect checks). */
interface Before {
    /** The ScimToken resource's id (its first token's; a rotation keeps it). */
    readonly resourceId?: string;
    /** The current token. */
    readonly tokenId?: string;
    readonly token?: string;
    readonly validUntil?: string;
    readonly liveTokenIds: string[];
}

type Floor = Counts | ((before: Before) => Counts);

/** Each step: the stack after it (for `up`), or the command. Floors per resource by operation; a resource not listed has floor 0. */
const STEPS: ReadonlyArray<{
    readonly step: string;
    readonly command: "up" | "refresh" | "destroy";
    readonly stack: StackState;
    /** For `up`: how far the clock has moved since the stack was created (a token nearing its expiry). */
    readonly laterDays?: number;
    readonly floor: Partial<Record<ResourceName, Floor>>;
    /** What the vendors must hold after the step (so a count at or below the floor cannot hide a skipped write). */
    readonly effect: (world: World, before: Before) => string | undefined;
}> = [
    {
        step: "create",
        command: "up",
        stack: { provisionGroups: false, extraEdits: [] },
        floor: {
            ScimToken: { POST: 1 },
            SynchronizationSecret: { "PUT secrets": 1 },
            ScimTokenConfirmation: { "POST validateCredentials": 1 },
            ProvisioningSchema: { "GET schema": 1, "PUT schema": 1 },
            ProvisionOnDemandCheck: { "POST provisionOnDemand": SUBJECTS.length },
            ProvisioningStart: { "POST start": 1 },
        },
        effect: (w) =>
            w.onlyToken()
            ?? w.entraHoldsCurrent()
            ?? (attributeMapping(w.live(), "User", "externalId")?.source?.expression !== "[objectId]" ? "externalId is not fed from [objectId]" : undefined)
            ?? (objectMapping(w.live(), "Group").enabled !== false ? "Group provisioning is still on" : undefined)
            ?? w.checked()
            ?? w.jobIs("Active"),
    },
    {
        step: "no-op up",
        command: "up",
        stack: { provisionGroups: false, extraEdits: [] },
        floor: {},
        effect: (w) => w.onlyToken() ?? w.entraHoldsCurrent() ?? w.jobIs("Active"),
    },
    {
        step: "mapping change (+ nickName ← mailNickname)",
        command: "up",
        stack: { provisionGroups: false, extraEdits: [NICKNAME] },
        floor: {
            ProvisioningSchema: { "GET schema": 1, "PUT schema": 1 },
            ProvisionOnDemandCheck: { "POST provisionOnDemand": SUBJECTS.length },
        },
        effect: (w) =>
            (attributeMapping(w.live(), "User", "nickName")?.source?.expression !== "[mailNickname]" ? "nickName mapping not applied" : undefined)
            ?? w.checked()
            ?? w.jobIs("Active"),
    },
    {
        step: "scope change (provisionGroups on: token rotation)",
        command: "up",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        floor: {
            ScimToken: { POST: 1 },
            SynchronizationSecret: { "PUT secrets": 1 },
            ScimTokenConfirmation: { "POST validateCredentials": 1 },
            ScimTokenRevocation: { GET: 1, DELETE: 1 },
            ProvisioningSchema: { "GET schema": 1, "PUT schema": 1 },
            ProvisionOnDemandCheck: { "POST provisionOnDemand": SUBJECTS.length },
        },
        effect: (w, before) =>
            w.rotatedFrom(before)
            ?? (!w.auth0.tokens(CONNECTION)[0].scopes.includes("post:groups") ? "the new token lacks the groups scopes" : undefined)
            ?? (objectMapping(w.live(), "Group").enabled !== true ? "Group provisioning is still off" : undefined)
            ?? w.checked()
            ?? w.jobIs("Active"),
    },
    {
        step: "rotation by expiry (352 days on: 13 days left, rotateBeforeDays 14)",
        command: "up",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        laterDays: 352,
        floor: {
            ScimToken: { POST: 1 },
            SynchronizationSecret: { "PUT secrets": 1 },
            ScimTokenConfirmation: { "POST validateCredentials": 1 },
            ScimTokenRevocation: { GET: 1, DELETE: 1 },
            ProvisionOnDemandCheck: { "POST provisionOnDemand": SUBJECTS.length },
        },
        effect: (w, before) =>
            w.rotatedFrom(before)
            ?? (!(Date.parse(w.state.token.outs!.validUntil!) > Date.parse(before.validUntil!)) ? "the new token does not outlive the old one" : undefined)
            ?? (w.state.confirmation.outs!.restartedJob ? "the job was restarted, though the old token had not expired" : undefined)
            ?? w.checked()
            ?? w.jobIs("Active"),
    },
    {
        step: "refresh",
        command: "refresh",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        floor: {
            ScimToken: { GET: 1 },
            ProvisioningSchema: { "GET schema": 1 },
            ProvisioningStart: { "GET job": 1 },
        },
        effect: (w) =>
            w.state.schema.outs?.liveProvisionGroups !== true ? "refresh did not read the live Group toggle"
            : (w.state.token.outs?.supersededTokenIds ?? []).length > 0 ? `refresh kept revoked ids ${w.state.token.outs!.supersededTokenIds} as superseded`
            : w.onlyToken(),
    },
    {
        step: "destroy",
        command: "destroy",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        floor: {
            ProvisioningStart: { "POST pause": 1 },
            ProvisioningSchema: { "POST pause": 1, "GET schema": 1, "PUT schema": 1 },
            // azuread's own delete: it writes the credentials back blank (one PUT), not a cost of this package.
            SynchronizationSecret: { "PUT secrets": 1 },
            ScimToken: (before) => ({ DELETE: before.liveTokenIds.length }),
        },
        effect: (w) => {
            if (w.tokenIds().length > 0) return `Auth0 still holds tokens ${w.tokenIds()}`;
            const paused = w.jobIs("Paused");
            if (paused) return paused;
            if (w.graph.secrets(SP_ID)?.SecretToken !== "") return "Entra's Secret Token was not blanked";
            const { version: _v, ...live } = w.live();
            const { version: _t, ...template } = templateSchema();
            return isDeepStrictEqual(JSON.parse(JSON.stringify(live)), template) ? undefined : "the job schema is not the template's again";
        },
    },
];

/** One resource's state as the engine keeps it between commands. */
interface Resource<I, O> {
    id?: string;
    inputs?: I;
    outs?: O;
}

/** What azuread's SynchronizationSecret is given (components/entra/provisioningApp.ts). */
interface SecretInputs {
    readonly servicePrincipalId: string;
    readonly credentials: Array<{ key: string; value: string }>;
}

interface EngineState {
    readonly token: Resource<ScimTokenInputs, ScimTokenOutputs>;
    readonly secret: Resource<SecretInputs, SecretInputs>;
    readonly confirmation: Resource<ScimTokenConfirmationInputs, ScimTokenConfirmationOutputs>;
    readonly revocation: Resource<ScimTokenRevocationInputs, ScimTokenRevocationOutputs>;
    readonly schema: Resource<ProvisioningSchemaInputs, ProvisioningSchemaOutputs>;
    readonly onDemand: Resource<ProvisionOnDemandCheckInputs, ProvisionOnDemandCheckOutputs>;
    readonly start: Resource<ProvisioningStartInputs, ProvisioningStartInputs>;
}

/** The emulators and the engine's state, for the effect checks. */
interface World {
    readonly auth0: Auth0Emulator;
    readonly graph: GraphEmulator;
    readonly state: EngineState;
    tokenIds(): string[];
    live(): ReturnType<typeof templateSchema>;
    /** Problems, or undefined: Auth0 holds exactly the token in state. */
    onlyToken(): string | undefined;
    /** Entra's Secret Token is the token in state, and Entra confirmed that one. */
    entraHoldsCurrent(): string | undefined;
    /** A new token replaced `before`'s everywhere: Auth0 holds only it, Entra holds and confirmed it, the old one is revoked. */
    rotatedFrom(before: Before): string | undefined;
    /** The on-demand check ran for every subject, and each was provisioned. */
    checked(): string | undefined;
    jobIs(code: string): string | undefined;
}

// ---------------------------------------------------------------- the engine's calls

const asState = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** `pulumi up` for one resource: check, diff, and whatever the diff asks for. Returns the methods called. */
async function up<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, resource: Resource<I, O>, news: I): Promise<string[]> {
    const called: string[] = [];
    let inputs = asState(news);
    if (provider.check) {
        called.push("check");
        const checked = await provider.check(resource.inputs ?? ({} as I), inputs);
        if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        inputs = asState(checked.inputs ?? inputs);
    }
    if (resource.id === undefined) {
        called.push("create");
        const { id, outs } = await provider.create(inputs);
        Object.assign(resource, { id, inputs, outs: asState(outs) });
        return called;
    }
    called.push("diff");
    const diff = await provider.diff!(resource.id, resource.outs!, inputs);
    if (!diff.changes) {
        resource.inputs = inputs;
        return called;
    }
    if (diff.replaces?.length) {
        const old = { id: resource.id, outs: resource.outs! };
        if (diff.deleteBeforeReplace) {
            called.push("delete(old)");
            await provider.delete!(old.id, old.outs);
        }
        called.push("create(new)");
        const { id, outs } = await provider.create(inputs);
        Object.assign(resource, { id, inputs, outs: asState(outs) });
        if (!diff.deleteBeforeReplace) {
            called.push("delete(old)");
            await provider.delete!(old.id, old.outs);
        }
        return called;
    }
    called.push("update");
    const { outs } = await provider.update!(resource.id, resource.outs!, inputs);
    Object.assign(resource, { inputs, outs: asState(outs) });
    return called;
}

/** `pulumi refresh` for one resource; a dynamic provider without `read` keeps its state (the engine calls nothing). */
async function refresh<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, resource: Resource<I, O>): Promise<string[]> {
    if (!provider.read) return ["(no read: state kept)"];
    const result = await provider.read(resource.id!, resource.outs);
    if (!result.id) throw new Error("refresh found the resource gone");
    resource.outs = asState(result.props as O);
    return ["read"];
}

async function destroy<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, resource: Resource<I, O>): Promise<string[]> {
    await provider.delete!(resource.id!, resource.outs!);
    Object.assign(resource, { id: undefined, outs: undefined, inputs: undefined });
    return ["delete"];
}

/**
 * azuread's SynchronizationSecret, reduced to its Graph writes: one PUT of the credentials on create and
 * on a changed value, the same keys with blank values on delete. Its consistency polls and reads (GETs
 * of `secrets`, which the emulator does not serve) are left out, and say so in the tables.
 */
class SynchronizationSecretModel implements pulumi.dynamic.ResourceProvider<SecretInputs, SecretInputs> {
    constructor(private readonly client: () => Client) {}

    async diff(_id: string, olds: SecretInputs, news: SecretInputs): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.servicePrincipalId !== news.servicePrincipalId ? ["servicePrincipalId"] : [];
        return { changes: replaces.length > 0 || !isDeepStrictEqual(olds.credentials, news.credentials), replaces, deleteBeforeReplace: false };
    }

    async create(inputs: SecretInputs): Promise<pulumi.dynamic.CreateResult<SecretInputs>> {
        await this.put(inputs.servicePrincipalId, inputs.credentials);
        return { id: inputs.servicePrincipalId, outs: inputs };
    }

    async update(_id: string, _olds: SecretInputs, news: SecretInputs): Promise<pulumi.dynamic.UpdateResult<SecretInputs>> {
        await this.put(news.servicePrincipalId, news.credentials);
        return { outs: news };
    }

    async delete(_id: string, props: SecretInputs): Promise<void> {
        await this.put(props.servicePrincipalId, props.credentials.map(({ key }) => ({ key, value: "" })));
    }

    private async put(servicePrincipalId: string, credentials: SecretInputs["credentials"]): Promise<void> {
        await this.client().api(`/servicePrincipals/${servicePrincipalId}/synchronization/secrets`).put({ value: credentials });
    }
}

// ---------------------------------------------------------------- inputs, as components/ wires them

const tokenInputs = (s: StackState): ScimTokenInputs => ({
    connectionId: CONNECTION,
    scopes: scimTokenScopes(s.provisionGroups),
    lifetimeSeconds: 365 * 86_400,
    rotateBeforeDays: 14,
});

const mappingEdits = (s: StackState): MappingEdit[] => [...SEED_MAPPING_EDITS, ...s.extraEdits];

const secretInputs = (e: EngineState): SecretInputs => ({
    servicePrincipalId: SP_ID,
    credentials: [
        { key: "BaseAddress", value: TENANT_URL },
        { key: "SecretToken", value: e.token.outs!.token },
        { key: "SyncAll", value: "false" },
    ],
});

const confirmationInputs = (e: EngineState): ScimTokenConfirmationInputs => ({
    servicePrincipalId: SP_ID,
    jobId: JOB_ID,
    tokenFingerprint: tokenFingerprint(e.token.outs!.token),
    ...(e.token.outs!.validUntil ? { tokenValidUntil: e.token.outs!.validUntil } : {}),
});

const revocationInputs = (e: EngineState): ScimTokenRevocationInputs => ({
    connectionId: CONNECTION,
    tokenId: e.token.outs!.tokenId,
    supersededTokenIds: e.token.outs!.supersededTokenIds ?? [],
    confirmation: "entra",
    // components/tenant.ts: the revocation refuses unless Entra's confirmation names the current token.
    tokenFingerprint: tokenFingerprint(e.token.outs!.token),
    confirmedFingerprint: e.confirmation.outs!.confirmedFingerprint,
});

const schemaInputs = (s: StackState): ProvisioningSchemaInputs => ({
    servicePrincipalId: SP_ID,
    jobId: JOB_ID,
    provisionGroups: s.provisionGroups,
    mappingEdits: mappingEdits(s),
});

const onDemandInputs = (s: StackState, e: EngineState): ProvisionOnDemandCheckInputs => ({
    servicePrincipalId: SP_ID,
    jobId: JOB_ID,
    ruleId: e.schema.outs!.userRuleId,
    subjects: SUBJECTS.map((subject) => ({ ...subject })),
    // components/tenant.ts: what the check exercises besides its subjects.
    covers: {
        tokenFingerprint: e.confirmation.outs!.confirmedFingerprint,
        tenantUrl: TENANT_URL,
        mappingEdits: JSON.stringify(mappingEdits(s)),
        provisionGroups: s.provisionGroups,
        assignedPrincipals: SUBJECTS.map((p) => p.objectId).sort(),
    },
});

/** `restartAfter`: the schema resource's instance (components/entra/provisioningActivation.ts), when the schema provider makes one. */
const startInputs = (e: EngineState): ProvisioningStartInputs => {
    const instanceId = (e.schema.outs as { instanceId?: string } | undefined)?.instanceId;
    return { servicePrincipalId: SP_ID, jobId: JOB_ID, ...(instanceId ? { restartAfter: instanceId } : {}) };
};

// ---------------------------------------------------------------- counting

/** The operation a request is counted as (see `Counts`). */
function operation(vendor: "Auth0" | "Graph", r: RecordedRequest): string {
    if (vendor === "Auth0") return r.method;
    const path = r.path.split("?")[0];
    const what = /\/synchronization\/secrets$/.test(path) ? "secrets"
        : /\/synchronization\/jobs\/[^/]+$/.test(path) ? "job"
        : path.slice(path.lastIndexOf("/") + 1);
    return `${r.method} ${what}`;
}

function countOf(vendor: "Auth0" | "Graph", requests: readonly RecordedRequest[]): Counts {
    const counts: Counts = {};
    for (const r of requests) {
        if (r.path.split("?")[0] === OAUTH_TOKEN) continue;
        const key = operation(vendor, r);
        counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
}

const exceeds = (actual: Counts, floor: Counts) => Object.entries(actual).some(([op, n]) => n > (floor[op] ?? 0));

/** Adds counts up (for a step's total). */
export function sumCounts(all: readonly Counts[]): Counts {
    const total: Counts = {};
    for (const counts of all) for (const [op, n] of Object.entries(counts)) total[op] = (total[op] ?? 0) + n;
    return total;
}

// ---------------------------------------------------------------- providers, fresh per step

interface Providers {
    readonly ScimToken: ScimTokenProvider;
    readonly SynchronizationSecret: SynchronizationSecretModel;
    readonly ScimTokenConfirmation: ScimTokenConfirmationProvider;
    readonly ScimTokenRevocation: ScimTokenRevocationProvider;
    readonly ProvisioningSchema: ProvisioningSchemaProvider;
    readonly ProvisionOnDemandCheck: ProvisionOnDemandCheckProvider;
    readonly ProvisioningStart: ProvisioningStartProvider;
}

/** Fetch for the Auth0 clients: `https://DOMAIN` is the emulator. */
const auth0Fetch = (auth0: Auth0Emulator): typeof fetch => (input, init) => fetch(String(input).replace(`https://${DOMAIN}`, auth0.url), init);

/** As fresh provider processes have them: Auth0 ones configured with M2M credentials, Graph ones on the harness. */
async function freshProviders(auth0: Auth0Emulator, entra: Harness): Promise<Providers> {
    const tokens = new ScimTokenProvider({ clientSettings: { fetch: auth0Fetch(auth0), timeoutSeconds: 10 } });
    const values: Record<string, string> = { "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET };
    await tokens.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
    // The revocation provider takes no client settings: the same credentials-based client it would build,
    // pointed at the emulator (its own token cache, as in its own provider object).
    const revocation = new ScimTokenRevocationProvider({
        clientFactory: credentialsClientFactory(
            { domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
            { fetch: auth0Fetch(auth0), timeoutSeconds: 10 },
        ),
    });
    return {
        ScimToken: tokens,
        SynchronizationSecret: new SynchronizationSecretModel(entra.clientFactory),
        ScimTokenConfirmation: new ScimTokenConfirmationProvider({ graphClientFactory: entra.clientFactory }),
        ScimTokenRevocation: revocation,
        ProvisioningSchema: new ProvisioningSchemaProvider(entra.clientFactory),
        ProvisionOnDemandCheck: new ProvisionOnDemandCheckProvider(entra.clientFactory),
        ProvisioningStart: new ProvisioningStartProvider(entra.clientFactory),
    };
}

/** Runs `fn` with `Date.now` moved `days` ahead (the providers read the clock through it). */
async function later<T>(days: number, fn: () => Promise<T>): Promise<T> {
    if (days === 0) return fn();
    const realNow = Date.now;
    Date.now = () => realNow() + days * DAY_MS;
    try {
        return await fn();
    } finally {
        Date.now = realNow;
    }
}

// ---------------------------------------------------------------- the lifecycle

export async function runProviderBench(): Promise<StepRow[]> {
    const auth0 = await startAuth0Emulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, connections: [CONNECTION] });
    // The job exists (NotRun, created stopped) with the template schema. Testing the saved credentials
    // uses the token Entra holds, as real Entra does: that use is the revocation's evidence.
    const entra = await startHarness({
        testSavedCredentials: (saved) => {
            const held = auth0.tokens(CONNECTION).find((t) => t.token === saved.SecretToken);
            if (held) held.last_used_at = new Date().toISOString();
            return true;
        },
    });
    const state: EngineState = { token: {}, secret: {}, confirmation: {}, revocation: {}, schema: {}, onDemand: {}, start: {} };
    const entraHolds = () => entra.graph.secrets(SP_ID)?.SecretToken;
    const tokenIds = () => auth0.tokens(CONNECTION).map((t) => t.token_id);
    const world: World = {
        auth0,
        graph: entra.graph,
        state,
        tokenIds,
        live: () => entra.graph.schema(SP_ID, JOB_ID)!,
        // An in-place rotation keeps the resource's id (the first token's); the current token is `tokenId`.
        onlyToken: () =>
            tokenIds().join() !== state.token.outs?.tokenId ? `Auth0 holds tokens [${tokenIds()}], state ${state.token.outs?.tokenId}` : undefined,
        entraHoldsCurrent: () =>
            entraHolds() !== state.token.outs?.token ? "Entra's Secret Token is not the token in state"
            : state.confirmation.outs?.confirmedFingerprint !== tokenFingerprint(state.token.outs!.token) ? "Entra has not confirmed the current token"
            : undefined,
        rotatedFrom: (before) =>
            state.token.outs?.tokenId === before.tokenId ? "no new token was issued"
            : state.token.id !== before.resourceId ? "the token was replaced, not rotated in place"
            : world.onlyToken() ?? world.entraHoldsCurrent()
            ?? (!state.revocation.outs?.revokedTokenIds.includes(before.tokenId!) ? `the old token ${before.tokenId} is not recorded as revoked` : undefined),
        checked: () => {
            const results = state.onDemand.outs?.results ?? [];
            return results.length === SUBJECTS.length && results.every((r) => r.result === "Success")
                ? undefined
                : `the on-demand check did not provision every subject: ${JSON.stringify(results)}`;
        },
        jobIs: (code) => {
            const actual = entra.graph.job(SP_ID, JOB_ID)?.status?.code;
            return actual === code ? undefined : `the job is ${actual}, not ${code}`;
        },
    };
    /** Entra's validateCredentials answers as the real one would: the token it holds must be alive in Auth0. */
    const entraChecksAgainstAuth0 = () =>
        entra.graph.setCredentialsValid(SP_ID, JOB_ID, auth0.tokens(CONNECTION).some((t) => t.token === entraHolds()));

    const rows: StepRow[] = [];
    try {
        for (const { step, command, stack, laterDays, floor, effect } of STEPS) {
            const p = await freshProviders(auth0, entra);
            auth0.reset();
            entra.graph.reset();
            const before: Before = {
                resourceId: state.token.id,
                tokenId: state.token.outs?.tokenId,
                token: state.token.outs?.token,
                validUntil: state.token.outs?.validUntil,
                liveTokenIds: tokenIds(),
            };

            const stepRows: StepRow[] = [];
            /** Runs one resource's part of the step and records what it sent. */
            const measure = async (resource: ResourceName, run: () => Promise<string[]>, notMeasured?: string) => {
                const vendor = AUTH0_SIDE.has(resource) ? "Auth0" : "Graph";
                const emulator = vendor === "Auth0" ? auth0 : entra.graph;
                const from = emulator.requests.length;
                const methods = await run();
                const sent = emulator.requests.slice(from);
                const actual = countOf(vendor, sent);
                const f = floor[resource] ?? {};
                const floorCounts = typeof f === "function" ? f(before) : f;
                stepRows.push({
                    step, resource, vendor, methods: methods.join(", "), actual, floor: floorCounts,
                    oauthToken: vendor === "Auth0" ? sent.filter((r) => r.path.split("?")[0] === OAUTH_TOKEN).length : undefined,
                    aboveFloor: exceeds(actual, floorCounts),
                    ...(notMeasured ? { notMeasured } : {}),
                });
            };

            if (command === "up") {
                await later(laterDays ?? 0, async () => {
                    await measure("ScimToken", () => up(p.ScimToken, state.token, tokenInputs(stack)));
                    await measure("SynchronizationSecret", () => up(p.SynchronizationSecret, state.secret, secretInputs(state)));
                    entraChecksAgainstAuth0();
                    await measure("ScimTokenConfirmation", () => up(p.ScimTokenConfirmation, state.confirmation, confirmationInputs(state)));
                    await measure("ScimTokenRevocation", () => up(p.ScimTokenRevocation, state.revocation, revocationInputs(state)));
                    await measure("ProvisioningSchema", () => up(p.ProvisioningSchema, state.schema, schemaInputs(stack)));
                    await measure("ProvisionOnDemandCheck", () => up(p.ProvisionOnDemandCheck, state.onDemand, onDemandInputs(stack, state)));
                    await measure("ProvisioningStart", () => up(p.ProvisioningStart, state.start, startInputs(state)));
                });
            } else if (command === "refresh") {
                await measure("ScimToken", () => refresh(p.ScimToken, state.token));
                await measure(
                    "SynchronizationSecret",
                    async () => ["read (azuread: not run)"],
                    "azuread's read lists the secrets (1 GET); the Graph emulator serves no GET on secrets",
                );
                await measure("ScimTokenConfirmation", () => refresh(p.ScimTokenConfirmation, state.confirmation));
                await measure("ScimTokenRevocation", () => refresh(p.ScimTokenRevocation, state.revocation));
                await measure("ProvisioningSchema", () => refresh(p.ProvisioningSchema, state.schema));
                await measure("ProvisionOnDemandCheck", () => refresh(p.ProvisionOnDemandCheck, state.onDemand));
                await measure("ProvisioningStart", () => refresh(p.ProvisioningStart, state.start));
            } else {
                await measure("ProvisioningStart", () => destroy(p.ProvisioningStart, state.start));
                await measure("ProvisionOnDemandCheck", () => destroy(p.ProvisionOnDemandCheck, state.onDemand));
                await measure("ProvisioningSchema", () => destroy(p.ProvisioningSchema, state.schema));
                await measure("ScimTokenRevocation", () => destroy(p.ScimTokenRevocation, state.revocation));
                await measure("ScimTokenConfirmation", () => destroy(p.ScimTokenConfirmation, state.confirmation));
                await measure("SynchronizationSecret", () => destroy(p.SynchronizationSecret, state.secret));
                await measure("ScimToken", () => destroy(p.ScimToken, state.token));
            }

            // Rows in dependency order whatever order the command ran them in; the effect on the first.
            stepRows.sort((a, b) => RESOURCES.indexOf(a.resource) - RESOURCES.indexOf(b.resource));
            const problem = effect(world, before);
            rows.push(...stepRows.map((row, i) => (i === 0 && problem ? { ...row, effectProblem: problem } : row)));
        }
    } finally {
        await auth0.close();
        await entra.graph.close();
    }
    return rows;
}

export function formatCounts(counts: Counts): string {
    const order = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    const rank = (op: string) => order.indexOf(op.split(" ")[0]);
    const ops = Object.keys(counts).filter((op) => counts[op] > 0).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return ops.length === 0 ? "0" : ops.map((op) => `${counts[op]} ${op}`).join(" + ");
}
