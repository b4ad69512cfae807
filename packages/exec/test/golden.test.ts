/**
 * The recorded output of the official binaries (`packages/test-support/fixtures/codex-exec-golden/`)
 * against the same scripted model responses: our JSONL must match line for line, except the thread
 * id and the workspace path. 0.169's transcripts are matched as they are. 0.47's are matched after
 * rewriting them into 0.169's forms, the deliberate changes since: reconnect notices are worded
 * "Reconnecting... n/N (why)" (0.47: "Re-connecting... n/N"), `turn.completed.usage` also carries
 * `cache_write_input_tokens` and `reasoning_output_tokens`, a command's `item.started` carries
 * `"exit_code":null`, and a `file_change` is started (`in_progress`) before it is completed.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { loadGoldenJsonl, loadGoldenScenario } from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

/** Replaces the thread id and the golden's workspace directory with placeholders. */
function normalize(lines: unknown[], workspace: string): string[] {
  return lines.map((line) =>
    JSON.stringify(line)
      .replace(/"thread_id":"[^"]+"/, '"thread_id":"<id>"')
      .replaceAll(workspace, "<ws>")
      .replace(/\/tmp\/mock\/ws(47|169b|169c)/g, "<ws>"),
  );
}

/** 0.47's `turn.completed` usage in 0.169's shape, given the reasoning tokens the scenario reports. */
function usageAs0169(lines: string[], reasoningTokens: number): string[] {
  return lines.map((line) =>
    line
      .replace(/("cached_input_tokens":\d+)/, '$1,"cache_write_input_tokens":0')
      .replace(/("output_tokens":\d+)\}/, `$1,"reasoning_output_tokens":${reasoningTokens}}`),
  );
}

/**
 * 0.47's item events in 0.169's shape: a command's `item.started` has `"exit_code":null` before its
 * status, and each `file_change` is started, with status `in_progress`, just before it completes.
 */
function itemsAs0169(lines: string[]): string[] {
  return lines.flatMap((line) => {
    if (line.startsWith('{"type":"item.started","item":{') && line.includes('"type":"command_execution"'))
      return [line.replace(/,"status":"in_progress"\}\}$/, ',"exit_code":null,"status":"in_progress"}}')];
    if (line.startsWith('{"type":"item.completed","item":{') && line.includes('"type":"file_change"'))
      return [
        line
          .replace('"type":"item.completed"', '"type":"item.started"')
          .replace(/"status":"(completed|failed)"\}\}$/, '"status":"in_progress"}}'),
        line,
      ];
    return [line];
  });
}

/** 0.47's reconnect notice in 0.169's words, with the reason this scenario's failures give. */
function reconnectAs0169(lines: string[], reason: string): string[] {
  return lines.map((line) =>
    line.replace(/Re-connecting\.\.\. (\d+\/\d+)/, `Reconnecting... $1 (${reason})`),
  );
}

describe("golden transcripts of codex 0.47 exec --json", () => {
  test("scenario 1: reasoning, shell, apply_patch, unsupported update_plan, answer, cumulative usage", async () => {
    env = await execEnv();
    env.server.enqueueAll(loadGoldenScenario("scenario1.json"));
    const result = await env.exec(["--json", "-s", "workspace-write"], { stdin: "Do the thing\n" });
    expect(result.code).toBe(0);
    expect(normalize(jsonLines(result.stdout), env.workspace)).toEqual(
      itemsAs0169(usageAs0169(normalize(loadGoldenJsonl("v047_scenario1.jsonl"), env.workspace), 5)),
    );
    expect(await Bun.file(`${env.workspace}/hello.txt`).text()).toBe("hello world\n");
    // The third request is the one the golden request example shows: full history resent.
    const third = env.server.requests[2]?.body as { input: Array<{ type: string; output?: string }> };
    expect(third.input.map((i) => i.type)).toEqual([
      "message",
      "message",
      "reasoning",
      "function_call",
      "function_call_output",
      "function_call",
      "function_call_output",
      "custom_tool_call",
      "custom_tool_call_output",
      "function_call",
      "function_call_output",
    ]);
    expect(third.input[4]?.output).toBe("unsupported call: update_plan");
  });

  test("scenario 2: the plan tool's todo_list (started, updated, completed at turn end), a failing command, then a failed resume", async () => {
    env = await execEnv({ streamMaxRetries: 5 });
    const responses = loadGoldenScenario("scenario2.json");
    const failing = responses[3];
    if (!failing) throw new Error("scenario2 has four responses");
    env.server.enqueueAll([...responses.slice(0, 3), ...Array.from({ length: 6 }, () => failing)]);
    const first = await env.exec(["--json", "--include-plan-tool", "-s", "workspace-write"], {
      stdin: "Do the thing\n",
    });
    expect(first.code).toBe(0);
    const firstLines = jsonLines(first.stdout);
    expect(normalize(firstLines, env.workspace)).toEqual(
      itemsAs0169(usageAs0169(normalize(loadGoldenJsonl("v047_scenario2_turn1.jsonl"), env.workspace), 5)),
    );
    const threadId = String(firstLines[0]?.thread_id);

    const resumed = await env.exec(["--json", "resume", threadId], {
      stdin: "Continue\n",
      timeoutMs: 30_000,
    });
    expect(resumed.code).toBe(1);
    const resumedLines = jsonLines(resumed.stdout);
    expect(resumedLines[0]).toEqual({ type: "thread.started", thread_id: threadId });
    expect(normalize(resumedLines, env.workspace)).toEqual(
      reconnectAs0169(
        normalize(loadGoldenJsonl("v047_scenario2_resume_failed.jsonl"), env.workspace),
        "stream disconnected before completion: boom from mock",
      ),
    );
    // The resumed request carries the first turn's conversation.
    const resumedBody = env.server.requests[3]?.body as { input: unknown[] };
    expect(JSON.stringify(resumedBody.input)).toContain("Resumed reply.");
  }, 30_000);
});

describe("golden transcripts of codex 0.169 exec --json (model gpt-5.5: exec_command, freeform apply_patch)", () => {
  /** Runs a scenario as the transcript was recorded: `/bin/bash` as the user's shell, stdin prompt. */
  async function run169(scenario: string) {
    env = await execEnv();
    env.server.enqueueAll(loadGoldenScenario(scenario));
    return env.exec(["--json", "-s", "workspace-write", "-m", "gpt-5.5"], {
      stdin: "Do the thing\n",
      env: { SHELL: "/bin/bash" },
    });
  }

  test("scenario 3: a failing command (exit_code null while running), an unoffered update_plan, a patch started then completed", async () => {
    const result = await run169("scenario3.json");
    expect(result.code).toBe(0);
    expect(normalize(jsonLines(result.stdout), env.workspace)).toEqual(
      normalize(loadGoldenJsonl("v169_scenario3.jsonl"), env.workspace),
    );
    expect(await Bun.file(`${env.workspace}/hello.txt`).text()).toBe("hello world\n");
  });

  test("scenario 6: changes listed by path whatever the patch's order, a patch failing as it is applied, a missing command", async () => {
    const result = await run169("scenario6.json");
    expect(result.code).toBe(0);
    expect(normalize(jsonLines(result.stdout), env.workspace)).toEqual(
      normalize(loadGoldenJsonl("v169_scenario6.jsonl"), env.workspace),
    );
    expect(await Bun.file(`${env.workspace}/moved.txt`).text()).toBe("y\n");
    expect(await Bun.file(`${env.workspace}/b.txt`).text()).toBe("new\n");
    expect(await Bun.file(`${env.workspace}/c.txt`).exists()).toBe(false);
    expect(await Bun.file(`${env.workspace}/blocker`).text()).toBe("file\n");
  });
});

describe("golden scenarios without a recorded 0.47 transcript", () => {
  test("scenario 4: a web search becomes a web_search item (completed only, with its query)", async () => {
    env = await execEnv({ extraToml: "tools.web_search = true" });
    env.server.enqueueAll(loadGoldenScenario("scenario4.json"));
    const result = await env.exec(["--json", "search"]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).slice(1)).toEqual([
      { type: "turn.started" },
      { type: "item.completed", item: { id: "item_0", type: "web_search", query: "codex cli" } },
      { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "Searched." } },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 10,
          cached_input_tokens: 0,
          cache_write_input_tokens: 0,
          output_tokens: 2,
          reasoning_output_tokens: 0,
        },
      },
    ]);
    const tools =
      (env.server.requests[0]?.body as { tools: Array<{ type: string }> } | undefined)?.tools ?? [];
    expect(tools.some((t) => t.type === "web_search")).toBe(true);
  });

  test("scenario 5: HTTP 500 then 429 are retried inside the request (no notices), then the answer", async () => {
    env = await execEnv({ requestMaxRetries: 3 });
    env.server.enqueueAll(loadGoldenScenario("scenario5.json"));
    const result = await env.exec(["--json", "recover"]);
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    expect(lines.filter((l) => l.type === "error")).toEqual([]);
    expect(lines.find((l) => l.type === "item.completed")?.item).toEqual({
      id: "item_0",
      type: "agent_message",
      text: "Recovered.",
    });
    expect(env.server.requests).toHaveLength(3);
  }, 20_000);
});
