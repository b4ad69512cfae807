/**
 * Where a sandbox policy lets writes go: for workspace-write, the working directory, the extra
 * writable roots, `/tmp` and `$TMPDIR` (unless excluded), each minus its `.git` directory.
 * Paths are compared after resolving symbolic links of their existing part, so a link inside
 * a root that points outside does not count as inside.
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import type { SandboxPolicy } from "@codex/protocol";

export type WritableRoot = { root: string; readOnlySubpaths: string[] };

/** Resolves symlinks in the longest existing prefix of `path`, keeping the rest as written. */
export function realpathLenient(path: string): string {
  const absolute = resolve(path);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = realpathSync(current);
      return missing.length === 0 ? real : join(real, ...missing.reverse());
    } catch {
      const parent = dirname(current);
      if (parent === current) return absolute;
      missing.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

export function writableRoots(
  policy: SandboxPolicy,
  cwd: string,
  env: Record<string, string | undefined>,
): WritableRoot[] {
  if (policy.mode !== "workspace-write") return [];
  const roots = [cwd, ...policy.writable_roots];
  if (!policy.exclude_slash_tmp) roots.push("/tmp");
  const tmpdir = env.TMPDIR;
  if (!policy.exclude_tmpdir_env_var && tmpdir && isAbsolute(tmpdir)) roots.push(tmpdir);
  return roots.map((root) => {
    const real = realpathLenient(root);
    return { root: real, readOnlySubpaths: [join(real, ".git")] };
  });
}

/** Whether writing `path` is allowed by `policy` (danger-full-access: always; read-only: never). */
export function isPathWritable(
  path: string,
  options: { policy: SandboxPolicy; cwd: string; env: Record<string, string | undefined> },
): boolean {
  if (options.policy.mode === "danger-full-access") return true;
  if (options.policy.mode === "read-only") return false;
  const target = realpathLenient(resolve(options.cwd, path));
  return writableRoots(options.policy, options.cwd, options.env).some(
    (r) => isWithin(target, r.root) && !r.readOnlySubpaths.some((ro) => isWithin(target, ro)),
  );
}
