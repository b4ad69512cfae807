/**
 * The confined writer (apply_patch's writes in a sandbox) against the attacks a command could set up
 * before it, or race it with: symlinks out and into protected paths, hard links, `..`, and a
 * directory swapped for a symlink while the writes happen.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { confinedWriter, resolveLayout, SandboxWriteDenied } from "../src/index.ts";
import { HAS_PYTHON, makeWorkspace, PYTHON, workspaceWrite } from "./sandbox-runner.ts";

setDefaultTimeout(30_000);

const isLinux = process.platform === "linux";
const workspaces: string[] = [];
afterAll(() => {
  for (const base of workspaces) rmSync(base, { recursive: true, force: true });
});

function fresh() {
  const workspace = makeWorkspace();
  workspaces.push(workspace.base);
  const layout = resolveLayout({ policy: workspaceWrite({ network: false }), cwd: workspace.ws, env: {} });
  return { ...workspace, writer: confinedWriter(layout) };
}

describe.skipIf(!isLinux)("confined writer", () => {
  test("writes, creates directories and removes files inside the workspace", () => {
    const { ws, writer } = fresh();
    writer.createDirAll(join(ws, "src", "a", "b"));
    writer.writeFile(join(ws, "src", "a", "b", "new.txt"), "hello");
    writer.writeFile(join(ws, "README.md"), "changed");
    writer.writeFile(join(ws, "TOP.md"), "top");
    expect(readFileSync(join(ws, "src", "a", "b", "new.txt"), "utf8")).toBe("hello");
    expect(readFileSync(join(ws, "README.md"), "utf8")).toBe("changed");
    writer.removeFile(join(ws, "TOP.md"));
    expect(existsSync(join(ws, "TOP.md"))).toBe(false);
  });

  test("refuses the outside, .git, .codex, and symlinks leading there", () => {
    const { ws, outside, writer } = fresh();
    symlinkSync("../.git", join(ws, "src", "git-link"));
    const attempts = [
      () => writer.writeFile(join(outside, "new.txt"), "x"),
      () => writer.writeFile(join(ws, "escape", "via-dir-link.txt"), "x"),
      () => writer.writeFile(join(ws, "victim-link"), "x"),
      () => writer.writeFile(join(ws, ".git", "config"), "x"),
      () => writer.writeFile(join(ws, "src", "git-link", "hooks", "pre-commit"), "x"),
      () => writer.writeFile(join(ws, ".codex", "config.toml"), "x"),
      () => writer.writeFile(join(ws, "src", "..", "..", "outside", "dots.txt"), "x"),
      () => writer.createDirAll(join(ws, ".git", "hooks", "more")),
      () => writer.removeFile(join(ws, ".git", "config")),
      () => writer.removeFile(join(outside, "victim.txt")),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(SandboxWriteDenied);
    expect(readdirSync(outside)).toEqual(["victim.txt"]);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("v");
    expect(readFileSync(join(ws, ".git", "config"), "utf8")).toBe("[core]\n");
    expect(readdirSync(join(ws, ".git", "hooks"))).toEqual([]);
  });

  test("follows symlinks that stay inside; removes a symlink itself, not its target", () => {
    const { ws, outside, writer } = fresh();
    symlinkSync("src", join(ws, "source-link"));
    writer.writeFile(join(ws, "source-link", "through.txt"), "ok");
    expect(readFileSync(join(ws, "src", "through.txt"), "utf8")).toBe("ok");
    writer.removeFile(join(ws, "victim-link"));
    expect(existsSync(join(ws, "victim-link"))).toBe(false);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("v");
  });

  test("refuses a file hard-linked elsewhere, before truncating it", () => {
    const { ws, outside, writer } = fresh();
    linkSync(join(outside, "victim.txt"), join(ws, "src", "hard.txt"));
    expect(() => writer.writeFile(join(ws, "src", "hard.txt"), "x")).toThrow(/hard-linked/);
    expect(readFileSync(join(outside, "victim.txt"), "utf8")).toBe("v");
  });

  test("a gitdir target of a .git file in a writable root stays read-only", () => {
    const { ws } = fresh();
    mkdirSync(join(ws, "src", "wt"));
    mkdirSync(join(ws, "src", "gitdirs", "wt"), { recursive: true });
    writeFileSync(join(ws, "src", "wt", ".git"), "gitdir: ../gitdirs/wt\n");
    const layout = resolveLayout({
      policy: workspaceWrite({ network: false }),
      cwd: join(ws, "src", "wt"),
      env: {},
    });
    expect(() => confinedWriter(layout).writeFile(join(ws, "src", "gitdirs", "wt", "HEAD"), "x")).toThrow(
      SandboxWriteDenied,
    );
  });

  test.skipIf(!HAS_PYTHON)(
    "a directory swapped for a symlink while writing never lands a write outside",
    async () => {
      const { ws, outside, writer } = fresh();
      mkdirSync(join(ws, "src", "swap"));
      const swapper = Bun.spawn(
        [
          PYTHON,
          "-c",
          [
            "import os, sys",
            "os.chdir(sys.argv[1])",
            "while True:",
            "    try:",
            "        os.rename('swap', 'swap-real'); os.symlink(sys.argv[2], 'swap')",
            "        os.unlink('swap'); os.rename('swap-real', 'swap')",
            "    except OSError:",
            "        pass",
          ].join("\n"),
          join(ws, "src"),
          outside,
        ],
        { stdio: ["ignore", "ignore", "ignore"] },
      );
      let written = 0;
      try {
        for (let i = 0; i < 400; i++) {
          try {
            writer.writeFile(join(ws, "src", "swap", `f${i}.txt`), "x");
            written++;
          } catch {
            // Refused, or the directory was momentarily missing: both fine.
          }
          if (i % 50 === 0) await Bun.sleep(1); // let the swapper run on a single core too
        }
      } finally {
        swapper.kill("SIGKILL");
        await swapper.exited;
      }
      expect(readdirSync(outside)).toEqual(["victim.txt"]);
      expect(written).toBeGreaterThan(0);
    },
  );
});
