/** Project trust as front ends ask for it: where it is recorded, git or not, and the answer kept. */
import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, projectTrust, setProjectTrust, trustProject } from "@codex/core";
import { makeGitRepo } from "@codex/test-support";

function dirs() {
  const base = mkdtempSync(join(tmpdir(), "codex-trust-"));
  const codexHome = join(base, "home");
  const repo = join(base, "repo");
  const sub = join(repo, "src", "deep");
  mkdirSync(codexHome);
  makeGitRepo(repo);
  mkdirSync(sub, { recursive: true });
  const plain = join(base, "plain");
  mkdirSync(plain);
  return { codexHome, repo, sub, plain };
}

test("inside a git repository: recorded for the repository root; the answer is read back, as the loader reads it", () => {
  const { codexHome, repo, sub } = dirs();
  expect(projectTrust({ codexHome, cwd: sub })).toEqual({ root: repo, isGitRepo: true, level: null });
  setProjectTrust({ codexHome, cwd: sub }, "trusted");
  expect(readFileSync(join(codexHome, "config.toml"), "utf8")).toBe(
    `[projects."${repo}"]\ntrust_level = "trusted"\n`,
  );
  expect(projectTrust({ codexHome, cwd: sub }).level).toBe("trusted");
  // The loader agrees: a trusted project defaults to workspace-write.
  const { config } = loadConfig({ codexHome, cwd: sub, env: {}, onWarning: () => {} });
  expect(config.sandbox_mode).toBe("workspace-write");
});

test("outside git: the folder itself; untrusted is kept and exec --trust does not override it", () => {
  const { codexHome, plain } = dirs();
  expect(projectTrust({ codexHome, cwd: plain })).toEqual({ root: plain, isGitRepo: false, level: null });
  setProjectTrust({ codexHome, cwd: plain }, "untrusted");
  expect(projectTrust({ codexHome, cwd: plain }).level).toBe("untrusted");
  expect(trustProject({ codexHome, cwd: plain })).toEqual({ path: plain, trusted: false });
});

test("project_root_markers decide the root; a comment in config.toml survives the answer", () => {
  const { codexHome, repo, sub } = dirs();
  writeFileSync(join(repo, "src", ".marker"), "");
  writeFileSync(join(codexHome, "config.toml"), '# mine\nproject_root_markers = [".marker"]\n');
  expect(projectTrust({ codexHome, cwd: sub }).root).toBe(join(repo, "src"));
  setProjectTrust({ codexHome, cwd: sub }, "trusted");
  const text = readFileSync(join(codexHome, "config.toml"), "utf8");
  expect(text.startsWith("# mine\n")).toBe(true);
  expect(text).toContain(`[projects."${join(repo, "src")}"]`);
});
