/** Keys about the model, its provider, its instructions and reasoning. */
import { APPROVAL_POLICIES, REASONING_EFFORTS, REASONING_SUMMARIES, VERBOSITIES } from "@codex/protocol";
import {
  alias,
  bool,
  enumOf,
  honoured,
  inert,
  int,
  mapOf,
  oneOf,
  path,
  str,
  stringMap,
  strings,
  table,
  uint,
  unsupported,
} from "../declare.ts";

export const PROVIDER_KEYS = {
  name: honoured(str, { doc: "display name (required)" }),
  base_url: honoured(str, {
    doc: "API base URL; requests go to `<base_url>/responses` or `/chat/completions`",
  }),
  env_key: honoured(str, { doc: "environment variable holding the API key (sent as a bearer token)" }),
  env_key_instructions: honoured(str, { doc: "shown when `env_key` is unset" }),
  experimental_bearer_token: honoured(str, { doc: "a bearer token written in the file (prefer `env_key`)" }),
  wire_api: honoured(enumOf(["responses", "chat"]), {
    doc: "`responses`, or `chat` (Chat Completions, which Codex 0.169 no longer has)",
    default: "responses",
  }),
  query_params: honoured(stringMap, { doc: "query parameters added to every request URL" }),
  http_headers: honoured(stringMap, { doc: "extra request headers" }),
  env_http_headers: honoured(stringMap, { doc: "header name -> environment variable holding its value" }),
  request_max_retries: honoured(uint, { doc: "retries of a failed request (cap 100)", default: 4 }),
  stream_max_retries: honoured(uint, { doc: "reconnects of a dropped stream (cap 100)", default: 5 }),
  stream_idle_timeout_ms: honoured(uint, { doc: "a stream silent this long is dropped", default: 300_000 }),
  requires_openai_auth: honoured(bool, {
    doc: "use the OpenAI login (auth.json) for this provider",
    default: false,
  }),
  supports_websockets: inert("this build always uses HTTP streaming, which every provider supports"),
  websocket_connect_timeout_ms: inert("no WebSocket transport here (see `supports_websockets`)"),
  auth: unsupported("command-backed bearer tokens are not supported; use `env_key`"),
  aws: unsupported("AWS SigV4 signing is not supported"),
} as const;

export const MODEL_KEYS = {
  model: honoured(str, { doc: "the model (`-m`); default `gpt-5-codex` (`gpt-oss:20b` with `--oss`)" }),
  review_model: honoured(str, {
    doc: "model of code reviews (`codex review`, `/review`); default: the session's model",
  }),
  model_provider: honoured(str, {
    doc: "id of a provider in `model_providers` (or built-in `openai`, `oss`)",
  }),
  model_providers: honoured(mapOf(table(PROVIDER_KEYS)), {
    doc: "providers by id; the built-ins `openai` and `oss` cannot be replaced",
  }),
  openai_base_url: honoured(str, {
    doc: "base URL of the built-in `openai` provider (also `OPENAI_BASE_URL`)",
  }),
  oss_provider: unsupported("only the Ollama provider (`--oss`) is built in; LM Studio is not"),
  model_reasoning_effort: honoured(enumOf(REASONING_EFFORTS), { doc: "sent as `reasoning.effort`" }),
  plan_mode_reasoning_effort: unsupported("there is no plan mode"),
  model_reasoning_summary: honoured(enumOf(REASONING_SUMMARIES), {
    doc: "sent as `reasoning.summary`",
    default: "auto",
  }),
  model_verbosity: honoured(enumOf(VERBOSITIES), { doc: "sent as `text.verbosity` (GPT-5 models)" }),
  model_supports_reasoning_summaries: honoured(bool, {
    doc: "send `reasoning` even for a model not known to reason",
    origin: "legacy",
  }),
  model_reasoning_summary_format: unsupported("experimental summary formats are not supported", {
    origin: "legacy",
  }),
  model_context_window: honoured(int, { doc: "tokens; default from the model catalog" }),
  model_max_output_tokens: unsupported("not sent to the model (Codex 0.47 did not send it either)", {
    origin: "legacy",
  }),
  model_auto_compact_token_limit: honoured(int, {
    doc: "compact the history when the context holds this many tokens; default 90% of the window",
  }),
  model_auto_compact_token_limit_scope: unsupported("the whole context always counts"),
  model_post_turn_compact_threshold_percent: unsupported("compaction runs on the token limit only"),
  model_catalog_json: unsupported("the model table is built in"),
  service_tier: unsupported("no `service_tier` is sent"),
  personality: unsupported("personalities are not supported"),
  developer_instructions: honoured(str, { doc: "sent to the model as an extra developer message" }),
  model_instructions_file: honoured(path, {
    doc: "file whose text replaces the built-in instructions (relative paths: from the config file's folder)",
  }),
  experimental_instructions_file: alias(path, ["model_instructions_file"], {
    doc: "Codex 0.47's name for `model_instructions_file`",
  }),
  instructions: inert("Codex ignores it too (use `developer_instructions` or AGENTS.md)"),
  compact_prompt: unsupported("the compaction prompt is built in"),
  experimental_compact_prompt_file: unsupported("the compaction prompt is built in"),
  approval_policy: honoured(
    oneOf(
      [enumOf(APPROVAL_POLICIES), table({ granular: unsupported("granular approvals are not supported") })],
      'one of "untrusted", "on-failure", "on-request", "never" (a granular table is not supported)',
    ),
    {
      doc: "when to ask before running a command (`-a`); default `on-request` (`codex exec`: always `never`); a `granular` table is not supported",
    },
  ),
  approvals_reviewer: unsupported("approvals always go to you"),
  auto_review: unsupported("there is no automatic approval reviewer"),
  disable_response_storage: inert("requests are always sent with `store: false` and the full history", {
    origin: "legacy",
  }),
  responses_originator_header_internal_override: honoured(str, {
    doc: "the `originator` header (also `CODEX_INTERNAL_ORIGINATOR_OVERRIDE`)",
    origin: "legacy",
  }),
  chatgpt_base_url: honoured(str, {
    doc: "the ChatGPT backend; with a ChatGPT sign-in the built-in provider talks to `<it>/codex`",
    default: "https://chatgpt.com/backend-api/",
  }),
  forced_login_method: honoured(enumOf(["chatgpt", "api"]), {
    doc: "only this kind of login may be used (`codex login` refuses the other; start-up logs it out)",
  }),
  forced_chatgpt_workspace_id: honoured(
    oneOf([str, strings], 'a workspace id or a list of them, e.g. "ws-123" or ["ws-123", "ws-456"]'),
    { doc: "ChatGPT sign-ins must belong to one of these workspaces" },
  ),
  cli_auth_credentials_store: honoured(enumOf(["file", "keyring", "auto"]), {
    doc: "where logins are stored: auth.json (`file`), the OS keyring, or `auto` (0.169's `ephemeral` is not supported)",
    default: "file",
  }),
} as const;
