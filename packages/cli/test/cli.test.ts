/** The `codex` command line, exercised through the built dist/codex as a user would run it. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const CODEX = resolve(import.meta.dir, "../../../dist/codex");

function run(args: string[], options: { codexHome?: string; cwd?: string } = {}) {
  const home = options.codexHome ?? mkdtempSync(join(tmpdir(), "codex-home-"));
  const proc = Bun.spawnSync([CODEX, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, CODEX_HOME: home },
    stdin: "ignore",
  });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

function homeWithConfig(toml: string): string {
  const home = mkdtempSync(join(tmpdir(), "codex-home-"));
  writeFileSync(join(home, "config.toml"), toml);
  return home;
}

describe("codex command line", () => {
  test("--version prints the version and the commit the binary was built from", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    const match = /^codex-cli \d+\.\d+\.\d+ \(commit ([0-9a-f]{12})(-dirty)?\)\n$/.exec(r.stdout);
    expect(match).not.toBeNull();
    const commit = Bun.spawnSync(["git", "cat-file", "-t", match?.[1] ?? ""], { cwd: import.meta.dir });
    expect(commit.stdout.toString().trim()).toBe("commit");
    expect(run(["-V"]).stdout).toBe(r.stdout);
    expect(run(["exec", "--version"]).stdout).toBe(r.stdout);
  });

  test("runs with no Node and no Bun on PATH", () => {
    const empty = mkdtempSync(join(tmpdir(), "codex-empty-path-"));
    const proc = Bun.spawnSync([CODEX, "--help"], { env: { PATH: empty, HOME: empty } });
    expect(proc.exitCode).toBe(0);
    expect(proc.stdout.toString()).toContain("Usage: codex");
  });

  const helps = [
    [],
    ["exec"],
    ["exec", "resume"],
    ["login"],
    ["login", "status"],
    ["logout"],
    ["mcp"],
    ["mcp", "list"],
    ["mcp", "get"],
    ["mcp", "add"],
    ["mcp", "remove"],
    ["mcp-server"],
    ["sandbox"],
    ["sandbox", "linux"],
    ["sandbox", "macos"],
    ["resume"],
    ["apply"],
    ["completion"],
    ["features"],
  ];
  for (const path of helps) {
    test(`codex ${path.join(" ")} --help`, () => {
      const r = run([...path, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: codex${path.length ? ` ${path.join(" ")}` : ""} [OPTIONS]`);
      expect(r.stdout).toContain("-h, --help");
    });
  }

  test("aliases reach the same command", () => {
    expect(run(["e", "--help"]).stdout).toBe(run(["exec", "--help"]).stdout);
    expect(run(["debug", "--help"]).stdout).toBe(run(["sandbox", "--help"]).stdout);
    expect(run(["a", "--help"]).stdout).toBe(run(["apply", "--help"]).stdout);
    expect(run(["help", "exec"]).stdout).toBe(run(["exec", "--help"]).stdout);
  });

  test("global options are listed in the main help", () => {
    const out = run(["--help"]).stdout;
    for (const flag of [
      "-c, --config <key=value>",
      "-p, --profile <CONFIG_PROFILE_V2>",
      "--strict-config",
      "--add-dir <DIR>",
      "-m, --model <MODEL>",
      "--oss",
      "-s, --sandbox <SANDBOX_MODE>",
      "-a, --ask-for-approval <APPROVAL_POLICY>",
      "--full-auto",
      "--dangerously-bypass-approvals-and-sandbox",
      "-C, --cd <DIR>",
      "-i, --image <FILE>",
    ]) {
      expect(out).toContain(flag);
    }
    expect(out).toContain("[aliases: --yolo]");
  });

  test("a bad flag is a usage error with exit code 2", () => {
    const r = run(["--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unexpected argument '--no-such-flag' found");
    expect(r.stderr).toContain("For more information, try '--help'.");
  });

  test("an invalid enum value names the allowed values", () => {
    const r = run(["exec", "-s", "bogus", "hi"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("invalid value 'bogus' for '--sandbox <SANDBOX_MODE>'");
    expect(r.stderr).toContain("read-only, workspace-write, danger-full-access");
  });

  test("--yolo conflicts with --ask-for-approval", () => {
    const r = run(["--yolo", "-a", "never"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("cannot be used with");
  });

  test("a subcommand that is not built says so and fails", () => {
    const r = run(["apply", "task_123"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Codex Cloud");
  });

  test("--help lists only commands that are built; the others still explain themselves", () => {
    const commands = (out: string) =>
      out
        .slice(out.indexOf("Commands:"), out.indexOf("\n\n", out.indexOf("Commands:")))
        .split("\n")
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[0]);
    expect(commands(run(["--help"]).stdout)).toEqual([
      "exec",
      "login",
      "logout",
      "mcp",
      "completion",
      "sandbox",
      "resume",
      "fork",
      "features",
      "doctor",
      "review",
      "help",
    ]);
    expect(commands(run(["mcp", "--help"]).stdout)).toEqual(["list", "get", "add", "remove", "help"]);
    for (const [args, says] of [
      [["mcp-server"], "not built yet"],
      [["mcp", "login", "docs"], "not built yet"],
      [["mcp", "logout", "docs"], "not built yet"],
      [["apply", "task_1"], "does not support Codex Cloud"],
    ] as const) {
      const r = run([...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(says);
    }
    expect(run(["apply", "--help"]).stdout).toContain("not in this build");
  });
});

describe("completion scripts", () => {
  test("bash: valid syntax and completes subcommands and option values", () => {
    const script = run(["completion", "bash"]).stdout;
    const dir = mkdtempSync(join(tmpdir(), "codex-completion-"));
    writeFileSync(join(dir, "codex.bash"), script);
    const probe = (words: string[]) => {
      const shell = `source ${join(dir, "codex.bash")}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _codex; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return Bun.spawnSync(["bash", "-c", shell]).stdout.toString().split("\n").filter(Boolean);
    };
    expect(probe(["codex", "ex"])).toContain("exec");
    expect(probe(["codex", "exec", "--sk"])).toContain("--skip-git-repo-check");
    expect(probe(["codex", "-s", ""]).sort()).toEqual(["danger-full-access", "read-only", "workspace-write"]);
    expect(probe(["codex", "mcp", ""])).toContain("add");
    expect(probe(["codex", "completion", "z"])).toEqual(["zsh"]);
  });

  for (const shell of ["bash", "zsh", "fish", "elvish", "powershell"]) {
    test(`${shell}: prints a script that mentions every built subcommand and none that is not`, () => {
      const r = run(["completion", shell]);
      expect(r.code).toBe(0);
      for (const word of ["exec", "login", "mcp", "sandbox", "resume", "completion", "features"])
        expect(r.stdout).toContain(word);
      for (const word of ["mcp-server", "apply", "app-server", "cloud", "OAuth"])
        expect(r.stdout).not.toContain(word);
    });
  }

  test("an unknown shell is rejected", () => {
    const r = run(["completion", "tcsh"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("[possible values: bash, elvish, fish, powershell, zsh]");
  });
});

describe("configuration errors", () => {
  test("a TOML syntax error names the file, line and column", () => {
    const home = homeWithConfig('model = "o3"\nsandbox_mode = = "read-only"\n');
    const r = run(["features", "list"], { codexHome: home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(home, "config.toml")}:2:`);
    expect(r.stderr).toContain("TOML syntax error");
  });

  test("a wrong type names the key, the value and what is allowed", () => {
    const r = run(["features", "list"], { codexHome: homeWithConfig('hide_agent_reasoning = "yes"\n') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("`hide_agent_reasoning`");
    expect(r.stderr).toContain('"yes"');
    expect(r.stderr).toContain("true or false");
  });

  test("an unknown enum value lists the allowed values", () => {
    const r = run(["features", "list"], { codexHome: homeWithConfig('approval_policy = "sometimes"\n') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("`approval_policy`");
    expect(r.stderr).toContain('"untrusted", "on-failure", "on-request", "never"');
  });

  test("an unknown key is a warning (in Codex 0.169's words), not a failure", () => {
    const home = homeWithConfig("no_such_key = 1\n[tui]\nfancy = true\n");
    const r = run(["features", "list"], { codexHome: home });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: Codex is ignoring 2 unrecognized configuration settings.");
    expect(r.stderr).toContain(`user (${join(home, "config.toml")}): \`no_such_key\` is ignored.`);
    expect(r.stderr).toContain("`tui.fancy` is ignored.");
  });

  test("a bad -c value is rejected with the key named", () => {
    const r = run(["features", "list", "-c", "model_reasoning_effort=extreme"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("`model_reasoning_effort`");
    expect(r.stderr).toContain('"none", "minimal", "low", "medium", "high", "xhigh"');
  });

  test("-c and --enable reach the configuration", () => {
    const r = run(["features", "list", "--disable", "view_image", "-c", "features.web_search_request=true"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^view_image +stable +false$/m);
    expect(r.stdout).toMatch(/^web_search_request +deprecated +true$/m);
  });

  test("a profile without a file is a warning, as Codex 0.169 goes on without one", () => {
    const r = run(["-p", "nope", "features", "list"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("nope.config.toml does not exist");
  });

  test("CODEX_HOME that does not exist is an error with the fix", () => {
    const proc = Bun.spawnSync([CODEX, "features", "list"], {
      env: { PATH: process.env.PATH ?? "", CODEX_HOME: "/nonexistent/codex-home" },
    });
    expect(proc.exitCode).toBe(1);
    expect(proc.stderr.toString()).toContain("CODEX_HOME points to /nonexistent/codex-home");
  });
});
