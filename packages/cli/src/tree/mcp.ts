/** `codex mcp` (the MCP servers in config.toml) and `codex mcp-server` (Codex as an MCP server, not built yet). */
import { type CommandSpec, commandArgs } from "../args/spec.ts";

export const MCP_COMMANDS: CommandSpec[] = [
  {
    name: "mcp",
    about: "[experimental] Manage MCP servers",
    subcommandRequired: true,
    options: [],
    positionals: [],
    subcommands: [
      {
        name: "list",
        about: "[experimental] List configured MCP servers",
        options: [{ long: "json", help: "Output the configured servers as JSON" }],
        positionals: [],
      },
      {
        name: "get",
        about: "[experimental] Show details for a configured MCP server",
        options: [{ long: "json", help: "Output the server configuration as JSON" }],
        positionals: [{ name: "NAME", help: "Name of the MCP server to display", required: true }],
      },
      {
        name: "add",
        about: "[experimental] Add a global MCP server entry",
        options: [
          {
            long: "env",
            value: "KEY=VALUE",
            multiple: true,
            help: "Environment variables to set when launching the server. Only valid with stdio servers",
          },
          { long: "url", value: "URL", help: "URL for a streamable HTTP MCP server" },
          {
            long: "bearer-token-env-var",
            value: "ENV_VAR",
            help: "Optional environment variable to read for a bearer token. Only valid with streamable HTTP servers",
          },
        ],
        positionals: [
          { name: "NAME", help: "Name for the MCP server configuration", required: true },
          commandArgs(
            "Command to launch the MCP server (after `--`). Use --url for a streamable HTTP server",
          ),
        ],
      },
      {
        name: "remove",
        about: "[experimental] Remove a global MCP server entry",
        options: [],
        positionals: [
          { name: "NAME", help: "Name of the MCP server configuration to remove", required: true },
        ],
      },
      {
        name: "login",
        about: "[experimental] Authenticate with a configured MCP server via OAuth (not built yet)",
        options: [],
        positionals: [{ name: "NAME", help: "Name of the MCP server", required: true }],
        hidden: true,
      },
      {
        name: "logout",
        about: "[experimental] Remove stored OAuth credentials for a server (not built yet)",
        options: [],
        positionals: [{ name: "NAME", help: "Name of the MCP server", required: true }],
        hidden: true,
      },
    ],
  },
  {
    name: "mcp-server",
    about: "[experimental] Run the Codex MCP server (stdio transport) (not built yet)",
    options: [],
    positionals: [],
    hidden: true,
  },
];
