/** Shared helpers for the rollout tests: temp CODEX_HOME and quick synthetic sessions. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import { newSessionId, rolloutPath } from "../../src/rollout/paths.ts";

export function tempHome(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "codex-rollout-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function userItem(text: string): ResponseItem {
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}

export function assistantItem(text: string): ResponseItem {
  return { type: "message", role: "assistant", content: [{ type: "output_text", text }] };
}

/** Writes a small valid rollout file directly (fast enough for thousands). */
export function writeSyntheticSession(
  codexHome: string,
  options: { at: Date; id?: string; cwd?: string; firstMessage?: string | null; source?: string },
): { id: string; path: string } {
  const id = options.id ?? newSessionId(options.at.getTime());
  const path = rolloutPath(codexHome, options.at, id);
  mkdirSync(dirname(path), { recursive: true });
  const ts = options.at.toISOString();
  const lines = [
    {
      timestamp: ts,
      type: "session_meta",
      payload: {
        id,
        timestamp: ts,
        cwd: options.cwd ?? "/work",
        originator: "codex_exec",
        cli_version: "0.0.0",
        instructions: null,
        source: options.source ?? "exec",
      },
    },
  ];
  if (options.firstMessage !== null) {
    lines.push({
      timestamp: ts,
      type: "response_item",
      payload: userItem(options.firstMessage ?? `hello from ${id}`) as never,
    });
  }
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return { id, path };
}
