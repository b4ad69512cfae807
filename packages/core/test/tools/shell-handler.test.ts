import { describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@codex/test-support";
import { createShellHandler } from "../../src/tools/handlers/shell.ts";
import { fakeContext, functionCall, WORKSPACE_WRITE } from "./fake-context.ts";

const shell = createShellHandler();
const dir = mkdtempSync(join(tmpdir(), "codex-shell-"));

function pgrep(marker: string): string {
  const r = Bun.spawnSync(["pgrep", "-f", marker]);
  return r.stdout.toString().trim();
}

describe("shell handler", () => {
  test("runs argv, streams deltas, emits a command_execution item, answers in text form", async () => {
    const { ctx, events } = fakeContext({ cwd: dir });
    const call = functionCall("shell", { command: ["bash", "-c", "echo hello-from-shell"] });
    const result = await shell.run(call, ctx);
    expect(result.output).toMatch(/^Exit code: 0\nWall time: [\d.]+ seconds\nOutput:\nhello-from-shell\n$/);
    expect(result.success).toBe(true);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe("item_started");
    expect(types).toContain("command_output_delta");
    const done = events.at(-1);
    expect(done).toEqual({
      type: "item_completed",
      item: {
        id: "item_0",
        type: "command_execution",
        command: "bash -c 'echo hello-from-shell'",
        aggregated_output: "hello-from-shell\n",
        exit_code: 0,
        status: "completed",
      },
    });
  }, 40_000);

  test("JSON form without freeform apply_patch; workdir; non-zero exit is failed", async () => {
    const { ctx, events } = fakeContext({ cwd: "/", freeform: false });
    const result = await shell.run(
      functionCall("shell", { command: ["bash", "-c", "pwd; exit 3"], workdir: dir }),
      ctx,
    );
    const parsed = JSON.parse(result.output);
    expect(parsed.output).toBe(`${dir}\n`);
    expect(parsed.metadata.exit_code).toBe(3);
    expect(typeof parsed.metadata.duration_seconds).toBe("number");
    expect(result.success).toBe(false);
    const last = events.at(-1);
    expect(
      last?.type === "item_completed" && last.item.type === "command_execution" && last.item.status,
    ).toBe("failed");
  });

  test("timeout: exit 124, message, and the whole process group is gone", async () => {
    const marker = `sleep 7${Date.now() % 100000}`;
    const { ctx } = fakeContext({ cwd: dir, freeform: false });
    const result = await shell.run(
      functionCall("shell", {
        command: ["bash", "-c", `${marker} & ${marker}; echo never`],
        timeout_ms: 300,
      }),
      ctx,
    );
    const parsed = JSON.parse(result.output);
    expect(parsed.metadata.exit_code).toBe(124);
    expect(parsed.output).toStartWith("command timed out after 300 milliseconds\n");
    await waitUntil(() => pgrep(marker) === "", { what: `no ${marker} left running` });
  });

  test("abort (interrupt) kills the group", async () => {
    const marker = `sleep 8${Date.now() % 100000}`;
    const controller = new AbortController();
    const { ctx } = fakeContext({ cwd: dir, signal: controller.signal });
    const run = shell.run(
      functionCall("shell", { command: ["bash", "-c", `(${marker} &) ; ${marker}`], timeout_ms: 600_000 }),
      ctx,
    );
    await waitUntil(() => pgrep(marker) !== "", { what: `${marker} to start` });
    controller.abort();
    await run;
    await waitUntil(() => pgrep(marker) === "", { what: `no ${marker} left running` });
  });

  // Time taken and event-loop responsiveness meanwhile: bench/in-process.ts.
  test("10 MB of output: bounded result and item", async () => {
    const { ctx, events } = fakeContext({ cwd: dir });
    const result = await shell.run(
      functionCall("shell", { command: ["bash", "-c", "yes 'some output line' | head -c 10000000"] }),
      ctx,
    );
    expect(result.output).toContain("Total output lines: 588236");
    expect(result.output).toContain("[... omitted 587980 of 588236 lines ...]");
    expect(result.output.length).toBeLessThan(11 * 1024);
    const completed = events.at(-1);
    if (completed?.type !== "item_completed" || completed.item.type !== "command_execution")
      throw new Error("no item");
    expect(completed.item.aggregated_output.length).toBeLessThan(200 * 1024);
  });

  test("a missing program is reported, not thrown", async () => {
    const { ctx } = fakeContext({ cwd: dir, freeform: false });
    const result = await shell.run(functionCall("shell", { command: ["no-such-program-xyz"] }), ctx);
    const parsed = JSON.parse(result.output);
    expect(parsed.metadata.exit_code).toBe(127);
    expect(parsed.output).toContain("no-such-program-xyz");
  });

  test("a missing workdir is reported clearly", async () => {
    const { ctx } = fakeContext({ cwd: dir });
    const result = await shell.run(functionCall("shell", { command: ["ls"], workdir: "no/such/dir" }), ctx);
    expect(result).toEqual({
      output: `command not run: working directory ${join(dir, "no/such/dir")} does not exist`,
      success: false,
    });
  });

  test("bad arguments are a ToolInputError for the model", async () => {
    const { ctx } = fakeContext({ cwd: dir });
    await expect(shell.run(functionCall("shell", { command: "ls" }), ctx)).rejects.toThrow(/command/);
  });

  test("local_shell payload", async () => {
    const { ctx } = fakeContext({ cwd: dir });
    const result = await shell.run(
      {
        name: "local_shell",
        callId: "c",
        payload: { kind: "local_shell", action: { type: "exec", command: ["echo", "hi"] } },
      },
      ctx,
    );
    expect(result.output).toEndWith("Output:\nhi\n");
  });

  test("sandboxed: writes inside the workspace work, outside are denied", async () => {
    const outside = mkdtempSync(join(tmpdir(), "codex-outside-"));
    const { ctx } = fakeContext({
      cwd: dir,
      sandboxPolicy: WORKSPACE_WRITE,
      approvalPolicy: "never",
      freeform: false,
    });
    const inside = await shell.run(
      functionCall("shell", { command: ["touch", join(dir, "inside.txt")] }),
      ctx,
    );
    expect(JSON.parse(inside.output).metadata.exit_code).toBe(0);
    const denied = await shell.run(
      functionCall("shell", { command: ["touch", join(outside, "x.txt")] }),
      ctx,
    );
    expect(denied.success).toBe(false);
    expect(JSON.parse(denied.output).output).toMatch(/Read-only file system|Permission denied/);
    expect(existsSync(join(outside, "x.txt"))).toBe(false);
  });

  test("a likely sandbox denial is reported with the retry question, not asked by the handler", async () => {
    const outside = mkdtempSync(join(tmpdir(), "codex-outside-"));
    const target = join(outside, "retried.txt");
    const { ctx, approvals } = fakeContext({
      cwd: dir,
      sandboxPolicy: WORKSPACE_WRITE,
      approvalPolicy: "on-failure",
      decision: "approved",
    });
    const result = await shell.run(functionCall("shell", { command: ["touch", target] }), ctx);
    expect(approvals).toEqual([]);
    expect(result.success).toBe(false);
    expect(result.deniedBySandbox).toEqual({
      retry: {
        type: "exec",
        command: ["touch", target],
        cwd: dir,
        reason: "command failed; retry without sandbox?",
      },
    });
    expect(existsSync(target)).toBe(false);
  });

  test("known-safe commands run in the sandbox the orchestrator chose", async () => {
    writeFileSync(join(dir, "a.txt"), "alpha\n");
    const { ctx } = fakeContext({ cwd: dir, sandboxPolicy: WORKSPACE_WRITE });
    const result = await shell.run(
      functionCall("shell", { command: ["bash", "-c", "cat a.txt | wc -l; cat /proc/self/status"] }),
      ctx,
    );
    expect(result.output).toContain("Output:\n1\n");
    expect(result.output).toMatch(/NoNewPrivs:\t1/);
  });
});

describe("shell approval", () => {
  const approval = shell.approval!;
  test("known-safe: skip, but asked under untrusted", async () => {
    const onRequest = fakeContext({ cwd: dir, approvalPolicy: "on-request", sandboxPolicy: WORKSPACE_WRITE });
    expect(await approval(functionCall("shell", { command: ["ls"] }), onRequest.ctx)).toEqual({
      type: "skip",
    });
    const untrusted = fakeContext({ cwd: dir, approvalPolicy: "untrusted", sandboxPolicy: WORKSPACE_WRITE });
    expect(await approval(functionCall("shell", { command: ["ls"] }), untrusted.ctx)).toMatchObject({
      type: "ask",
      request: { type: "exec", command: ["ls"] },
      outsideSandbox: false,
    });
  });
  test("never with a sandbox on this machine: runs sandboxed without asking", async () => {
    const { ctx } = fakeContext({ cwd: dir, approvalPolicy: "never", sandboxPolicy: WORKSPACE_WRITE });
    // (Without a usable sandbox the matrix rejects it instead: see safety.test.ts.)
    expect(await approval(functionCall("shell", { command: ["python3", "x.py"] }), ctx)).toEqual({
      type: "skip",
    });
  });
  test("escalation asks with the justification as reason and an exact-argv session key", async () => {
    const { ctx } = fakeContext({ cwd: dir, approvalPolicy: "on-request", sandboxPolicy: WORKSPACE_WRITE });
    const call = functionCall("shell", {
      command: ["npm", "install"],
      with_escalated_permissions: true,
      justification: "needs network to install packages",
    });
    expect(await approval(call, ctx)).toEqual({
      type: "ask",
      request: {
        type: "exec",
        command: ["npm", "install"],
        cwd: dir,
        reason: "needs network to install packages",
      },
      sessionKey: 'exec:["npm","install"]',
      outsideSandbox: true,
    });
  });
  test("dangerous under full access still asks (or is rejected under never)", async () => {
    const ask = fakeContext({ cwd: dir, approvalPolicy: "on-request" });
    expect(
      (await approval(functionCall("shell", { command: ["git", "reset", "--hard"] }), ask.ctx)).type,
    ).toBe("ask");
    const never = fakeContext({ cwd: dir, approvalPolicy: "never" });
    expect((await approval(functionCall("shell", { command: ["rm", "-rf", "x"] }), never.ctx)).type).toBe(
      "forbidden",
    );
  });
});
