/** `projects."<path>".trust_level`: a directory is trusted when it or its git root is listed as trusted. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export function gitRoot(start: string): string | null {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export function findProjectTrust(projects: Record<string, unknown>, cwd: string): string | null {
  const level = (path: string): string | null => {
    const entry = projects[path] as { trust_level?: unknown } | undefined;
    return typeof entry?.trust_level === "string" ? entry.trust_level : null;
  };
  const direct = level(cwd);
  if (direct) return direct;
  const root = gitRoot(cwd);
  return root ? level(root) : null;
}
