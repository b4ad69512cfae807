/**
 * A mock model server on 127.0.0.1 (random port) that answers each request with the next scripted
 * response whose path matches, and records every request for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { ScriptedResponse } from "./scripted-response.ts";

export type RecordedRequest = {
  method: string;
  /** Path without the query string, e.g. `/v1/responses`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or null when the body is empty or not JSON. */
  body: unknown;
  rawBody: string;
};

/** A string matches a path equal to it or ending with it (`/responses` matches `/v1/responses`). */
export type PathMatcher = string | RegExp;

/** Computes the answer from the request (e.g. to echo what it received), possibly after a while. */
export type Responder = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

type Queued = { response: ScriptedResponse | Responder; path: PathMatcher | null };

export type MockModelServerOptions = {
  /** Answer for requests when nothing scripted matches (default: a 404 naming the path). */
  fallback?: ScriptedResponse | Responder;
  /** Port to listen on (default: a random free port). */
  port?: number;
};

function matches(matcher: PathMatcher | null, path: string): boolean {
  if (matcher === null) return true;
  if (typeof matcher === "string") return path === matcher || path.endsWith(matcher);
  return matcher.test(path);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class MockModelServer {
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  /** Requests that found nothing scripted (answered 404). */
  readonly unmatched: RecordedRequest[] = [];
  private readonly queue: Queued[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly fallback: ScriptedResponse | Responder | null,
    /** `http://127.0.0.1:<port>` */
    readonly url: string,
  ) {}

  /** `<url>/v1`, the base URL a provider config points at. */
  get baseUrl(): string {
    return `${this.url}/v1`;
  }

  static async start(options: MockModelServerOptions = {}): Promise<MockModelServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("mock model server: no TCP address");
    const mock = new MockModelServer(server, options.fallback ?? null, `http://127.0.0.1:${address.port}`);
    server.on("connection", (socket) => {
      mock.sockets.add(socket);
      socket.on("close", () => mock.sockets.delete(socket));
    });
    server.on("request", (req, res) => {
      mock.handle(req, res).catch(() => res.destroy());
    });
    return mock;
  }

  /**
   * Queues a response (or a function of the request) for the next request whose path matches (any
   * request when no path).
   */
  enqueue(response: ScriptedResponse | Responder, options: { path?: PathMatcher } = {}): this {
    this.queue.push({ response, path: options.path ?? null });
    return this;
  }

  enqueueAll(responses: ScriptedResponse[], options: { path?: PathMatcher } = {}): this {
    for (const response of responses) this.enqueue(response, options);
    return this;
  }

  /** Scripted responses not consumed yet. */
  pending(): number {
    return this.queue.length;
  }

  requestsTo(path: PathMatcher): RecordedRequest[] {
    return this.requests.filter((request) => matches(path, request.path));
  }

  lastRequest(): RecordedRequest {
    const last = this.requests.at(-1);
    if (last === undefined) throw new Error("mock model server: no request received");
    return last;
  }

  /** Resolves once `count` requests have arrived in total. */
  waitForRequests(count: number, options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(`mock model server: ${this.requests.length}/${count} requests after ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const recorded = await record(req);
    this.requests.push(recorded);
    for (const waiter of this.waiters.filter((w) => this.requests.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const index = this.queue.findIndex((entry) => matches(entry.path, recorded.path));
    if (index === -1 && this.fallback !== null) {
      await this.respond(
        typeof this.fallback === "function" ? await this.fallback(recorded) : this.fallback,
        res,
      );
      return;
    }
    if (index === -1) {
      this.unmatched.push(recorded);
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: { message: `mock model server: nothing scripted for ${recorded.method} ${recorded.path}` },
        }),
      );
      return;
    }
    const [entry] = this.queue.splice(index, 1);
    if (entry === undefined) return;
    await this.respond(
      typeof entry.response === "function" ? await entry.response(recorded) : entry.response,
      res,
    );
  }

  private async respond(response: ScriptedResponse, res: ServerResponse): Promise<void> {
    switch (response.kind) {
      case "no_response":
        return;
      case "http_error":
        res.writeHead(response.status, response.headers);
        res.end(response.body);
        return;
      case "stream": {
        res.writeHead(response.status, response.headers);
        res.flushHeaders();
        for (const frame of response.frames) {
          if (response.delayMs > 0) await sleep(response.delayMs);
          if (this.closed || res.destroyed) return;
          await new Promise<void>((resolve) => res.write(frame, () => resolve()));
        }
        if (response.end === "end") res.end();
        else if (response.end === "destroy") res.socket?.destroy();
        return;
      }
    }
  }
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString("utf8");
  let body: unknown = null;
  try {
    body = rawBody === "" ? null : JSON.parse(rawBody);
  } catch {
    body = null;
  }
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return {
    method: req.method ?? "GET",
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body,
    rawBody,
  };
}

/** Starts a mock model server on 127.0.0.1 with a random port. Close it when done (`await using` works). */
export function startMockModelServer(options: MockModelServerOptions = {}): Promise<MockModelServer> {
  return MockModelServer.start(options);
}
