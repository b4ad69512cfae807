/** `ModelClient` for the Responses API (`wire_api = "responses"`, the default). */
import type { ProviderConfig } from "../config/types.ts";
import { streamError } from "./errors.ts";
import {
  type Connection,
  classifyOpenError,
  lazyConnection,
  openEventStream,
} from "./event-stream-request.ts";
import { describeRequestTarget, type ModelClientOptions } from "./provider-endpoint.ts";
import {
  buildResponsesBody,
  isAzureResponsesEndpoint,
  responsesRequestHeaders,
} from "./responses-request.ts";
import { mapResponsesEvent } from "./responses-stream.ts";
import { fixtureEvents, SSE_FIXTURE_ENV_VAR } from "./sse-fixture.ts";
import { runModelStream } from "./stream-runner.ts";
import type { ModelClient, ModelRequest, ModelStreamEvent } from "./types.ts";

type Json = Record<string, unknown>;

/** Appended to the provider's base URL. */
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
  private readonly connect: () => Connection;
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
    const connection = this.connect();
    const { endpoint } = connection;
    const body = buildResponsesBody(request, { azure: isAzureResponsesEndpoint(this.provider) });
    const headers = responsesRequestHeaders(request);
    yield* runModelStream<Json>({
      open: (signal) => openEventStream(connection, { path: REQUEST_PATH, body, headers, signal }),
      classifyOpenError: (error) => classifyOpenError(error, { endpoint, path: REQUEST_PATH }),
      consume: consumeResponses,
      maxRetries: this.provider.request_max_retries,
      idleTimeoutMs: this.provider.stream_idle_timeout_ms,
      signal: options.signal,
      where: describeRequestTarget(endpoint.provider, REQUEST_PATH),
      secrets: endpoint.secrets,
    });
  }
}
