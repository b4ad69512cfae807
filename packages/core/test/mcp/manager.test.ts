import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "@codex/test-support";
import { McpConnectionManager } from "../../src/mcp/connection-manager.ts";
import { readToolCache, toolCachePath, writeToolCache } from "../../src/mcp/tool-cache.ts";
import {
  call,
  everything,
  FILESYSTEM,
  fakeContext,
  mcpHandlers,
  pidAlive,
  servers,
  stdioServer,
  tempDir,
  testServer,
} from "./helpers.ts";

const managers: McpConnectionManager[] = [];
function manager(options: ConstructorParameters<typeof McpConnectionManager>[0]) {
  const m = new McpConnectionManager(options);
  managers.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.shutdown()));
});

describe("McpConnectionManager with real servers", () => {
  test("cold start lists tools, a call reaches the server and comes back as an item and text", async () => {
    const codexHome = tempDir();
    const m = manager({ servers: servers(everything()), codexHome, cwd: process.cwd() });
    m.start();
    await m.ready();
    expect(m.takeWarnings()).toEqual([]);
    const names = m.toolSpecs().map((s) => (s.type === "function" ? s.name : s.type));
    expect(names).toContain("everything__echo");
    expect(names).toContain("everything__get-sum");
    const sum = m.toolSpecs().find((s) => s.type === "function" && s.name === "everything__get-sum");
    expect(sum?.type === "function" && sum.strict).toBe(false);
    expect(JSON.stringify(sum)).not.toContain("$schema");

    const handler = mcpHandlers(m).handlerFor("everything__echo");
    expect(handler).not.toBeNull();
    const { ctx, items } = fakeContext();
    const result = await handler!.run(call("everything__echo", { message: "hello" }), ctx);
    expect(result).toEqual({ output: "Echo: hello", success: true });
    const seen = items();
    expect(seen.map((s) => [s.event, s.item.status])).toEqual([
      ["item_started", "in_progress"],
      ["item_completed", "completed"],
    ]);
    expect(seen[1]?.item).toMatchObject({
      type: "mcp_tool_call",
      server: "everything",
      tool: "echo",
      arguments: { message: "hello" },
      result: { content: [{ type: "text", text: "Echo: hello" }], structured_content: null },
      error: null,
    });
    expect(existsSync(toolCachePath(codexHome, everything()))).toBe(true);
  });

  test("images follow the output as input_image items; structured content as JSON", async () => {
    const m = manager({ servers: servers(everything()), codexHome: tempDir(), cwd: process.cwd() });
    await m.ready();
    const context = fakeContext();
    const image = await mcpHandlers(m)
      .handlerFor("everything__get-tiny-image")!
      .run(call("x", {}), context.ctx);
    expect(image.success).toBe(true);
    expect(image.output).toContain("[image: image/png]");
    const content = context.injected.flatMap((item) => (item.type === "message" ? item.content : []));
    expect(
      content.some((c) => c.type === "input_image" && c.image_url.startsWith("data:image/png;base64,")),
    ).toBe(true);
    const structured = await mcpHandlers(m)
      .handlerFor("everything__get-structured-content")!
      .run(call("x", { location: "Chicago" }), fakeContext().ctx);
    expect(Object.keys(JSON.parse(structured.output))).toContain("temperature");
  });

  test("cached tool lists are offered at once and the server starts only on first call", async () => {
    const codexHome = tempDir();
    const first = manager({ servers: servers(everything()), codexHome, cwd: process.cwd() });
    await first.ready();
    await first.shutdown();

    const m = manager({ servers: servers(everything()), codexHome, cwd: process.cwd() });
    m.start();
    await m.ready();
    expect(m.status()).toEqual([
      { name: "everything", state: "cached", toolCount: expect.any(Number), pid: null, failure: null },
    ]);
    expect(m.toolSpecs().length).toBeGreaterThan(5);
    const echo = mcpHandlers(m).handlerFor("everything__echo")!;
    const version = mcpHandlers(m).version;
    const result = await echo.run(call("x", { message: "lazy" }), fakeContext().ctx);
    expect(result.output).toBe("Echo: lazy");
    // The live list equals the cached one: the tool set (and so the session's registry) is kept.
    expect(m.status()[0]?.state).toBe("running");
    expect(mcpHandlers(m).version).toBe(version);
    expect(mcpHandlers(m).handlerFor("everything__echo")).toBe(echo);
    expect(m.status()[0]?.state).toBe("running");
  });

  test("a stale cache: a tool the server no longer has is an error; the fresh list replaces the cache", async () => {
    const codexHome = tempDir();
    const config = testServer("t", "normal");
    writeToolCache(codexHome, config, [{ name: "gone", inputSchema: { type: "object" } }, { name: "ok" }]);
    const m = manager({ servers: servers(config), codexHome, cwd: process.cwd() });
    await m.ready();
    expect(m.listTools().map((t) => t.name)).toEqual(["gone", "ok"]);
    const gone = await mcpHandlers(m).handlerFor("t__gone")!.run(call("t__gone", {}), fakeContext().ctx);
    expect(gone).toEqual({
      success: false,
      output: "tool call error: MCP server 't' no longer offers the tool 'gone'",
    });
    expect(m.listTools().map((t) => t.name)).toContain("hang");
    expect(mcpHandlers(m).handlerFor("t__gone")).toBeNull();
    expect(readToolCache(codexHome, config)?.map((t) => t.name)).not.toContain("gone");
  });

  test("tools/list_changed: the new list is offered and cached", async () => {
    const codexHome = tempDir();
    const config = testServer("t", "normal");
    const m = manager({ servers: servers(config), codexHome, cwd: process.cwd() });
    await m.ready();
    expect(mcpHandlers(m).handlerFor("t__grown")).toBeNull();
    const version = mcpHandlers(m).version;
    await mcpHandlers(m).handlerFor("t__grow")!.run(call("t__grow", {}), fakeContext().ctx);
    await waitUntil(() => mcpHandlers(m).handlerFor("t__grown"), { what: "the grown tool to be offered" });
    expect(mcpHandlers(m).version).not.toBe(version);
    expect(readToolCache(codexHome, config)?.map((t) => t.name)).toContain("grown");
  });

  test("filesystem server: list a directory and read a file", async () => {
    const dir = tempDir("codex-mcp-fs-");
    writeFileSync(join(dir, "hello.txt"), "hi from a file\n");
    const fs = stdioServer("fs", process.execPath, [FILESYSTEM, dir]);
    const m = manager({ servers: servers(fs), codexHome: tempDir(), cwd: process.cwd() });
    await m.ready();
    expect(m.takeWarnings()).toEqual([]);
    const listed = await mcpHandlers(m)
      .handlerFor("fs__list_directory")!
      .run(call("x", { path: dir }), fakeContext().ctx);
    expect(listed.output).toContain("hello.txt");
    const read = await mcpHandlers(m)
      .handlerFor("fs__read_text_file")!
      .run(call("x", { path: join(dir, "hello.txt") }), fakeContext().ctx);
    expect(read.output).toContain("hi from a file");
    const outside = await mcpHandlers(m)
      .handlerFor("fs__read_text_file")!
      .run(call("x", { path: "/etc/hostname" }), fakeContext().ctx);
    expect(outside.success).toBe(false);
  });

  test("enabled_tools and disabled_tools filter what is offered", async () => {
    const config = { ...everything(), enabled_tools: ["echo", "get-sum"], disabled_tools: ["get-sum"] };
    const m = manager({ servers: servers(config), codexHome: tempDir(), cwd: process.cwd() });
    await m.ready();
    expect(m.listTools().map((t) => t.qualified_name)).toEqual(["everything__echo"]);
  });

  test("resources: list across servers, with a server, and read one", async () => {
    const m = manager({ servers: servers(everything()), codexHome: tempDir(), cwd: process.cwd() });
    await m.ready();
    const [listResources, listTemplates, readResource] = mcpHandlers(m).handlers();
    const all = JSON.parse(
      (await listResources!.run(call("list_mcp_resources", {}), fakeContext().ctx)).output,
    );
    expect(all.resources.length).toBeGreaterThan(0);
    expect(all.resources[0].server).toBe("everything");
    const one = JSON.parse(
      (await listResources!.run(call("list_mcp_resources", { server: "everything" }), fakeContext().ctx))
        .output,
    );
    expect(one.server).toBe("everything");
    const templates = JSON.parse(
      (await listTemplates!.run(call("list_mcp_resource_templates", {}), fakeContext().ctx)).output,
    );
    expect(Array.isArray(templates.resourceTemplates)).toBe(true);
    const uri = all.resources[0].uri as string;
    const read = JSON.parse(
      (await readResource!.run(call("read_mcp_resource", { server: "everything", uri }), fakeContext().ctx))
        .output,
    );
    expect(read).toMatchObject({ server: "everything", uri });
    expect(read.contents.length).toBeGreaterThan(0);
    const bad = await readResource!.run(
      call("read_mcp_resource", { server: "nope", uri }),
      fakeContext().ctx,
    );
    expect(bad.success).toBe(false);
    expect(bad.output).toContain("unknown MCP server 'nope'");
  });
});

describe("failures stay with their server", () => {
  test("missing command, a silent server and a noisy one: warnings name them, the rest works", async () => {
    const warnings: string[] = [];
    const m = manager({
      servers: servers(
        everything(),
        stdioServer("missing", "definitely-not-a-command-xyz", []),
        testServer("silent", "silent", { startup_timeout_ms: 700 }),
        // Long enough for its start-up noise to arrive on a loaded machine.
        testServer("noisy", "noisy", { startup_timeout_ms: 3000 }),
        stdioServer("exits", "sh", ["-c", "echo 'cannot open database' >&2; exit 3"]),
      ),
      codexHome: tempDir(),
      cwd: process.cwd(),
      onWarning: (w) => warnings.push(w),
    });
    await m.ready();
    expect(warnings.sort()).toEqual([
      "MCP client for `exits` failed to start: exited with code 3 before completing the MCP handshake; stderr: cannot open database",
      'MCP client for `missing` failed to start: command not found: "definitely-not-a-command-xyz"',
      "MCP client for `noisy` failed to start: timed out after 3 s waiting for the MCP handshake (raise startup_timeout_sec); it wrote non-MCP output to stdout: Server listening on port 1234",
      "MCP client for `silent` failed to start: timed out after 0.7 s waiting for the MCP handshake (raise startup_timeout_sec)",
    ]);
    const servered = new Set(m.listTools().map((t) => t.server));
    expect([...servered]).toEqual(["everything"]);
    for (const s of m.status()) if (s.name !== "everything") expect(s.pid).toBeNull();
  });

  test("a server that crashes mid-call gives an error result; the next call restarts it", async () => {
    const m = manager({
      servers: servers(testServer("t", "normal")),
      codexHome: tempDir(),
      cwd: process.cwd(),
    });
    await m.ready();
    const { ctx, items } = fakeContext();
    const crashed = await mcpHandlers(m).handlerFor("t__crash")!.run(call("t__crash", {}), ctx);
    expect(crashed.success).toBe(false);
    expect(crashed.output).toContain("exited with code 7");
    expect(crashed.output).toContain("fatal: the widget exploded");
    expect(items()[1]?.item).toMatchObject({
      status: "failed",
      error: { message: expect.stringContaining("code 7") },
    });
    const again = await mcpHandlers(m).handlerFor("t__ok")!.run(call("t__ok", {}), fakeContext().ctx);
    expect(again).toMatchObject({ success: true, output: expect.stringContaining("ok from ok") });
  });

  test("a call that never answers times out with tool_timeout; an interrupt stops a call at once", async () => {
    const m = manager({
      servers: servers(testServer("t", "normal", { tool_timeout_ms: 400 })),
      codexHome: tempDir(),
      cwd: process.cwd(),
    });
    await m.ready();
    const timedOut = await mcpHandlers(m).handlerFor("t__hang")!.run(call("t__hang", {}), fakeContext().ctx);
    expect(timedOut).toEqual({
      success: false,
      output: "tool call error: tool call hang timed out after 0.4 s (raise tool_timeout_sec)",
    });
    const controller = new AbortController();
    const m2 = manager({
      servers: servers(testServer("u", "normal")),
      codexHome: tempDir(),
      cwd: process.cwd(),
    });
    await m2.ready();
    setTimeout(() => controller.abort(), 100);
    const interrupted = await mcpHandlers(m2)
      .handlerFor("u__hang")!
      .run(call("u__hang", {}), fakeContext(controller.signal).ctx);
    expect(interrupted.output).toContain("interrupted");
    // The server is still usable after an interrupted call.
    const ok = await mcpHandlers(m2).handlerFor("u__ok")!.run(call("u__ok", {}), fakeContext().ctx);
    expect(ok.success).toBe(true);
  });

  test("hostile schemas: the unusable tool is skipped with a warning, the others are normalised", async () => {
    const warnings: string[] = [];
    const m = manager({
      servers: servers(testServer("h", "hostile")),
      codexHome: tempDir(),
      cwd: process.cwd(),
      onWarning: (w) => warnings.push(w),
    });
    await m.ready();
    const specs = Object.fromEntries(
      m.toolSpecs().flatMap((s) => (s.type === "function" ? [[s.name, s.parameters]] : [])),
    );
    expect(warnings).toEqual([
      `MCP server 'h': skipping tool 'not_an_object': its input schema has type "string", but tool arguments are an object`,
    ]);
    expect(Object.keys(specs).length).toBe(3);
    const long = Object.keys(specs).find((n) => n.startsWith("h__aaa"));
    expect(long?.length).toBe(64);
    expect(specs.h__no_schema).toEqual({ type: "object", properties: {} });
    const refs = JSON.stringify(specs.h__refs);
    for (const banned of ["$schema", "$ref", "$defs", "oneOf", '"not"', "const"])
      expect(refs).not.toContain(banned);
    expect(specs.h__refs).toMatchObject({
      type: "object",
      properties: {
        at: { type: "object", properties: { x: { type: "number" } } },
        mode: {
          anyOf: [
            { type: "string", enum: ["fast"] },
            { type: "string", enum: ["slow"] },
          ],
        },
        maybe: { type: "string" },
        anything: { type: "string" },
        list: { type: "array", items: { type: "string" } },
        map: { type: "object", properties: {}, additionalProperties: true },
        either: { type: "string" },
        self: { type: "object", properties: {} },
      },
      required: ["at"],
    });
    expect((specs.h__refs as { properties: Record<string, unknown> }).properties.never).toBeUndefined();
  });

  test("env: only safe variables and the configured ones reach the server", async () => {
    process.env.CODEX_TEST_SECRET_TOKEN = "s3cret";
    process.env.CODEX_TEST_ALLOWED = "allowed";
    const m = manager({
      servers: servers(
        testServer("t", "normal", {
          transport: {
            type: "stdio",
            command: process.execPath,
            args: [join(import.meta.dir, "fixtures", "test-server.mjs"), "normal"],
            env: { FROM_CONFIG: "configured" },
            env_vars: ["CODEX_TEST_ALLOWED"],
            cwd: null,
          },
        }),
      ),
      codexHome: tempDir(),
      cwd: process.cwd(),
    });
    await m.ready();
    const env = (name: string) =>
      mcpHandlers(m).handlerFor("t__env")!.run(call("t__env", { name }), fakeContext().ctx);
    expect((await env("CODEX_TEST_SECRET_TOKEN")).output).toBe("<unset>");
    expect((await env("CODEX_TEST_ALLOWED")).output).toBe("allowed");
    expect((await env("FROM_CONFIG")).output).toBe("configured");
    expect((await env("PATH")).output).not.toBe("<unset>");
  });

  test("shutdown stops every server process", async () => {
    const m = manager({
      servers: servers(everything(), testServer("t", "normal")),
      codexHome: tempDir(),
      cwd: process.cwd(),
    });
    await m.ready();
    const pids = m.status().map((s) => s.pid);
    expect(pids.every((p) => typeof p === "number" && pidAlive(p))).toBe(true);
    await m.shutdown();
    await waitUntil(() => pids.every((p) => !pidAlive(p as number)), { what: "every server to exit" });
  });
});
