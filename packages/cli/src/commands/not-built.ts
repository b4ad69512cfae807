/** Subcommands whose feature this build does not have yet: say so plainly and fail. */
import type { ParsedCommand } from "../args/spec.ts";

const REASONS: Record<string, string> = {
  "codex apply":
    "`codex apply` applies the diff of a Codex Cloud task, which needs a ChatGPT sign-in; this build does not support Codex Cloud yet. Apply local changes with `git apply` instead.",
  "codex mcp-server": "`codex mcp-server` (Codex as an MCP server) is not built yet in this version.",
  "codex app-server generate-ts":
    "`codex app-server generate-ts` is not built yet in this version; the protocol is described in docs/app-server.md.",
  "codex app-server generate-json-schema":
    "`codex app-server generate-json-schema` is not built yet in this version; the protocol is described in docs/app-server.md.",
  "codex cloud": "`codex cloud` (Codex Cloud tasks) is not supported by this build.",
  "codex mcp login":
    "`codex mcp login` (OAuth for MCP servers) is not built yet; use bearer_token_env_var for HTTP servers.",
  "codex mcp logout": "`codex mcp logout` (OAuth for MCP servers) is not built yet.",
};

export async function runNotBuilt(parsed: ParsedCommand): Promise<number> {
  const path = parsed.path.join(" ");
  process.stderr.write(`${REASONS[path] ?? `\`${path}\` is not supported by this build.`}\n`);
  return 1;
}
