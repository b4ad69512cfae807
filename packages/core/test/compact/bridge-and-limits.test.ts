import { describe, expect, test } from "bun:test";
import type { ResponseItem, TokenUsage } from "@codex/protocol";
import { autoCompactTokenLimit, contextWindowFor, shouldAutoCompact } from "../../src/compact/limits.ts";
import {
  buildCompactedHistory,
  collectUserMessages,
  isBridgeMessage,
  selectUserMessages,
} from "../../src/rollout/compaction-bridge.ts";

const user = (text: string): ResponseItem => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});
const assistant = (text: string): ResponseItem => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text }],
});
const text = (item: ResponseItem | undefined) =>
  item?.type === "message" ? item.content.map((c) => ("text" in c ? c.text : "")).join("") : "";

function usage(input: number, output: number): TokenUsage {
  return {
    input_tokens: input,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: output,
    reasoning_output_tokens: 0,
    total_tokens: input + output,
  };
}

describe("compacted history", () => {
  const history = [
    user("<user_instructions>\n\nbe nice\n\n</user_instructions>"),
    user("<environment_context>\n  <cwd>/w</cwd>\n</environment_context>"),
    user("build a parser"),
    assistant("ok"),
    { type: "function_call", name: "shell", arguments: "{}", call_id: "c" } as ResponseItem,
    { type: "function_call_output", call_id: "c", output: "big output" } as ResponseItem,
    user("now add tests"),
  ];

  test("keeps the initial context, then one bridge with the user's messages and the summary", () => {
    const next = buildCompactedHistory(history, "SUMMARY: parser done, tests pending");
    expect(next.length).toBe(3);
    expect(next.slice(0, 2)).toEqual(history.slice(0, 2));
    const bridge = text(next[2]);
    expect(isBridgeMessage(next[2] as ResponseItem)).toBe(true);
    expect(bridge).toContain("build a parser");
    expect(bridge).toContain("now add tests");
    expect(bridge).toContain("SUMMARY: parser done, tests pending");
    expect(bridge).not.toContain("big output");
    expect(bridge.indexOf("build a parser")).toBeLessThan(bridge.indexOf("now add tests"));
  });

  test("a second compaction carries the user messages over without nesting summaries", () => {
    const once = buildCompactedHistory(history, "FIRST SUMMARY");
    const twice = buildCompactedHistory(
      [...once, assistant("more work"), user("and docs")],
      "SECOND SUMMARY",
    );
    expect(collectUserMessages(twice)).toEqual(["build a parser", "now add tests", "and docs"]);
    expect(text(twice[2])).not.toContain("FIRST SUMMARY");
  });

  test("user messages over the budget keep the newest whole and the first (the task)", () => {
    const messages = [
      "TASK ".repeat(50),
      ...Array.from({ length: 100 }, (_, i) => `msg ${i} ${"x".repeat(1000)}`),
    ];
    const kept = selectUserMessages(messages, 20_000);
    expect(kept[0]).toBe(messages[0] as string);
    expect(kept[kept.length - 1]).toBe(messages[messages.length - 1] as string);
    expect(kept.join("").length).toBeLessThanOrEqual(20_000);
    expect(kept[1]).toMatch(/earlier user message\(s\) omitted/);
    const huge = selectUserMessages(["y".repeat(100_000)], 10_000);
    expect(huge[0]?.length).toBeLessThan(10_000);
    expect(huge[0]).toContain("tokens truncated");
  });
});

describe("auto-compaction threshold", () => {
  test("context windows come from config, then the model table", () => {
    expect(contextWindowFor({ model: "gpt-5-codex", model_context_window: null })).toBe(272_000);
    expect(contextWindowFor({ model: "gpt-4o-mini", model_context_window: null })).toBe(128_000);
    expect(contextWindowFor({ model: "mystery", model_context_window: 50_000 })).toBe(50_000);
    expect(contextWindowFor({ model: "mystery", model_context_window: null })).toBeNull();
  });

  test("the configured limit wins; otherwise 85% of the window; unknown models never auto-compact", () => {
    const base = { model: "gpt-5-codex", model_context_window: null, model_auto_compact_token_limit: null };
    expect(autoCompactTokenLimit(base)).toBe(231_200);
    expect(autoCompactTokenLimit({ ...base, model_auto_compact_token_limit: 1000 })).toBe(1000);
    expect(autoCompactTokenLimit({ ...base, model: "mystery" })).toBeNull();
  });

  test("uses the last response's usage, not the session total", () => {
    const settings = { model: "m", model_context_window: null, model_auto_compact_token_limit: 1000 };
    expect(shouldAutoCompact(usage(900, 99), settings)).toBe(false);
    expect(shouldAutoCompact(usage(900, 100), settings)).toBe(true);
    expect(
      shouldAutoCompact(
        {
          total_token_usage: usage(5000, 5000),
          last_token_usage: usage(100, 10),
          model_context_window: null,
        },
        settings,
      ),
    ).toBe(false);
    expect(shouldAutoCompact(null, settings)).toBe(false);
  });
});
