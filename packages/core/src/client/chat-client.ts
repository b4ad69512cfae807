/** `ModelClient` for Chat Completions (`wire_api = "chat"`: Ollama, vLLM, LM Studio, …). */
import type { ProviderConfig } from "../config/types.ts";
import { buildChatBody } from "./chat-request.ts";
import { ChatStreamAggregator } from "./chat-stream.ts";
import {
  type Connection,
  classifyOpenError,
  lazyConnection,
  openEventStream,
} from "./event-stream-request.ts";
import { describeRequestTarget, type ModelClientOptions } from "./provider-endpoint.ts";
import { runModelStream } from "./stream-runner.ts";
import type { ModelClient, ModelRequest, ModelStreamEvent } from "./types.ts";

type Json = Record<string, unknown>;

/** Appended to the provider's base URL. */
const REQUEST_PATH = "/chat/completions";

async function* consumeChat(source: AsyncIterable<Json>): AsyncGenerator<ModelStreamEvent> {
  const aggregator = new ChatStreamAggregator();
  for await (const chunk of source) yield* aggregator.push(chunk);
  yield* aggregator.finish();
}

export class ChatModelClient implements ModelClient {
  private readonly connect: () => Connection;

  constructor(
    private readonly provider: ProviderConfig,
    options: ModelClientOptions,
  ) {
    this.connect = lazyConnection(provider, options);
  }

  async *stream(request: ModelRequest, options: { signal: AbortSignal }): AsyncGenerator<ModelStreamEvent> {
    const connection = this.connect();
    const { endpoint } = connection;
    const body = buildChatBody(request);
    const headers = { Accept: "text/event-stream", ...request.headers };
    yield* runModelStream<Json>({
      open: (signal) => openEventStream(connection, { path: REQUEST_PATH, body, headers, signal }),
      classifyOpenError: (error) => classifyOpenError(error, { endpoint, path: REQUEST_PATH }),
      consume: consumeChat,
      maxRetries: this.provider.request_max_retries,
      idleTimeoutMs: this.provider.stream_idle_timeout_ms,
      signal: options.signal,
      where: describeRequestTarget(endpoint.provider, REQUEST_PATH),
      secrets: endpoint.secrets,
    });
  }
}
