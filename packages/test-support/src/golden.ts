/**
 * The conformance data in `packages/test-support/fixtures/codex-exec-golden/` (from openai/codex,
 * Apache-2.0; see its NOTICE): `scenarioN.json` is one entry per model request, either an array of
 * Responses SSE events or `{status, body}` for an HTTP error; `v047_*.jsonl` is what 0.47 printed.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import type { ResponsesEvent } from "./responses-events.ts";
import { httpError, responsesStream, type ScriptedResponse } from "./scripted-response.ts";

/** The repository root (the directory holding the workspace `package.json`). */
export const repoRoot: string = resolve(import.meta.dir, "../../..");

/** The golden fixtures, inside this package. */
const goldenDir: string = resolve(import.meta.dir, "../fixtures/codex-exec-golden");

function goldenPath(name: string): string {
  return isAbsolute(name) ? name : join(goldenDir, name);
}

type GoldenEntry = ResponsesEvent[] | { status: number; body?: unknown; headers?: Record<string, string> };

/** Turns parsed scenario data into scripted responses, in request order. */
export function scenarioResponses(entries: GoldenEntry[]): ScriptedResponse[] {
  return entries.map((entry) =>
    Array.isArray(entry)
      ? responsesStream(entry, { created: false })
      : httpError(entry.status, entry.body ?? "", { headers: entry.headers }),
  );
}

/** Reads `scenarioN.json` (a name inside the golden directory, or a path). */
export function loadGoldenScenario(name: string): ScriptedResponse[] {
  const entries = JSON.parse(readFileSync(goldenPath(name), "utf8")) as GoldenEntry[];
  return scenarioResponses(entries);
}

/** Reads a golden JSONL transcript as parsed lines. */
export function loadGoldenJsonl(name: string): unknown[] {
  return readFileSync(goldenPath(name), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}
