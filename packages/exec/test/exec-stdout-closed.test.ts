/**
 * exec writes its streams itself (src/std-streams.ts): a reader that goes away early
 * (`codex exec --json … | head -1`) ends exec quietly with status 0, and nothing is lost or
 * reordered for a reader that stays.
 */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { codexBinaryPath, completed, responsesStream, textResponse, waitUntil } from "@codex/test-support";
import { type ExecEnv, execEnv, STDIN_NOTICE } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

test("`codex exec --json … | head -1`: exec ends with 0 and no error when head has gone", async () => {
  env = await execEnv();
  const headGone = join(env.workspace, "head-gone");
  // The answer (and with it every line after thread.started) comes only once head has exited.
  env.server.enqueue(async () => {
    await waitUntil(() => existsSync(headGone), { what: "head to exit" });
    return responsesStream([textResponse("a long answer ".repeat(5000)), completed()]);
  });
  const script = `"$CODEX" exec --json "say hi" </dev/null 2>"$WS/stderr" | (head -1 >"$WS/first"; touch "$WS/head-gone"); echo "\${PIPESTATUS[0]}" >"$WS/status"`;
  const run = Bun.spawn(["bash", "-c", script], {
    cwd: env.workspace,
    env: {
      PATH: process.env.PATH,
      HOME: env.codexHome,
      CODEX_HOME: env.codexHome,
      CODEX: codexBinaryPath(),
      WS: env.workspace,
    },
  });
  expect(await run.exited).toBe(0);
  const read = (name: string) => Bun.file(join(env.workspace, name)).text();
  expect(JSON.parse(await read("first")).type).toBe("thread.started");
  expect((await read("status")).trim()).toBe("0");
  expect(await read("stderr")).toBe(STDIN_NOTICE);
});

test("stdout and stderr keep the order of what was written, in a long answer", async () => {
  env = await execEnv();
  const answer = `${"line of the answer\n".repeat(20000)}end`;
  env.server.enqueue(responsesStream([textResponse(answer), completed()]));
  const result = await env.exec(["--json", "say hi"]);
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split("\n");
  expect(lines.map((line) => JSON.parse(line).type)).toEqual([
    "thread.started",
    "turn.started",
    "item.completed",
    "turn.completed",
  ]);
  expect(JSON.parse(lines[2] as string).item.text).toBe(answer);
});
