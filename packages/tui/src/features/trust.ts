/**
 * Recording the answer to the trust question: sets `projects."<path>".trust_level` to "trusted"
 * or "untrusted" in `$CODEX_HOME/config.toml` with a minimal, targeted edit that leaves the rest
 * of the file alone. Either value means "asked already"; "untrusted" is also what Codex 0.169
 * reads as an explicitly untrusted folder.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export type TrustLevel = "trusted" | "untrusted";

function tomlString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function setTrustInToml(content: string, projectPath: string, level: TrustLevel): string {
  const header = `[projects.${tomlString(projectPath)}]`;
  const entry = `trust_level = "${level}"`;
  const lines = content.split("\n");
  const at = lines.findIndex((l) => l.trim() === header);
  if (at < 0) {
    const sep =
      content.length === 0 || content.endsWith("\n\n") ? "" : content.endsWith("\n") ? "\n" : "\n\n";
    return `${content}${sep}${header}\n${entry}\n`;
  }
  let end = at + 1;
  while (end < lines.length && !/^\s*\[/.test(lines[end] ?? "")) end++;
  const body = lines.slice(at + 1, end).filter((l) => !/^\s*trust_level\s*=/.test(l));
  return [...lines.slice(0, at + 1), entry, ...body, ...lines.slice(end)].join("\n");
}

export async function recordProjectTrust(
  codexHome: string,
  projectPath: string,
  level: TrustLevel,
): Promise<void> {
  const file = join(codexHome, "config.toml");
  let content = "";
  try {
    content = await readFile(file, "utf8");
  } catch {
    await mkdir(dirname(file), { recursive: true });
  }
  await writeFile(file, setTrustInToml(content, projectPath, level), { mode: 0o600 });
}
