/** Runs the example of docs/library.md, as written, against the mock model server. */
import { afterEach, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  MockModelServer,
  makeGitRepo,
  repoRoot,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { writeConfig } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

let server: MockModelServer | null = null;
const scratch = join(repoRoot, "packages/core/test/session/.library-example.ts");
afterEach(async () => {
  await server?.close();
  rmSync(scratch, { force: true });
});

test("the docs/library.md example starts a session, runs a turn and prints its events", async () => {
  const markdown = await Bun.file(join(repoRoot, "docs/library.md")).text();
  const code = /```ts\n([\s\S]*?)```/.exec(markdown)?.[1];
  expect(code).toBeDefined();
  // Inside the repository, so that `@codex/core` resolves as it does for a workspace package.
  writeFileSync(scratch, code as string);

  server = await MockModelServer.start();
  server.enqueue(responsesStream([textResponse("Hello!"), completed({ input_tokens: 9, output_tokens: 2 })]));
  const codexHome = mkdtempSync(join(tmpdir(), "codex-home-"));
  writeConfig(codexHome, { baseUrl: server.baseUrl });
  const cwd = mkdtempSync(join(tmpdir(), "codex-lib-"));
  makeGitRepo(cwd);

  const child = Bun.spawn([process.execPath, scratch], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: cwd, CODEX_HOME: codexHome },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code_] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  expect(stderr).toBe("");
  expect(code_).toBe(0);
  const types = stdout
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { type: string }).type);
  expect(types).toEqual([
    "session_configured",
    "turn_started",
    "item_completed",
    "token_count",
    "turn_completed",
    "shutdown_complete",
  ]);
  expect(stdout).toContain('"text":"Hello!"');
});
