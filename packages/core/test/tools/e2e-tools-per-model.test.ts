/**
 * Which tools each model is offered, through `dist/codex exec`: the model catalog's choice, the
 * config's overrides, and the schemas compared with what Codex 0.169 sends
 * (`../fixtures/codex-0.169-tools.json`, captured from its requests; descriptions left out there).
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  responsesStream,
  runCodex,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";
import { e2eSetup } from "./e2e-helpers.ts";

setDefaultTimeout(30_000);
const setup = e2eSetup();

type Tool = Record<string, unknown> & { type: string; name?: string };
type RequestBody = { tools: Tool[]; reasoning?: Record<string, unknown>; text?: Record<string, unknown> };

const REFERENCE = JSON.parse(
  readFileSync(join(import.meta.dir, "../fixtures/codex-0.169-tools.json"), "utf8"),
) as Record<string, { tools: Tool[] }>;

/** A tool with every description (and the apply_patch grammar's text) removed. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "description" && key !== "definition")
      .map(([key, inner]) => [key, shape(inner)]),
  );
}

function referenceTool(model: string, name: string): unknown {
  const entry = Object.entries(REFERENCE).find(([key]) => key.startsWith(model))?.[1];
  return shape(entry?.tools.find((tool) => (tool.name ?? tool.type) === name));
}

async function firstRequest(
  model: string,
  options: { extraToml?: string; args?: string[] } = {},
): Promise<{ body: RequestBody; names: string[]; stderr: string }> {
  const env = await setup();
  writeMockProviderConfig(env.codexHome, {
    baseUrl: env.server.baseUrl,
    model,
    extraToml: options.extraToml,
  });
  env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
  const result = await runCodex(["exec", "--skip-git-repo-check", ...(options.args ?? []), "hi"], {
    codexHome: env.codexHome,
    cwd: env.workspace,
  });
  expect(result.code).toBe(0);
  const body = env.server.requests[0]?.body as RequestBody;
  const names = body.tools.map((tool) => (tool.name ? `${tool.type}:${tool.name}` : tool.type));
  return { body, names, stderr: result.stderr };
}

const byName = (body: RequestBody, name: string) =>
  body.tools.find((tool) => (tool.name ?? tool.type) === name);

describe("tools per model, through dist/codex exec", () => {
  test("the gpt-5 Codex line: exec_command and write_stdin as 0.169 sends them, freeform apply_patch, view_image, web_search", async () => {
    const { body, names, stderr } = await firstRequest("gpt-5-codex");
    expect(names).toEqual([
      "function:exec_command",
      "function:write_stdin",
      "custom:apply_patch",
      "function:view_image",
      "web_search",
    ]);
    for (const name of ["exec_command", "write_stdin", "view_image"])
      expect(shape(byName(body, name))).toEqual(referenceTool("gpt-5-codex", name));
    expect(byName(body, "web_search")).toEqual({ type: "web_search", external_web_access: false });
    expect(stderr).not.toContain("Model metadata");
  });

  test("gpt-5.5: the same tools, web_search with images, reasoning effort medium and low verbosity by default", async () => {
    const { body, names } = await firstRequest("gpt-5.5");
    expect(names).toEqual([
      "function:exec_command",
      "function:write_stdin",
      "custom:apply_patch",
      "function:view_image",
      "web_search",
    ]);
    for (const name of ["exec_command", "write_stdin", "apply_patch", "view_image", "web_search"])
      expect(shape(byName(body, name))).toEqual(referenceTool("gpt-5.5", name));
    expect(body.reasoning?.effort).toBe("medium");
    expect(body.text?.verbosity).toBe("low");
  });

  test("an unknown model gets exec_command (as 0.169 does) and a warning naming it", async () => {
    const { names, stderr } = await firstRequest("my-local-model");
    expect(names.slice(0, 2)).toEqual(["function:exec_command", "function:write_stdin"]);
    expect(stderr).toContain(
      "warning: Model metadata for `my-local-model` not found. Defaulting to fallback metadata; this can degrade performance and cause issues.",
    );
  });

  test("a model from before GPT-5 keeps the one-shot shell tool; -c features.unified_exec=true gives it exec_command", async () => {
    expect((await firstRequest("gpt-4.1")).names[0]).toBe("function:shell");
    const enabled = await firstRequest("gpt-4.1", { args: ["-c", "features.unified_exec=true"] });
    expect(enabled.names.slice(0, 2)).toEqual(["function:exec_command", "function:write_stdin"]);
  });

  test("config overrides the catalog: unified_exec off gives shell; shell_tool off gives no command tool", async () => {
    const shell = await firstRequest("gpt-5-codex", { extraToml: "[features]\nunified_exec = false\n" });
    expect(shell.names).toEqual([
      "function:shell",
      "custom:apply_patch",
      "function:view_image",
      "web_search",
    ]);
    const none = await firstRequest("gpt-5-codex", { extraToml: "[features]\nshell_tool = false\n" });
    expect(none.names).toEqual(["custom:apply_patch", "function:view_image", "web_search"]);
  });

  test("update_plan with --include-plan-tool", async () => {
    const { names } = await firstRequest("gpt-5-codex", { args: ["--include-plan-tool"] });
    expect(names).toContain("function:update_plan");
  });
});
