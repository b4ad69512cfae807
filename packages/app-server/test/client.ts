/**
 * A JSON-RPC client of `dist/codex app-server`, as an IDE extension drives it: requests with ids,
 * notifications, answers to the server's approval requests. Every message the server sends is
 * checked against the 0.169 schema; `schemaErrors` collects what did not match.
 */
import { type CodexProcess, spawnCodex } from "@codex/test-support";
import { schemaProblems } from "./schema.ts";

/** Parsed JSON as assertions read it, field by field (what `JSON.parse` returns). */
type Parsed = ReturnType<typeof JSON.parse>;

export type Message = Record<string, unknown> & {
  method?: string;
  id?: number | string;
  params?: Parsed;
  result?: Parsed;
  error?: { code: number; message: string };
};

type Waiter = { match: (m: Message) => boolean; resolve: (m: Message) => void };

export class AppServerClient {
  readonly messages: Message[] = [];
  readonly schemaErrors: string[] = [];
  /** Lines on stdout that were not JSON (the server must print nothing but protocol). */
  readonly strayLines: string[] = [];
  private readonly requests = new Map<unknown, string>();
  private waiters: Waiter[] = [];
  private nextId = 1;
  private readonly reader: Promise<void>;

  constructor(readonly proc: CodexProcess) {
    this.reader = this.read();
  }

  static spawn(
    options: { codexHome?: string; cwd?: string; env?: Record<string, string> } = {},
  ): AppServerClient {
    return new AppServerClient(spawnCodex(["app-server"], { timeoutMs: 60_000, ...options }));
  }

  private async read(): Promise<void> {
    for await (const line of this.proc.lines()) {
      let message: Message;
      try {
        message = JSON.parse(line) as Message;
      } catch {
        this.strayLines.push(line);
        continue;
      }
      this.messages.push(message);
      this.schemaErrors.push(...schemaProblems(message, this.requests));
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(message);
        }
      }
    }
  }

  send(message: object): void {
    this.proc.writeStdin(`${JSON.stringify(message)}\n`);
  }

  /** Sends a request exactly as given (own id, `jsonrpc` member…) and waits for its answer. */
  async requestAs(
    message: { id: number | string; method: string } & Record<string, unknown>,
  ): Promise<Message> {
    this.requests.set(message.id, message.method);
    const answer = this.waitFor((m) => m.id === message.id && m.method === undefined);
    this.send(message);
    return answer;
  }

  /** Sends a request and waits for its answer (result or error). */
  async request(method: string, params?: unknown): Promise<Message> {
    const id = this.nextId++;
    this.requests.set(id, method);
    const answer = this.waitFor((m) => m.id === id && m.method === undefined);
    this.send(params === undefined ? { id, method } : { id, method, params });
    return answer;
  }

  /** The first message so far or to come that matches (by arrival order). */
  waitFor(match: (m: Message) => boolean, from = 0): Promise<Message> {
    const seen = this.messages.slice(from).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ match, resolve });
      void this.reader.then(() => reject(new Error("app-server closed stdout before the awaited message")));
    });
  }

  notification(method: string, from = 0): Promise<Message> {
    return this.waitFor((m) => m.method === method && m.id === undefined, from);
  }

  async initialize(name = "codex_vscode", capabilities: Record<string, unknown> = {}): Promise<Message> {
    const answer = await this.request("initialize", {
      clientInfo: { name, title: "Codex VS Code Extension", version: "0.4.0" },
      capabilities: { experimentalApi: false, ...capabilities },
    });
    this.send({ method: "initialized" });
    return answer;
  }

  /** Methods of the notifications received since `from`, in order. */
  notificationMethods(from = 0): string[] {
    return this.messages.slice(from).flatMap((m) => (m.method && m.id === undefined ? [m.method] : []));
  }

  /** Closes stdin and waits for the process to end. */
  async close(): Promise<{ code: number | null; stderr: string }> {
    this.proc.closeStdin();
    const result = await this.proc.wait();
    await this.reader;
    return { code: result.code, stderr: result.stderr };
  }
}
