import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codexBinaryPath, runCodex, spawnCodex, writeMockProviderConfig } from "../src/index.ts";

// A stand-in for dist/codex: prints its argv and environment, echoes stdin.
const fakeDir = mkdtempSync(join(tmpdir(), "fake-codex-"));
const fake = join(fakeDir, "codex");
writeFileSync(
  fake,
  '#!/bin/sh\necho "args:$*"\necho "home:$CODEX_HOME"\necho "secret:$SECRET_TOKEN"\necho "extra:$EXTRA"\ncat\nexit 3\n',
);
chmodSync(fake, 0o755);
let previous: string | undefined;
beforeAll(() => {
  previous = process.env.CODEX_BINARY;
  process.env.CODEX_BINARY = fake;
  process.env.SECRET_TOKEN = "leak";
});
afterAll(() => {
  if (previous === undefined) delete process.env.CODEX_BINARY;
  else process.env.CODEX_BINARY = previous;
  delete process.env.SECRET_TOKEN;
});

test("codexBinaryPath points at dist/codex by default", () => {
  const saved = process.env.CODEX_BINARY;
  delete process.env.CODEX_BINARY;
  expect(codexBinaryPath().endsWith("/dist/codex")).toBe(true);
  process.env.CODEX_BINARY = saved;
});

test("runCodex uses a temp CODEX_HOME, a clean env plus the given env, and feeds stdin", async () => {
  const result = await runCodex(["exec", "--json"], { env: { EXTRA: "1" }, stdin: "prompt text\n" });
  expect(result.code).toBe(3);
  expect(result.stdout).toContain("args:exec --json");
  expect(result.stdout).toContain(`home:${result.codexHome}`);
  expect(result.stdout).toContain("secret:\n");
  expect(result.stdout).toContain("extra:1");
  expect(result.stdout).toContain("prompt text");
});

test("spawnCodex streams stdout lines and can be killed", async () => {
  const child = spawnCodex([]);
  const lines: string[] = [];
  for await (const line of child.lines()) {
    lines.push(line);
    if (line.startsWith("extra:")) break;
  }
  child.kill("SIGTERM");
  const result = await child.wait();
  expect(lines[0]).toBe("args:");
  expect(result.signal).toBe("SIGTERM");
});

test("writeMockProviderConfig selects the mock provider", () => {
  const home = mkdtempSync(join(tmpdir(), "codex-home-"));
  writeMockProviderConfig(home, { baseUrl: "http://127.0.0.1:1/v1", wireApi: "chat" });
  const toml = readFileSync(join(home, "config.toml"), "utf8");
  expect(toml).toContain('model_provider = "mock"');
  expect(toml).toContain('base_url = "http://127.0.0.1:1/v1"');
  expect(toml).toContain('wire_api = "chat"');
});
