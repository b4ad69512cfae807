import { afterAll, beforeAll, expect, test } from "bun:test";
import { McpConnectionManager } from "../../src/mcp/connection-manager.ts";
import { call, fakeContext, httpServer, mcpHandlers, servers, tempDir } from "./helpers.ts";
import { startHttpMcpServer, type TestHttpServer } from "./http-server.ts";

let server: TestHttpServer;
beforeAll(async () => {
  server = await startHttpMcpServer();
});
afterAll(async () => {
  await server.close();
});

test("streamable HTTP: tools are listed and called, with the bearer token and headers sent", async () => {
  process.env.CODEX_TEST_MCP_TOKEN = "tok-123";
  process.env.CODEX_TEST_TEAM = "blue";
  const m = new McpConnectionManager({
    servers: servers(
      httpServer("remote", server.url, {
        transport: {
          type: "streamable_http",
          url: server.url,
          bearer_token_env_var: "CODEX_TEST_MCP_TOKEN",
          http_headers: { "X-Static": "1" },
          env_http_headers: { "X-Team": "CODEX_TEST_TEAM" },
        },
      }),
    ),
    codexHome: tempDir(),
    cwd: process.cwd(),
  });
  try {
    await m.ready();
    expect(m.takeWarnings()).toEqual([]);
    expect(m.listTools().map((t) => t.qualified_name)).toEqual(["remote__add"]);
    const { ctx, items } = fakeContext();
    const result = await mcpHandlers(m)
      .handlerFor("remote__add")!
      .run(call("remote__add", { a: 2, b: 40 }), ctx);
    expect(result).toEqual({ output: "42", success: true });
    expect(items()[1]?.item).toMatchObject({ server: "remote", tool: "add", status: "completed" });
    expect(server.headers[0]).toEqual({ authorization: "Bearer tok-123", "x-team": "blue" });
  } finally {
    await m.shutdown();
  }
});

test("streamable HTTP failures: nobody listening, missing bearer token variable", async () => {
  const warnings: string[] = [];
  const m = new McpConnectionManager({
    servers: servers(
      httpServer("down", "http://127.0.0.1:9/mcp"),
      httpServer("notoken", server.url, {
        transport: {
          type: "streamable_http",
          url: server.url,
          bearer_token_env_var: "CODEX_TEST_UNSET_TOKEN_VAR",
          http_headers: {},
          env_http_headers: {},
        },
      }),
    ),
    codexHome: tempDir(),
    cwd: process.cwd(),
    onWarning: (w) => warnings.push(w),
  });
  await m.ready();
  expect(warnings.sort()).toEqual([
    expect.stringMatching(
      /^MCP client for `down` failed to start: could not connect to http:\/\/127.0.0.1:9\/mcp: .+/,
    ),
    "MCP client for `notoken` failed to start: environment variable CODEX_TEST_UNSET_TOKEN_VAR (bearer_token_env_var) is not set",
  ]);
  expect(m.toolSpecs()).toEqual([]);
  await m.shutdown();
});
