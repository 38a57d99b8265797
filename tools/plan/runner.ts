/**
 * Plans ONE stack in this process: runs the program under Pulumi mocks in preview mode, in a Pulumi
 * run of its own (the SDK's per-run store: config, mocks, monitor, stack resource), and reports what it
 * registered. Called by worker.ts, which plans many stacks one after another and re-requires the
 * program's modules for each (see there for what stays loaded between stacks).
 *
 * The result is already masked: raw secrets never leave the worker process.
 */
import * as path from "node:path";
import { digester, maskProperties, maskValue, scrubText, type MaskContext, UNKNOWN_VALUE, SIG_KEY, SECRET_SIG } from "./mask";
import { PlanMocks } from "./mocks";
import { UNKNOWN, type PlannedResource } from "./types";

export interface RunnerRequest {
    readonly projectDir: string;
    readonly project: string;
    readonly stack: string;
    readonly main: string;
    /** Key of the digests that let two plans compare masked values. */
    readonly digestKey: string;
    /** Secret strings from the stack config, masked wherever they appear. */
    readonly scrub: string[];
    /** The config `pulumi up` would give the program (key → string value, as PULUMI_CONFIG holds it). */
    readonly config: Record<string, string>;
    /** Config keys whose values are secrets (as PULUMI_CONFIG_SECRET_KEYS). */
    readonly secretKeys: string[];
}

export type RunnerResult =
    | {
          readonly ok: true;
          readonly resources: PlannedResource[];
          readonly outputs: Record<string, unknown>;
          readonly outputDigests: Record<string, string>;
          /** CPU time this stack took in the worker (user + system), ms. */
          readonly cpuMs: number;
      }
    | {
          readonly ok: false;
          readonly kind: "config" | "crash";
          readonly problems: string[];
          /** The error as `pulumi up` prints it (its message lines). */
          readonly message: string;
          readonly resources: PlannedResource[];
          readonly cpuMs: number;
      };

interface Captured {
    urn?: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string;
    readonly custom: boolean;
    readonly protect: boolean;
    readonly inputs: Record<string, unknown>;
    readonly aliases: string[];
    readonly aliasSpecs: AliasSpec[];
    readonly replaceOnChanges: string[];
    readonly ignoreChanges: string[];
    readonly dependencies: Record<string, string[]>;
}

interface AliasSpec {
    readonly name: string;
    readonly type: string;
    readonly stack: string;
    readonly project: string;
    readonly parentUrn: string;
    readonly noParent: boolean;
}

/** The SDK's per-run store (runtime/state.js; the Automation API runs inline programs in it too). */
interface SdkState {
    withLocalStorage<T>(callback: () => T): T;
}

/**
 * Plans one stack. `errors` collects what the process-wide handlers (worker.ts) catch while it runs:
 * unhandled rejections and uncaught exceptions of the program.
 */
export async function runStack(request: RunnerRequest, errors: unknown[]): Promise<RunnerResult> {
    const cpuStart = process.cpuUsage();
    const cpuMs = () => {
        const usage = process.cpuUsage(cpuStart);
        return Math.round((usage.user + usage.system) / 1000);
    };
    // The program's own copy of the SDK: mocks must be installed on the instance it registers with.
    const fromProject = (id: string) => require(require.resolve(id, { paths: [request.projectDir] }));
    const pulumi = fromProject("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    const settings = fromProject("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    const state = fromProject("@pulumi/pulumi/runtime/state") as SdkState;
    if (typeof state.withLocalStorage !== "function") throw new Error("this @pulumi/pulumi has no per-run store (runtime/state withLocalStorage)");

    // Everything from here runs in a store of its own: config, mocks and the monitor below are this
    // stack's only, as are the registrations the SDK tracks (and the config the program reads).
    return state.withLocalStorage(async (): Promise<RunnerResult> => {
        pulumi.runtime.setAllConfig(request.config, request.secretKeys);
        const mocks = new PlanMocks();
        await pulumi.runtime.setMocks(
            { newResource: (args) => mocks.newResource(args), call: (args) => mocks.call(args) },
            request.project,
            request.stack,
            true,
        );
        const captured = captureRegistrations(pulumi, request);

        let exported: unknown;
        let thrown: unknown;
        try {
            exported = require(request.main);
            if (typeof exported === "function") exported = await (exported as () => unknown)();
            else if (isModuleWithDefaultFunction(exported)) exported = await exported.default();
        } catch (error) {
            thrown = error;
        }
        try {
            await settings.waitForRPCs();
        } catch (error) {
            errors.push(error);
        }
        // Let rejections raised by the last callbacks reach the handlers.
        await new Promise((resolve) => setImmediate(resolve));

        const ctx: MaskContext = {
            generated: [...mocks.generated],
            scrub: request.scrub,
            digest: digester(request.digestKey),
        };
        const clean = (text: string) => scrubText(text, [...request.scrub, ...mocks.generated.values()].filter((s) => s.length >= 8));
        // Names and URNs are shown as they are, except that a secret from the config never is.
        const resources = toPlanned(captured, ctx).map((r) => scrubNames(r, (text) => scrubText(text, request.scrub)));

        const failure = thrown ?? mocks.unmockedInvokes[0] ?? errors[0];
        if (failure !== undefined) return { ok: false, resources, ...describeFailure(failure, request, clean), cpuMs: cpuMs() };

        const { outputs, outputDigests } = await resolveOutputs(pulumi, exported, ctx);
        return { ok: true, resources, outputs, outputDigests, cpuMs: cpuMs() };
    });
}

function isModuleWithDefaultFunction(value: unknown): value is { default: () => unknown } {
    return typeof value === "object" && value !== null && typeof (value as { default?: unknown }).default === "function"
        && Object.keys(value).length === 1;
}

/**
 * Records every registration request (the mocks never see resource options nor the parent) and makes
 * URNs as the engine does (the full parent type chain), not as the SDK's mock monitor shortens them.
 */
function captureRegistrations(pulumi: typeof import("@pulumi/pulumi"), request: RunnerRequest): Captured[] {
    const captured: Captured[] = [];
    const monitor = pulumi.runtime.getMonitor() as any;
    monitor.newUrn = (parent: string | undefined, type: string, name: string) => {
        const qualified = parent ? `${parent.split("::")[2]}$${type}` : type;
        return `urn:pulumi:${request.stack}::${request.project}::${qualified}::${name}`;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
        let record: Captured | undefined;
        try {
            record = {
                type: req.getType(),
                name: req.getName(),
                parent: req.getParent() ?? "",
                custom: !!req.getCustom(),
                protect: !!req.getProtect?.(),
                inputs: (req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
                aliases: [...(req.getAliasurnsList?.() ?? [])],
                aliasSpecs: [],
                replaceOnChanges: [...(req.getReplaceonchangesList?.() ?? [])],
                ignoreChanges: [...(req.getIgnorechangesList?.() ?? [])],
                dependencies: {},
            };
            for (const alias of req.getAliasesList?.() ?? []) {
                if (alias.getUrn?.()) record.aliases.push(alias.getUrn());
                const spec = alias.getSpec?.();
                if (spec) {
                    record.aliasSpecs.push({
                        name: spec.getName(),
                        type: spec.getType(),
                        stack: spec.getStack(),
                        project: spec.getProject(),
                        parentUrn: spec.getParenturn?.() ?? "",
                        noParent: !!spec.getNoparent?.(),
                    });
                }
            }
            const deps = req.getPropertydependenciesMap?.();
            deps?.forEach((value: any, key: string) => {
                const urns = [...new Set<string>(value.getUrnsList())].sort();
                if (urns.length > 0) record!.dependencies[key] = urns;
            });
        } catch {
            record = undefined; // an SDK whose request differs: the resource is still registered
        }
        return register(req, (err: unknown, resp: any) => {
            if (!err && resp && record) {
                record.urn = resp.getUrn();
                captured.push(record);
            }
            callback(err, resp);
        });
    };
    return captured;
}

function toPlanned(captured: Captured[], ctx: MaskContext): PlannedResource[] {
    const byUrn = new Map(captured.filter((c) => c.urn).map((c) => [c.urn!, c]));
    const aliasCache = new Map<string, string[]>();
    /** URNs a resource was known by: its own aliases, and its name under each of its parent's old URNs. */
    const aliasesOf = (c: Captured): string[] => {
        const cached = aliasCache.get(c.urn!);
        if (cached) return cached;
        const parts = c.urn!.split("::");
        const stack = parts[0].replace(/^urn:pulumi:/, "");
        const project = parts[1];
        const own = new Set(c.aliases);
        const parent = c.parent ? byUrn.get(c.parent) : undefined;
        for (const spec of c.aliasSpecs) {
            const parentUrn = spec.noParent ? "" : spec.parentUrn || c.parent;
            own.add(makeUrn(spec.stack || stack, spec.project || project, parentUrn, spec.type || c.type, spec.name || c.name));
        }
        // Inherited, as Pulumi computes them (allAliases/inheritedChildAlias in @pulumi/pulumi's
        // resource.ts): under each of the parent's old URNs, the resource by its name and by each of its
        // own aliases, a name that starts with the parent's name starting with the parent's old name.
        if (parent) {
            const names = [{ type: c.type, name: c.name }, ...c.aliasSpecs.map((s) => ({ type: s.type || c.type, name: s.name || c.name }))];
            for (const parentAlias of aliasesOf(parent)) {
                const parentAliasName = parentAlias.slice(parentAlias.lastIndexOf("::") + 2);
                for (const n of names) {
                    const name = n.name.startsWith(parent.name) ? parentAliasName + n.name.slice(parent.name.length) : n.name;
                    own.add(makeUrn(stack, project, parentAlias, n.type, name));
                }
            }
        }
        own.delete(c.urn!);
        const list = [...own].sort();
        aliasCache.set(c.urn!, list);
        return list;
    };
    return captured
        .filter((c) => c.urn)
        .map((c) => {
            const masked = maskProperties(c.inputs, ctx);
            const aliases = aliasesOf(c);
            const resource: PlannedResource = {
                urn: c.urn!,
                type: c.type,
                name: c.name,
                parent: c.parent || null,
                custom: c.custom,
                protect: c.protect,
                inputs: masked.value,
                secretInputs: masked.secretPaths,
                ...(aliases.length > 0 ? { aliases } : {}),
                ...(c.replaceOnChanges.length > 0 ? { replaceOnChanges: [...c.replaceOnChanges].sort() } : {}),
                ...(c.ignoreChanges.length > 0 ? { ignoreChanges: [...c.ignoreChanges].sort() } : {}),
                ...(Object.keys(c.dependencies).length > 0 ? { dependencies: sortedRecord(c.dependencies) } : {}),
                ...(Object.keys(masked.digests).length > 0 ? { secretDigests: masked.digests } : {}),
            };
            return resource;
        })
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

function scrubNames(r: PlannedResource, scrub: (text: string) => string): PlannedResource {
    return {
        ...r,
        urn: scrub(r.urn),
        name: scrub(r.name),
        parent: r.parent === null ? null : scrub(r.parent),
        ...(r.aliases ? { aliases: r.aliases.map(scrub) } : {}),
        ...(r.dependencies ? { dependencies: Object.fromEntries(Object.entries(r.dependencies).map(([k, v]) => [k, v.map(scrub)])) } : {}),
    };
}

function makeUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    const qualified = parentUrn ? `${parentUrn.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** Stack outputs: every export, resolved; secret ones masked whole, made-up values unknown. */
async function resolveOutputs(
    pulumi: typeof import("@pulumi/pulumi"),
    exported: unknown,
    ctx: MaskContext,
): Promise<{ outputs: Record<string, unknown>; outputDigests: Record<string, string> }> {
    const outputs: Record<string, unknown> = {};
    const outputDigests: Record<string, string> = {};
    if (typeof exported !== "object" || exported === null) return { outputs, outputDigests };
    const secretPaths: string[] = [];
    for (const key of Object.keys(exported).sort()) {
        const raw = (exported as Record<string, unknown>)[key];
        if (raw === undefined || typeof raw === "function") continue;
        const output = pulumi.output(raw) as any;
        const [known, secret, value] = await Promise.all([
            output.isKnown as Promise<boolean>,
            output.isSecret as Promise<boolean>,
            output.promise(true) as Promise<unknown>,
        ]);
        const wire = toWire(pulumi, value);
        if (secret) {
            outputs[key] = maskValue({ [SIG_KEY]: SECRET_SIG, value: wire }, key, key, ctx, secretPaths, outputDigests);
        } else if (!known && !containsUnknown(wire)) {
            outputs[key] = UNKNOWN;
        } else {
            outputs[key] = maskValue(wire, key, key, ctx, secretPaths, outputDigests);
        }
        if (value === undefined && known) delete outputs[key];
    }
    return { outputs, outputDigests };
}

function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN_VALUE) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

/** Output values with the SDK's unknown marker turned into the wire sentinel mask.ts knows. */
function toWire(pulumi: typeof import("@pulumi/pulumi"), value: unknown): unknown {
    const isUnknown = (pulumi as any).isUnknown as ((v: unknown) => boolean) | undefined;
    if (isUnknown?.(value)) return UNKNOWN_VALUE;
    if (Array.isArray(value)) return value.map((v) => toWire(pulumi, v));
    if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(pulumi, v)]));
    }
    return value;
}

/** A config problem (ConfigValidationError) or a crash, as `pulumi up` would print it. */
function describeFailure(
    error: unknown,
    request: RunnerRequest,
    clean: (text: string) => string,
): { kind: "config" | "crash"; problems: string[]; message: string } {
    const e = error as { name?: string; message?: string; problems?: unknown; stack?: string };
    if (e && e.name === "ConfigValidationError" && Array.isArray(e.problems)) {
        return { kind: "config", problems: e.problems.map((p) => clean(String(p))), message: clean(String(e.message)) };
    }
    const message = e instanceof Error || (e && typeof e.message === "string") ? `${e.name ?? "Error"}: ${e.message}` : String(error);
    // Where in the program it happened: the first frames outside node_modules, Node and this tool (its
    // .ts loader, compiled into the plan's cache directory, included).
    const frames = (e?.stack ?? "")
        .split("\n")
        .filter((line) => /^\s+at .*(\/|[A-Za-z]:\\)/.test(line) && !/node_modules|node:internal|\(node:|tools[\\/]plan[\\/]|auth0-entra-scim-plan-cache-/.test(line))
        .slice(0, 3)
        .map((line) => line.split(request.projectDir + path.sep).join(""));
    return { kind: "crash", problems: [clean(message)], message: clean([message, ...frames].join("\n")) };
}
