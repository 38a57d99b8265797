/**
 * A tiny loopback HTTP server for the vendor emulators: it records every request, and can be told to
 * answer the next N matching requests with a fault (a status with headers and body, or a dropped
 * connection) before the emulator's own handler sees them. Binds 127.0.0.1 only, on a free port.
 * With `tls` it serves HTTPS instead, as the real vendors do (the sandbox: the providers build
 * `https://` URLs from a domain, exactly as they would for a tenant).
 */
import * as http from "node:http";
import * as https from "node:https";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
    readonly method: string;
    /** Path and query, as sent. */
    readonly path: string;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
}

export interface EmulatorResponse {
    readonly status: number;
    readonly headers?: Record<string, string>;
    /** Serialised as JSON unless a string. */
    readonly body?: unknown;
}

export type Handler = (req: RecordedRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface Fault {
    /** Which requests it applies to; all when omitted. */
    readonly method?: string;
    readonly pathIncludes?: string;
    /** How many matching requests get it. Default 1. */
    readonly times?: number;
    /** Destroy the socket without answering (a connection reset). */
    readonly reset?: boolean;
    readonly response?: EmulatorResponse;
}

export interface Emulator {
    /** `http://127.0.0.1:<port>` */
    readonly url: string;
    readonly requests: RecordedRequest[];
    /** Queue a fault for the next matching request(s). */
    inject(fault: Fault): void;
    /** Forget recorded requests and queued faults. */
    reset(): void;
    /** Requests as `METHOD path` lines, handy in assertions. */
    calls(): string[];
    close(): Promise<void>;
}

export interface ServeOptions {
    /** PEM key and certificate: serve HTTPS (see sandbox/tls.ts). */
    readonly tls?: { readonly key: string; readonly cert: string };
    /** A fixed port; default any free one. */
    readonly port?: number;
}

export async function startEmulator(handler: Handler, serve: ServeOptions = {}): Promise<Emulator> {
    const requests: RecordedRequest[] = [];
    let faults: Array<Fault & { remaining: number }> = [];

    const listener: http.RequestListener = async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const recorded: RecordedRequest = {
            method: req.method ?? "GET",
            path: req.url ?? "/",
            headers: req.headers,
            body: Buffer.concat(chunks).toString("utf8"),
        };
        requests.push(recorded);

        const fault = faults.find(
            (f) =>
                f.remaining > 0 &&
                (!f.method || f.method === recorded.method) &&
                (!f.pathIncludes || recorded.path.includes(f.pathIncludes)),
        );
        if (fault) fault.remaining--;
        if (fault?.reset) {
            req.socket.destroy();
            return;
        }
        try {
            send(res, fault?.response ?? (await handler(recorded)));
        } catch (error) {
            send(res, { status: 500, body: { error: "emulator", message: String(error) } });
        }
    };
    const server = serve.tls ? https.createServer({ key: serve.tls.key, cert: serve.tls.cert }, listener) : http.createServer(listener);
    // No keep-alive: a reset must not leave a half-dead socket in the client's pool.
    server.keepAliveTimeout = 1;
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(serve.port ?? 0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as AddressInfo;

    return {
        url: `${serve.tls ? "https" : "http"}://127.0.0.1:${port}`,
        requests,
        inject: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1 }),
        reset: () => {
            requests.length = 0;
            faults = [];
        },
        calls: () => requests.map((r) => `${r.method} ${r.path.split("?")[0]}`),
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

function send(res: http.ServerResponse, response: EmulatorResponse): void {
    const isText = typeof response.body === "string";
    const payload = response.body === undefined ? "" : isText ? (response.body as string) : JSON.stringify(response.body);
    res.writeHead(response.status, {
        ...(payload && !isText ? { "content-type": "application/json; charset=utf-8" } : {}),
        connection: "close",
        ...response.headers,
    });
    res.end(payload);
}
