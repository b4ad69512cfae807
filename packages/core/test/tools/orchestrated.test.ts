/**
 * The handlers behind the loop's registry and orchestrator: approvals asked for and answered,
 * "approved for session" remembered by exact argv, refusals worded for the model.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReviewDecision } from "@codex/protocol";
import type { Config } from "../../src/config/types.ts";
import { createBuiltinToolHandlers } from "../../src/tools/handlers/builtin.ts";
import { dispatchToolCall } from "../../src/tools/orchestrator.ts";
import { createToolRegistry } from "../../src/tools/registry.ts";
import { TerminalSessions } from "../../src/tools/terminals/terminal-sessions.ts";
import { customCall, fakeContext, functionCall, WORKSPACE_WRITE } from "./fake-context.ts";

const config = {
  use_freeform_apply_patch: true,
  include_plan_tool: true,
  features: { shell_tool: true, unified_exec: false, view_image: true },
  web_search: null,
} as unknown as Config;
const registry = createToolRegistry(config, {
  builtins: createBuiltinToolHandlers(config, new TerminalSessions()),
});

function setup(decisions: ReviewDecision[]) {
  const dir = mkdtempSync(join(tmpdir(), "codex-orch-"));
  const fake = fakeContext({ cwd: dir, approvalPolicy: "untrusted", sandboxPolicy: WORKSPACE_WRITE });
  const asked: unknown[] = [];
  fake.ctx.requestApproval = async (request) => {
    asked.push(request);
    return decisions.shift() ?? "denied";
  };
  const approvedForSession = new Set<string>();
  const dispatch = (call: Parameters<typeof dispatchToolCall>[0]) =>
    dispatchToolCall(call, { registry, context: fake.ctx, approvedForSession });
  return { dir, fake, asked, dispatch };
}

const outputOf = (item: { type: string } & Record<string, unknown>) => item.output as string;

describe("handlers through the orchestrator", () => {
  test("untrusted: asks; approved_for_session covers the same argv later, not a different one", async () => {
    const { dir, asked, dispatch } = setup(["approved_for_session", "denied"]);
    const marker = join(dir, "made.txt");
    const first = await dispatch(functionCall("shell", { command: ["touch", marker] }));
    expect(asked).toHaveLength(1);
    expect(existsSync(marker)).toBe(true);
    expect(outputOf(first)).toStartWith("Exit code: 0\n");
    await dispatch(functionCall("shell", { command: ["touch", marker] }));
    expect(asked).toHaveLength(1);
    const other = await dispatch(functionCall("shell", { command: ["touch", join(dir, "other.txt")] }));
    expect(asked).toHaveLength(2);
    expect(outputOf(other)).toBe("exec command rejected by user");
    expect(existsSync(join(dir, "other.txt"))).toBe(false);
  });

  test("untrusted asks about known-safe commands too (as 0.169); declined, nothing runs", async () => {
    const { dir, asked, dispatch } = setup(["denied", "approved"]);
    const marker = join(dir, "echoed.txt");
    const script = `echo hi && ls > ${marker}`;
    const declined = await dispatch(functionCall("shell", { command: ["bash", "-c", "ls && pwd"] }));
    expect(asked).toHaveLength(1);
    expect(outputOf(declined)).toBe("exec command rejected by user");
    const approved = await dispatch(functionCall("shell", { command: ["bash", "-c", script] }));
    expect(asked).toHaveLength(2);
    expect(outputOf(approved)).toStartWith("Exit code: 0\n");
    expect(existsSync(marker)).toBe(true);
  });

  test("patch approval shows the diff; denied writes nothing; approved applies", async () => {
    const { dir, asked, dispatch } = setup(["denied", "approved"]);
    const call = customCall("apply_patch", "*** Begin Patch\n*** Add File: p.txt\n+patched\n*** End Patch");
    const denied = await dispatch(call);
    expect(outputOf(denied)).toBe("patch rejected by user");
    expect(existsSync(join(dir, "p.txt"))).toBe(false);
    expect(asked[0]).toEqual({
      type: "patch",
      changes: [{ path: join(dir, "p.txt"), kind: "add" }],
      unifiedDiff: expect.stringContaining("+patched"),
      reason: null,
    });
    const approved = await dispatch(call);
    expect(approved.type).toBe("custom_tool_call_output");
    expect(outputOf(approved)).toContain("A p.txt");
    expect(readFileSync(join(dir, "p.txt"), "utf8")).toBe("patched\n");
  });

  test("unknown tools and update_plan", async () => {
    const { dispatch } = setup([]);
    expect(outputOf(await dispatch(functionCall("nope", {})))).toBe("unsupported call: nope");
    const plan = await dispatch(functionCall("update_plan", { plan: [{ step: "a", status: "pending" }] }));
    expect(outputOf(plan)).toBe("Plan updated");
    const bad = await dispatch(functionCall("update_plan", { plan: "x" }));
    expect(outputOf(bad)).toContain("`plan` must be an array");
  });
});

describe("the orchestrator alone chooses the sandbox", () => {
  function sandboxed(approvalPolicy: "untrusted" | "on-failure" | "on-request", decisions: ReviewDecision[]) {
    const dir = mkdtempSync(join(tmpdir(), "codex-orch-"));
    const outside = mkdtempSync(join(tmpdir(), "codex-orch-outside-"));
    const fake = fakeContext({ cwd: dir, approvalPolicy, sandboxPolicy: WORKSPACE_WRITE });
    const asked: Array<{ reason?: string | null }> = [];
    fake.ctx.requestApproval = async (request) => {
      asked.push(request as { reason?: string | null });
      return decisions.shift() ?? "denied";
    };
    const dispatch = (call: Parameters<typeof dispatchToolCall>[0]) =>
      dispatchToolCall(call, { registry, context: fake.ctx, approvedForSession: new Set() });
    return { dir, outside, asked, dispatch };
  }

  test("a known-safe git command runs sandboxed: repository config cannot run a program outside", async () => {
    const { dir, outside, asked, dispatch } = sandboxed("on-request", []);
    const repo = join(dir, "nested");
    const marker = join(outside, "fsmonitor-ran.txt");
    const hook = join(dir, "hook.sh");
    writeFileSync(hook, `#!/bin/sh\necho pwned > ${marker}\n`, { mode: 0o755 });
    Bun.spawnSync(["git", "init", "-q", repo]);
    Bun.spawnSync(["git", "-C", repo, "config", "core.fsmonitor", hook]);
    const out = await dispatch(functionCall("shell", { command: ["git", "status"], workdir: repo }));
    expect(asked).toEqual([]);
    expect(outputOf(out)).toContain("Exit code:");
    expect(existsSync(marker)).toBe(false);
  });

  test("an approved command still runs sandboxed; only an approved escalation leaves the sandbox", async () => {
    const { outside, dispatch } = sandboxed("untrusted", ["approved", "denied", "approved"]);
    const plain = join(outside, "plain.txt");
    await dispatch(functionCall("shell", { command: ["touch", plain] }));
    expect(existsSync(plain)).toBe(false);
    const escalated = join(outside, "escalated.txt");
    await dispatch(
      functionCall("shell", {
        command: ["touch", escalated],
        with_escalated_permissions: true,
        justification: "x",
      }),
    );
    expect(existsSync(escalated)).toBe(true);
  });

  test("on-failure: a sandbox denial asks to rerun without the sandbox; a refusal keeps the first result", async () => {
    const { outside, asked, dispatch } = sandboxed("on-failure", ["approved", "denied"]);
    const retried = join(outside, "retried.txt");
    const first = await dispatch(functionCall("shell", { command: ["touch", retried] }));
    expect(asked.map((a) => a.reason)).toEqual(["command failed; retry without sandbox?"]);
    expect(existsSync(retried)).toBe(true);
    expect(outputOf(first)).toStartWith("Exit code: 0\n");
    const kept = join(outside, "kept.txt");
    const second = await dispatch(functionCall("shell", { command: ["touch", kept] }));
    expect(asked).toHaveLength(2);
    expect(existsSync(kept)).toBe(false);
    expect(outputOf(second)).toMatch(/Permission denied|Read-only file system/);
  });

  test("on-request: a sandbox denial is reported to the model, no rerun is offered", async () => {
    const { outside, asked, dispatch } = sandboxed("on-request", []);
    const out = await dispatch(functionCall("shell", { command: ["touch", join(outside, "x.txt")] }));
    expect(asked).toEqual([]);
    expect(outputOf(out)).toMatch(/Permission denied|Read-only file system/);
  });
});
