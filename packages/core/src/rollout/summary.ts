/** What the start of a rollout file says about its session: enough for pickers and `--last`. */
import { statSync } from "node:fs";
import type { ContentItem } from "@codex/protocol";
import { readRolloutHead } from "./reader.ts";
import { type SessionMeta, type SessionSourceName, sessionSourceName } from "./types.ts";
import type { RolloutFileRef } from "./walk.ts";

export type SessionSummary = {
  path: string;
  id: string;
  /** session_meta.timestamp (ISO 8601 UTC). */
  timestamp: string;
  cwd: string;
  source: SessionSourceName;
  originator: string;
  modelProvider: string | null;
  /** The first thing the user typed, or null when the head holds no user message. */
  firstUserMessage: string | null;
  /** When the session file last changed (ms since the epoch), or null when it could not be read. */
  modifiedMs: number | null;
};

export type SessionFilter = {
  /** Only sessions started in this directory. */
  cwd?: string;
  /** Only sessions from these sources (e.g. `["cli", "vscode"]` for the TUI picker). */
  sources?: readonly SessionSourceName[];
  /** Include sessions in which the user never said anything (default false, as Codex). */
  includeEmpty?: boolean;
};

const HEAD_LINES = 24;

/** Messages the session adds on its own (instructions, environment), not typed by the user. */
export function isSessionPrefixMessage(text: string): boolean {
  const t = text.trimStart().toLowerCase();
  return t.startsWith("<user_instructions>") || t.startsWith("<environment_context>");
}

export function userMessageText(content: readonly ContentItem[]): string {
  return content
    .filter((c): c is { type: "input_text"; text: string } => c.type === "input_text")
    .map((c) => c.text)
    .join("\n");
}

/** Reads a rollout's head into a summary; null when it is not a valid session file. */
export function summarizeRollout(ref: RolloutFileRef): SessionSummary | null {
  const head = readRolloutHead(ref.path, { maxLines: HEAD_LINES });
  const first = head.lines[0];
  if (first?.type !== "session_meta") return null;
  const meta: SessionMeta = first.payload;
  if (typeof meta.id !== "string") return null;
  let firstUserMessage: string | null = null;
  for (const line of head.lines.slice(1)) {
    if (line.type === "event_msg" && line.payload.type === "user_message") {
      firstUserMessage = line.payload.message;
      break;
    }
    if (line.type === "response_item" && line.payload.type === "message" && line.payload.role === "user") {
      const text = userMessageText(line.payload.content);
      if (!isSessionPrefixMessage(text)) {
        firstUserMessage = text;
        break;
      }
    }
  }
  return {
    path: ref.path,
    id: meta.id,
    timestamp: meta.timestamp,
    cwd: meta.cwd,
    source: sessionSourceName(meta.source),
    originator: meta.originator ?? "",
    modelProvider: meta.model_provider ?? null,
    firstUserMessage,
    modifiedMs: statSync(ref.path, { throwIfNoEntry: false })?.mtimeMs ?? null,
  };
}

export function matchesFilter(summary: SessionSummary, filter: SessionFilter): boolean {
  // Sub-threads (reviews) belong to their parent session; nobody resumes them on their own.
  if (summary.source === "subagent") return false;
  if (!filter.includeEmpty && summary.firstUserMessage === null) return false;
  if (filter.cwd !== undefined && summary.cwd !== filter.cwd) return false;
  if (filter.sources && !filter.sources.includes(summary.source)) return false;
  return true;
}
