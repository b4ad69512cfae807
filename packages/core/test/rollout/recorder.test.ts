import { afterEach, describe, expect, test } from "bun:test";
import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { ResponseItem } from "@codex/protocol";
import { RolloutCorruptError, RolloutNotFoundError } from "../../src/rollout/errors.ts";
import { readRolloutFile } from "../../src/rollout/reader.ts";
import { RolloutRecorder } from "../../src/rollout/recorder.ts";
import { openRolloutForResume, resumeRecorder } from "../../src/rollout/resume.ts";
import { assistantItem, tempHome, userItem } from "./helpers.ts";

let home = tempHome();
afterEach(() => {
  home.cleanup();
  home = tempHome();
});

function newRecorder(now = new Date()) {
  return RolloutRecorder.create({
    codexHome: home.dir,
    now,
    meta: { cwd: "/proj", originator: "codex_exec", cliVersion: "0.47.0", source: "exec", git: null },
  });
}

describe("rollout recorder", () => {
  test("names the file by local start time and id, owner-only, starting with session_meta", () => {
    const now = new Date(2025, 9, 17, 8, 5, 9);
    const rec = newRecorder(now);
    rec.close();
    expect(rec.path).toContain(`/sessions/2025/10/17/rollout-2025-10-17T08-05-09-${rec.sessionId}.jsonl`);
    expect(statSync(rec.path).mode & 0o777).toBe(0o600);
    const first = JSON.parse(readFileSync(rec.path, "utf8").split("\n")[0] as string);
    expect(first.type).toBe("session_meta");
    expect(first.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(first.payload).toMatchObject({
      id: rec.sessionId,
      cwd: "/proj",
      originator: "codex_exec",
      cli_version: "0.47.0",
      instructions: null,
      source: "exec",
    });
    expect(rec.sessionId[14]).toBe("7");
  });

  test("round-trips every kind of line, in order", () => {
    const rec = newRecorder();
    const call: ResponseItem = { type: "function_call", name: "shell", arguments: "{}", call_id: "c1" };
    const out: ResponseItem = { type: "function_call_output", call_id: "c1", output: "ok" };
    rec.recordTurnContext({
      cwd: "/proj",
      approval_policy: "never",
      sandbox_policy: { mode: "read-only" },
      model: "gpt-5-codex",
      effort: "medium",
      summary: "auto",
    });
    rec.record([userItem("hi"), call, out, assistantItem("done")]);
    rec.recordEvent({ type: "agent_message", message: "done" });
    rec.recordEvent({ type: "turn_aborted", reason: "interrupted" });
    rec.close();
    const file = readRolloutFile(rec.path);
    expect(file.meta.id).toBe(rec.sessionId);
    expect(file.items.map((i) => i.type)).toEqual([
      "turn_context",
      "response_item",
      "response_item",
      "response_item",
      "response_item",
      "event_msg",
      "event_msg",
    ]);
    expect(file.tornTail).toBe(false);
    const resumed = openRolloutForResume({ codexHome: home.dir, id: rec.sessionId });
    expect(resumed.sessionId).toBe(rec.sessionId);
    expect(resumed.history).toEqual([userItem("hi"), call, out, assistantItem("done")]);
    expect(resumed.lastTurnContext?.model).toBe("gpt-5-codex");
  });

  test("a torn last line is skipped, and resuming appends on a fresh line", () => {
    const rec = newRecorder();
    rec.record([userItem("first"), assistantItem("answer")]);
    rec.close();
    appendFileSync(
      rec.path,
      '{"timestamp":"2025-01-01T00:00:00.000Z","type":"response_item","payload":{"type":"mess',
    );
    const torn = readRolloutFile(rec.path);
    expect(torn.tornTail).toBe(true);
    expect(torn.skippedLines).toBe(1);
    const session = openRolloutForResume({ codexHome: home.dir, last: true });
    expect(session.history).toEqual([userItem("first"), assistantItem("answer")]);
    const again = resumeRecorder(session);
    again.record([userItem("second")]);
    again.close();
    const after = openRolloutForResume({ codexHome: home.dir, id: rec.sessionId });
    expect(after.history).toEqual([userItem("first"), assistantItem("answer"), userItem("second")]);
  });

  test("a tool call cut off by a crash gets an aborted output; orphan outputs are dropped", () => {
    const rec = newRecorder();
    rec.record([
      userItem("run it"),
      { type: "function_call", name: "shell", arguments: "{}", call_id: "c1" },
      { type: "custom_tool_call", name: "apply_patch", input: "*** Begin Patch", call_id: "c2" },
      { type: "function_call_output", call_id: "ghost", output: "?" },
    ]);
    rec.close();
    const { history } = openRolloutForResume({ codexHome: home.dir, id: rec.sessionId });
    expect(history).toEqual([
      userItem("run it"),
      { type: "function_call", name: "shell", arguments: "{}", call_id: "c1" },
      { type: "function_call_output", call_id: "c1", output: "aborted" },
      { type: "custom_tool_call", name: "apply_patch", input: "*** Begin Patch", call_id: "c2" },
      { type: "custom_tool_call_output", call_id: "c2", output: "aborted" },
    ]);
  });

  test("compacted records: our replacement history is used as is; Codex's summary-only form is rebuilt", () => {
    const rec = newRecorder();
    const env = userItem("<environment_context>\n  <cwd>/proj</cwd>\n</environment_context>");
    rec.record([env, userItem("task one"), assistantItem("long work")]);
    rec.recordCompacted({ message: "SUMMARY ONE" });
    rec.record([userItem("task two"), assistantItem("more work")]);
    rec.close();
    const { history } = openRolloutForResume({ codexHome: home.dir, id: rec.sessionId });
    expect(history[0]).toEqual(env);
    const bridge = JSON.stringify(history[1]);
    expect(bridge).toContain("SUMMARY ONE");
    expect(bridge).toContain("task one");
    expect(bridge).not.toContain("long work");
    expect(history.slice(2)).toEqual([userItem("task two"), assistantItem("more work")]);

    const ours = newRecorder();
    ours.record([userItem("a"), assistantItem("b")]);
    ours.recordCompacted({ message: "S", replacement_history: [userItem("exact replacement")] });
    ours.close();
    expect(openRolloutForResume({ codexHome: home.dir, id: ours.sessionId }).history).toEqual([
      userItem("exact replacement"),
    ]);
  });

  test("missing and corrupt sessions give clear errors", () => {
    expect(() => openRolloutForResume({ codexHome: home.dir, last: true })).toThrow(RolloutNotFoundError);
    expect(() =>
      openRolloutForResume({ codexHome: home.dir, id: "0199a213-81c0-7800-8aa1-bbab2a035a53" }),
    ).toThrow(/no saved session with id 0199a213-81c0-7800-8aa1-bbab2a035a53/);
    expect(() => openRolloutForResume({ codexHome: home.dir, id: "not-an-id" })).toThrow(
      /is not a session id/,
    );
    const rec = newRecorder();
    rec.close();
    writeFileSync(rec.path, "garbage\n{}\n");
    expect(() => openRolloutForResume({ codexHome: home.dir, id: rec.sessionId })).toThrow(
      RolloutCorruptError,
    );
    writeFileSync(rec.path, "");
    expect(() => openRolloutForResume({ codexHome: home.dir, path: rec.path })).toThrow(/empty or corrupt/);
  });

  test.skipIf(process.platform !== "linux")(
    "write errors (disk full) are reported once, never thrown",
    () => {
      const errors: Error[] = [];
      const rec = RolloutRecorder.resume({
        path: "/dev/full",
        sessionId: "x",
        onError: (e) => errors.push(e),
      });
      rec.record([userItem("one")]);
      rec.record([userItem("two")]);
      rec.close();
      expect(errors.length).toBe(1);
      expect(errors[0]?.message).toMatch(/could not write the session file \/dev\/full/);
    },
  );
});
