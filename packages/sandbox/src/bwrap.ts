/**
 * bubblewrap arguments for a layout: the whole file system read-only, writable roots bound
 * read-write, their `.git`/`.codex` re-bound read-only, fresh /dev and /proc, new user and PID
 * namespaces, and no network namespace peers when the network is off. `prepare.ts` adds the seccomp
 * filter (`--seccomp 3`, read from a pipe the spawner passes as fd 3).
 */
import type { SandboxLayout } from "./layout.ts";

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
    for (const path of root.readOnly) args.push("--ro-bind", path, path);
  }
  args.push("--chdir", options.cwd, "--", ...options.command);
  return args;
}
