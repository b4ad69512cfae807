/**
 * approval_policy "untrusted" as Codex 0.169 applies it (checked against the 0.169 binary through
 * app-server): every command asks, `echo hi` and `ls` included, unless the user's rules allow it.
 * A declined command never starts: the test's login profile logs every shell that starts.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { completed, functionCall, responsesStream, textResponse } from "@codex/test-support";
import type { AppServerClient } from "./client.ts";
import { type Harness, harness, textInput } from "./harness.ts";

setDefaultTimeout(120_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** The commands of the parity check, as a model sends them to exec_command. */
const COMMANDS = [
  "echo hi",
  "ls",
  "cat file",
  "git status",
  "pwd",
  "rg foo",
  "sed -n 1p f",
  "ls && echo x",
  "ls > out.txt",
  "find . -name x",
  "find . -name victim -exec rm {} \\;",
];

/**
 * A HOME whose login profile appends `NO_NEW_PRIVS|SCRIPT` to `ran.log` in the working directory
 * each time a login shell starts (exec_command runs `bash -lc`), so a command that starts leaves a
 * line. Both sandbox tiers set no_new_privs; codex itself does not.
 */
function tracingHome(cwd: string): string {
  const home = mkdtempSync(join(tmpdir(), "untrusted-home-"));
  const nnp = "$(sed -n 's/^NoNewPrivs:[[:space:]]*//p' /proc/$$/status)";
  writeFileSync(
    join(home, ".bash_profile"),
    `printf '%s|%s\\n' "${nnp}" "$BASH_EXECUTION_STRING" >> '${cwd}/ran.log'\n`,
  );
  return home;
}

/** no_new_privs of this test process: what an unsandboxed command inherits. */
const UNSANDBOXED = /^NoNewPrivs:\s*(\d)/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];

function ranLog(h: Harness): string {
  const path = join(h.cwd, "ran.log");
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

/** The output the model was given for `callId` in a later request. */
function toolOutput(h: Harness, callId: string): string {
  for (const request of h.server.requests) {
    const input = (request.body as { input?: Array<Record<string, unknown>> } | null)?.input ?? [];
    const found = input.find((item) => item.type === "function_call_output" && item.call_id === callId);
    if (found) return JSON.stringify(found.output);
  }
  return "";
}

type Answer = "accept" | "decline" | { acceptWithExecpolicyAmendment: { execpolicy_amendment: string[] } };

/**
 * One turn in which the model calls `tool` with `args`; answers an approval request with `answer`.
 * Returns the command shown in the request, or null when the command ran without one.
 */
async function turnWithCall(
  client: AppServerClient,
  threadId: string,
  call: { tool: string; args: object; callId: string },
  answer: Answer,
): Promise<string | null> {
  h.server.enqueue(responsesStream([...functionCall(call.tool, call.args, call.callId), completed()]));
  h.server.enqueue(responsesStream([textResponse("done"), completed()]));
  const from = client.messages.length;
  await client.request("turn/start", { threadId, input: textInput("run it") });
  const first = await client.waitFor(
    (m) => m.method === "item/commandExecution/requestApproval" || m.method === "turn/completed",
    from,
  );
  let asked: string | null = null;
  if (first.method === "item/commandExecution/requestApproval") {
    asked = first.params.command as string;
    client.send({ id: first.id, result: { decision: answer } });
  }
  await client.notification("turn/completed", from);
  return asked;
}

async function startThread(client: AppServerClient, params: Record<string, unknown> = {}): Promise<string> {
  await client.initialize();
  const started = await client.request("thread/start", {
    cwd: h.cwd,
    approvalPolicy: "untrusted",
    sandbox: "workspace-write",
    ...params,
  });
  return started.result.thread.id;
}

function seedFiles(cwd: string): void {
  writeFileSync(join(cwd, "file"), "content\n");
  writeFileSync(join(cwd, "f"), "line1\n");
  writeFileSync(join(cwd, "victim"), "still here\n");
}

describe('approval_policy "untrusted" (as 0.169)', () => {
  test("exec_command: every command asks, known-safe ones too; declined ones never start", async () => {
    h = await harness();
    seedFiles(h.cwd);
    const client = h.spawn({ HOME: tracingHome(h.cwd), SHELL: "/bin/bash" });
    const threadId = await startThread(client);
    const asked: Array<string | null> = [];
    for (const [i, cmd] of COMMANDS.entries())
      asked.push(
        await turnWithCall(
          client,
          threadId,
          { tool: "exec_command", args: { cmd }, callId: `c${i}` },
          "decline",
        ),
      );

    expect(asked).toEqual(COMMANDS.map((cmd) => expect.stringContaining(cmd)));
    expect(asked.every((command) => command?.startsWith("/bin/bash -lc "))).toBe(true);
    expect(ranLog(h)).toBe("");
    expect(existsSync(join(h.cwd, "out.txt"))).toBe(false);
    expect(readFileSync(join(h.cwd, "victim"), "utf8")).toBe("still here\n");
    for (const i of COMMANDS.keys()) expect(toolOutput(h, `c${i}`)).toContain("rejected by user");

    // Accepted, a known-safe command runs, inside the sandbox the policy asks for.
    const accepted = await turnWithCall(
      client,
      threadId,
      { tool: "exec_command", args: { cmd: "echo hi" }, callId: "c_ok" },
      "accept",
    );
    expect(accepted).toContain("echo hi");
    expect(toolOutput(h, "c_ok")).toContain("hi");
    expect(ranLog(h)).toBe("1|echo hi\n");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("the shell tool (older models): a plain argv asks too", async () => {
    h = await harness();
    seedFiles(h.cwd);
    const client = h.spawn();
    const threadId = await startThread(client, { model: "gpt-4.1" });
    const call = (command: string[], callId: string) => ({ tool: "shell", args: { command }, callId });
    expect(await turnWithCall(client, threadId, call(["cat", "file"], "s1"), "decline")).toBe("cat file");
    expect(toolOutput(h, "s1")).toContain("rejected by user");
    expect(toolOutput(h, "s1")).not.toContain("content");
    expect(await turnWithCall(client, threadId, call(["bash", "-c", "ls && echo x"], "s2"), "accept")).toBe(
      "bash -c 'ls && echo x'",
    );
    expect(toolOutput(h, "s2")).toContain("victim");
    expect((await client.close()).code).toBe(0);
  });

  test("the user's allow rules let commands through without asking; the rest still ask", async () => {
    h = await harness();
    seedFiles(h.cwd);
    mkdirSync(join(h.codexHome, "rules"));
    writeFileSync(
      join(h.codexHome, "rules", "default.rules"),
      'prefix_rule(pattern=["echo"], decision="allow")\nprefix_rule(pattern=["ls"], decision="allow")\n',
    );
    const client = h.spawn({ HOME: tracingHome(h.cwd), SHELL: "/bin/bash" });
    const threadId = await startThread(client);
    const run = (cmd: string, callId: string, answer: Answer = "decline") =>
      turnWithCall(client, threadId, { tool: "exec_command", args: { cmd }, callId }, answer);
    expect(await run("echo hi", "r1")).toBeNull();
    expect(await run("ls && echo x", "r2")).toBeNull();
    expect(await run("pwd", "r3")).toContain("pwd");
    expect(await run("ls > out.txt", "r4")).toContain("ls > out.txt");
    // Rule-allowed lines run outside the sandbox, as 0.169 runs them (docs/rules.md).
    expect(ranLog(h)).toBe(`${UNSANDBOXED}|echo hi\n${UNSANDBOXED}|ls && echo x\n`);
    expect(existsSync(join(h.cwd, "out.txt"))).toBe(false);
    expect((await client.close()).code).toBe(0);
  });

  test("accept with a rule: 0.169's decision list, the rule is saved, the next run asks nothing", async () => {
    h = await harness();
    const client = h.spawn({ HOME: tracingHome(h.cwd), SHELL: "/bin/bash" });
    const threadId = await startThread(client);
    const from = client.messages.length;
    const rule = { acceptWithExecpolicyAmendment: { execpolicy_amendment: ["echo", "hi"] } };
    const run = (callId: string, answer: Answer) =>
      turnWithCall(client, threadId, { tool: "exec_command", args: { cmd: "echo hi" }, callId }, answer);
    expect(await run("a1", rule)).toBe("/bin/bash -lc 'echo hi'");
    const ask = client.messages.slice(from).find((m) => m.method === "item/commandExecution/requestApproval");
    expect(ask?.params.proposedExecpolicyAmendment).toEqual(["echo", "hi"]);
    expect(ask?.params.availableDecisions).toEqual(["accept", rule, "acceptForSession", "decline", "cancel"]);
    expect(readFileSync(join(h.codexHome, "rules", "default.rules"), "utf8")).toBe(
      'prefix_rule(pattern=["echo", "hi"], decision="allow")\n',
    );
    expect(await run("a2", "decline")).toBeNull();
    expect(ranLog(h)).toBe(`1|echo hi\n${UNSANDBOXED}|echo hi\n`);
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });
});
