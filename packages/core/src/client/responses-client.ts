/** `ModelClient` for the Responses API (`wire_api = "responses"`, the default), on the openai SDK. */
import type OpenAI from "openai";
import type { ProviderConfig } from "../config/types.ts";
import { streamError } from "./errors.ts";
import { describeRequestTarget, type ModelClientOptions } from "./provider-endpoint.ts";
import {
  buildResponsesBody,
  isAzureResponsesEndpoint,
  responsesRequestHeaders,
} from "./responses-request.ts";
import { mapResponsesEvent } from "./responses-stream.ts";
import { classifyOpenError, lazyConnection, type SdkConnection } from "./sdk.ts";
import { fixtureEvents, SSE_FIXTURE_ENV_VAR } from "./sse-fixture.ts";
import { runModelStream } from "./stream-runner.ts";
import type { ModelClient, ModelRequest, ModelStreamEvent } from "./types.ts";

type Json = Record<string, unknown>;

/** Appended to the base URL by the SDK. */
const REQUEST_PATH = "/responses";

async function* consumeResponses(source: AsyncIterable<Json>): AsyncGenerator<ModelStreamEvent> {
  for await (const raw of source) {
    for (const event of mapResponsesEvent(raw)) {
      yield event;
      if (event.type === "completed") return;
    }
  }
  throw streamError("stream closed before response.completed");
}

export class ResponsesModelClient implements ModelClient {
  private readonly connect: () => Promise<SdkConnection>;
  private readonly fixture: string | null;

  constructor(
    private readonly provider: ProviderConfig,
    options: ModelClientOptions,
  ) {
    this.connect = lazyConnection(provider, options);
    this.fixture = (options.env ?? process.env)[SSE_FIXTURE_ENV_VAR] || null;
  }

  async *stream(request: ModelRequest, options: { signal: AbortSignal }): AsyncGenerator<ModelStreamEvent> {
    if (this.fixture !== null) {
      yield* consumeResponses(fixtureEvents(this.fixture));
      return;
    }
    const { sdk, client, endpoint } = await this.connect();
    const body = buildResponsesBody(request, { azure: isAzureResponsesEndpoint(this.provider) });
    const headers = responsesRequestHeaders(request);
    yield* runModelStream<Json>({
      open: async (signal) =>
        (await client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming, {
          signal,
          headers,
        })) as unknown as AsyncIterable<Json>,
      classifyOpenError: (error) => classifyOpenError(sdk, error, { endpoint, path: REQUEST_PATH }),
      consume: consumeResponses,
      maxRetries: this.provider.request_max_retries,
      idleTimeoutMs: this.provider.stream_idle_timeout_ms,
      signal: options.signal,
      where: describeRequestTarget(endpoint.provider, REQUEST_PATH),
      secrets: endpoint.secrets,
    });
  }
}
