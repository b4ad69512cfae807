/**
 * exec_command and write_stdin through `dist/codex exec --json`, driven by a scripted model that
 * reads each tool output (the session id included) before making its next call: an interactive
 * Python driven across calls on a real terminal, a slow command that returns early and is polled,
 * the errors the model sees, output truncation, and no command left running after codex is gone.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  functionCall,
  type RecordedRequest,
  responsesStream,
  runCodex,
  spawnCodex,
  stalledStream,
  textResponse,
} from "@codex/test-support";
import { e2eSetup, toolOutputs } from "./e2e-helpers.ts";

setDefaultTimeout(60_000);
const setup = e2eSetup();

const PYTHON = Bun.which("python3") ?? "python3";

/** The output of the last tool call in a request. */
function lastOutput(request: RecordedRequest): string {
  const input = (request.body as { input: Array<{ type: string; output?: unknown }> }).input;
  const outputs = input.filter((item) => item.type === "function_call_output");
  return String(outputs[outputs.length - 1]?.output ?? "");
}

function sessionIdIn(output: string): number {
  const match = /Process running with session ID (\d+)/.exec(output);
  if (!match) throw new Error(`no session id in: ${output}`);
  return Number(match[1]);
}

/** Answers a request with one function call whose arguments may depend on the last output. */
function call(name: string, args: (last: string) => object, callId: string) {
  return (request: RecordedRequest) =>
    responsesStream([...functionCall(name, args(lastOutput(request)), callId), completed()]);
}

const answer = () => responsesStream([textResponse("done"), completed()]);

function execJson(env: { codexHome: string; workspace: string }, args: string[] = []) {
  return runCodex(["exec", "--json", "--skip-git-repo-check", ...args, "go"], {
    codexHome: env.codexHome,
    cwd: env.workspace,
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid a command wrote to `path`, once it has (a sandboxed start can outlast the first yield). */
async function pidFrom(path: string): Promise<number> {
  for (let i = 0; i < 600 && !existsSync(path); i++) await Bun.sleep(50);
  return Number(readFileSync(path, "utf8").trim());
}

/** Waits until `pid` is gone (bounded), returning whether it went. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 600 && isAlive(pid); i++) await Bun.sleep(50);
  return !isAlive(pid);
}

describe("exec_command and write_stdin through dist/codex exec", () => {
  test("an interactive python3 on a terminal, driven across three calls, keeps its state", async () => {
    const env = await setup();
    const start = { cmd: `${PYTHON} -i -q`, tty: true, login: false, yield_time_ms: 1000 };
    env.server.enqueue(call("exec_command", () => start, "call_start"));
    env.server.enqueue(
      call("write_stdin", (last) => ({ session_id: sessionIdIn(last), chars: "x = 6 * 7\n" }), "call_x"),
    );
    let sessionId = 0;
    env.server.enqueue(
      call(
        "write_stdin",
        (last) => {
          sessionId = sessionIdIn(last);
          return { session_id: sessionId, chars: "print(x + 1)\n", yield_time_ms: 1000 };
        },
        "call_print",
      ),
    );
    env.server.enqueue(
      call("write_stdin", () => ({ session_id: sessionId, chars: "exit()\n" }), "call_exit"),
    );
    // An empty poll returns as soon as python has exited.
    env.server.enqueue(call("write_stdin", () => ({ session_id: sessionId, chars: "" }), "call_poll"));
    env.server.enqueue(call("write_stdin", () => ({ session_id: sessionId, chars: "" }), "call_after"));
    env.server.enqueue(answer());
    const result = await execJson(env, ["-s", "workspace-write"]);
    expect(result.code).toBe(0);

    const outputs = toolOutputs(env.server);
    const all = ["call_start", "call_x", "call_print", "call_exit", "call_poll"]
      .map((id) => outputs.get(id) ?? "")
      .join("");
    expect(outputs.get("call_start")).toMatch(
      /^Chunk ID: [0-9a-f]{6}\nWall time: \d+\.\d{4} seconds\nProcess running with session ID \d+\nOriginal token count: \d+\nOutput:\n/,
    );
    expect(all).toContain(">>> ");
    expect(all).toContain("print(x + 1)\r\n43\r\n");
    expect(all).toContain("Process exited with code 0");
    expect(outputs.get("call_after")).toBe(`write_stdin failed: Unknown process id ${sessionId}`);

    const items = result.stdout
      .split("\n")
      .filter((line) => line.includes('"command_execution"'))
      .map((line) => JSON.parse(line) as { type: string; item: Record<string, unknown> });
    expect(items.map((line) => line.type)).toEqual(["item.started", "item.completed"]);
    expect(items[1]?.item).toMatchObject({ exit_code: 0, status: "completed" });
    expect(String(items[1]?.item.aggregated_output)).toContain("43");
  });

  test("a slow command returns early with a session id, is polled until it exits; stdin without a terminal is closed", async () => {
    const env = await setup();
    env.server.enqueue(
      call(
        "exec_command",
        () => ({ cmd: "echo started; sleep 1; echo finished", login: false, yield_time_ms: 250 }),
        "call_slow",
      ),
    );
    env.server.enqueue(
      call("write_stdin", (last) => ({ session_id: sessionIdIn(last), chars: "input\n" }), "call_type"),
    );
    let sessionId = 0;
    env.server.enqueue((request) => {
      const first = (request.body as { input: Array<{ call_id?: string; output?: string }> }).input.find(
        (item) => item.call_id === "call_slow" && typeof item.output === "string",
      );
      sessionId = sessionIdIn(String(first?.output));
      return responsesStream([
        ...functionCall(
          "write_stdin",
          { session_id: sessionId, chars: "", yield_time_ms: 30_000 },
          "call_poll",
        ),
        completed(),
      ]);
    });
    env.server.enqueue(call("write_stdin", () => ({ session_id: 424242, chars: "" }), "call_unknown"));
    env.server.enqueue(answer());
    const result = await execJson(env, ["-s", "workspace-write"]);
    expect(result.code).toBe(0);

    const outputs = toolOutputs(env.server);
    expect(outputs.get("call_slow")).toContain(`Process running with session ID ${sessionId}`);
    expect(outputs.get("call_type")).toBe(
      "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
    );
    expect(outputs.get("call_poll")).toMatch(
      /Process exited with code 0\nOriginal token count: \d\nOutput:\n/,
    );
    // What the first call did not show yet (a sandbox can take a while to start), the poll does.
    const after = (id: string) => (outputs.get(id) ?? "").split("Output:\n")[1];
    expect(`${after("call_slow")}${after("call_poll")}`).toBe("started\nfinished\n");
    expect(outputs.get("call_unknown")).toBe("write_stdin failed: Unknown process id 424242");
    // The item completes when the process exits, with everything it printed.
    expect(result.stdout).toContain('"aggregated_output":"started\\nfinished\\n","exit_code":0');
  });

  test("output over max_output_tokens keeps its head and tail around a count of what was left out", async () => {
    const env = await setup();
    env.server.enqueue(
      call("exec_command", () => ({ cmd: "seq 1 3000", login: false, max_output_tokens: 50 }), "call_seq"),
    );
    env.server.enqueue(answer());
    expect((await execJson(env)).code).toBe(0);
    const output = toolOutputs(env.server).get("call_seq") ?? "";
    expect(output).toContain(
      "Process exited with code 0\nOriginal token count: 3474\nOutput:\nWarning: truncated output (original token count: 3474)\nTotal output lines: 3000\n\n1\n2\n",
    );
    expect(output).toContain("\n36\n3…3424 tokens truncated…2981\n2982\n");
    expect(output).toEndWith("2999\n3000\n");
  });

  // Host process ids: the Landlock tier (bwrap's PID namespace would hide them) and no sandbox.
  const killCases = [
    { tty: false, args: ["-s", "workspace-write", "-c", 'sandbox.linux_backend="landlock"'] },
    { tty: true, args: ["-s", "workspace-write", "-c", 'sandbox.linux_backend="landlock"'] },
    { tty: true, args: ["-s", "danger-full-access"] },
  ];
  for (const { tty, args } of killCases) {
    test(`no command outlives codex killed with SIGKILL (tty: ${tty}, ${args[1]})`, async () => {
      const env = await setup();
      // Landlock grants a workspace holding .git piecewise: new files go in an existing directory.
      mkdirSync(join(env.workspace, "run"));
      const cmd = "echo $$ > run/pid.txt; exec sleep 300";
      env.server.enqueue(
        call("exec_command", () => ({ cmd, tty, login: false, yield_time_ms: 500 }), "call_bg"),
      );
      env.server.enqueue(stalledStream());
      const codex = spawnCodex(["exec", "--json", "--skip-git-repo-check", ...args, "go"], {
        codexHome: env.codexHome,
        cwd: env.workspace,
      });
      codex.closeStdin();
      await env.server.waitForRequests(2, { timeoutMs: 30_000 });
      const pid = await pidFrom(join(env.workspace, "run/pid.txt"));
      expect(isAlive(pid)).toBe(true);
      codex.kill("SIGKILL");
      await codex.wait();
      expect(await gone(pid)).toBe(true);
    });
  }

  test("background terminals end when codex exits at the end of its turn", async () => {
    const env = await setup();
    const cmd = "echo $$ > pid.txt; exec sleep 300";
    env.server.enqueue(call("exec_command", () => ({ cmd, login: false, yield_time_ms: 500 }), "call_bg"));
    env.server.enqueue(answer());
    const result = await execJson(env, ["-s", "danger-full-access"]);
    expect(result.code).toBe(0);
    const pid = await pidFrom(join(env.workspace, "pid.txt"));
    expect(await gone(pid)).toBe(true);
  });
});

describe("exec_command under the user's rules", () => {
  test("a forbidden prefix inside the shell script is refused before anything runs", async () => {
    const env = await setup();
    mkdirSync(join(env.codexHome, "rules"), { recursive: true });
    writeFileSync(
      join(env.codexHome, "rules", "team.rules"),
      'prefix_rule(pattern = ["touch"], decision = "forbidden", justification = "no new files")\n',
    );
    env.server.enqueue(
      call("exec_command", () => ({ cmd: "echo hi && touch made.txt", login: false }), "call_touch"),
    );
    env.server.enqueue(answer());
    const result = await execJson(env, ["-s", "workspace-write"]);
    expect(result.code).toBe(0);
    expect(toolOutputs(env.server).get("call_touch")).toContain("rejected: no new files");
    expect(existsSync(join(env.workspace, "made.txt"))).toBe(false);
    expect(result.stdout).not.toContain('"command_execution"');
  });
});
