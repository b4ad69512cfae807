/**
 * Marking a project trusted: sets `projects."<path>".trust_level = "trusted"` in
 * `$CODEX_HOME/config.toml` with a minimal, targeted edit that leaves the rest of the file alone.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

function tomlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function setTrustInToml(content: string, projectPath: string): string {
  const header = `[projects.${tomlString(projectPath)}]`;
  const lines = content.split("\n");
  const at = lines.findIndex((l) => l.trim() === header);
  if (at < 0) {
    const sep =
      content.length === 0 || content.endsWith("\n\n") ? "" : content.endsWith("\n") ? "\n" : "\n\n";
    return `${content}${sep}${header}\ntrust_level = "trusted"\n`;
  }
  let end = at + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end] ?? "")) end++;
  const body = lines.slice(at + 1, end).filter((l) => !/^\s*trust_level\s*=/.test(l));
  return [...lines.slice(0, at + 1), 'trust_level = "trusted"', ...body, ...lines.slice(end)].join("\n");
}

export async function markProjectTrusted(codexHome: string, projectPath: string): Promise<void> {
  const file = join(codexHome, "config.toml");
  let content = "";
  try {
    content = await readFile(file, "utf8");
  } catch {
    await mkdir(dirname(file), { recursive: true });
  }
  await writeFile(file, setTrustInToml(content, projectPath), { mode: 0o600 });
}
