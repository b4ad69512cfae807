/** `$CODEX_HOME/.env`: loaded into the environment at start-up, except `CODEX_*` keys (as Codex CLI does). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    let value = match[2] ?? "";
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out[match[1] as string] = value;
  }
  return out;
}

/** Adds the variables of `$CODEX_HOME/.env` that are not already set and do not start with CODEX_. */
export function loadCodexDotEnv(codexHome: string, env: NodeJS.ProcessEnv = process.env): void {
  let text: string;
  try {
    text = readFileSync(join(codexHome, ".env"), "utf8");
  } catch {
    return;
  }
  for (const [key, value] of Object.entries(parseDotEnv(text))) {
    if (key.toUpperCase().startsWith("CODEX_")) continue;
    if (env[key] === undefined) env[key] = value;
  }
}
