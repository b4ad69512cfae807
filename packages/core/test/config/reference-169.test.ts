/**
 * Checked against the real Codex 0.169 binary when one is given (skipped otherwise):
 * `CODEX_REFERENCE_169=/path/to/codex npx bun test packages/core/test/config/reference-169.test.ts`.
 * A config.toml written by this build's writers is one Codex 0.169 accepts with --strict-config,
 * and an unknown key is reported with the same text.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  MockModelServer,
  makeTempCodexHome,
  responsesStream,
  runCodex,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";

setDefaultTimeout(60_000);

const REFERENCE = process.env.CODEX_REFERENCE_169 ?? "";

let server: MockModelServer;
beforeAll(async () => {
  server = await MockModelServer.start({
    fallback: () => responsesStream([textResponse("ok"), completed()]),
  });
});
afterAll(() => server.close());

async function reference(args: string[], codexHome: string, cwd: string) {
  const child = Bun.spawn([REFERENCE, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: codexHome, CODEX_HOME: codexHome, OPENAI_API_KEY: "sk-test" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  // The reference warns about helper links under /tmp; that line is not about config.
  const relevant = stderr
    .split("\n")
    .filter((line) => !line.startsWith("WARNING: proceeding"))
    .join("\n");
  return { code: await child.exited, stdout, stderr: relevant };
}

/** A real git repository: 0.169's exec checks with git, not by looking for `.git`. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-ref-ws-"));
  expect(Bun.spawnSync(["git", "init", "-q", dir]).exitCode).toBe(0);
  return dir;
}

describe.skipIf(REFERENCE === "")("config.toml shared with Codex 0.169", () => {
  test("what this build writes (features, MCP servers, trust) passes 0.169's --strict-config", async () => {
    const codexHome = makeTempCodexHome();
    writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl });
    const cwd = workspace();
    for (const args of [
      ["features", "disable", "view_image"],
      ["features", "enable", "unified_exec"],
      ["mcp", "add", "files", "--", "npx", "-y", "some-server"],
      ["exec", "--trust", "hi"],
    ]) {
      expect((await runCodex(args, { codexHome, cwd })).code).toBe(0);
    }
    const r = await reference(["exec", "--strict-config", "hi"], codexHome, cwd);
    expect(r.stderr).not.toContain("unknown configuration field");
    expect(r.code).toBe(0);
  });

  test("an unknown key is reported with 0.169's words, position and caret", async () => {
    const codexHome = makeTempCodexHome();
    writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl });
    writeFileSync(join(codexHome, "config.toml"), "\n[tui]\nnotifications = true\nbogus_key = 1\n", {
      flag: "a",
    });
    const cwd = workspace();
    const theirs = await reference(["exec", "--strict-config", "hi"], codexHome, cwd);
    const ours = await runCodex(["exec", "--strict-config", "hi"], { codexHome, cwd });
    expect(theirs.code).toBe(1);
    expect(ours.code).toBe(1);
    const report = (text: string) => text.split("\n").slice(0, 5).join("\n");
    expect(report(ours.stderr)).toBe(report(theirs.stderr));
  });
});
