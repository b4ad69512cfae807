/**
 * A workspace that is a git repository, for tests that only need codex to see one: the smallest
 * layout git itself accepts (`HEAD`, `objects/`, `refs/`), written without starting git. An empty
 * `.git` directory is not a repository, for git or for codex.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function makeGitRepo(dir: string): void {
  const gitDir = join(dir, ".git");
  for (const sub of ["objects", "refs/heads"]) mkdirSync(join(gitDir, sub), { recursive: true });
  writeFileSync(join(gitDir, "HEAD"), "ref: refs/heads/main\n");
}
