/**
 * `codex app-server`: the lifecycle (initialize, then `initialized`; requests before it are refused
 * with "Not initialized", a second one with "Already initialized") and the method table. The
 * process ends when stdin closes, after every session has flushed its rollout.
 */
import type { LoadConfigOptions } from "@codex/core";
import type { ClientInfo, ServerContext } from "./context.ts";
import { invalidRequest } from "./errors.ts";
import { accountLoginCancel, accountLoginStart, accountLogout, accountRead } from "./handlers/account.ts";
import { configBatchWrite, configRead, configValueWrite } from "./handlers/config.ts";
import { modelList } from "./handlers/models.ts";
import {
  threadFork,
  threadList,
  threadRead,
  threadResume,
  threadRevert,
  threadStart,
} from "./handlers/threads.ts";
import { turnInterrupt, turnStart } from "./handlers/turns.ts";
import { asParams, type Params, requiredString } from "./params.ts";
import { ThreadRegistry } from "./thread-registry.ts";
import { type IncomingRequest, JsonRpcTransport, type Reply } from "./transport.ts";
import { userAgent } from "./user-agent.ts";

type Handler = (params: Params, ctx: ServerContext) => Reply | Promise<Reply>;

const answer =
  (handler: (params: Params, ctx: ServerContext) => unknown): Handler =>
  async (params, ctx) => ({ result: await handler(params, ctx) });

const METHODS: Record<string, Handler> = {
  "thread/start": threadStart,
  "thread/resume": answer(threadResume),
  "thread/fork": threadFork,
  "thread/revert": threadRevert,
  "thread/list": answer(threadList),
  "thread/read": answer(threadRead),
  "thread/loaded/list": answer((_params, ctx) => ({ data: ctx.threads.ids(), nextCursor: null })),
  "turn/start": turnStart,
  "turn/interrupt": answer(turnInterrupt),
  "account/read": answer(accountRead),
  "account/login/start": accountLoginStart,
  "account/login/cancel": answer(accountLoginCancel),
  "account/logout": accountLogout,
  "config/read": answer(configRead),
  "config/value/write": answer(configValueWrite),
  "config/batchWrite": answer(configBatchWrite),
  "model/list": answer(modelList),
};

/** Methods that take no params (0.169 refuses the others without a `params` member). */
const NO_PARAMS = new Set<string>(["account/logout"]);

export type AppServerOptions = {
  input: AsyncIterable<Uint8Array | string>;
  output: { write(chunk: string): unknown };
  codexHome: string;
  loadOptions: LoadConfigOptions;
  env: Record<string, string | undefined>;
};

function clientInfo(params: Params): ClientInfo {
  const info = params.clientInfo;
  if (typeof info !== "object" || info === null)
    throw invalidRequest("Invalid request: missing field `clientInfo`");
  const fields = info as Params;
  return {
    name: requiredString(fields, "name"),
    title: typeof fields.title === "string" ? fields.title : null,
    version: requiredString(fields, "version"),
  };
}

/** Serves one client over `input`/`output` until the input ends. */
export async function runAppServer(options: AppServerOptions): Promise<void> {
  const threads = new ThreadRegistry();
  let ctx: ServerContext | null = null;
  let closed!: () => void;
  const done = new Promise<void>((resolve) => {
    closed = resolve;
  });

  const onRequest = async (request: IncomingRequest): Promise<Reply> => {
    if (request.method === "initialize") {
      if (ctx !== null) throw invalidRequest("Already initialized");
      const params = asParams(request.params);
      const client = clientInfo(params);
      const optOut = (params.capabilities as Params | undefined)?.optOutNotificationMethods;
      if (Array.isArray(optOut)) transport.optOut(optOut.filter((m): m is string => typeof m === "string"));
      ctx = {
        peer: transport,
        threads,
        client,
        codexHome: options.codexHome,
        loadOptions: options.loadOptions,
        env: options.env,
        logins: new Map(),
      };
      return {
        result: {
          userAgent: userAgent(client, options.env),
          codexHome: options.codexHome,
          platformFamily: process.platform === "win32" ? "windows" : "unix",
          platformOs: process.platform === "darwin" ? "macos" : process.platform,
        },
      };
    }
    if (ctx === null) throw invalidRequest("Not initialized");
    const handler = METHODS[request.method];
    if (!handler)
      throw invalidRequest(
        `Invalid request: unknown variant \`${request.method}\`, expected one of ${["initialize", ...Object.keys(METHODS)].map((m) => `\`${m}\``).join(", ")}`,
      );
    if (!request.hasParams && !NO_PARAMS.has(request.method))
      throw invalidRequest("Invalid request: missing field `params`");
    return handler(asParams(request.params), ctx);
  };

  const transport: JsonRpcTransport = new JsonRpcTransport(options.output, {
    onRequest,
    onNotification: () => {
      // `initialized` and other client notifications need no answer.
    },
    onClose: () => closed(),
  });
  await Promise.all([transport.run(options.input), done]);
  await threads.closeAll();
}
