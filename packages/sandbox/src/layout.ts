/**
 * From a `SandboxPolicy` to the concrete file-system and network layout every backend enforces:
 * which directories are writable, which paths inside them stay read-only, and whether the network
 * is cut off. Paths are canonical (symlinks resolved) so that every backend sees the same thing.
 */
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import type { SandboxPolicy } from "@codex/protocol";

/** A directory the sandboxed command may write to, minus the read-only paths inside it. */
export type WritableRoot = {
  root: string;
  /**
   * Existing paths under `root` that stay read-only: `.git` (and its `gitdir:` target, and a linked
   * worktree's shared git directory), `.codex`.
   */
  readOnly: string[];
};

export type SandboxLayout = {
  /** No restriction at all (`danger-full-access`). */
  unrestricted: boolean;
  writableRoots: WritableRoot[];
  networkDisabled: boolean;
};

/** Names inside a writable root that always stay read-only when they exist. */
const PROTECTED_NAMES = [".git", ".codex"] as const;

function canonical(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** True when `child` is `parent` or lies beneath it (both canonical). */
export function isWithin(child: string, parent: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(sep) ? parent : parent + sep;
  return child.startsWith(prefix);
}

/**
 * A linked worktree's shared git directory: its gitdir holds a `commondir` file naming the main
 * repository's `.git` (relative to the gitdir), where git reads config and hooks. Canonical, or null.
 */
function commonDir(gitdir: string): string | null {
  try {
    const named = readFileSync(join(gitdir, "commondir"), "utf8").trim();
    return named ? canonical(resolve(gitdir, named)) : null;
  } catch {
    return null;
  }
}

/** The directory a `.git` file points to (`gitdir: <path>`), canonical, or null. */
function gitdirTarget(dotGitFile: string): string | null {
  try {
    const text = readFileSync(dotGitFile, "utf8");
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(text);
    if (!match?.[1]) return null;
    const target = isAbsolute(match[1]) ? match[1] : resolve(dotGitFile, "..", match[1]);
    return canonical(target);
  } catch {
    return null;
  }
}

function protectedPaths(root: string): string[] {
  const found: string[] = [];
  for (const name of PROTECTED_NAMES) {
    const path = join(root, name);
    let isFile = false;
    try {
      const info = lstatSync(path);
      isFile = info.isFile();
    } catch {
      continue;
    }
    found.push(path);
    if (name === ".git" && isFile) {
      const target = gitdirTarget(path);
      if (target) found.push(target);
      const common = target ? commonDir(target) : null;
      if (common) found.push(common);
    }
  }
  return found;
}

export type LayoutOptions = {
  policy: SandboxPolicy;
  cwd: string;
  env: Record<string, string | undefined>;
};

/**
 * Resolves the policy: workspace-write makes cwd, `writable_roots`, `/tmp` (unless `exclude_slash_tmp`)
 * and `$TMPDIR` (unless `exclude_tmpdir_env_var`) writable; read-only makes nothing writable; both cut
 * the network unless `network_access` is set.
 */
export function resolveLayout(options: LayoutOptions): SandboxLayout {
  const { policy } = options;
  if (policy.mode === "danger-full-access") {
    return { unrestricted: true, writableRoots: [], networkDisabled: false };
  }
  if (policy.mode === "read-only") {
    return { unrestricted: false, writableRoots: [], networkDisabled: true };
  }
  const candidates = [options.cwd, ...policy.writable_roots];
  if (!policy.exclude_slash_tmp) candidates.push("/tmp");
  const tmpdir = options.env.TMPDIR;
  if (!policy.exclude_tmpdir_env_var && tmpdir) candidates.push(tmpdir);

  const roots: string[] = [];
  for (const candidate of candidates) {
    const path = canonical(resolve(options.cwd, candidate));
    if (path && isDirectory(path) && !roots.includes(path)) roots.push(path);
  }
  // Shortest first, so nested roots come after their parents (bind order matters for bwrap).
  roots.sort((a, b) => a.length - b.length);
  const allProtected = roots.flatMap(protectedPaths);
  const writableRoots = roots.map((root) => ({
    root,
    readOnly: [...new Set(allProtected.filter((path) => isWithin(path, root)))],
  }));
  return { unrestricted: false, writableRoots, networkDisabled: !policy.network_access };
}

/** Resolves symbolic links in the longest existing prefix of `path`, keeping the rest as written. */
export function realpathLenient(path: string): string {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const real = canonical(current);
    if (real !== null) return missing.length === 0 ? real : join(real, ...missing.reverse());
    const parent = dirname(current);
    if (parent === current) return resolve(path);
    missing.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
    current = parent;
  }
}

/**
 * Whether the layout lets a sandboxed command write the canonical `path`: inside a writable root
 * and outside that root's read-only paths (anything, when unrestricted).
 */
export function isWritableInLayout(layout: SandboxLayout, path: string): boolean {
  if (layout.unrestricted) return true;
  return layout.writableRoots.some(
    (root) => isWithin(path, root.root) && !root.readOnly.some((readOnly) => isWithin(path, readOnly)),
  );
}

/** The environment the sandboxed command sees. */
export function sandboxEnv(
  env: Record<string, string | undefined>,
  layout: SandboxLayout,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  if (layout.networkDisabled) out.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  return out;
}
