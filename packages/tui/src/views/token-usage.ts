/**
 * Token counts as Codex shows them. `input_tokens` includes `cached_input_tokens` (the protocol's
 * token_count semantics), so the shown input is the non-cached part, cached tokens are added in
 * brackets, and the total is non-cached input plus output: cached tokens are never counted twice.
 */
import type { TokenUsage } from "@codex/protocol";

const numbers = new Intl.NumberFormat("en-US");

function count(n: number): string {
  return numbers.format(Math.max(0, n));
}

function nonCachedInput(usage: TokenUsage): number {
  return Math.max(0, usage.input_tokens - Math.max(0, usage.cached_input_tokens));
}

/** Non-cached input plus output: what the session consumed, as one number. */
function blendedTotal(usage: TokenUsage): number {
  return nonCachedInput(usage) + Math.max(0, usage.output_tokens);
}

/** `Token usage: total=1,250 input=1,000 (+ 4,000 cached) output=250 (reasoning 100)`, printed on exit. */
export function tokenUsageLine(usage: TokenUsage): string {
  const cached = usage.cached_input_tokens > 0 ? ` (+ ${count(usage.cached_input_tokens)} cached)` : "";
  const reasoning =
    usage.reasoning_output_tokens > 0 ? ` (reasoning ${count(usage.reasoning_output_tokens)})` : "";
  return `Token usage: total=${count(blendedTotal(usage))} input=${count(nonCachedInput(usage))}${cached} output=${count(usage.output_tokens)}${reasoning}`;
}

/** `1,250 total (1,000 input + 4,000 cached, 250 output)`, for /status. */
export function tokenUsageSummary(usage: TokenUsage): string {
  const cached = usage.cached_input_tokens > 0 ? ` + ${count(usage.cached_input_tokens)} cached` : "";
  return `${count(blendedTotal(usage))} total (${count(nonCachedInput(usage))} input${cached}, ${count(usage.output_tokens)} output)`;
}
