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
    "packages/tui/src/x.ts:3: builds a path from codexHome (pass it to core, which knows what is inside)",
  ]);
  expect(problems(`const dir = join(home, "prompts/");`)).toHaveLength(1);
  expect(problems(`/** Custom prompts: \`$CODEX_HOME/prompts/*.md\` */`)).toHaveLength(2);
  expect(problems(`if (existsSync(join(dir, ".git"))) return { path: dir, isGit: true };`)).toHaveLength(1);
  expect(problems('const p = dir + "/.git/HEAD";')).toHaveLength(1);
  expect(problems(`writeFileSync(join(home, "config.toml"), text);`)).toHaveLength(1);
  expect(problems(`const auth = readFileSync(join(home, "auth.json"));`)).toHaveLength(1);
  expect(problems(`const home = process.env.CODEX_HOME ?? join(homedir(), ".codex");`)).toHaveLength(2);
  expect(problems(`walk(join(home, "sessions/2025"));`)).toHaveLength(1);
  // A file name the rule does not know is caught too, by the path built from codexHome.
  expect(problems(`readFileSync(join(settings.codexHome, "new-file"));`)).toHaveLength(1);
  // A template literal, spelled in pieces so that this file holds none.
  expect(problems(["const p = `$", "{options.codexHome}/new-file`;"].join(""))).toHaveLength(1);
  expect(problems(`const p = codexHome + "/new-file";`)).toHaveLength(1);
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
  // Passing codexHome on to core, even beside filesystem calls on paths core returned.
  expect(
    problems(`import { statSync } from "node:fs";
const page = core.listSessions({ codexHome: ctx.codexHome, cwd });
const saved = core.readSavedThread(ctx.codexHome, id);
statSync(summary.path);`),
  ).toEqual([]);
  expect(problems(`const codex = ".codexrc-like-name"; const g = "x.github";`)).toEqual([]);
});

test("today's front-end sources pass", () => {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts"))
        found.push(...frontEndLayoutProblems(relative(root, full), readFileSync(full, "utf8")));
    }
  };
  for (const pkg of ["tui", "exec", "app-server"]) walk(join(root, "packages", pkg, "src"));
  expect(found).toEqual([]);
});
