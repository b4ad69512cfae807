import { describe, expect, test } from "bun:test";
import type { ShellEnvironmentPolicy } from "../../src/config/types.ts";
import { createChildEnv } from "../../src/tools/exec/env.ts";
import { capturedText } from "../../src/tools/exec/format.ts";
import { spawnCommand } from "../../src/tools/exec/spawn.ts";

const policy = (over: Partial<ShellEnvironmentPolicy> = {}): ShellEnvironmentPolicy => ({
  inherit: "all",
  ignore_default_excludes: false,
  exclude: [],
  include_only: [],
  set: {},
  ...over,
});

const base = {
  PATH: "/usr/bin:/bin",
  HOME: "/home/u",
  OPENAI_API_KEY: "sk-secret",
  GITHUB_TOKEN: "ghp_x",
  aws_secret_access_key: "x",
  MyKeyring: "y",
  LANG: "C.UTF-8",
  NODE_ENV: "test",
};

describe("shell_environment_policy", () => {
  test("default: inherit all but drop *KEY*, *SECRET*, *TOKEN* (case-insensitive)", () => {
    const env = createChildEnv(policy(), base);
    expect(env).toEqual({ PATH: "/usr/bin:/bin", HOME: "/home/u", LANG: "C.UTF-8", NODE_ENV: "test" });
  });
  test("ignore_default_excludes keeps them", () => {
    expect(createChildEnv(policy({ ignore_default_excludes: true }), base).OPENAI_API_KEY).toBe("sk-secret");
  });
  test("inherit core keeps only the core variables", () => {
    expect(createChildEnv(policy({ inherit: "core" }), base)).toEqual({
      PATH: "/usr/bin:/bin",
      HOME: "/home/u",
    });
  });
  test("inherit none starts empty; set adds", () => {
    expect(createChildEnv(policy({ inherit: "none", set: { A: "1" } }), base)).toEqual({ A: "1" });
  });
  test("exclude globs", () => {
    const env = createChildEnv(policy({ exclude: ["NODE_*", "l?ng"] }), base);
    expect(Object.keys(env).sort()).toEqual(["HOME", "PATH"]);
  });
  test("set wins over excludes; include_only applies last", () => {
    const env = createChildEnv(
      policy({ set: { MY_TOKEN: "t", X: "1" }, include_only: ["PATH", "*TOKEN*"] }),
      base,
    );
    expect(env).toEqual({ PATH: "/usr/bin:/bin", MY_TOKEN: "t" });
  });

  test("OPENAI_API_KEY and GITHUB_TOKEN never reach a real child by default", async () => {
    const env = createChildEnv(policy(), {
      ...process.env,
      OPENAI_API_KEY: "sk-live",
      GITHUB_TOKEN: "ghp_live",
    });
    const result = await spawnCommand({
      program: "env",
      args: [],
      cwd: "/",
      env,
      timeoutMs: 5000,
      signal: new AbortController().signal,
    });
    const text = capturedText(result.output);
    expect(result.exitCode).toBe(0);
    expect(text).toContain("PATH=");
    expect(text).not.toContain("OPENAI_API_KEY");
    expect(text).not.toContain("GITHUB_TOKEN");
    expect(text).not.toContain("sk-live");
  });
});
