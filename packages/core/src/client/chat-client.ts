/** `ModelClient` for Chat Completions (`wire_api = "chat"`: Ollama, vLLM, LM Studio, …), on the openai SDK. */
import type OpenAI from "openai";
import type { ProviderConfig } from "../config/types.ts";
import { buildChatBody } from "./chat-request.ts";
import { ChatStreamAggregator } from "./chat-stream.ts";
import { describeRequestTarget, type ModelClientOptions } from "./provider-endpoint.ts";
import { classifyOpenError, lazyConnection, type SdkConnection } from "./sdk.ts";
import { runModelStream } from "./stream-runner.ts";
import type { ModelClient, ModelRequest, ModelStreamEvent } from "./types.ts";

type Json = Record<string, unknown>;

/** Appended to the base URL by the SDK. */
const REQUEST_PATH = "/chat/completions";

async function* consumeChat(source: AsyncIterable<Json>): AsyncGenerator<ModelStreamEvent> {
  const aggregator = new ChatStreamAggregator();
  for await (const chunk of source) yield* aggregator.push(chunk);
  yield* aggregator.finish();
}

export class ChatModelClient implements ModelClient {
  private readonly connect: () => Promise<SdkConnection>;

  constructor(
    private readonly provider: ProviderConfig,
    options: ModelClientOptions,
  ) {
    this.connect = lazyConnection(provider, options);
  }

  async *stream(request: ModelRequest, options: { signal: AbortSignal }): AsyncGenerator<ModelStreamEvent> {
    const { sdk, client, endpoint } = await this.connect();
    const body = buildChatBody(request);
    yield* runModelStream<Json>({
      open: async (signal) =>
        (await client.chat.completions.create(
          body as unknown as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
          {
            signal,
            headers: { Accept: "text/event-stream", ...request.headers },
          },
        )) as unknown as AsyncIterable<Json>,
      classifyOpenError: (error) => classifyOpenError(sdk, error, { endpoint, path: REQUEST_PATH }),
      consume: consumeChat,
      maxRetries: this.provider.request_max_retries,
      idleTimeoutMs: this.provider.stream_idle_timeout_ms,
      signal: options.signal,
      where: describeRequestTarget(endpoint.provider, REQUEST_PATH),
      secrets: endpoint.secrets,
    });
  }
}
