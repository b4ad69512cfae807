/**
 * Hooks (`hooks.json`, `[hooks]`) through `dist/codex exec` with a scripted model: what each event
 * receives, what blocks and what the model then reads, trust, and a hook that hangs.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, customToolCall, functionCall, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, requestBody } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

/** A hook script: appends its stdin to events.jsonl, then runs `body`. */
function hookScript(name: string, body: string): string {
  const path = join(env.workspace, "..", `${name}-${Date.now()}.sh`);
  writeFileSync(
    path,
    `#!/bin/sh\ncat >> ${JSON.stringify(join(env.codexHome, "events.jsonl"))}\necho >> ${JSON.stringify(join(env.codexHome, "events.jsonl"))}\n${body}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

function writeHooks(hooks: Record<string, unknown>): void {
  writeFileSync(join(env.codexHome, "hooks.json"), JSON.stringify({ hooks }));
}

const group = (command: string, extra: Record<string, unknown> = {}) => ({
  ...extra,
  hooks: [{ type: "command", command, timeout: 10 }],
});

function events(): Array<Record<string, unknown>> {
  const path = join(env.codexHome, "events.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

function outputs(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const request of env.server.requests)
    for (const item of (request.body as { input: Array<Record<string, unknown>> }).input)
      if (typeof item.output === "string") out[item.call_id as string] = item.output;
  return out;
}

const BYPASS = "--dangerously-bypass-hook-trust";

describe("hooks in codex exec", () => {
  test("every event fires once with 0.169's fields", async () => {
    env = await execEnv();
    const log = hookScript("log", "exit 0");
    writeHooks(
      Object.fromEntries(
        ["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "Stop"].map((e) => [
          e,
          [group(log)],
        ]),
      ),
    );
    env.server.enqueue(
      responsesStream([...functionCall("shell", { command: ["bash", "-c", "echo hi"] }, "c1"), completed()]),
    );
    env.server.enqueue(responsesStream([textResponse("all done"), completed()]));
    const result = await env.exec([BYPASS, "-s", "workspace-write", "say hi"]);
    expect(result.code).toBe(0);
    const seen = events();
    expect(seen.map((e) => e.hook_event_name)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "PreToolUse",
      "PostToolUse",
      "Stop",
    ]);
    const sessionId = seen[0]?.session_id;
    for (const event of seen)
      expect(event).toMatchObject({
        session_id: sessionId,
        cwd: env.workspace,
        model: "gpt-5-codex",
        permission_mode: "bypassPermissions",
      });
    expect(typeof seen[0]?.transcript_path).toBe("string");
    expect(seen[0]).toMatchObject({ source: "startup" });
    expect(seen[0]?.turn_id).toBeUndefined();
    expect(seen[1]).toMatchObject({ prompt: "say hi", turn_id: seen[2]?.turn_id });
    expect(seen[2]).toMatchObject({
      tool_name: "Bash",
      tool_input: { command: "echo hi" },
      tool_use_id: "c1",
    });
    expect(seen[3]).toMatchObject({ tool_name: "Bash", tool_use_id: "c1" });
    expect(seen[3]?.tool_response).toContain("hi");
    expect(seen[4]).toMatchObject({ stop_hook_active: false, last_assistant_message: "all done" });
    // Human output shows each hook as 0.169 does.
    expect(result.stderr).toContain("hook: PreToolUse\n");
    expect(result.stderr).toContain("hook: PreToolUse Completed\n");
  });

  test("PreToolUse exit 2 blocks a shell command; the model reads the reason", async () => {
    env = await execEnv();
    writeHooks({
      PreToolUse: [group(hookScript("deny", "echo 'no pushing from here' >&2; exit 2"), { matcher: "Bash" })],
    });
    const marker = join(env.workspace, "ran.txt");
    env.server.enqueue(
      responsesStream([...functionCall("shell", { command: ["touch", marker] }, "c1"), completed()]),
    );
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const result = await env.exec([BYPASS, "-s", "workspace-write", "go"]);
    expect(result.code).toBe(0);
    expect(outputs().c1).toBe(
      `Command blocked by PreToolUse hook: no pushing from here. Command: touch ${marker}`,
    );
    expect(existsSync(marker)).toBe(false);
    expect(result.stderr).toContain("hook: PreToolUse Blocked");
  });

  test("a deny decision in JSON blocks a patch (matched as Edit); nothing is written", async () => {
    env = await execEnv();
    const deny = JSON.stringify({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: "generated files are read-only",
      },
    });
    writeHooks({ PreToolUse: [group(hookScript("deny-json", `echo '${deny}'`), { matcher: "Edit|Write" })] });
    const patch = "*** Begin Patch\n*** Add File: gen.txt\n+x\n*** End Patch";
    env.server.enqueue(responsesStream([...customToolCall("apply_patch", patch, "p1"), completed()]));
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const result = await env.exec([BYPASS, "-s", "workspace-write", "go"]);
    expect(result.code).toBe(0);
    expect(outputs().p1).toBe(
      `Command blocked by PreToolUse hook: generated files are read-only. Command: ${patch}`,
    );
    expect(existsSync(join(env.workspace, "gen.txt"))).toBe(false);
  });

  test("PostToolUse block replaces what the model reads; UserPromptSubmit context reaches the model", async () => {
    env = await execEnv();
    const context = JSON.stringify({
      hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "team rule: be brief" },
    });
    writeHooks({
      UserPromptSubmit: [group(hookScript("ctx", `echo '${context}'`))],
      PostToolUse: [
        group(hookScript("post", `echo '{"decision":"block","reason":"output withheld by policy"}'`)),
      ],
    });
    env.server.enqueue(
      responsesStream([...functionCall("shell", { command: ["echo", "secret"] }, "c1"), completed()]),
    );
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    await env.exec([BYPASS, "-s", "workspace-write", "go"]);
    expect(outputs().c1).toBe("output withheld by policy");
    const first = requestBody(env, 0).input;
    expect(first.at(-1)).toEqual({
      type: "message",
      role: "developer",
      content: [{ type: "input_text", text: "team rule: be brief" }],
    });
  });

  test("UserPromptSubmit exit 2 keeps the prompt from the model", async () => {
    env = await execEnv();
    writeHooks({ UserPromptSubmit: [group(hookScript("ups", "echo 'no secrets in prompts' >&2; exit 2"))] });
    const result = await env.exec([BYPASS, "my password is hunter2"]);
    expect(result.code).toBe(0);
    expect(env.server.requests).toHaveLength(0);
    expect(result.stderr).toContain("hook: UserPromptSubmit Blocked\n  no secrets in prompts");
  });

  test("a blocking Stop hook sends its reason back and the turn goes on, with stop_hook_active", async () => {
    env = await execEnv();
    const once = join(env.codexHome, "stopped-once");
    writeHooks({
      Stop: [
        group(
          hookScript(
            "stop",
            `[ -e ${once} ] && exit 0; touch ${once}; echo '{"decision":"block","reason":"run the tests first"}'`,
          ),
        ),
      ],
    });
    env.server.enqueue(responsesStream([textResponse("done"), completed()]));
    env.server.enqueue(responsesStream([textResponse("tests pass"), completed()]));
    const result = await env.exec([BYPASS, "go"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("tests pass\n");
    const second = requestBody(env, 1).input;
    expect(JSON.stringify(second.at(-1))).toContain(
      `<hook_prompt hook_run_id=\\"stop:0:${join(env.codexHome, "hooks.json")}\\">run the tests first</hook_prompt>`,
    );
    expect(events().map((e) => e.stop_hook_active)).toEqual([false, true]);
  });

  test("a hook that hangs is killed with what it started at its timeout; the turn goes on", async () => {
    env = await execEnv();
    const pidFile = join(env.codexHome, "child.pid");
    const hang = hookScript("hang", `sleep 300 & echo $! > ${pidFile}; wait`);
    writeHooks({ UserPromptSubmit: [{ hooks: [{ type: "command", command: hang, timeout: 1 }] }] });
    env.server.enqueue(responsesStream([textResponse("still here"), completed()]));
    const result = await env.exec([BYPASS, "go"]);
    expect(result.stdout).toBe("still here\n");
    expect(result.stderr).toContain("hook: UserPromptSubmit Failed\n  hook timed out after 1s");
    // Gone, or a zombie waiting for its reaper: either way no longer running.
    const stat = join("/proc", readFileSync(pidFile, "utf8").trim(), "stat");
    const state = existsSync(stat) ? (readFileSync(stat, "utf8").split(") ")[1]?.[0] ?? "?") : "gone";
    expect(["gone", "Z", "X"]).toContain(state);
  });
});

describe("hook trust", () => {
  test("untrusted hooks do not run (with a warning); trusted as 0.169 writes [hooks.state], they do", async () => {
    env = await execEnv();
    const log = hookScript("log", "exit 0");
    writeHooks({ SessionStart: [group(log)] });
    env.server.enqueue(responsesStream([textResponse("a"), completed()]));
    const untrusted = await env.exec(["go"]);
    expect(untrusted.code).toBe(0);
    expect(events()).toEqual([]);
    expect(untrusted.stderr).toContain("1 hook(s) in");
    expect(untrusted.stderr).toContain("will not run");

    // The key and hash 0.169's /hooks review writes for this hook.
    const { createHash } = await import("node:crypto");
    const identity = `{"event_name":"session_start","hooks":[{"async":false,"command":${JSON.stringify(log)},"timeout":10,"type":"command"}]}`;
    const hash = `sha256:${createHash("sha256").update(identity).digest("hex")}`;
    const key = `${join(env.codexHome, "hooks.json")}:session_start:0:0`;
    const config = readFileSync(join(env.codexHome, "config.toml"), "utf8");
    writeFileSync(
      join(env.codexHome, "config.toml"),
      `${config}\n[hooks.state.${JSON.stringify(key)}]\ntrusted_hash = "${hash}"\n`,
    );
    env.server.enqueue(responsesStream([textResponse("b"), completed()]));
    const trusted = await env.exec(["go"]);
    expect(trusted.code).toBe(0);
    expect(events().map((e) => e.hook_event_name)).toEqual(["SessionStart"]);
    expect(trusted.stderr).not.toContain("will not run");
  });
});
