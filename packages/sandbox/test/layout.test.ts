import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveLayout } from "../src/index.ts";

const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-layout-")));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const ww = (
  extra: Partial<{
    writable_roots: string[];
    network_access: boolean;
    exclude_slash_tmp: boolean;
    exclude_tmpdir_env_var: boolean;
  }> = {},
) => ({
  mode: "workspace-write" as const,
  writable_roots: [],
  network_access: false,
  exclude_slash_tmp: false,
  exclude_tmpdir_env_var: false,
  ...extra,
});

describe("resolveLayout", () => {
  test("read-only: nothing writable, network off", () => {
    expect(resolveLayout({ policy: { mode: "read-only" }, cwd: base, env: {} })).toEqual({
      unrestricted: false,
      writableRoots: [],
      networkDisabled: true,
    });
  });

  test("danger-full-access is unrestricted", () => {
    expect(resolveLayout({ policy: { mode: "danger-full-access" }, cwd: base, env: {} }).unrestricted).toBe(
      true,
    );
  });

  test("workspace-write: cwd, extra roots, /tmp and $TMPDIR, canonical and de-duplicated", () => {
    const extra = join(base, "extra");
    const tmp = join(base, "tmpdir");
    mkdirSync(extra);
    mkdirSync(tmp);
    const layout = resolveLayout({
      policy: ww({ writable_roots: [extra, join(base, "missing")] }),
      cwd: base,
      env: { TMPDIR: tmp },
    });
    const roots = layout.writableRoots.map((root) => root.root);
    expect(roots).toEqual(["/tmp", base, extra, tmp].sort((a, b) => a.length - b.length));
    expect(layout.networkDisabled).toBe(true);
  });

  test("exclusions and network_access are honoured", () => {
    const layout = resolveLayout({
      policy: ww({ exclude_slash_tmp: true, exclude_tmpdir_env_var: true, network_access: true }),
      cwd: base,
      env: { TMPDIR: "/var/tmp" },
    });
    expect(layout.writableRoots.map((root) => root.root)).toEqual([base]);
    expect(layout.networkDisabled).toBe(false);
  });

  test(".git, .codex and a gitdir target are read-only subpaths of every root that holds them", () => {
    const repo = join(base, "repo");
    mkdirSync(join(repo, ".codex"), { recursive: true });
    mkdirSync(join(repo, "gitdirs", "main"), { recursive: true });
    writeFileSync(join(repo, ".git"), "gitdir: gitdirs/main\n");
    const layout = resolveLayout({
      policy: ww({ exclude_slash_tmp: true, exclude_tmpdir_env_var: true }),
      cwd: repo,
      env: {},
    });
    expect(layout.writableRoots).toEqual([
      { root: repo, readOnly: [join(repo, ".git"), join(repo, "gitdirs", "main"), join(repo, ".codex")] },
    ]);
  });
});
