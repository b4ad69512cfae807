/**
 * bubblewrap arguments for a layout: the whole file system read-only, writable roots bound
 * read-write, their `.git`/`.codex` re-bound read-only, fresh /dev and /proc, new user and PID
 * namespaces, and no network namespace peers when the network is off. `prepare.ts` adds the seccomp
 * filter (`--seccomp 3`, read from a pipe the spawner passes as fd 3).
 */
import { dirname } from "node:path";
import { isWithin, type SandboxLayout, type WritableRoot } from "./layout.ts";

export type BwrapArgsOptions = {
  layout: SandboxLayout;
  cwd: string;
  command: string[];
  /** bwrap >= 0.8 accepts `--disable-userns` (no nested user namespaces inside the sandbox). */
  disableUserns: boolean;
};

export function bwrapArgs(options: BwrapArgsOptions): string[] {
  const { layout } = options;
  const args = [
    "--new-session",
    "--die-with-parent",
    "--unshare-user",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--cap-drop",
    "ALL",
  ];
  if (options.disableUserns) args.push("--disable-userns");
  if (layout.networkDisabled) args.push("--unshare-net");
  args.push("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc");
  for (const root of layout.writableRoots) args.push("--bind", root.root, root.root);
  for (const root of layout.writableRoots) {
    for (const dir of pinnedDirectories(root)) args.push("--bind", dir, dir);
    for (const path of root.readOnly) args.push("--ro-bind", path, path);
  }
  args.push("--chdir", options.cwd, "--", ...options.command);
  return args;
}

/**
 * The directories between a writable root and the read-only paths deeper inside it (a `.git`
 * file's `gitdir:` target such as `wt/meta/gitdir`), outermost first. A read-only bind protects
 * its own path only: renaming `wt` away and making a new `wt/meta/gitdir` would put a writable
 * gitdir, hooks included, where the `.git` file points. A mount point cannot be renamed or removed,
 * so each of these is bound onto itself (still writable).
 */
function pinnedDirectories(root: WritableRoot): string[] {
  const pinned = new Set<string>();
  for (const path of root.readOnly) {
    for (let dir = dirname(path); dir !== root.root && isWithin(dir, root.root); dir = dirname(dir))
      pinned.add(dir);
  }
  return [...pinned].sort((a, b) => a.length - b.length);
}
