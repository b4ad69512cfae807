/** `codex mcp add/list/get/remove` through dist/codex on a config.toml with comments. */
import { expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeTempCodexHome, runCodex } from "@codex/test-support";

const ORIGINAL = `# My Codex config: keep these comments
model = "gpt-5-codex"     # default model

[mcp_servers.keep]   # a server that must stay as written
command = 'keep-server'
args    = [ "--flag" ]

# profiles
[profiles.fast]
model = "o4-mini"
`;

test("add, list, get and remove round-trip config.toml, unchanged elsewhere", async () => {
  const codexHome = makeTempCodexHome();
  const path = join(codexHome, "config.toml");
  writeFileSync(path, ORIGINAL);
  const codex = (...args: string[]) => runCodex(["mcp", ...args], { codexHome });

  const add = await codex("add", "docs", "--env", "TOKEN=secret", "--", "docs-server", "--port", "4000");
  expect(add.stderr).toBe("");
  expect(add.stdout).toBe("Added global MCP server 'docs'.\n");
  expect(add.code).toBe(0);
  const addHttp = await codex(
    "add",
    "remote",
    "--url",
    "https://mcp.example.com/mcp",
    "--bearer-token-env-var",
    "TOK",
  );
  expect(addHttp.code).toBe(0);
  const text = readFileSync(path, "utf8");
  expect(text.startsWith(ORIGINAL)).toBe(true);

  const list = await codex("list");
  expect(list.code).toBe(0);
  expect(list.stdout).toContain("docs  docs-server  --port 4000  TOKEN=secret");
  expect(list.stdout).toContain("keep  keep-server  --flag");
  expect(list.stdout).toContain("remote  https://mcp.example.com/mcp  TOK");
  const json = JSON.parse((await codex("list", "--json")).stdout) as Array<Record<string, unknown>>;
  expect(json.map((s) => s.name)).toEqual(["docs", "keep", "remote"]);
  expect(json[0]).toMatchObject({
    enabled: true,
    auth_status: "unsupported",
    transport: { type: "stdio", command: "docs-server", args: ["--port", "4000"], env: { TOKEN: "secret" } },
  });

  const get = await codex("get", "remote");
  expect(get.stdout).toBe(
    "remote\n  enabled: true\n  transport: streamable_http\n  url: https://mcp.example.com/mcp\n  bearer_token_env_var: TOK\n  http_headers: -\n  env_http_headers: -\n  remove: codex mcp remove remote\n",
  );
  const getJson = JSON.parse((await codex("get", "docs", "--json")).stdout);
  expect(getJson.name).toBe("docs");
  const missing = await codex("get", "nope");
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("No MCP server named 'nope' found.");

  expect((await codex("remove", "docs")).stdout).toBe("Removed global MCP server 'docs'.\n");
  expect((await codex("remove", "remote")).stdout).toBe("Removed global MCP server 'remote'.\n");
  expect(readFileSync(path, "utf8")).toBe(ORIGINAL);
  expect((await codex("remove", "docs")).stdout).toBe("No MCP server named 'docs' found.\n");

  const badName = await codex("add", "bad.name", "--", "x");
  expect(badName.code).toBe(1);
  expect(badName.stderr).toContain("invalid server name 'bad.name'");
}, 60_000);
