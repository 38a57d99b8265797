/**
 * Part 2: the API calls the two custom providers make, per lifecycle step of a stack, against the test
 * emulators, next to the floor each step needs.
 *
 * Each step is a Pulumi command on the stack (`up` after a config change, `refresh`, `destroy`) and
 * calls the providers' methods in the order the engine does: check, then diff, then create / update /
 * create-new + delete-old (or delete-old + create-new when the diff asks for deleteBeforeReplace);
 * read on refresh; delete on destroy. State goes through JSON between steps, as in a Pulumi state
 * file. Every step gets a fresh ScimTokenProvider configured with M2M client credentials, as a fresh
 * provider process would be, so Auth0's `/oauth/token` requests show as they would in production;
 * they are counted apart from the Management API calls. The Graph provider uses the test harness's
 * static credential (in production @azure/identity fetches and caches its token from Entra's login
 * endpoint, which is not emulated).
 */
import type * as pulumi from "@pulumi/pulumi";
import { scimTokenScopes } from "../components/auth0/scimEndpoint";
import type { ScimTokenInputs, ScimTokenOutputs } from "../providers/auth0/scimTokenRules";
import { ScimTokenProvider } from "../providers/auth0/scimTokenProvider";
import { SEED_MAPPING_EDITS } from "../providers/entra/defaults";
import type { MappingEdit } from "../providers/entra/mappingEdits";
import type { ProvisioningSchemaInputs, ProvisioningSchemaOutputs } from "../providers/entra/provisioningSchemaProvider";
import { startAuth0Emulator, type Auth0Emulator } from "../test/emulators/auth0";
import type { Emulator } from "../test/emulators/harness";
import { attributeMapping, JOB_ID, objectMapping, SP_ID, startHarness, templateSchema } from "../test/providers/entra/setup";
import type { GraphEmulator } from "../test/emulators/graph";
import { isDeepStrictEqual } from "node:util";

const DOMAIN = "acme.us.auth0.com";
const CLIENT_ID = "bench-m2m-client";
const CLIENT_SECRET = "bench-m2m-client-secret";
const CONNECTION = "con_Hvg6w4PSvAVOoCJ2";
const OAUTH_TOKEN = "/oauth/token";

/** Requests by HTTP method. */
export type Counts = Record<string, number>;

export interface StepRow {
    readonly step: string;
    readonly resource: "ScimToken" | "ProvisioningSchema";
    /** What the engine called, e.g. "check, diff, create, delete(old)". */
    readonly methods: string;
    readonly actual: Counts;
    readonly floor: Counts;
    /** Auth0 M2M token requests in this step (not part of `actual`). */
    readonly oauthToken: number;
    readonly aboveFloor: boolean;
    /** Set when the vendors do not hold what the step should have left (checked on the step's first row). */
    readonly effectProblem?: string;
}

/** The stack's choices a step changes; the providers' inputs follow from them as components/ builds them. */
interface StackState {
    readonly provisionGroups: boolean;
    readonly extraEdits: readonly MappingEdit[];
}

const tokenInputs = (s: StackState): ScimTokenInputs => ({
    connectionId: CONNECTION,
    scopes: scimTokenScopes(s.provisionGroups),
    lifetimeSeconds: 365 * 86_400,
    rotateBeforeDays: 14,
});

const schemaInputs = (s: StackState): ProvisioningSchemaInputs => ({
    servicePrincipalId: SP_ID,
    jobId: JOB_ID,
    provisionGroups: s.provisionGroups,
    mappingEdits: [...SEED_MAPPING_EDITS, ...s.extraEdits],
});

/** An edit the `scim` template does not already satisfy (it has no nickName mapping), so it needs a PUT. */
const NICKNAME: MappingEdit = {
    object: "User",
    targetAttributeName: "nickName",
    source: { expression: "[mailNickname]", name: "mailNickname", type: "Attribute" },
};

/** Each step: the stack after it (for `up`), or the command. Floors per resource, by method. */
const STEPS: ReadonlyArray<{
    readonly step: string;
    readonly command: "up" | "refresh" | "destroy";
    readonly stack: StackState;
    readonly floor: { readonly ScimToken: Counts; readonly ProvisioningSchema: Counts };
    /** What the vendors must hold after the step (so a count below the floor cannot hide a skipped write). */
    readonly effect: (world: World) => string | undefined;
}> = [
    {
        step: "create",
        command: "up",
        stack: { provisionGroups: false, extraEdits: [] },
        floor: { ScimToken: { POST: 1 }, ProvisioningSchema: { GET: 1, PUT: 1 } },
        effect: (w) =>
            w.tokenIds().join() !== w.token.id ? `Auth0 holds tokens ${w.tokenIds()}, state ${w.token.id}`
            : attributeMapping(w.live(), "User", "externalId")?.source?.expression !== "[objectId]" ? "externalId is not fed from [objectId]"
            : objectMapping(w.live(), "Group").enabled !== false ? "Group provisioning is still on"
            : undefined,
    },
    {
        step: "no-op up",
        command: "up",
        stack: { provisionGroups: false, extraEdits: [] },
        floor: { ScimToken: {}, ProvisioningSchema: {} },
        effect: (w) => (w.tokenIds().join() !== w.token.id ? `Auth0 holds tokens ${w.tokenIds()}, state ${w.token.id}` : undefined),
    },
    {
        step: "mapping change (+ nickName ← mailNickname)",
        command: "up",
        stack: { provisionGroups: false, extraEdits: [NICKNAME] },
        floor: { ScimToken: {}, ProvisioningSchema: { GET: 1, PUT: 1 } },
        effect: (w) => (attributeMapping(w.live(), "User", "nickName")?.source?.expression !== "[mailNickname]" ? "nickName mapping not applied" : undefined),
    },
    {
        step: "scope change (provisionGroups on: token rotation)",
        command: "up",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        floor: { ScimToken: { POST: 1, DELETE: 1 }, ProvisioningSchema: { GET: 1, PUT: 1 } },
        effect: (w) =>
            w.tokenIds().join() !== w.token.id ? `Auth0 holds tokens ${w.tokenIds()}, state ${w.token.id}`
            : !w.auth0.tokens(CONNECTION)[0].scopes.includes("post:groups") ? "the new token lacks the groups scopes"
            : objectMapping(w.live(), "Group").enabled !== true ? "Group provisioning is still off"
            : undefined,
    },
    {
        step: "refresh",
        command: "refresh",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        floor: { ScimToken: { GET: 1 }, ProvisioningSchema: { GET: 1 } },
        effect: (w) => (w.schema.outs?.liveProvisionGroups !== true ? "refresh did not read the live Group toggle" : undefined),
    },
    {
        step: "delete (destroy)",
        command: "destroy",
        stack: { provisionGroups: true, extraEdits: [NICKNAME] },
        floor: { ScimToken: { DELETE: 1 }, ProvisioningSchema: { GET: 1, PUT: 1 } },
        effect: (w) => {
            if (w.tokenIds().length > 0) return `Auth0 still holds tokens ${w.tokenIds()}`;
            const { version: _v, ...live } = w.live();
            const { version: _t, ...template } = templateSchema();
            return isDeepStrictEqual(JSON.parse(JSON.stringify(live)), template) ? undefined : "the job schema is not the template's again";
        },
    },
];

/** The emulators and the engine's state, for the effect checks. */
interface World {
    readonly auth0: Auth0Emulator;
    readonly graph: GraphEmulator;
    readonly token: Resource<ScimTokenInputs, ScimTokenOutputs>;
    readonly schema: Resource<ProvisioningSchemaInputs, ProvisioningSchemaOutputs>;
    tokenIds(): string[];
    live(): ReturnType<typeof templateSchema>;
}

/** One resource's state as the engine keeps it between commands. */
interface Resource<I, O> {
    id?: string;
    inputs?: I;
    outs?: O;
}

const asState = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** `pulumi up` for one resource: check, diff, and whatever the diff asks for. Returns the methods called. */
async function up<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, resource: Resource<I, O>, news: I): Promise<string[]> {
    const called = ["check"];
    const checked = await provider.check!(resource.inputs ?? ({} as I), news);
    if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
    const inputs = asState(checked.inputs ?? news);
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

async function refresh<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, resource: Resource<I, O>): Promise<string[]> {
    const result = await provider.read!(resource.id!, resource.outs);
    if (!result.id) throw new Error("refresh found the resource gone");
    resource.outs = asState(result.props as O);
    return ["read"];
}

async function destroy<I, O>(provider: pulumi.dynamic.ResourceProvider<I, O>, resource: Resource<I, O>): Promise<string[]> {
    await provider.delete!(resource.id!, resource.outs!);
    Object.assign(resource, { id: undefined, outs: undefined, inputs: undefined });
    return ["delete"];
}

function byMethod(emulator: Emulator, skipPath?: string): Counts {
    const counts: Counts = {};
    for (const r of emulator.requests) {
        if (skipPath && r.path.split("?")[0] === skipPath) continue;
        counts[r.method] = (counts[r.method] ?? 0) + 1;
    }
    return counts;
}

const exceeds = (actual: Counts, floor: Counts) => Object.entries(actual).some(([method, n]) => n > (floor[method] ?? 0));

/** A ScimTokenProvider as a fresh provider process has it: configured, M2M credentials, emulator behind https://DOMAIN. */
async function freshTokenProvider(auth0: Auth0Emulator): Promise<ScimTokenProvider> {
    const provider = new ScimTokenProvider({
        clientSettings: {
            fetch: (input, init) => fetch(String(input).replace(`https://${DOMAIN}`, auth0.url), init),
            timeoutSeconds: 10,
        },
    });
    const values: Record<string, string> = { "auth0:domain": DOMAIN, "auth0:clientId": CLIENT_ID, "auth0:clientSecret": CLIENT_SECRET };
    await provider.configure({ config: { get: (k: string) => values[k], require: (k: string) => values[k] } });
    return provider;
}

export async function runProviderBench(): Promise<StepRow[]> {
    const auth0 = await startAuth0Emulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, connections: [CONNECTION] });
    const entra = await startHarness();
    const token: Resource<ScimTokenInputs, ScimTokenOutputs> = {};
    const schema: Resource<ProvisioningSchemaInputs, ProvisioningSchemaOutputs> = {};
    const rows: StepRow[] = [];
    const world: World = {
        auth0, graph: entra.graph, token, schema,
        tokenIds: () => auth0.tokens(CONNECTION).map((t) => t.token_id),
        live: () => entra.graph.schema(SP_ID, JOB_ID)!,
    };
    try {
        for (const { step, command, stack, floor, effect } of STEPS) {
            const tokenProvider = await freshTokenProvider(auth0);
            auth0.reset();
            entra.graph.reset();

            const tokenMethods =
                command === "up" ? await up(tokenProvider, token, tokenInputs(stack))
                : command === "refresh" ? await refresh(tokenProvider, token)
                : await destroy(tokenProvider, token);
            const schemaMethods =
                command === "up" ? await up(entra.provider, schema, schemaInputs(stack))
                : command === "refresh" ? await refresh(entra.provider, schema)
                : await destroy(entra.provider, schema);

            const tokenCounts = byMethod(auth0, OAUTH_TOKEN);
            const oauthToken = auth0.requests.filter((r) => r.path.split("?")[0] === OAUTH_TOKEN).length;
            const schemaCounts = byMethod(entra.graph);
            rows.push(
                {
                    step, resource: "ScimToken", methods: tokenMethods.join(", "), actual: tokenCounts, floor: floor.ScimToken,
                    oauthToken, aboveFloor: exceeds(tokenCounts, floor.ScimToken), effectProblem: effect(world),
                },
                {
                    step, resource: "ProvisioningSchema", methods: schemaMethods.join(", "), actual: schemaCounts,
                    floor: floor.ProvisioningSchema, oauthToken: 0, aboveFloor: exceeds(schemaCounts, floor.ProvisioningSchema),
                },
            );
        }
    } finally {
        await auth0.close();
        await entra.graph.close();
    }
    return rows;
}

export function formatCounts(counts: Counts): string {
    const order = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    const methods = Object.keys(counts).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    return methods.length === 0 ? "0" : methods.map((m) => `${counts[m]} ${m}`).join(" + ");
}
