/**
 * Custom prompts: `$CODEX_HOME/prompts/*.md`, listed for front ends by the `list_custom_prompts`
 * op. An optional frontmatter block gives `description` and `argument-hint`; `content` is the
 * rest. Front ends expand the arguments (`$1`..`$9`, `$ARGUMENTS`) when the prompt is used.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { CustomPrompt } from "@codex/protocol";

/** Every readable `*.md` file of the prompts folder, by name; [] when there is no such folder. */
export async function listCustomPrompts(codexHome: string): Promise<CustomPrompt[]> {
  const dir = join(codexHome, "prompts");
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith(".md"))
      .sort();
  } catch {
    return [];
  }
  const out: CustomPrompt[] = [];
  for (const file of names) {
    const path = join(dir, file);
    try {
      out.push(parseCustomPrompt(basename(file, ".md"), path, readFileSync(path, "utf8")));
    } catch {
      // A folder named *.md or an unreadable file is skipped.
    }
  }
  return out;
}

function parseCustomPrompt(name: string, path: string, text: string): CustomPrompt {
  const prompt: CustomPrompt = { name, path, content: text };
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!fm) return prompt;
  prompt.content = text.slice(fm[0].length);
  for (const line of (fm[1] ?? "").split(/\r?\n/)) {
    const kv = /^([\w-]+):\s*(.*)$/.exec(line);
    if (!kv) continue;
    const value = (kv[2] ?? "").replace(/^["']|["']$/g, "");
    if (kv[1] === "description") prompt.description = value;
    if (kv[1] === "argument-hint") prompt.argument_hint = value;
  }
  return prompt;
}
