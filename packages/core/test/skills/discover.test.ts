/** Finding skills where Codex 0.169 looks, reading their front matter, and what the model is told. */
import { expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeGitRepo } from "@codex/test-support";
import { discoverSkills } from "../../src/skills/discover.ts";
import { parseSkillFrontMatter } from "../../src/skills/front-matter.ts";
import { mentionedSkills, skillMessage, skillsInstructionsMessage } from "../../src/skills/skill-messages.ts";

function skill(dir: string, name: string, description: string, body = "Body.\n"): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "SKILL.md");
  writeFileSync(path, `---\nname: ${name}\ndescription: ${description}\n---\n${body}`);
  return path;
}

function layout() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-skills-")));
  const repo = join(base, "repo");
  const cwd = join(repo, "pkg");
  const codexHome = join(base, "codex-home");
  const home = join(base, "home");
  makeGitRepo(repo);
  mkdirSync(cwd, { recursive: true });
  return { base, repo, cwd, codexHome, home };
}

test("skills come from .codex/skills up to the repo root, CODEX_HOME, ~/.agents and .agents/skills; the first of a name wins", () => {
  const l = layout();
  skill(join(l.cwd, ".codex/skills/near"), "near", "In the working directory");
  skill(join(l.repo, ".codex/skills/root"), "root", "At the repository root");
  skill(join(l.repo, ".agents/skills/agents"), "agents", "In the repository's .agents");
  skill(join(l.codexHome, "skills/mine"), "mine", "In CODEX_HOME");
  skill(join(l.home, ".agents/skills/user-agents"), "user-agents", "In ~/.agents");
  skill(join(l.codexHome, "skills/near"), "near", "A second `near` (ignored)");
  skill(join(l.base, ".codex/skills/above"), "above", "Above the repository (not read)");
  const found = discoverSkills({ cwd: l.cwd, codexHome: l.codexHome, home: l.home });
  expect(found.warnings).toEqual([]);
  expect(found.roots).toEqual([
    join(l.cwd, ".codex/skills"),
    join(l.repo, ".codex/skills"),
    join(l.codexHome, "skills"),
    join(l.home, ".agents/skills"),
    join(l.repo, ".agents/skills"),
  ]);
  expect(found.skills.map((s) => [s.name, s.scope, s.description])).toEqual([
    ["agents", "repo", "In the repository's .agents"],
    ["near", "repo", "In the working directory"],
    ["root", "repo", "At the repository root"],
    ["mine", "user", "In CODEX_HOME"],
    ["user-agents", "user", "In ~/.agents"],
  ]);
});

test("a SKILL.md without front matter, or without a name or description, is skipped with a warning naming it", () => {
  const l = layout();
  const dir = join(l.repo, ".codex/skills");
  mkdirSync(join(dir, "bare"), { recursive: true });
  writeFileSync(join(dir, "bare/SKILL.md"), "# no front matter\n");
  mkdirSync(join(dir, "nameless"), { recursive: true });
  writeFileSync(join(dir, "nameless/SKILL.md"), "---\ndescription: x\n---\n");
  skill(join(dir, "good"), "good", "Fine");
  const found = discoverSkills({ cwd: l.repo, codexHome: l.codexHome, home: l.home });
  expect(found.skills.map((s) => s.name)).toEqual(["good"]);
  expect(found.warnings).toEqual([
    `warning: skipped skill ${join(dir, "bare/SKILL.md")}: missing YAML front matter delimited by ---`,
    `warning: skipped skill ${join(dir, "nameless/SKILL.md")}: the front matter has no \`name\``,
  ]);
});

test("front matter scalars: quoted, folded, other keys ignored", () => {
  expect(
    parseSkillFrontMatter('---\nname: "pdf"\nlicense: MIT\ndescription: >\n  Fill PDF\n  forms.\n---\n'),
  ).toEqual({
    type: "ok",
    name: "pdf",
    description: "Fill PDF forms.",
  });
  expect(parseSkillFrontMatter("---\nname: 'a'\ndescription: 'it''s'\n---\n")).toMatchObject({
    description: "it's",
  });
  expect(parseSkillFrontMatter("---\nname: a b\ndescription: x\n---\n").type).toBe("error");
});

test("the model gets the roots and one line per skill; a $mention brings in the whole SKILL.md", () => {
  const l = layout();
  const path = skill(
    join(l.repo, ".codex/skills/release"),
    "release",
    "Cut a release",
    "# Release\nTag it.\n",
  );
  skill(join(l.codexHome, "skills/notes"), "notes", "Write notes");
  const found = discoverSkills({ cwd: l.repo, codexHome: l.codexHome, home: l.home });
  const message = skillsInstructionsMessage(found);
  const text =
    message?.type === "message" && message.content[0]?.type === "input_text" ? message.content[0].text : "";
  expect(text).toStartWith("<skills_instructions>\n## Skills\n");
  expect(text).toContain(
    `### Skill roots\n- \`r0\` = \`${join(l.repo, ".codex/skills")}\`\n- \`r1\` = \`${join(l.codexHome, "skills")}\`\n`,
  );
  expect(text).toContain(
    "### Available skills\n- release: Cut a release (file: r0/release/SKILL.md)\n- notes: Write notes (file: r1/notes/SKILL.md)\n",
  );
  expect(text).not.toContain("Tag it.");
  expect(text).toEndWith("</skills_instructions>");

  const mentioned = mentionedSkills(
    [{ type: "text", text: "do a $release, then $release again; $unknown and US$5" }],
    found.skills,
  );
  expect(mentioned.map((s) => s.name)).toEqual(["release"]);
  expect(skillMessage(mentioned[0]!)).toEqual({
    type: "message",
    role: "user",
    content: [
      {
        type: "input_text",
        text: `<skill>\n<name>release</name>\n<path>${path}</path>\n---\nname: release\ndescription: Cut a release\n---\n# Release\nTag it.\n\n</skill>`,
      },
    ],
  });
  expect(skillsInstructionsMessage({ skills: [], roots: [], warnings: [] })).toBeNull();
});
