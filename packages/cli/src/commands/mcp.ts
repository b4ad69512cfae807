/** `codex mcp list|get|add|remove`: manage `[mcp_servers]` in config.toml (comments and layout kept). */
import { codexHomeDir, loadConfig, mcpAdd, mcpGet, mcpList, mcpRemove } from "@codex/core";
import { flag, optionValue, optionValues } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runMcpCommand(parsed: ParsedCommand): Promise<number> {
  const action = parsed.path[2];
  const name = parsed.positionals.NAME as string | undefined;
  switch (action) {
    case "list":
    case "get": {
      const { config } = loadConfig(configOptionsFromFlags(parsed, "tui"));
      const json = flag(parsed, "json");
      return action === "list"
        ? mcpList({ servers: config.mcp_servers, json })
        : mcpGet({ servers: config.mcp_servers, name: name as string, json });
    }
    case "add":
      return mcpAdd({
        codexHome: codexHomeDir(),
        name: name as string,
        command: (parsed.positionals.COMMAND as string[] | undefined) ?? [],
        env: optionValues(parsed, "env"),
        url: optionValue(parsed, "url") ?? null,
        bearerTokenEnvVar: optionValue(parsed, "bearer-token-env-var") ?? null,
      });
    case "remove":
      return mcpRemove({ codexHome: codexHomeDir(), name: name as string });
    default: {
      const { runNotBuilt } = await import("./not-built.ts");
      return runNotBuilt(parsed);
    }
  }
}
