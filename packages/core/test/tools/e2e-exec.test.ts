/**
 * End to end through the built `dist/codex exec --json` against the mock model server: a scripted
 * model plans, creates, edits, moves and deletes files with apply_patch (freeform, JSON and a shell
 * heredoc), reads them with shell, and the JSONL carries the items shaped as Codex 0.47 prints them.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  customToolCall,
  functionCall,
  responsesStream,
  runCodex,
  textResponse,
} from "@codex/test-support";
import { e2eSetup, toolOutputs } from "./e2e-helpers.ts";

const setup = e2eSetup();

type Line = { type: string; item?: Record<string, unknown> };

const plan = (statuses: string[]) => ({
  plan: ["create notes", "edit and move", "clean up"].map((step, i) => ({ step, status: statuses[i] })),
});

describe("tools through dist/codex exec --json", () => {
  test("plan, patch (freeform, JSON, shell heredoc), move, delete, read with shell", async () => {
    const env = await setup();
    const ws = env.workspace;
    env.server.enqueue(
      responsesStream([
        ...functionCall("update_plan", plan(["in_progress", "pending", "pending"]), "call_plan1"),
        ...customToolCall(
          "apply_patch",
          "*** Begin Patch\n*** Add File: notes.txt\n+first line\n+second line\n*** Add File: old.txt\n+obsolete\n*** End Patch\n",
          "call_add",
        ),
        completed({ input_tokens: 10, output_tokens: 5 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([
        ...functionCall("update_plan", plan(["completed", "in_progress", "pending"]), "call_plan2"),
        ...functionCall(
          "apply_patch",
          {
            input:
              "*** Begin Patch\n*** Update File: notes.txt\n@@\n first line\n-second line\n+second line, edited\n*** End Patch",
          },
          "call_edit",
        ),
        completed({ input_tokens: 10, output_tokens: 5 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([
        ...functionCall(
          "shell",
          {
            command: [
              "bash",
              "-lc",
              "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: notes.txt\n*** Move to: docs/notes.md\n@@\n+third line\n*** End Patch\nEOF\n",
            ],
          },
          "call_move",
        ),
        completed({ input_tokens: 10, output_tokens: 5 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([
        ...functionCall("shell", { command: ["cat", "docs/notes.md"] }, "call_cat"),
        ...customToolCall(
          "apply_patch",
          "*** Begin Patch\n*** Delete File: old.txt\n*** End Patch\n",
          "call_del",
        ),
        ...functionCall("update_plan", plan(["completed", "completed", "completed"]), "call_plan3"),
        completed({ input_tokens: 10, output_tokens: 5 }),
      ]),
    );
    env.server.enqueue(
      responsesStream([textResponse("All done."), completed({ input_tokens: 10, output_tokens: 5 })]),
    );

    const result = await runCodex(
      ["exec", "--json", "--include-plan-tool", "-s", "workspace-write", "do the file dance"],
      { codexHome: env.codexHome, cwd: ws, timeoutMs: 60_000 },
    );
    expect(result.stderr).not.toContain("Error");
    expect(result.code).toBe(0);
    const lines = result.stdout
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Line);

    // Files on disk.
    expect(readFileSync(join(ws, "docs/notes.md"), "utf8")).toBe(
      "first line\nsecond line, edited\nthird line\n",
    );
    expect(existsSync(join(ws, "notes.txt"))).toBe(false);
    expect(existsSync(join(ws, "old.txt"))).toBe(false);

    const items = (type: string, event?: string) =>
      lines.filter((l) => l.item?.type === type && (event === undefined || l.type === event));

    // file_change: completed ones carry absolute paths and kinds; each was started just before.
    expect(items("file_change", "item.completed").map((l) => [l.item?.changes, l.item?.status])).toEqual([
      [
        [
          { path: join(ws, "notes.txt"), kind: "add" },
          { path: join(ws, "old.txt"), kind: "add" },
        ],
        "completed",
      ],
      [[{ path: join(ws, "notes.txt"), kind: "update" }], "completed"],
      [[{ path: join(ws, "notes.txt"), kind: "update" }], "completed"],
      [[{ path: join(ws, "old.txt"), kind: "delete" }], "completed"],
    ]);
    const patchEvents = items("file_change").map((l) => `${l.type} ${l.item?.id} ${l.item?.status}`);
    expect(patchEvents).toEqual(
      items("file_change", "item.completed").flatMap((l) => [
        `item.started ${l.item?.id} in_progress`,
        `item.completed ${l.item?.id} completed`,
      ]),
    );

    for (const line of items("file_change"))
      expect(Object.keys(line.item ?? {})).toEqual(["id", "type", "changes", "status"]);

    // command_execution: only the real command (the heredoc patch is not run in a shell).
    const commands = items("command_execution");
    expect(commands.map((l) => l.type)).toEqual(["item.started", "item.completed"]);
    const started = commands[0]?.item ?? {};
    expect(started).toMatchObject({
      type: "command_execution",
      command: "cat docs/notes.md",
      aggregated_output: "",
      status: "in_progress",
    });
    expect(commands[1]?.item).toEqual({
      id: started.id,
      type: "command_execution",
      command: "cat docs/notes.md",
      aggregated_output: "first line\nsecond line, edited\nthird line\n",
      exit_code: 0,
      status: "completed",
    });

    // todo_list: started on the first plan, updated, completed at turn end with the last state.
    const todo = items("todo_list");
    expect(todo.map((l) => l.type)).toEqual([
      "item.started",
      "item.updated",
      "item.updated",
      "item.completed",
    ]);
    expect(todo[0]?.item?.items).toEqual([
      { text: "create notes", completed: false },
      { text: "edit and move", completed: false },
      { text: "clean up", completed: false },
    ]);
    expect(todo.at(-1)?.item?.items).toEqual([
      { text: "create notes", completed: true },
      { text: "edit and move", completed: true },
      { text: "clean up", completed: true },
    ]);
    expect(lines.at(-3)).toMatchObject({
      type: "item.completed",
      item: { type: "agent_message", text: "All done." },
    });
    expect(lines.at(-1)?.type).toBe("turn.completed");

    // What the model got back.
    const outputs = toolOutputs(env.server);
    expect(outputs.get("call_plan1")).toBe("Plan updated");
    expect(outputs.get("call_add")).toMatch(
      /^Exit code: 0\nWall time: [\d.]+ seconds\nOutput:\nSuccess\. Updated the following files:\nA notes\.txt\nA old\.txt\n$/,
    );
    expect(outputs.get("call_edit")).toContain("M notes.txt\n");
    expect(outputs.get("call_move")).toContain("M docs/notes.md\n");
    expect(outputs.get("call_cat")).toMatch(
      /^Exit code: 0\nWall time: [\d.]+ seconds\nOutput:\nfirst line\n/,
    );
    expect(outputs.get("call_del")).toContain("D old.txt\n");
  }, 90_000);

  test("exec policy never: a dangerous command is refused without running", async () => {
    const env = await setup();
    writeFileSync(join(env.workspace, "keep.txt"), "keep\n");
    env.server.enqueue(
      responsesStream([
        ...functionCall("shell", { command: ["rm", "-f", "keep.txt"] }, "call_rm"),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const result = await runCodex(["exec", "--json", "-s", "danger-full-access", "remove it"], {
      codexHome: env.codexHome,
      cwd: env.workspace,
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    expect(existsSync(join(env.workspace, "keep.txt"))).toBe(true);
    const body = env.server.requests[1]?.body as {
      input: Array<{ type: string; call_id?: string; output?: string }>;
    };
    expect(body.input.find((i) => i.type === "function_call_output" && i.call_id === "call_rm")?.output).toBe(
      "exec command rejected: dangerous command detected; rejected by user approval settings",
    );
  }, 90_000);
});
