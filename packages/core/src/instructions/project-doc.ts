/**
 * User instructions from AGENTS.md files: the global one in `$CODEX_HOME` (AGENTS.override.md
 * first) and the project's, collected from the git root down to the working directory (the first
 * of AGENTS.override.md, AGENTS.md, then the configured fallback names, in each directory), capped
 * at `project_doc_max_bytes` in total. Sent to the model as the `<user_instructions>` user message.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { ResponseItem } from "@codex/protocol";
import { findGitRoot } from "../git/repository.ts";

const OVERRIDE_NAME = "AGENTS.override.md";
const DEFAULT_NAME = "AGENTS.md";
const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

export type ProjectDocOptions = {
  codexHome: string;
  cwd: string;
  maxBytes: number;
  fallbackFilenames: readonly string[];
  /** Called when a document was cut to fit `maxBytes`. */
  onWarning?: (message: string) => void;
};

async function readIfFile(path: string): Promise<string | null> {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Names present in `dir` (one directory read instead of a failed open per candidate). */
async function entries(dir: string): Promise<Set<string>> {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

async function globalInstructions(codexHome: string): Promise<string | null> {
  const present = await entries(codexHome);
  for (const name of [OVERRIDE_NAME, DEFAULT_NAME]) {
    if (!present.has(name)) continue;
    const text = (await readIfFile(join(codexHome, name)))?.trim();
    if (text) return text;
  }
  return null;
}

/** Directories from the git root (or just cwd when there is none) down to cwd. */
function searchDirs(cwd: string): string[] {
  const root = findGitRoot(cwd);
  if (root === null) return [cwd];
  const chain: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === root || dirname(dir) === dir) return chain;
  }
}

async function projectInstructions(options: ProjectDocOptions): Promise<string | null> {
  if (options.maxBytes <= 0) return null;
  const names = [OVERRIDE_NAME, DEFAULT_NAME, ...options.fallbackFilenames.filter((n) => n.trim() !== "")];
  let remaining = options.maxBytes;
  const parts: string[] = [];
  for (const dir of searchDirs(options.cwd)) {
    if (remaining <= 0) break;
    const present = await entries(dir);
    for (const name of names) {
      if (!present.has(name)) continue;
      const text = await readIfFile(join(dir, name));
      if (text === null) continue;
      let bytes = Buffer.from(text, "utf8");
      if (bytes.length > remaining) {
        options.onWarning?.(
          `Project doc ${join(dir, name)} exceeds the remaining budget (${remaining} bytes); truncating it.`,
        );
        bytes = bytes.subarray(0, remaining);
      }
      remaining -= bytes.length;
      const content = bytes.toString("utf8");
      if (content.trim() !== "") parts.push(content);
      break;
    }
  }
  return parts.length > 0 ? parts.join("\n\n") : null;
}

/** The combined user instructions, or null when there are none. */
export async function loadUserInstructions(options: ProjectDocOptions): Promise<string | null> {
  const [global, project] = await Promise.all([
    globalInstructions(options.codexHome),
    projectInstructions(options),
  ]);
  if (global && project) return `${global}${PROJECT_DOC_SEPARATOR}${project}`;
  return global ?? project;
}

export function userInstructionsMessage(text: string): ResponseItem {
  return {
    type: "message",
    role: "user",
    content: [{ type: "input_text", text: `<user_instructions>\n\n${text}\n\n</user_instructions>` }],
  };
}
