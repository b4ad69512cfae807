/**
 * Conversation items as the Responses API sends and receives them. The session history, the
 * rollout file (`response_item` lines) and both wire APIs use this one shape.
 */

export type ContentItem =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string }
  | { type: "output_text"; text: string };

export type ReasoningSummaryPart = { type: "summary_text"; text: string };
export type ReasoningContentPart = { type: "reasoning_text" | "text"; text: string };

export type LocalShellAction = {
  type: "exec";
  command: string[];
  timeout_ms?: number | null;
  working_directory?: string | null;
  env?: Record<string, string> | null;
};

export type ResponseItem =
  | {
      type: "message";
      id?: string;
      role: "user" | "assistant" | "developer" | "system";
      content: ContentItem[];
    }
  | {
      type: "reasoning";
      id: string;
      summary: ReasoningSummaryPart[];
      content?: ReasoningContentPart[] | null;
      encrypted_content?: string | null;
    }
  | { type: "function_call"; id?: string; name: string; arguments: string; call_id: string }
  | { type: "function_call_output"; call_id: string; output: string }
  | { type: "custom_tool_call"; id?: string; status?: string; call_id: string; name: string; input: string }
  | { type: "custom_tool_call_output"; call_id: string; output: string }
  | { type: "local_shell_call"; id?: string; call_id: string; status?: string; action: LocalShellAction }
  | { type: "web_search_call"; id?: string; status?: string; action?: WebSearchAction };

export type WebSearchAction =
  | { type: "search"; query?: string; queries?: string[] }
  | { type: "open_page"; url?: string }
  | { type: "find_in_page"; url?: string; pattern?: string }
  | { type: "other" };

/** Token counts as Codex reports them; `turn.completed.usage` is the cumulative total. */
export type TokenUsage = {
  input_tokens: number;
  cached_input_tokens: number;
  /** Input tokens written to the prompt cache (0.169 reports them; 0 where a server does not). */
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
};

export function emptyTokenUsage(): TokenUsage {
  return {
    input_tokens: 0,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 0,
    reasoning_output_tokens: 0,
    total_tokens: 0,
  };
}

export function addTokenUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    cached_input_tokens: a.cached_input_tokens + b.cached_input_tokens,
    // Absent from usages that older session files recorded.
    cache_write_input_tokens: (a.cache_write_input_tokens ?? 0) + (b.cache_write_input_tokens ?? 0),
    output_tokens: a.output_tokens + b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens + b.reasoning_output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}
