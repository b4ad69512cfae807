import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { mcpAdd, mcpGet, mcpList, mcpRemove } from "../../src/mcp/cli-commands.ts";
import { tempDir } from "./helpers.ts";

function capture() {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: (t: string) => {
        out.stdout += t;
      },
      stderr: (t: string) => {
        out.stderr += t;
      },
    },
  };
}

function serversOf(home: string) {
  return loadConfig({ codexHome: home, cwd: home, onWarning: () => {} }).config.mcp_servers;
}

const ORIGINAL = `# Codex settings — hand-written, keep my comments!
model = "o3"   # my favourite

[mcp_servers]
inline = { command = "inline-server" }

# The docs server
[mcp_servers.docs]
command = "old-docs"

# Profiles below.
[profiles.fast]
model = "gpt-5-mini"   # cheap
`;

describe("codex mcp add/list/get/remove", () => {
  test("round trip on a file with comments: everything else stays byte for byte", () => {
    const home = tempDir();
    const path = join(home, "config.toml");
    writeFileSync(path, ORIGINAL);

    const add = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "search",
        command: ["npx", "-y", "search-server", "--port", "4000"],
        env: ["TOKEN=secret", "MODE=a=b"],
        url: null,
        bearerTokenEnvVar: null,
        out: add.io,
      }),
    ).toBe(0);
    expect(add.out.stdout).toBe("Added global MCP server 'search'.\n");
    expect(readFileSync(path, "utf8")).toBe(
      `${ORIGINAL}
[mcp_servers.search]
command = "npx"
args = ["-y", "search-server", "--port", "4000"]

[mcp_servers.search.env]
MODE = "a=b"
TOKEN = "secret"
`,
    );

    const addHttp = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "remote",
        command: [],
        env: [],
        url: "https://mcp.example.com/mcp",
        bearerTokenEnvVar: "REMOTE_TOKEN",
        out: addHttp.io,
      }),
    ).toBe(0);

    // Re-adding replaces the table in place; the comment above it stays.
    expect(
      mcpAdd({
        codexHome: home,
        name: "docs",
        command: ["docs-server"],
        env: [],
        url: null,
        bearerTokenEnvVar: null,
        out: capture().io,
      }),
    ).toBe(0);
    const servers = serversOf(home);
    expect(Object.keys(servers).sort()).toEqual(["docs", "inline", "remote", "search"]);
    expect(servers.docs?.transport).toMatchObject({ type: "stdio", command: "docs-server" });
    expect(servers.search?.transport).toMatchObject({
      args: ["-y", "search-server", "--port", "4000"],
      env: { TOKEN: "secret", MODE: "a=b" },
    });
    expect(servers.remote?.transport).toMatchObject({
      url: "https://mcp.example.com/mcp",
      bearer_token_env_var: "REMOTE_TOKEN",
    });
    expect(readFileSync(path, "utf8")).toContain(
      '# The docs server\n[mcp_servers.docs]\ncommand = "docs-server"\n\n# Profiles below.',
    );

    for (const name of ["search", "remote"]) {
      const r = capture();
      expect(mcpRemove({ codexHome: home, name, out: r.io })).toBe(0);
      expect(r.out.stdout).toBe(`Removed global MCP server '${name}'.\n`);
    }
    // Back to the original text except the docs command.
    expect(readFileSync(path, "utf8")).toBe(ORIGINAL.replace('"old-docs"', '"docs-server"'));

    const missing = capture();
    expect(mcpRemove({ codexHome: home, name: "search", out: missing.io })).toBe(0);
    expect(missing.out.stdout).toBe("No MCP server named 'search' found.\n");
    const inline = capture();
    expect(mcpRemove({ codexHome: home, name: "inline", out: inline.io })).toBe(0);
    expect(readFileSync(path, "utf8")).not.toContain("inline-server");
  });

  test("add creates config.toml when there is none; names and arguments are validated", () => {
    const home = join(tempDir(), "new-home");
    const c = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "a",
        command: ["srv"],
        env: [],
        url: null,
        bearerTokenEnvVar: null,
        out: c.io,
      }),
    ).toBe(0);
    expect(readFileSync(join(home, "config.toml"), "utf8")).toBe('[mcp_servers.a]\ncommand = "srv"\n');

    const bad = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "bad name",
        command: ["x"],
        env: [],
        url: null,
        bearerTokenEnvVar: null,
        out: bad.io,
      }),
    ).toBe(1);
    expect(bad.out.stderr).toBe("Error: invalid server name 'bad name' (use letters, numbers, '-', '_')\n");
    const env = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "b",
        command: ["x"],
        env: ["NOVALUE"],
        url: null,
        bearerTokenEnvVar: null,
        out: env.io,
      }),
    ).toBe(2);
    expect(env.out.stderr).toContain("environment entries must be in KEY=VALUE form");
    const both = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "b",
        command: ["x"],
        env: [],
        url: "http://x",
        bearerTokenEnvVar: null,
        out: both.io,
      }),
    ).toBe(2);
    const neither = capture();
    expect(
      mcpAdd({
        codexHome: home,
        name: "b",
        command: [],
        env: [],
        url: null,
        bearerTokenEnvVar: null,
        out: neither.io,
      }),
    ).toBe(2);
  });

  test("list and get print what the reference prints", () => {
    const home = tempDir();
    writeFileSync(
      join(home, "config.toml"),
      `[mcp_servers.docs]
command = "docs-server"
args = ["--port", "4000"]
env_vars = ["APP_TOKEN"]
startup_timeout_sec = 20

[mcp_servers.docs.env]
TOKEN = "secret"

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
enabled = false
`,
    );
    const servers = serversOf(home);
    const text = capture();
    expect(mcpList({ servers, json: false, out: text.io })).toBe(0);
    expect(text.out.stdout).toBe(
      [
        "Name  Command      Args         Env                                 Cwd  Status   Auth       ",
        "docs  docs-server  --port 4000  TOKEN=secret, APP_TOKEN=$APP_TOKEN  -    enabled  Unsupported",
        "",
        "Name    Url                          Bearer Token Env Var  Status    Auth       ",
        "remote  https://mcp.example.com/mcp  -                     disabled  Unsupported",
        "",
      ].join("\n"),
    );
    const json = capture();
    mcpList({ servers, json: true, out: json.io });
    expect(json.out.stdout).toContain('"startup_timeout_sec": 20.0,');
    expect(JSON.parse(json.out.stdout)).toEqual([
      {
        auth_status: "unsupported",
        enabled: true,
        name: "docs",
        startup_timeout_sec: 20,
        tool_timeout_sec: null,
        transport: {
          args: ["--port", "4000"],
          command: "docs-server",
          cwd: null,
          env: { TOKEN: "secret" },
          env_vars: ["APP_TOKEN"],
          type: "stdio",
        },
      },
      {
        auth_status: "unsupported",
        enabled: false,
        name: "remote",
        startup_timeout_sec: null,
        tool_timeout_sec: null,
        transport: {
          bearer_token_env_var: null,
          env_http_headers: null,
          http_headers: null,
          type: "streamable_http",
          url: "https://mcp.example.com/mcp",
        },
      },
    ]);
    const get = capture();
    expect(mcpGet({ servers, name: "docs", json: false, out: get.io })).toBe(0);
    expect(get.out.stdout).toBe(
      "docs\n  enabled: true\n  transport: stdio\n  command: docs-server\n  args: --port 4000\n  cwd: -\n  env: TOKEN=secret, APP_TOKEN=$APP_TOKEN\n  startup_timeout_sec: 20\n  remove: codex mcp remove docs\n",
    );
    const none = capture();
    expect(mcpGet({ servers, name: "nope", json: false, out: none.io })).toBe(1);
    expect(none.out.stderr).toBe("Error: No MCP server named 'nope' found.\n");
    const empty = capture();
    mcpList({ servers: {}, json: false, out: empty.io });
    expect(empty.out.stdout).toBe(
      "No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.\n",
    );
  });
});
