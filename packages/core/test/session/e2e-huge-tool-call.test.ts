/**
 * Through dist/codex exec: a tool call carrying tens of megabytes is not run, the model is told
 * why, and it costs neither memory nor disk (it is dropped while it streams).
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  chatFinish,
  chatStream,
  chatText,
  chatToolCall,
  completed,
  customToolCall,
  functionCall,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { type SessionEnv, sessionEnv } from "../rollout/e2e-env.ts";

setDefaultTimeout(120_000);

const HUGE = 60 * 1024 * 1024;
/** Peak resident memory allowed for the whole process (a plain turn takes well under 100 MiB). */
const PEAK_RSS_LIMIT_KIB = 256 * 1024;

let env: SessionEnv;
afterEach(async () => {
  await env?.close();
});

/** The process's peak resident set so far (Linux), in KiB. */
function peakRssKib(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(match[1]);
}

/**
 * Runs exec for one turn whose first response is `first`; the second request is answered only
 * after the process's peak memory was read. Returns that peak and the second request's body text.
 */
async function runHugeTurn(
  env: SessionEnv,
  first: Parameters<SessionEnv["server"]["enqueue"]>[0],
  second: Parameters<SessionEnv["server"]["enqueue"]>[0],
) {
  let peak = 0;
  let pid = 0;
  env.server.enqueue(first);
  env.server.enqueue((request) => {
    peak = peakRssKib(pid);
    return typeof second === "function" ? second(request) : second;
  });
  const proc = env.spawnExec(["--json", "-s", "danger-full-access", "write it"]);
  pid = proc.process.pid;
  proc.closeStdin();
  const result = await proc.wait();
  expect(result.code).toBe(0);
  expect(env.server.requests).toHaveLength(2);
  return { peak, secondRequest: env.server.requests[1]?.rawBody ?? "", stdout: result.stdout };
}

function expectSmallRollout(env: SessionEnv): void {
  const [file] = env.rolloutFiles();
  expect(statSync(file as string).size).toBeLessThan(64 * 1024);
}

describe("a tool call over the size limit", () => {
  test("a 60 MiB shell call: not run, the model is told, memory and the session file stay small", async () => {
    env = await sessionEnv();
    const marker = join(env.workspace, "ran");
    const args = { command: ["bash", "-c", `touch '${marker}' # ${"a".repeat(HUGE)}`] };
    const { peak, secondRequest } = await runHugeTurn(
      env,
      responsesStream([functionCall("shell", args, "call-1"), completed()]),
      responsesStream([textResponse("I will write it in parts."), completed()]),
    );
    expect(existsSync(marker)).toBe(false);
    const input = env.input(1);
    expect(input.find((i) => i.type === "function_call")).toMatchObject({
      call_id: "call-1",
      arguments: "{}",
    });
    const output = input.find((i) => i.type === "function_call_output") as { output: string };
    expect(output.output).toContain("This call was not run: its input is 60.0 MiB, over the 1.0 MiB limit");
    expect(secondRequest.length).toBeLessThan(64 * 1024);
    expectSmallRollout(env);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(PEAK_RSS_LIMIT_KIB);
  });

  test("a 60 MiB apply_patch (custom tool) input: no file written, the model is told", async () => {
    env = await sessionEnv();
    const patch = `*** Begin Patch\n*** Add File: big.txt\n+${"b".repeat(HUGE)}\n*** End Patch\n`;
    const { peak } = await runHugeTurn(
      env,
      responsesStream([customToolCall("apply_patch", patch, "call-1"), completed()]),
      responsesStream([textResponse("Smaller then."), completed()]),
    );
    expect(existsSync(join(env.workspace, "big.txt"))).toBe(false);
    const input = env.input(1);
    expect(input.find((i) => i.type === "custom_tool_call")).toMatchObject({ call_id: "call-1", input: "" });
    const output = input.find((i) => i.type === "custom_tool_call_output") as { output: string };
    expect(output.output).toContain("This call was not run");
    expectSmallRollout(env);
    expect(peak).toBeLessThan(PEAK_RSS_LIMIT_KIB);
  });

  test("chat wire API: 60 MiB of argument deltas are not gathered; the model is told", async () => {
    env = await sessionEnv({ wireApi: "chat" });
    const marker = join(env.workspace, "ran");
    const args = { command: ["bash", "-c", `touch '${marker}' # ${"c".repeat(HUGE)}`] };
    const { peak, secondRequest } = await runHugeTurn(
      env,
      chatStream([chatToolCall("shell", args, "call-1", { pieces: 60 }), chatFinish("tool_calls")]),
      chatStream([chatText("Parts it is."), chatFinish()]),
    );
    expect(existsSync(marker)).toBe(false);
    expect(secondRequest).toContain("This call was not run: its input is 60.0 MiB");
    expect(secondRequest.length).toBeLessThan(64 * 1024);
    expectSmallRollout(env);
    expect(peak).toBeLessThan(PEAK_RSS_LIMIT_KIB);
  });
});
