/**
 * The lifetime of an unsandboxed command (danger-full-access) under the native supervisor, through
 * `dist/codex exec`: what the command leaves running when it ends normally keeps running, as in
 * Codex 0.169 — a server started in one call is there for the next call, and after codex exits —
 * and a stop (interrupt) gives the command SIGTERM before anything harsher, so its trap runs; so
 * does codex's death by SIGKILL mid-command, after which nothing it started is left (more forms of
 * that in e2e-orphans.test.ts).
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { superviseUnsandboxed } from "@codex/sandbox";
import { functionCall, jsonLines, runCodex, spawnCodex, waitUntil } from "@codex/test-support";
import { escapeSetup, scriptModel } from "./escape-env.ts";
import { processesIn, sweepAfterEach } from "./host-processes.ts";

// Real processes on a loaded machine.
setDefaultTimeout(120_000);

// Registered before the setup's cleanup, which removes the directories the sweep looks for.
const sweepLater = sweepAfterEach();
const setup = escapeSetup();
const ARGS = ["exec", "--json", "--skip-git-repo-check", "-s", "danger-full-access", "go"];

/** A server on a FIFO that has left the command's session, and a background child in its group. */
const START = [
  "cd src && mkfifo requests",
  "setsid nohup sh -c 'echo $$ > server.pid; while :; do read line < requests; echo \"pong $line\" >> replies; done' >/dev/null 2>&1 </dev/null &",
  "nohup sleep 300 >/dev/null 2>&1 </dev/null & echo $! > background.pid",
  "until [ -s server.pid ]; do sleep 0.05; done",
  "echo started",
].join("\n");

/** The next command: a request to the server, and whether the background child still runs. */
const REACH = [
  "cd src && echo ping > requests",
  "until grep -q 'pong ping' replies 2>/dev/null; do sleep 0.05; done",
  "echo reached the server",
  "kill -0 $(cat background.pid) && echo background child alive",
].join("\n");

type Tool = { name: string; call: (script: string, id: string) => ReturnType<typeof functionCall> };
const TOOLS: Tool[] = [
  {
    name: "shell",
    call: (script, id) => functionCall("shell", { command: ["bash", "-c", script], timeout_ms: 30_000 }, id),
  },
  ...[false, true].map((tty) => ({
    name: `exec_command (tty: ${tty})`,
    call: (script: string, id: string) =>
      functionCall("exec_command", { cmd: script, tty, login: false, yield_time_ms: 30_000 }, id),
  })),
];

/** Starts `codex exec` on a turn that runs `script`; resolves once the script has touched src/ready. */
async function startUntilReady(env: Awaited<ReturnType<typeof setup>>, script: string) {
  scriptModel(env, [TOOLS[0]!.call(script, "call_trap")]);
  const codex = spawnCodex(ARGS, { codexHome: env.codexHome, cwd: env.ws, timeoutMs: 90_000 });
  codex.closeStdin();
  await waitUntil(() => existsSync(join(env.ws, "src", "ready")), {
    what: "the command to start",
    timeoutMs: 60_000,
  });
  return codex;
}

/** After codex ended: the command's TERM trap ran, and none of its processes is left. */
async function expectTrappedAndGone(src: string) {
  await waitUntil(() => existsSync(join(src, "trapped")), { what: "the command's TERM trap" });
  expect(readFileSync(join(src, "trapped"), "utf8")).toBe("terminated\n");
  await waitUntil(() => processesIn(src).length === 0, { what: "nothing left running" });
}

/** The aggregated output of each completed command, in order. */
function commandOutputs(stdout: string): string[] {
  const items = jsonLines(stdout)
    .filter((event) => event.type === "item.completed")
    .map((event) => event.item as { type: string; aggregated_output?: string });
  return items
    .filter((item) => item.type === "command_execution")
    .map((item) => item.aggregated_output ?? "");
}

const supervised =
  superviseUnsandboxed({ argv: ["true"], env: { PATH: "/usr/bin:/bin" }, cwd: "/" }) !== null;

describe.skipIf(!supervised)("unsandboxed commands under the native supervisor, through dist/codex", () => {
  for (const tool of TOOLS)
    test(`${tool.name}: a server started by one command is reached by the next, and outlives codex's exit`, async () => {
      const env = await setup("landlock");
      const src = join(env.ws, "src");
      sweepLater(src);
      scriptModel(env, [tool.call(START, "call_start"), tool.call(REACH, "call_reach")]);
      const result = await runCodex(ARGS, { codexHome: env.codexHome, cwd: env.ws, timeoutMs: 90_000 });
      expect(result.code).toBe(0);
      const [started, reached] = commandOutputs(result.stdout);
      expect(started).toContain("started");
      expect(reached).toContain("reached the server");
      // Its output redirected and SIGHUP ignored, nothing ends the background child in the group.
      expect(reached).toContain("background child alive");
      const server = Number(readFileSync(join(src, "server.pid"), "utf8"));
      const background = Number(readFileSync(join(src, "background.pid"), "utf8"));
      expect(processesIn(src)).toEqual(expect.arrayContaining([server, background]));
      for (const pid of [server, background]) process.kill(pid, "SIGKILL");
    });

  test("a stop (interrupt) gives the command SIGTERM first: its trap runs", async () => {
    const env = await setup("landlock");
    const src = join(env.ws, "src");
    sweepLater(src);
    const script =
      "cd src && trap 'echo terminated > trapped; exit 0' TERM; touch ready; while :; do sleep 1; done";
    const codex = await startUntilReady(env, script);
    codex.kill("SIGINT");
    await codex.wait();
    await expectTrappedAndGone(src);
  });

  test("SIGKILL of codex mid-command: the command gets SIGTERM first, then nothing it started is left", async () => {
    const env = await setup("landlock");
    const src = join(env.ws, "src");
    sweepLater(src);
    const script = [
      // Its output pipes break with codex (a write would end it with SIGPIPE): keep quiet.
      "cd src && exec >/dev/null 2>&1",
      // A daemon that left the session and ignores SIGTERM: only the sweep ends it.
      "setsid nohup sh -c 'trap \"\" TERM; echo $$ > daemon.pid; while :; do sleep 1; done' >/dev/null 2>&1 </dev/null &",
      "trap 'echo terminated > trapped; exit 0' TERM",
      "until [ -s daemon.pid ]; do sleep 0.05; done",
      "touch ready",
      "while :; do sleep 1; done",
    ].join("\n");
    const codex = await startUntilReady(env, script);
    const daemon = Number(readFileSync(join(src, "daemon.pid"), "utf8"));
    expect(processesIn(src)).toContain(daemon);
    codex.kill("SIGKILL");
    await codex.wait();
    await expectTrappedAndGone(src);
  });
});
