/**
 * Shared test wiring: the Graph emulator loaded with the reconstructed `scim` job schema, and a
 * provider whose Graph client (the real SDK) points at it with a static fake credential and a fake
 * clock, so retry waits are recorded instead of slept.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { TokenCredential } from "@azure/identity";
import type { SynchronizationSchema } from "@microsoft/microsoft-graph-types";
import { createGraphClient } from "../../../providers/entra/graphClient";
import { ProvisioningSchemaProvider } from "../../../providers/entra/provisioningSchemaProvider";
import type { RetryEvent } from "../../../providers/retry";
import { GraphEmulator, startGraphEmulator, type GraphEmulatorOptions } from "../../../sandbox/emulators/graph";

export const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.fake-graph-token.sig";
export const SP_ID = "5f1b7a0e-3c2d-4e8f-9a6b-1c2d3e4f5a6b";
export const JOB_ID = "scim.7c6e1d3f0a2b4c5d8e9f00112233aabb.5f1b7a0e-3c2d-4e8f-9a6b-1c2d3e4f5a6b";
export const USER_RULE_ID = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
export const EMAIL = 'emails[type eq "work"].value';

export function templateSchema(): SynchronizationSchema {
    const file = path.join(__dirname, "../../fixtures/graph/scim-job-schema.json");
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

const fakeCredential: TokenCredential = {
    getToken: async () => ({ token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 }),
};

export interface Harness {
    readonly graph: GraphEmulator;
    readonly provider: ProvisioningSchemaProvider;
    /** Graph clients on the emulator, for other providers under test. */
    readonly clientFactory: () => ReturnType<typeof createGraphClient>;
    /** Retry waits asked for, in ms (never actually slept). */
    readonly sleeps: number[];
    readonly retries: RetryEvent[];
    /** Requests by method since the last `graph.reset()`. */
    count(method: string): number;
}

/** `graph`: options for the Graph emulator (e.g. `testSavedCredentials`, what Entra's credential test reaches). */
export async function startHarness(graphOptions: Omit<GraphEmulatorOptions, "token"> = {}): Promise<Harness> {
    const graph = await startGraphEmulator({ ...graphOptions, token: TOKEN });
    graph.setSchema(SP_ID, JOB_ID, templateSchema());
    const sleeps: number[] = [];
    const retries: RetryEvent[] = [];
    let clock = 1_700_000_000_000;
    const clientFactory = () =>
        createGraphClient({
            baseUrl: graph.url,
            credential: fakeCredential,
            retry: {
                maxAttempts: 4,
                baseDelayMs: 10,
                maxDelayMs: 5_000,
                totalTimeoutMs: 20_000,
                random: () => 1,
                now: () => clock,
                sleep: async (ms) => {
                    sleeps.push(ms);
                    clock += ms;
                },
                onRetry: (event) => retries.push(event),
            },
        });
    const provider = new ProvisioningSchemaProvider(clientFactory);
    return {
        graph,
        provider,
        clientFactory,
        sleeps,
        retries,
        count: (method) => graph.requests.filter((r) => r.method === method).length,
    };
}

/** The User or Group object mapping of the (single) rule, by sourceObjectName. */
export function objectMapping(schema: SynchronizationSchema, object: "User" | "Group") {
    return schema.synchronizationRules![0].objectMappings!.find((m) => m.sourceObjectName === object)!;
}

export function attributeMapping(schema: SynchronizationSchema, object: "User" | "Group", target: string) {
    return objectMapping(schema, object).attributeMappings!.find((m) => m.targetAttributeName === target);
}
