/**
 * exec's "inside a git repository" check and project instructions, through dist/codex: an empty
 * `.git` directory (a mount point some sandboxes leave behind, e.g. `/tmp/.git`) is no repository;
 * `git init` and a worktree's `.git` file are.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, requestBody, STDIN_NOTICE } from "./helpers.ts";

// Real processes and servers: allow for a loaded machine.
setDefaultTimeout(30_000);

const REFUSED = `${STDIN_NOTICE}Not inside a trusted directory and --skip-git-repo-check was not specified.\n`;

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

function git(cwd: string, ...args: string[]): void {
  const run = Bun.spawnSync(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd, GIT_CONFIG_NOSYSTEM: "1" },
  });
  if (run.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr.toString()}`);
}

describe("codex exec: what is a git repository", () => {
  test("an empty .git in the folder or above it is not one: exec refuses and asks nothing", async () => {
    env = await execEnv({ git: false });
    const inner = join(env.workspace, "project");
    mkdirSync(join(inner, ".git"), { recursive: true });
    mkdirSync(join(env.workspace, ".git"));
    for (const cwd of [env.workspace, inner]) {
      const result = await env.exec(["hello"], { cwd });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(REFUSED);
    }
    expect(env.server.requests).toHaveLength(0);
  });

  test("a repository made by `git init` runs, from a folder below its root too", async () => {
    env = await execEnv({ git: false });
    git(env.workspace, "init", "-q");
    mkdirSync(join(env.workspace, "src"));
    env.server.enqueue(responsesStream([textResponse("ran"), completed()]));
    const result = await env.exec(["hello"], { cwd: join(env.workspace, "src") });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("ran\n");
  });

  test("a worktree (.git file) runs; a .git file pointing nowhere is refused", async () => {
    env = await execEnv({ git: false });
    const main = join(env.workspace, "main");
    mkdirSync(main);
    git(main, "init", "-q");
    git(main, "commit", "-q", "--allow-empty", "-m", "first");
    git(main, "worktree", "add", "-q", join(env.workspace, "wt"));
    env.server.enqueue(responsesStream([textResponse("in the worktree"), completed()]));
    const worktree = await env.exec(["hello"], { cwd: join(env.workspace, "wt") });
    expect(worktree.code).toBe(0);
    expect(worktree.stdout).toBe("in the worktree\n");

    const dangling = join(env.workspace, "dangling");
    mkdirSync(dangling);
    writeFileSync(join(dangling, ".git"), `gitdir: ${join(env.workspace, "gone")}\n`);
    const refused = await env.exec(["hello"], { cwd: dangling });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(REFUSED);
  });

  test("AGENTS.md is gathered from the real repository root, past an empty .git below it", async () => {
    env = await execEnv({ git: false });
    git(env.workspace, "init", "-q");
    const sub = join(env.workspace, "sub");
    mkdirSync(join(sub, ".git"), { recursive: true });
    writeFileSync(join(env.workspace, "AGENTS.md"), "Root instructions: marker-root.\n");
    writeFileSync(join(sub, "AGENTS.md"), "Sub instructions: marker-sub.\n");
    env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
    const result = await env.exec(["hello"], { cwd: sub });
    expect(result.code).toBe(0);
    const sent = JSON.stringify(requestBody(env, 0).input);
    expect(sent).toContain("marker-root");
    expect(sent).toContain("marker-sub");
    expect(sent.indexOf("marker-root")).toBeLessThan(sent.indexOf("marker-sub"));
  });
});
