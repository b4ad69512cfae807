/**
 * Issue 11, item 16: a script must be able to tell that `codex exec` did not finish its task.
 * Exit codes and final output as Codex 0.169 gives them (run side by side with this mock server):
 * Ctrl-C exits 1 (`--json` prints no further event; human output says "turn interrupted"), SIGTERM
 * ends the process by SIGTERM, and an `-o` file that cannot be written exits 1.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  completed,
  functionCall,
  httpError,
  responsesStream,
  spawnCodex,
  stalledStream,
  textResponse,
} from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, STDIN_NOTICE } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

/** The one rollout file exec wrote under CODEX_HOME/sessions. */
function rolloutText(codexHome: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".jsonl")) files.push(full);
    }
  };
  walk(join(codexHome, "sessions"));
  expect(files).toHaveLength(1);
  return readFileSync(files[0] as string, "utf8");
}

/** Starts `exec ARGS` on a stream that never ends and sends `signal` once the model was asked. */
async function interruptedRun(args: string[], signal: NodeJS.Signals) {
  env = await execEnv();
  env.server.enqueue(stalledStream());
  const child = spawnCodex(["exec", ...args, "wait forever"], {
    codexHome: env.codexHome,
    cwd: env.workspace,
  });
  child.closeStdin();
  await env.server.waitForRequests(1);
  child.kill(signal);
  return child.wait();
}

describe("an interrupted codex exec", () => {
  test("Ctrl-C with --json: exit 1, no event after turn.started, the abort is in the rollout", async () => {
    const result = await interruptedRun(["--json"], "SIGINT");
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout).map((line) => line.type)).toEqual(["thread.started", "turn.started"]);
    expect(result.stderr).toBe(STDIN_NOTICE);
    expect(rolloutText(result.codexHome)).toContain('"type":"turn_aborted","reason":"interrupted"');
  });

  test("Ctrl-C with human output: 'turn interrupted' on stderr, nothing on stdout, exit 1", async () => {
    const result = await interruptedRun([], "SIGINT");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toEndWith("user\nwait forever\nturn interrupted\n");
  });

  test("SIGTERM: the abort is recorded, then the process ends by SIGTERM", async () => {
    const result = await interruptedRun(["--json"], "SIGTERM");
    expect(result.signal).toBe("SIGTERM");
    expect(result.code).toBeNull();
    expect(jsonLines(result.stdout).map((line) => line.type)).toEqual(["thread.started", "turn.started"]);
    expect(rolloutText(result.codexHome)).toContain('"type":"turn_aborted","reason":"interrupted"');
  });
});

describe("codex exec -o FILE", () => {
  test("a file that cannot be opened fails at once, before the model is asked", async () => {
    env = await execEnv();
    const path = join(env.workspace, "missing-dir", "out.txt");
    const result = await env.exec(["-o", path, "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${STDIN_NOTICE}Error: Failed to open last message file "${path}": No such file or directory (ENOENT)\n`,
    );
    expect(env.server.requests).toHaveLength(0);
  });

  test("a completed turn writes the last message; a failed one leaves the file as it was", async () => {
    env = await execEnv();
    const path = join(env.workspace, "out.txt");
    writeFileSync(path, "previous answer");
    env.server.enqueue(httpError(400, { error: { message: "bad request" } }));
    const failedRun = await env.exec(["--json", "-o", path, "hi"]);
    expect(failedRun.code).toBe(1);
    expect(readFileSync(path, "utf8")).toBe("previous answer");

    env.server.enqueue(responsesStream([textResponse("the answer"), completed()]));
    const completedRun = await env.exec(["--json", "-o", path, "hi"]);
    expect(completedRun.code).toBe(0);
    expect(readFileSync(path, "utf8")).toBe("the answer");
  });

  test("a write that fails after the turn (the path became a directory) exits 1", async () => {
    env = await execEnv();
    const path = join(env.workspace, "out.txt");
    env.server.enqueue(
      responsesStream([
        ...functionCall("shell", { command: ["bash", "-c", "rm out.txt && mkdir out.txt"] }, "call_swap"),
        completed(),
      ]),
    );
    env.server.enqueue(responsesStream([textResponse("done"), completed()]));
    const result = await env.exec(["--json", "-s", "workspace-write", "-o", path, "hi"]);
    expect(statSync(path).isDirectory()).toBe(true);
    expect(jsonLines(result.stdout).at(-1)?.type).toBe("turn.completed");
    expect(result.code).toBe(1);
    expect(result.stderr).toEndWith(
      `Error: Failed to write last message file "${path}": Illegal operation on a directory (EISDIR)\n`,
    );
  });
});
