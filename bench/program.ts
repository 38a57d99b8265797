/**
 * One program-cost measurement, run in a fresh process by bench/run.ts:
 *
 *     node bench/program.js <full|raw> <principals>
 *
 * Installs the test mocks, loads every module both variants use (so neither pays the other's module
 * loading inside the timed window), then times from "the program starts constructing" to "every
 * registration and invoke has settled". Prints one JSON line (prefix `RESULT `) with the times, the
 * memory, and what was registered, which run.ts compares between the variants.
 */
import * as auth0 from "@pulumi/auth0";
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { RecordingMocks, configWith, settle } from "../test/mocks";
import { rawProgram } from "./rawProgram";
import { PRINCIPAL_PREFIX, rawInputs, stackConfig } from "./stack";

export type Variant = "full" | "raw";

export interface ProgramResult {
    readonly variant: Variant;
    readonly principals: number;
    /** Construct to settled, ms. */
    readonly programMs: number;
    /** Process start (Node's time origin) to settled, ms: module loading included. */
    readonly processMs: number;
    /** Peak resident set of the process, bytes (getrusage maxrss). */
    readonly peakRss: number;
    /** Resident set just before the program started, bytes. */
    readonly rssBefore: number;
    /** Peak RSS sampled during the timed window minus rssBefore, bytes. */
    readonly rssGrowth: number;
    /** V8 heap in use after settling minus before the program, bytes. */
    readonly heapGrowth: number;
    /** Custom (provider) resources registered, by type. */
    readonly resources: Record<string, number>;
    /**
     * By type: a hash of the sorted names and inputs of its resources, with the ids the mocks make up
     * at random replaced by placeholders. Equal hashes: the same resources with the same inputs.
     */
    readonly fingerprints: Record<string, string>;
    /** ComponentResources registered. */
    readonly components: number;
    /** Invokes answered, by token. */
    readonly invokes: Record<string, number>;
    readonly outputs: string[];
}

/** The test mocks, also noting whether each registration is a custom resource or a component. */
class CountingMocks extends RecordingMocks {
    /** `type::name` of every ComponentResource registered. */
    readonly components = new Set<string>();
    override newResource(args: pulumi.runtime.MockResourceArgs) {
        if (args.custom === false) this.components.add(`${args.type}::${args.name}`);
        return super.newResource(args);
    }
}

/** Ids the mocks draw at random (test/mocks.ts), and hashes of them, become placeholders; the principals' fixed GUIDs stay. */
function withoutRandomIds(json: string): string {
    return json
        .replace(/scim\.[0-9a-f]{32}\.[0-9a-f-]{36}/g, "<job>")
        .replace(/tok_[0-9a-f]{16}/g, "<tok>")
        .replace(/sha256:[0-9a-f]{16}/g, "<fingerprint>") // tokenFingerprint of the mocks' random token
        .replace(/con_[0-9a-f-]{16}/g, "<con>")
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => (id.startsWith(PRINCIPAL_PREFIX) ? id : "<uuid>"));
}

/** Touch every lazily loaded resource module and the program's own modules, outside the timed window. */
function loadModules(): void {
    for (const cls of [auth0.Connection, auth0.ConnectionClients, auth0.ConnectionScimConfiguration]) void cls;
    for (const cls of [
        azuread.Application, azuread.ServicePrincipal, azuread.ApplicationPassword, azuread.ApplicationFromTemplate,
        azuread.ServicePrincipalDelegatedPermissionGrant, azuread.SynchronizationSecret, azuread.SynchronizationJob,
        azuread.AppRoleAssignment, azuread.getServicePrincipalOutput,
    ]) void cls;
    require("../components/config");
    require("../components/tenant");
}

async function main(): Promise<void> {
    const [variant, n] = [process.argv[2] as Variant, Number(process.argv[3])];
    if ((variant !== "full" && variant !== "raw") || !(n > 0)) throw new Error("usage: program.js <full|raw> <principals>");

    // What installMocks() does, with the counting recorder.
    const mocks = new CountingMocks();
    await pulumi.runtime.setMocks(mocks, "auth0-entra-scim", "acme", false);
    configWith(stackConfig(n));
    loadModules();
    const inputs = rawInputs(n); // the raw program's data, prepared as a literal would be
    (globalThis as { gc?: () => void }).gc?.();

    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);

    const start = performance.now();
    const outputs: Record<string, unknown> = variant === "full" ? require("../index") : rawProgram(inputs);
    await settle();
    const end = performance.now();

    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const heapAfter = process.memoryUsage().heapUsed;

    const resources: Record<string, number> = {};
    const normalised: Record<string, string[]> = {};
    let components = 0;
    mocks.registrations.forEach((r) => {
        if (mocks.components.has(`${r.type}::${r.name}`)) return void components++;
        resources[r.type] = (resources[r.type] ?? 0) + 1;
        (normalised[r.type] ??= []).push(`${r.name} ${withoutRandomIds(JSON.stringify(r.inputs))}`);
    });
    const fingerprints = Object.fromEntries(
        Object.entries(normalised).map(([type, rows]) => [type, createHash("sha256").update(rows.sort().join("\n")).digest("hex")]),
    );
    const invokes: Record<string, number> = {};
    for (const call of mocks.invokes) invokes[call.token] = (invokes[call.token] ?? 0) + 1;

    const result: ProgramResult = {
        variant,
        principals: n,
        programMs: end - start,
        processMs: end,
        peakRss: process.resourceUsage().maxRSS * 1024,
        rssBefore,
        rssGrowth: rssPeak - rssBefore,
        heapGrowth: heapAfter - heapBefore,
        resources,
        fingerprints,
        components,
        invokes,
        outputs: Object.keys(outputs).sort(),
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
