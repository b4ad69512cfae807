/**
 * An answer-only `codex exec` runs no regular expression: the first one a process runs costs it
 * ~1.4 MiB of peak memory (compiled probes, docs/performance.md), a tenth of exec's margin over
 * the Bun floor. Run from source with a preload that reports every regular expression that runs.
 */
import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv } from "./helpers.ts";

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

const CLI = join(import.meta.dir, "../../cli/src/main.ts");
const TRIPWIRE = join(import.meta.dir, "fixtures/regex-tripwire.ts");

test("an answer-only turn in a git repository runs no regular expression", async () => {
  env = await execEnv();
  env.server.enqueue(responsesStream([textResponse("hello there"), completed()]));
  const child = Bun.spawn(
    [process.execPath, "--preload", TRIPWIRE, CLI, "exec", "--skip-git-repo-check", "say hello"],
    {
      cwd: env.workspace,
      env: {
        PATH: process.env.PATH,
        HOME: env.codexHome,
        CODEX_HOME: env.codexHome,
        OPENAI_API_KEY: "sk-test",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  expect(stdout).toContain("hello there");
  expect(code).toBe(0);
  expect(stderr.split("\n").filter((line) => line.startsWith("regex-tripwire:"))).toEqual([]);
});
