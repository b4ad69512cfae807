/**
 * End to end through `dist/codex exec --json` with a scripted model: an MCP tool call reaches a
 * real server and its result reaches the model's next request (stdio and streamable HTTP); broken
 * servers give warnings or error results while the turn goes on.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  functionCall,
  jsonLines,
  MockModelServer,
  makeGitRepo,
  makeTempCodexHome,
  responsesStream,
  runCodex,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";
import { EVERYTHING, TEST_SERVER } from "./helpers.ts";
import { startHttpMcpServer, type TestHttpServer } from "./http-server.ts";

type Json = Record<string, unknown>;
let model: MockModelServer;
let http: TestHttpServer;

beforeAll(async () => {
  http = await startHttpMcpServer();
});
afterAll(async () => {
  await http.close();
});
afterEach(async () => {
  await model?.close();
});

function toml(value: string): string {
  return JSON.stringify(value);
}

function stdioTable(name: string, args: string[], extra = ""): string {
  return `[mcp_servers.${name}]\ncommand = ${toml(process.execPath)}\nargs = [${args.map(toml).join(", ")}]\n${extra}\n`;
}

async function setup(mcpToml: string) {
  model = await MockModelServer.start();
  const codexHome = makeTempCodexHome();
  writeMockProviderConfig(codexHome, { baseUrl: model.baseUrl, extraToml: "" });
  const { appendFileSync } = await import("node:fs");
  appendFileSync(join(codexHome, "config.toml"), `\n${mcpToml}`);
  const workspace = mkdtempSync(join(tmpdir(), "codex-mcp-ws-"));
  makeGitRepo(workspace);
  const exec = (prompt: string) =>
    runCodex(["exec", "--json", prompt], { codexHome, cwd: workspace, timeoutMs: 60_000 });
  return { codexHome, exec };
}

function completedItems(stdout: string): Json[] {
  return jsonLines(stdout)
    .filter((l) => l.type === "item.completed")
    .map((l) => l.item as Json);
}

function toolNames(index: number): string[] {
  const body = model.requests[index]?.body as { tools: Json[] };
  return body.tools.map((t) => String(t.name ?? t.type));
}

function toolOutput(index: number, callId: string): string | undefined {
  const body = model.requests[index]?.body as { input: Json[] };
  const out = body.input.find((i) => i.type === "function_call_output" && i.call_id === callId);
  return out?.output as string | undefined;
}

describe("MCP through codex exec", () => {
  test("stdio: the call reaches server-everything and its answer reaches the next request; then the cache", async () => {
    const env = await setup(stdioTable("everything", [EVERYTHING, "stdio"]));
    for (let run = 0; run < 2; run++) {
      model.enqueue(
        responsesStream([
          functionCall("everything__echo", { message: `hi ${run}` }, `call_${run}`),
          completed(),
        ]),
      );
      model.enqueue(responsesStream([textResponse("done"), completed()]));
    }
    const first = await env.exec("echo please");
    expect(first.code).toBe(0);
    expect(first.stderr).not.toContain("failed to start");
    expect(toolNames(0)).toContain("everything__echo");
    expect(toolNames(0)).toContain("list_mcp_resources");
    expect(toolOutput(1, "call_0")).toBe("Echo: hi 0");
    const mcpItem = completedItems(first.stdout).find((i) => i.type === "mcp_tool_call");
    expect(mcpItem).toMatchObject({
      type: "mcp_tool_call",
      server: "everything",
      tool: "echo",
      arguments: { message: "hi 0" },
      result: { content: [{ type: "text", text: "Echo: hi 0" }], structured_content: null },
      error: null,
      status: "completed",
    });
    const cacheDir = join(env.codexHome, "cache", "mcp-tools");
    expect(existsSync(cacheDir) && readdirSync(cacheDir).length).toBe(1);

    // Second run: tools come from the cache, the server starts on the call.
    const second = await env.exec("echo again");
    expect(second.code).toBe(0);
    expect(toolNames(2)).toContain("everything__echo");
    expect(toolOutput(3, "call_1")).toBe("Echo: hi 1");
  }, 90_000);

  test("an image returned by a tool reaches the model's next request as an input image", async () => {
    const env = await setup(stdioTable("everything", [EVERYTHING, "stdio"]));
    model.enqueue(responsesStream([functionCall("everything__get-tiny-image", {}, "call_img"), completed()]));
    model.enqueue(responsesStream([textResponse("a tiny image"), completed()]));
    const result = await env.exec("show me an image");
    expect(result.code).toBe(0);
    expect(toolOutput(1, "call_img")).toContain("[image: image/png]");
    const body = model.requests[1]?.body as { input: Json[] };
    const at = body.input.findIndex((i) => i.type === "function_call_output" && i.call_id === "call_img");
    const next = body.input[at + 1] as { role?: string; content?: Json[] } | undefined;
    expect(next?.role).toBe("user");
    expect(
      next?.content?.some(
        (c) => c.type === "input_image" && String(c.image_url).startsWith("data:image/png;base64,"),
      ),
    ).toBe(true);
  }, 90_000);

  test("streamable HTTP: the call reaches the server started by the test", async () => {
    const env = await setup(`[mcp_servers.remote]\nurl = ${toml(http.url)}\n`);
    model.enqueue(responsesStream([functionCall("remote__add", { a: 20, b: 22 }, "call_h"), completed()]));
    model.enqueue(responsesStream([textResponse("42 it is"), completed()]));
    const result = await env.exec("add");
    expect(result.code).toBe(0);
    expect(toolOutput(1, "call_h")).toBe("42");
    expect(completedItems(result.stdout).find((i) => i.type === "mcp_tool_call")).toMatchObject({
      server: "remote",
      tool: "add",
      status: "completed",
    });
  }, 60_000);

  test("broken servers: warnings name them, a crash mid-call is an error result, the turn goes on", async () => {
    const env = await setup(
      [
        `[mcp_servers.missing]\ncommand = "definitely-not-a-command-xyz"\n`,
        stdioTable("silent", [TEST_SERVER, "silent"], "startup_timeout_sec = 1"),
        stdioTable("flaky", [TEST_SERVER, "normal"]),
        stdioTable("odd", [TEST_SERVER, "hostile"]),
      ].join("\n"),
    );
    model.enqueue(responsesStream([functionCall("flaky__crash", {}, "call_c"), completed()]));
    model.enqueue(responsesStream([functionCall("flaky__ok", {}, "call_o"), completed()]));
    model.enqueue(responsesStream([textResponse("recovered"), completed()]));
    const result = await env.exec("try the tools");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'MCP client for `missing` failed to start: command not found: "definitely-not-a-command-xyz"',
    );
    expect(result.stderr).toContain("MCP client for `silent` failed to start: timed out after 1 s");
    expect(result.stderr).toContain("MCP server 'odd': skipping tool 'not_an_object'");
    const tools = toolNames(0);
    expect(tools).toContain("flaky__ok");
    expect(tools).toContain("odd__refs");
    expect(tools.some((t) => t.startsWith("missing__") || t.startsWith("silent__"))).toBe(false);
    expect(toolOutput(1, "call_c")).toContain("exited with code 7");
    expect(toolOutput(1, "call_c")).toContain("fatal: the widget exploded");
    expect(toolOutput(2, "call_o")).toContain("ok from ok");
    const items = completedItems(result.stdout).filter((i) => i.type === "mcp_tool_call");
    expect(items.map((i) => i.status)).toEqual(["failed", "completed"]);
    expect(completedItems(result.stdout).at(-1)).toMatchObject({ type: "agent_message", text: "recovered" });
  }, 60_000);
});
