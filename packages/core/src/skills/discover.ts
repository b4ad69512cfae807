/**
 * Skills: folders holding a `SKILL.md` whose front matter names and describes them. They are found
 * where Codex 0.169 looks: `.codex/skills` in every folder from the working directory up to the
 * project root, `$CODEX_HOME/skills`, `~/.agents/skills`, and `.agents/skills` from the working
 * directory up to the project root. A name found twice keeps its first place. A SKILL.md whose
 * front matter is missing or incomplete is skipped with a warning naming the file.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { findProjectRoot } from "../config/layers.ts";
import { homeDir } from "../os-facts.ts";
import { parseSkillFrontMatter } from "./front-matter.ts";

type SkillScope = "repo" | "user";

export type Skill = {
  name: string;
  description: string;
  /** Absolute path of the SKILL.md. */
  path: string;
  /** The skills folder it was found in. */
  root: string;
  scope: SkillScope;
};

export type SkillsFound = { skills: Skill[]; roots: string[]; warnings: string[] };

export type SkillLocations = {
  cwd: string;
  codexHome: string;
  /** The user's home (default `os.homedir()`), for `~/.agents/skills`. */
  home?: string;
  /** What marks the project root (`project_root_markers`, default `.git`). */
  rootMarkers?: readonly string[];
};

/** Folders from `cwd` up to the project root (just `cwd` outside a project). */
function projectFolders(cwd: string, markers: readonly string[]): string[] {
  const root = findProjectRoot(cwd, markers) ?? cwd;
  const folders: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    folders.push(dir);
    if (dir === root || dirname(dir) === dir) break;
  }
  return folders;
}

/** The skills folders, in the order their skills take precedence (existing ones only). */
function skillRoots(locations: SkillLocations): Array<{ root: string; scope: SkillScope }> {
  const folders = projectFolders(locations.cwd, locations.rootMarkers ?? [".git"]);
  const candidates: Array<{ root: string; scope: SkillScope }> = [
    ...folders.map((dir) => ({ root: join(dir, ".codex", "skills"), scope: "repo" as const })),
    { root: join(locations.codexHome, "skills"), scope: "user" },
    { root: join(locations.home ?? homeDir(), ".agents", "skills"), scope: "user" },
    ...folders.map((dir) => ({ root: join(dir, ".agents", "skills"), scope: "repo" as const })),
  ];
  const seen = new Set<string>();
  return candidates.filter(({ root }) => {
    if (seen.has(root) || !statSync(root, { throwIfNoEntry: false })?.isDirectory()) return false;
    seen.add(root);
    return true;
  });
}

function skillsIn(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && !entry.name.startsWith("."))
      .map((entry) => join(root, entry.name, "SKILL.md"))
      .filter((path) => existsSync(path))
      .sort();
  } catch {
    return [];
  }
}

/** Every skill in the skills folders; repository skills first, then the user's, each by name. */
export function discoverSkills(locations: SkillLocations): SkillsFound {
  const roots = skillRoots(locations);
  const byName = new Map<string, Skill>();
  const warnings: string[] = [];
  for (const { root, scope } of roots) {
    for (const path of skillsIn(root)) {
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch (error) {
        warnings.push(
          `warning: skipped skill ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
        continue;
      }
      const parsed = parseSkillFrontMatter(text);
      if (parsed.type === "error") {
        warnings.push(`warning: skipped skill ${path}: ${parsed.message}`);
        continue;
      }
      if (!byName.has(parsed.name))
        byName.set(parsed.name, { name: parsed.name, description: parsed.description, path, root, scope });
    }
  }
  const order = (skill: Skill) => (skill.scope === "repo" ? 0 : 1);
  // Plain string order (Rust's for ASCII names), without loading ICU's collator (~2 MiB).
  const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const skills = [...byName.values()].sort((a, b) => order(a) - order(b) || byString(a.name, b.name));
  return { skills, roots: roots.map(({ root }) => root), warnings };
}
