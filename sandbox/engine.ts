/**
 * The Pulumi engine for the sandbox and the end-to-end tests: the Pulumi CLI at exactly the release of
 * the `@pulumi/pulumi` SDK in package.json. In order:
 * 1. a `pulumi` on the PATH at that version;
 * 2. the binary cached in the engine folder (`.engine/`, ignored; `AUTH0_ENTRA_SCIM_ENGINE_DIR`
 *    moves it), keyed by the version and a hash of `engine/go.sum`;
 * 3. a build of Pulumi's own Go module (`engine/go.mod`), stamped with the version (the Automation API
 *    refuses an unstamped binary), into that cache. It takes minutes the first time.
 * When none of these can be had (no Go, no module proxy), `EngineUnavailable` says why in one line.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { isExecutable } from "../tools/shared/executable";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
const ENGINE_MODULE = path.join(PROJECT_ROOT, "engine");
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const VERSION_STAMP = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

const run = promisify(execFile);

/** The engine cannot be had on this machine; `message` is one line saying why and what to do. */
export class EngineUnavailable extends Error {
    constructor(message: string) {
        super(message);
        this.name = "EngineUnavailable";
    }
}

export interface Engine {
    /** The `pulumi` binary. */
    readonly binary: string;
    readonly version: string;
    /** Where it came from. */
    readonly source: "path" | "cache" | "built";
}

/** The `@pulumi/pulumi` version package.json pins (exactly; a range would let the two drift). */
export function sdkVersion(root = PROJECT_ROOT): string {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const version = pkg.dependencies["@pulumi/pulumi"];
    if (!/^\d+\.\d+\.\d+$/.test(version ?? "")) throw new Error(`package.json must pin @pulumi/pulumi to an exact version, not ${JSON.stringify(version)}`);
    return version;
}

/** The `pkg/v3` version engine/go.mod requires. */
export function engineModuleVersion(root = PROJECT_ROOT): string {
    const goMod = fs.readFileSync(path.join(root, "engine", "go.mod"), "utf8");
    const match = /^\s*(?:require\s+)?github\.com\/pulumi\/pulumi\/pkg\/v3\s+v(\S+)/m.exec(goMod);
    if (!match) throw new Error("engine/go.mod does not require github.com/pulumi/pulumi/pkg/v3");
    return match[1];
}

export function engineDir(env: NodeJS.ProcessEnv = process.env): string {
    return env.AUTH0_ENTRA_SCIM_ENGINE_DIR || path.join(PROJECT_ROOT, ".engine");
}

/** The cached binary's path: one folder per version and go.sum, laid out as `<root>/bin/pulumi`. */
export function cachedBinary(version: string, env: NodeJS.ProcessEnv = process.env): string {
    const sum = createHash("sha256").update(fs.readFileSync(path.join(ENGINE_MODULE, "go.sum"))).digest("hex").slice(0, 16);
    return path.join(engineDir(env), `pulumi-v${version}-${sum}`, "bin", "pulumi");
}

/** A `pulumi` on the PATH at `version`, if there is one. */
async function pulumiOnPath(version: string): Promise<string | undefined> {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(dir, "pulumi");
        if (!isExecutable(candidate)) continue;
        try {
            const { stdout } = await run(candidate, ["version"], { timeout: 20_000 });
            if (stdout.trim() === `v${version}`) return candidate;
        } catch {
            // Not a working pulumi; keep looking.
        }
        return undefined; // The first pulumi on the PATH is the one a user runs: a different version does not count.
    }
    return undefined;
}

export interface FindEngineOptions {
    /** Progress lines (the cold build takes minutes). */
    readonly log?: (line: string) => void;
    /** Never build: only the PATH or the cache. */
    readonly noBuild?: boolean;
}

/** Finds or builds the engine; throws EngineUnavailable with the reason when it cannot. */
export async function findEngine(options: FindEngineOptions = {}): Promise<Engine> {
    const log = options.log ?? (() => undefined);
    const version = sdkVersion();
    const pinned = engineModuleVersion();
    if (pinned !== version) {
        throw new Error(`engine/go.mod builds Pulumi v${pinned} but package.json pins @pulumi/pulumi ${version}: set both to the same release`);
    }
    const onPath = await pulumiOnPath(version);
    if (onPath) return { binary: onPath, version, source: "path" };
    const binary = cachedBinary(version);
    if (isExecutable(binary)) return { binary, version, source: "cache" };
    if (options.noBuild) throw new EngineUnavailable(`no Pulumi CLI v${version} on the PATH or in ${path.dirname(binary)}; run \`npm run engine\``);
    await build(version, binary, log);
    return { binary, version, source: "built" };
}

async function build(version: string, binary: string, log: (line: string) => void): Promise<void> {
    try {
        await run("go", ["version"], { timeout: 20_000 });
    } catch {
        throw new EngineUnavailable(`Go is not installed, so the Pulumi CLI v${version} cannot be built; install Go 1.25+ (engine/go.mod) or put pulumi v${version} on the PATH`);
    }
    const partial = `${binary}.partial-${process.pid}`;
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    log(`Building the Pulumi CLI v${version} from its Go module (the first time takes a few minutes; later runs use ${path.dirname(binary)})`);
    const started = Date.now();
    let packages = 0;
    const output: string[] = [];
    const child = spawn("go", ["build", "-v", "-o", partial, "-ldflags", `-X ${VERSION_STAMP}=v${version}`, CLI_PACKAGE], {
        cwd: ENGINE_MODULE,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") },
    });
    const collect = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
            if (/^[\w.-]+(\/[\w.@~+-]+)+$/.test(line.trim())) packages++;
            else output.push(line);
        }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const heartbeat = setInterval(() => log(`  ... ${Math.round((Date.now() - started) / 1000)} s, ${packages} packages compiled`), 15_000);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve)).finally(() => clearInterval(heartbeat));
    if (code !== 0) {
        fs.rmSync(partial, { force: true });
        const detail = output.filter((l) => !/^go: downloading/.test(l)).slice(-3).join(" | ");
        const offline = /dial tcp|proxy|no such host|i\/o timeout|connection refused|403 Forbidden|404 Not Found/.test(detail);
        throw new EngineUnavailable(
            offline
                ? `the Go module proxy could not serve github.com/pulumi/pulumi/pkg/v3 v${version}, so the Pulumi CLI cannot be built: ${detail.slice(0, 300)}`
                : `building the Pulumi CLI v${version} failed (go build exit ${code}): ${detail.slice(0, 300)}`,
        );
    }
    fs.renameSync(partial, binary);
    log(`Built the Pulumi CLI v${version} in ${Math.round((Date.now() - started) / 1000)} s: ${binary}`);
}
