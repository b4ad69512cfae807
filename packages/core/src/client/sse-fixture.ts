/**
 * `CODEX_RS_SSE_FIXTURE=<file>`: the reference's offline test hook. The Responses client streams
 * the file's events instead of calling the network. The file holds SSE lines (`event: …`,
 * `data: {…}`); as in the reference, every line is taken as its own frame, so only `data:` lines
 * matter and blank lines are optional.
 */
import { readFileSync } from "node:fs";

export const SSE_FIXTURE_ENV_VAR = "CODEX_RS_SSE_FIXTURE";

export async function* fixtureEvents(path: string): AsyncGenerator<Record<string, unknown>> {
  const text = readFileSync(path, "utf8");
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith("data:")) continue;
    const data = line.slice(5).trim();
    if (data === "" || data === "[DONE]") continue;
    try {
      yield JSON.parse(data) as Record<string, unknown>;
    } catch {
      // The reference skips frames it cannot parse.
    }
  }
}
