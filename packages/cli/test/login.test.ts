/** `codex login --with-api-key`, `login status`, `logout` through dist/codex. */
import { expect, test } from "bun:test";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CODEX = resolve(import.meta.dir, "../../../dist/codex");

function run(args: string[], home: string, stdin?: string) {
  const proc = Bun.spawnSync([CODEX, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home, CODEX_HOME: home },
    stdin: stdin === undefined ? "ignore" : Buffer.from(stdin),
  });
  return { code: proc.exitCode, stderr: proc.stderr.toString() };
}

test("an API key round-trips through login, status and logout, stored with mode 0600", () => {
  const home = mkdtempSync(join(tmpdir(), "codex-login-"));
  expect(run(["login", "status"], home)).toEqual({ code: 1, stderr: "Not logged in\n" });
  expect(run(["login", "--with-api-key"], home, "sk-proj-1234567890ABCDEFG\n")).toEqual({
    code: 0,
    stderr: "Successfully logged in\n",
  });
  expect(statSync(join(home, "auth.json")).mode & 0o777).toBe(0o600);
  const status = run(["login", "status"], home);
  expect(status.code).toBe(0);
  expect(status.stderr).toContain("Logged in using an API key - sk-proj-***CDEFG");
  expect(status.stderr).not.toContain("1234567890");
  expect(run(["logout"], home)).toEqual({ code: 0, stderr: "Successfully logged out\n" });
  expect(run(["login", "status"], home).code).toBe(1);
});

test("an empty key fails with what to do instead", () => {
  const home = mkdtempSync(join(tmpdir(), "codex-login-"));
  const empty = run(["login", "--with-api-key"], home, "\n");
  expect(empty.code).toBe(1);
  expect(empty.stderr).toContain("printenv OPENAI_API_KEY | codex login --with-api-key");
});
