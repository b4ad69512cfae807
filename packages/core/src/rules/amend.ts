/**
 * "Approve and don't ask again for commands starting with …": appends an allow rule to
 * `$CODEX_HOME/rules/default.rules` in 0.169's exact form, once (an identical line is not added
 * again). The file is opened for appending and the line written in one write, so two sessions
 * appending at once do not interleave within a line.
 */
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

function defaultRulesPath(codexHome: string): string {
  return join(codexHome, "rules", "default.rules");
}

/** The line 0.169 writes for an allow prefix: `prefix_rule(pattern=["git", "pull"], decision="allow")`. */
function allowRuleLine(prefix: readonly string[]): string {
  return `prefix_rule(pattern=[${prefix.map((word) => JSON.stringify(word)).join(", ")}], decision="allow")`;
}

export function appendAllowRule(codexHome: string, prefix: readonly string[]): string {
  if (prefix.length === 0) throw new Error("a rule needs at least one word of the command");
  const path = defaultRulesPath(codexHome);
  const line = allowRuleLine(prefix);
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "a+");
  try {
    const contents = readFileSync(path, "utf8");
    if (contents.split("\n").includes(line)) return path;
    const separator = contents !== "" && !contents.endsWith("\n") ? "\n" : "";
    writeSync(fd, `${separator}${line}\n`);
  } finally {
    closeSync(fd);
  }
  return path;
}
