/**
 * The layer rule that keeps $CODEX_HOME's layout out of the front ends: it catches the reach-arounds
 * the TUI and exec used to have, lets through what front ends legitimately do, and passes on
 * today's sources.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { frontEndLayoutProblems } from "../layers/front-end-knowledge.ts";

const root = resolve(import.meta.dir, "../..");

function problems(text: string): string[] {
  return frontEndLayoutProblems("packages/tui/src/x.ts", text);
}

test("the TUI's old history reader, prompt loader, trust walk and exec's git walk are caught", () => {
  // Each as it was before these moved into core.
  expect(
    problems(`import { readFile } from "node:fs/promises";
export async function readHistory(codexHome: string) {
  return readFile(join(codexHome, "history.jsonl"), "utf8");
}`),
  ).toEqual([
    "packages/tui/src/x.ts:3: names history.jsonl (ask the session: get_history_entry_request)",
    "packages/tui/src/x.ts:2: uses codexHome in a file that imports node:fs (pass it to core, never build paths from it)",
    "packages/tui/src/x.ts:3: uses codexHome in a file that imports node:fs (pass it to core, never build paths from it)",
  ]);
  expect(problems(`const dir = join(home, "prompts/");`)).toHaveLength(1);
  expect(problems(`/** Custom prompts: \`$CODEX_HOME/prompts/*.md\` */`)).toHaveLength(2);
  expect(problems(`if (existsSync(join(dir, ".git"))) return { path: dir, isGit: true };`)).toHaveLength(1);
  expect(problems('const p = dir + "/.git/HEAD";')).toHaveLength(1);
  expect(problems(`writeFileSync(join(home, "config.toml"), text);`)).toHaveLength(1);
  expect(problems(`const auth = readFileSync(join(home, "auth.json"));`)).toHaveLength(1);
  expect(problems(`const home = process.env.CODEX_HOME ?? join(homedir(), ".codex");`)).toHaveLength(2);
  expect(problems(`walk(join(home, "sessions/2025"));`)).toHaveLength(1);
  // A new file name under codexHome is caught too, when the file touches the filesystem.
  expect(
    problems(`import { readFileSync } from "node:fs";\nreadFileSync(join(settings.codexHome, "new-file"));`),
  ).toHaveLength(1);
  expect(problems(`const fs = await import("node:fs");\nfs.readFileSync(codexHome);`)).toHaveLength(1);
});

test("what front ends legitimately do passes", () => {
  expect(
    problems(`import { existsSync } from "node:fs";
export const PROMPTS_PREFIX = "prompts";
// @ file search asks git (so .gitignore is respected); /init checks for AGENTS.md.
const files = spawn("git", ["ls-files", "-z"]);
if (existsSync(join(cwd, "AGENTS.md"))) skip();
text.startsWith(\`/\${PROMPTS_PREFIX}:\`);`),
  ).toEqual([]);
  // Passing codexHome on to core, in a file that does not touch the filesystem.
  expect(problems(`listSessions({ codexHome: options.codexHome, cwd });`)).toEqual([]);
  expect(problems(`const codex = ".codexrc-like-name"; const g = "x.github";`)).toEqual([]);
});

test("today's exec and TUI sources pass", () => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts"))
        found.push(...frontEndLayoutProblems(relative(root, full), readFileSync(full, "utf8")));
    }
  };
  walk(join(root, "packages/tui/src"));
  walk(join(root, "packages/exec/src"));
  expect(found).toEqual([]);
});
