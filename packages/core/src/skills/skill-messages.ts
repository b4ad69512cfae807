/**
 * What the model is told about skills, in Codex 0.169's shapes (the prose is ours):
 * - once per session, a developer message `<skills_instructions>` listing the skill roots as short
 *   aliases (`r0` = `/repo/.codex/skills`) and each skill as `- name: description (file: r0/x/SKILL.md)`;
 * - for each `$name` the user mentions, a user message right after theirs holding the whole
 *   SKILL.md: `<skill>\n<name>…</name>\n<path>…</path>\n…\n</skill>`. Unmentioned bodies are never sent.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { ResponseItem, UserInput } from "@codex/protocol";
import type { Skill, SkillsFound } from "./discover.ts";

const HOW_TO_USE = `### How to use skills
- The list above is every skill available in this session. A skill's instructions are in its \`SKILL.md\`: replace the root alias (\`r0\`, \`r1\`, …) in its path with the folder from \`### Skill roots\`.
- Use a skill when the user names it (\`$name\` or in words) or when the task plainly matches its description. Several named skills: use each of them. A skill applies to the turn it was asked for, not to later ones unless named again.
- Before acting on a skill, read its whole \`SKILL.md\`. Resolve relative paths in it against the folder that holds it; read the reference files it points to for this task, and only those.
- Prefer running or adapting the skill's \`scripts/\` and reusing its \`assets/\` or templates over writing the same thing anew.
- Say in one line which skill you are using. If a skill is missing, cannot be read, or does not fit, say so briefly and carry on with the best alternative.`;

function developerMessage(text: string): ResponseItem {
  return { type: "message", role: "developer", content: [{ type: "input_text", text }] };
}

/** The `<skills_instructions>` message, or null when there are no skills. */
export function skillsInstructionsMessage(found: SkillsFound): ResponseItem | null {
  if (found.skills.length === 0) return null;
  const roots = found.roots.filter((root) => found.skills.some((skill) => skill.root === root));
  const alias = new Map(roots.map((root, index) => [root, `r${index}`]));
  const lines = [
    "<skills_instructions>",
    "## Skills",
    "Skills are instructions for particular tasks, each kept in a `SKILL.md` file. The skills below can be used in this session; each has a name, a description and a short path whose first part is an alias from the table of skill roots.",
    "### Skill roots",
    ...roots.map((root) => `- \`${alias.get(root)}\` = \`${root}\``),
    "### Available skills",
    ...found.skills.map(
      (skill) =>
        `- ${skill.name}: ${skill.description} (file: ${alias.get(skill.root)}/${relative(skill.root, skill.path)})`,
    ),
    HOW_TO_USE,
    "</skills_instructions>",
  ];
  return developerMessage(lines.join("\n"));
}

/** The skills `$name`-mentioned in the text of `items`, in order of first mention. */
export function mentionedSkills(items: readonly UserInput[], skills: readonly Skill[]): Skill[] {
  const byName = new Map(skills.map((skill) => [skill.name, skill]));
  const found: Skill[] = [];
  for (const item of items) {
    // Most messages mention none: no regular expression for them (docs/performance.md).
    if (item.type !== "text" || !item.text.includes("$")) continue;
    for (const match of item.text.matchAll(/(?<![\w$])\$([A-Za-z0-9_][A-Za-z0-9_.:-]*)/g)) {
      const name = (match[1] ?? "").replace(/[.:]+$/, "");
      const skill = byName.get(name);
      if (skill && !found.includes(skill)) found.push(skill);
    }
  }
  return found;
}

/** The user message that brings a mentioned skill's SKILL.md into the turn. */
export function skillMessage(skill: Skill): ResponseItem | { error: string } {
  let body: string;
  try {
    body = readFileSync(skill.path, "utf8");
  } catch (error) {
    return {
      error: `skill ${skill.name}: cannot read ${skill.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  const text = `<skill>\n<name>${skill.name}</name>\n<path>${skill.path}</path>\n${body}\n</skill>`;
  return { type: "message", role: "user", content: [{ type: "input_text", text }] };
}
