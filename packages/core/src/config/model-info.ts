/** What Codex knows about model families: context window and output limit (§7 model table). */

export type ModelInfo = { contextWindow: number; maxOutputTokens: number };

const TABLE: Array<[prefix: string, info: ModelInfo]> = [
  ["gpt-oss", { contextWindow: 96_000, maxOutputTokens: 32_000 }],
  ["gpt-4.1", { contextWindow: 1_047_576, maxOutputTokens: 32_768 }],
  ["gpt-4o", { contextWindow: 128_000, maxOutputTokens: 16_384 }],
  ["o3", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ["o4-mini", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ["codex-mini-latest", { contextWindow: 200_000, maxOutputTokens: 100_000 }],
  ["gpt-5", { contextWindow: 272_000, maxOutputTokens: 128_000 }],
  ["codex-", { contextWindow: 272_000, maxOutputTokens: 128_000 }],
];

export function modelInfo(model: string): ModelInfo | null {
  for (const [prefix, info] of TABLE) if (model.startsWith(prefix)) return info;
  return null;
}

/** Models that take the freeform (grammar) apply_patch tool. */
export function prefersFreeformApplyPatch(model: string): boolean {
  return model.startsWith("gpt-5-codex") || model.startsWith("codex-") || model.startsWith("gpt-5.1-codex");
}

/** Models of the reasoning families (they get `reasoning` in the request). */
export function supportsReasoning(model: string): boolean {
  return /^(o\d|gpt-5|codex-)/.test(model);
}
