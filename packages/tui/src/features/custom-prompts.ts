/**
 * Custom prompts: `$CODEX_HOME/prompts/*.md`, invoked as `/prompts:<name> args…`. Optional YAML-ish
 * frontmatter gives `description` and `argument-hint`. `$1`..`$9` are positional arguments,
 * `$ARGUMENTS` is all of them, `$$` is a literal dollar. Quoted arguments keep their spaces.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";

export const PROMPTS_PREFIX = "prompts";

export type CustomPrompt = { name: string; description: string; argumentHint: string | null; body: string };

export async function loadCustomPrompts(codexHome: string): Promise<CustomPrompt[]> {
  const dir = join(codexHome, "prompts");
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".md")).sort();
  } catch {
    return [];
  }
  const out: CustomPrompt[] = [];
  for (const file of names) {
    const name = basename(file, ".md");
    try {
      out.push(parsePrompt(name, await readFile(join(dir, file), "utf8")));
    } catch {
      // unreadable prompt files are skipped
    }
  }
  return out;
}

export function parsePrompt(name: string, content: string): CustomPrompt {
  let body = content;
  let description = "send saved prompt";
  let argumentHint: string | null = null;
  const fm = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(content);
  if (fm) {
    body = content.slice(fm[0].length);
    for (const line of (fm[1] ?? "").split(/\r?\n/)) {
      const kv = /^([\w-]+):\s*(.*)$/.exec(line);
      if (!kv) continue;
      const value = (kv[2] ?? "").replace(/^["']|["']$/g, "");
      if (kv[1] === "description") description = value;
      if (kv[1] === "argument-hint") argumentHint = value;
    }
  }
  return { name, description, argumentHint, body };
}

/** Splits arguments like a shell would for simple quoting ("a b" 'c d' e). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re))
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3] ?? ""));
  return out;
}

export function expandPrompt(prompt: CustomPrompt, argsText: string): string {
  const args = splitArgs(argsText);
  return prompt.body.replace(/\$(\$|ARGUMENTS|[1-9])/g, (_m, what: string) => {
    if (what === "$") return "$";
    if (what === "ARGUMENTS") return args.join(" ");
    return args[Number(what) - 1] ?? "";
  });
}
