/**
 * A model picked mid-thread (an IDE's model picker sends it with `turn/start`, as `/model` does in
 * the TUI) brings the tools that model was trained on, as a new thread on it would have them.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type Harness, harness, textInput } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A thread whose `answers` turns each answer "ok"; `turn` runs one to its end. */
async function threadWithTurns(answers: number, extraToml?: string) {
  h = await harness(extraToml ? { extraToml } : {});
  for (let i = 0; i < answers; i++) h.server.enqueue(responsesStream([textResponse("ok"), completed()]));
  const client = h.spawn();
  await client.initialize("codex_vscode");
  const started = await client.request("thread/start", {
    cwd: h.cwd,
    approvalPolicy: "never",
    sandbox: "read-only",
  });
  const threadId = started.result.thread.id;
  const turn = async (params: Record<string, unknown>) => {
    const from = client.messages.length;
    await client.request("turn/start", { threadId, input: textInput("hi"), ...params });
    await client.notification("turn/completed", from);
  };
  return { client, turn };
}

/** The tools of request `index`: "kind:name" for each. */
function toolsOf(index: number): string[] {
  const body = h.server.requests[index]?.body as { tools: Array<{ type: string; name?: string }> };
  return body.tools.map((tool) => `${tool.type}:${tool.name ?? ""}`);
}

test("turn/start with another model: the next request offers that model's tool forms, then back", async () => {
  const { client, turn } = await threadWithTurns(3);
  await turn({});
  await turn({ model: "gpt-4.1" });
  await turn({ model: "gpt-5-codex" });

  const codexTools = toolsOf(0);
  expect(codexTools).toContain("function:exec_command");
  expect(codexTools).toContain("custom:apply_patch");
  expect(codexTools).not.toContain("function:shell");
  const legacyTools = toolsOf(1);
  expect((h.server.requests[1]?.body as { model?: string } | undefined)?.model).toBe("gpt-4.1");
  expect(legacyTools).toContain("function:shell");
  expect(legacyTools).toContain("function:apply_patch");
  expect(legacyTools).not.toContain("function:exec_command");
  expect(legacyTools).not.toContain("custom:apply_patch");
  expect(toolsOf(2)).toEqual(codexTools);
  const { code } = await client.close();
  expect(code).toBe(0);
});

test("a feature set in config is kept whatever the model", async () => {
  const { client, turn } = await threadWithTurns(2, "[features]\nunified_exec = false\n");
  for (const model of ["gpt-5-codex", "gpt-5"]) await turn({ model });
  for (const index of [0, 1]) {
    expect(toolsOf(index)).toContain("function:shell");
    expect(toolsOf(index)).not.toContain("function:exec_command");
  }
  expect(toolsOf(0)).toContain("custom:apply_patch");
  expect(toolsOf(1)).toContain("function:apply_patch");
  await client.close();
});
