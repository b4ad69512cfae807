/**
 * Landlock can only grant a writable root that holds a protected path (`.git`, `.codex`) entry by
 * entry. When that root is the temporary directory (`/tmp` or `$TMPDIR`, because the workspace lies
 * in it), that means one rule per entry of a directory every program on the machine writes to (tens
 * of thousands on a busy host: half a second per command), and still nothing could be created at
 * its top. So on the Landlock tier such a root is replaced by a private temporary directory inside
 * it, made for the command and removed after it, and `$TMPDIR` points there. Roots inside it (the
 * workspace) keep their own rules; the rest of the temporary directory is read-only for the command.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { SandboxLayout } from "./layout.ts";

export type TempArrangement = {
  layout: SandboxLayout;
  env: Record<string, string>;
  /** Removes the private directory (idempotent). */
  release: () => void;
};

/** Private directories not yet released, removed when this process exits. */
const live = new Set<string>();
let exitHook = false;

function canonical(path: string | undefined): string | null {
  try {
    return path ? realpathSync(path) : null;
  } catch {
    return null;
  }
}

function remove(dir: string): void {
  if (!live.delete(dir)) return;
  rmSync(dir, { recursive: true, force: true });
}

export function arrangeTemporaryDirectory(
  layout: SandboxLayout,
  env: Record<string, string>,
): TempArrangement {
  const temporary = new Set([canonical("/tmp"), canonical(env.TMPDIR)]);
  const piecewise = layout.writableRoots.find((root) => temporary.has(root.root) && root.readOnly.length > 0);
  if (!piecewise) return { layout, env, release: () => {} };
  let dir: string | null = null;
  try {
    dir = mkdtempSync(join(piecewise.root, "codex-tmp-"));
  } catch {
    // Not writable for codex either: the command gets no temporary directory there.
  }
  const writableRoots = layout.writableRoots.flatMap((root) => {
    if (root !== piecewise) return [root];
    return dir === null ? [] : [{ root: dir, readOnly: [] }];
  });
  if (dir === null) return { layout: { ...layout, writableRoots }, env, release: () => {} };
  live.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const left of [...live]) remove(left);
    });
  }
  const made = dir;
  return {
    layout: { ...layout, writableRoots },
    env: { ...env, TMPDIR: made },
    release: () => remove(made),
  };
}
