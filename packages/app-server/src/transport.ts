/**
 * JSON-RPC 2.0 over stdio, as Codex's app-server frames it: one JSON object per line each way,
 * `jsonrpc` left out of what we send (accepted when a client sends it), integer or string ids
 * echoed, non-JSON input lines ignored. Requests run concurrently, so answers may come out of
 * order. The server's own requests (approvals) get integer ids counting from 0.
 */
import { INVALID_REQUEST, RpcError } from "./errors.ts";

export type RequestId = number | string;

export type IncomingRequest = { id: RequestId; method: string; params: unknown; hasParams: boolean };

/** A handler's answer; `after` runs once the answer is written (e.g. notifications that follow it). */
export type Reply = { result: unknown; after?: () => void };

export type TransportHandlers = {
  /** A client request; resolve with the reply or throw an RpcError. */
  onRequest(request: IncomingRequest): Promise<Reply>;
  onNotification(method: string, params: unknown): void;
  /** stdin closed: no more input will come. */
  onClose(): void;
};

type Writable = { write(chunk: string): unknown };

type PendingServerRequest = {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
};

function isRequestId(value: unknown): value is RequestId {
  return typeof value === "string" || (typeof value === "number" && Number.isInteger(value));
}

export class JsonRpcTransport {
  private nextServerId = 0;
  private readonly pending = new Map<RequestId, PendingServerRequest>();
  /** Notification methods the client asked not to receive (initialize's optOutNotificationMethods). */
  private optedOut: ReadonlySet<string> = new Set();

  constructor(
    private readonly output: Writable,
    private readonly handlers: TransportHandlers,
  ) {}

  /** Reads lines until the input ends, then calls `onClose`. */
  async run(input: AsyncIterable<Uint8Array | string>): Promise<void> {
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of input) {
      buffered += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        this.receiveLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf("\n");
      }
    }
    buffered += decoder.decode();
    if (buffered.trim() !== "") this.receiveLine(buffered);
    for (const waiter of this.pending.values()) waiter.reject(new Error("the client went away"));
    this.pending.clear();
    this.handlers.onClose();
  }

  notify(method: string, params: unknown): void {
    if (this.optedOut.has(method)) return;
    this.send({ method, params, emittedAtMs: Date.now() });
  }

  optOut(methods: readonly string[]): void {
    this.optedOut = new Set(methods);
  }

  /** Sends a server→client request; resolves with the client's result (rejects on its error). */
  request(method: string, params: unknown): { id: number; result: Promise<unknown> } {
    const id = this.nextServerId++;
    const result = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ method, id, params });
    return { id, result };
  }

  private send(message: object): void {
    this.output.write(`${JSON.stringify(message)}\n`);
  }

  private receiveLine(line: string): void {
    if (line.trim() === "") return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return; // 0.169 ignores lines that are not JSON.
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) return;
    const m = message as Record<string, unknown>;
    const hasMethod = typeof m.method === "string";
    if (!hasMethod && isRequestId(m.id) && ("result" in m || "error" in m)) {
      this.receiveResponse(m.id, m);
      return;
    }
    if (!hasMethod) return;
    const method = m.method as string;
    if (!("id" in m)) {
      this.handlers.onNotification(method, m.params);
      return;
    }
    if (!isRequestId(m.id)) return;
    const id = m.id;
    this.handlers.onRequest({ id, method, params: m.params, hasParams: "params" in m }).then(
      (reply) => {
        this.send({ id, result: reply.result ?? {} });
        reply.after?.();
      },
      (error: unknown) => {
        const rpc =
          error instanceof RpcError
            ? error
            : new RpcError(INVALID_REQUEST, error instanceof Error ? error.message : String(error));
        this.send({
          error: {
            code: rpc.code,
            message: rpc.message,
            ...(rpc.data !== undefined ? { data: rpc.data } : {}),
          },
          id,
        });
      },
    );
  }

  private receiveResponse(id: RequestId, message: Record<string, unknown>): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if ("error" in message) {
      const error = message.error as { message?: unknown } | null;
      waiter.reject(
        new Error(typeof error?.message === "string" ? error.message : "the client answered with an error"),
      );
    } else waiter.resolve(message.result);
  }
}
