/**
 * A local stand-in for everything a ChatGPT sign-in talks to, on one 127.0.0.1 port: the issuer
 * (`MockIssuer`: authorize, token, revoke, device code) and the ChatGPT backend, whose
 * `/backend-api/codex/responses` answers scripted model responses only to a valid, unexpired access
 * token for the signed-in account (401 otherwise, as the real backend does).
 */
import {
  CODEX_CLIENT_ID,
  type MintedTokens,
  type MockAccount,
  MockIssuer,
  type MockIssuerOptions,
} from "./mock-issuer.ts";
import { type MockModelServer, type RecordedRequest, startMockModelServer } from "./mock-model-server.ts";
import { httpError, type ScriptedResponse } from "./scripted-response.ts";

export const CODEX_RESPONSES_PATH = "/backend-api/codex/responses";

export class MockChatGpt {
  readonly issuer: MockIssuer;
  /** Called with each model request before it is checked (e.g. to change auth.json under a running codex). */
  onModelRequest: ((request: RecordedRequest) => void) | null = null;
  private readonly modelResponses: ScriptedResponse[] = [];

  private constructor(
    readonly server: MockModelServer,
    options: MockIssuerOptions,
  ) {
    this.issuer = new MockIssuer(server.url, options);
  }

  static async start(options: MockIssuerOptions = {}): Promise<MockChatGpt> {
    let self: MockChatGpt | null = null;
    const server = await startMockModelServer({
      fallback: (request) => self?.handle(request) ?? httpError(503, "starting"),
    });
    self = new MockChatGpt(server, options);
    return self;
  }

  /** `http://127.0.0.1:<port>`: pass as `--experimental_issuer`. */
  get issuerUrl(): string {
    return this.server.url;
  }

  /** The value for `chatgpt_base_url`. */
  get chatgptBaseUrl(): string {
    return `${this.server.url}/backend-api/`;
  }

  get account(): MockAccount {
    return this.issuer.account;
  }

  /** Environment that points refresh and revocation at this issuer (the Codex CLI's own overrides). */
  env(): Record<string, string> {
    return {
      CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${this.server.url}/oauth/token`,
      CODEX_REVOKE_TOKEN_URL_OVERRIDE: `${this.server.url}/oauth/revoke`,
    };
  }

  /** `config.toml` lines that send model requests for a ChatGPT sign-in here. */
  configToml(extra = ""): string {
    return `chatgpt_base_url = ${JSON.stringify(this.chatgptBaseUrl)}\n${extra}`;
  }

  mintTokens(
    options: { accessExpiresInSeconds?: number; account?: Partial<MockAccount> } = {},
  ): MintedTokens {
    return this.issuer.mintTokens(options);
  }

  /**
   * auth.json contents for a sign-in with `tokens`, in the layout Rust Codex 0.169 writes (its
   * `oauth_provenance` and `login_owner_id` included).
   */
  authJson(tokens: MintedTokens, options: { lastRefresh?: Date } = {}): Record<string, unknown> {
    return {
      auth_mode: "chatgpt",
      OPENAI_API_KEY: null,
      tokens: {
        id_token: tokens.id_token,
        access_token: tokens.access_token,
        refresh_token: tokens.refresh_token,
        oauth_provenance: { issuer: this.issuerUrl, client_id: CODEX_CLIENT_ID },
        login_owner_id: "mock-login-owner",
        account_id: tokens.account_id,
      },
      last_refresh: (options.lastRefresh ?? new Date()).toISOString(),
    };
  }

  /** Queues the answer to the next authorised model request. */
  enqueueModelResponse(response: ScriptedResponse): this {
    this.modelResponses.push(response);
    return this;
  }

  get requests(): RecordedRequest[] {
    return this.server.requests;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.server.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private async handle(request: RecordedRequest): Promise<ScriptedResponse> {
    const answer = await this.issuer.handle(request);
    if (answer !== null) return answer;
    if (request.method === "POST" && request.path === CODEX_RESPONSES_PATH) return this.responses(request);
    return httpError(404, {
      error: { message: `mock chatgpt: nothing at ${request.method} ${request.path}` },
    });
  }

  private responses(request: RecordedRequest): ScriptedResponse {
    this.onModelRequest?.(request);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
    if (!this.issuer.accessTokenValid(bearer, request.headers["chatgpt-account-id"])) {
      return httpError(401, {
        error: {
          message: "Provided authentication token is expired. Please try signing in again.",
          code: "token_expired",
        },
      });
    }
    return (
      this.modelResponses.shift() ??
      httpError(500, { error: { message: "mock chatgpt: no model response scripted" } })
    );
  }
}

/** Starts the mock issuer + ChatGPT backend on 127.0.0.1 (random port). Close it when done. */
export function startMockChatGpt(options: MockIssuerOptions = {}): Promise<MockChatGpt> {
  return MockChatGpt.start(options);
}
