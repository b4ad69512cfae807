/**
 * The front matter of a SKILL.md: a block between a first line `---` and the next `---` line, with
 * `name:` and `description:` as YAML scalars (plain, single- or double-quoted, or a `>`/`|` block).
 * Other keys are ignored.
 */

export type FrontMatter =
  | { type: "ok"; name: string; description: string }
  | { type: "error"; message: string };

const MAX_NAME = 64;
const MAX_DESCRIPTION = 1024;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    try {
      return JSON.parse(value) as string;
    } catch {
      return value.slice(1, -1);
    }
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'"))
    return value.slice(1, -1).replaceAll("''", "'");
  return value;
}

/** The top-level scalar `key` of the block, or null when absent. */
function scalar(lines: readonly string[], key: string): string | null {
  const at = lines.findIndex((line) => line.startsWith(`${key}:`));
  if (at === -1) return null;
  const first = (lines[at] ?? "").slice(key.length + 1).trim();
  if (first === ">" || first === "|" || first === ">-" || first === "|-") {
    const body: string[] = [];
    for (const line of lines.slice(at + 1)) {
      if (line.trim() !== "" && !/^\s/.test(line)) break;
      body.push(line.trim());
    }
    return first.startsWith(">") ? body.filter(Boolean).join(" ") : body.join("\n").trim();
  }
  return unquote(first);
}

export function parseSkillFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trim() !== "---")
    return { type: "error", message: "missing YAML front matter delimited by ---" };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (end === -1) return { type: "error", message: "the YAML front matter has no closing ---" };
  const block = lines.slice(1, end);
  const name = scalar(block, "name");
  const description = scalar(block, "description");
  if (!name) return { type: "error", message: "the front matter has no `name`" };
  if (!description) return { type: "error", message: "the front matter has no `description`" };
  if (name.length > MAX_NAME || /\s/.test(name))
    return { type: "error", message: `\`name\` must be one word of at most ${MAX_NAME} characters` };
  if (description.length > MAX_DESCRIPTION)
    return { type: "error", message: `\`description\` is over ${MAX_DESCRIPTION} characters` };
  return { type: "ok", name, description: description.replace(/\s+/g, " ") };
}
