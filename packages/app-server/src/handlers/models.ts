/**
 * model/list: the models this build knows to offer (the configured one first, as the default),
 * with the reasoning efforts each accepts. There is no catalog download: the list is what the
 * model families in use today take.
 */
import type { ServerContext } from "../context.ts";
import { invalidRequest } from "../errors.ts";
import type { Params } from "../params.ts";

type Known = {
  id: string;
  displayName: string;
  description: string;
  efforts: string[];
  defaultEffort: string;
};

const KNOWN: readonly Known[] = [
  {
    id: "gpt-5-codex",
    displayName: "gpt-5-codex",
    description: "Optimized for coding tasks with many tools.",
    efforts: ["low", "medium", "high"],
    defaultEffort: "medium",
  },
  {
    id: "gpt-5",
    displayName: "gpt-5",
    description: "Broad world knowledge with strong general reasoning.",
    efforts: ["minimal", "low", "medium", "high"],
    defaultEffort: "medium",
  },
];

const EFFORT_HELP: Record<string, string> = {
  minimal: "Fastest responses with little reasoning",
  low: "Fast responses with lighter reasoning",
  medium: "Balances speed and reasoning depth for everyday tasks",
  high: "Greater reasoning depth for complex problems",
};

function modelEntry(known: Known, isDefault: boolean): Record<string, unknown> {
  return {
    id: known.id,
    model: known.id,
    displayName: known.displayName,
    description: known.description,
    hidden: false,
    supportedReasoningEfforts: known.efforts.map((effort) => ({
      reasoningEffort: effort,
      description: EFFORT_HELP[effort] ?? effort,
    })),
    defaultReasoningEffort: known.defaultEffort,
    inputModalities: ["text", "image"],
    supportsPersonality: false,
    isDefault,
  };
}

export async function modelList(_params: Params, ctx: ServerContext): Promise<unknown> {
  const core = await import("@codex/core");
  let configured: string;
  try {
    configured = core.loadConfig({ ...ctx.loadOptions, onWarning: () => {} }).config.model;
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : String(error));
  }
  const known = KNOWN.find((k) => k.id === configured);
  const first: Known = known ?? {
    id: configured,
    displayName: configured,
    description: "The model set in config.toml.",
    efforts: ["low", "medium", "high"],
    defaultEffort: "medium",
  };
  const data = [first, ...KNOWN.filter((k) => k.id !== first.id)].map((k, i) => modelEntry(k, i === 0));
  return { data, nextCursor: null };
}
