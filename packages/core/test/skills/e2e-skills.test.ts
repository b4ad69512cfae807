/**
 * Skills through `dist/codex exec`: a repository skill and a CODEX_HOME skill are listed to the
 * model once, a `$name` mention brings that SKILL.md into the same request (right after the user's
 * message), bodies of skills not mentioned are never sent, and a broken SKILL.md is a warning.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, responsesStream, runCodex, textResponse } from "@codex/test-support";
import { e2eSetup } from "../tools/e2e-helpers.ts";

setDefaultTimeout(30_000);
const setup = e2eSetup();

type Message = { type: string; role?: string; content?: Array<{ type: string; text?: string }> };

function skill(dir: string, name: string, description: string, body: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: ${description}\n---\n${body}`);
}

const textOf = (item: Message) => (item.content ?? []).map((part) => part.text ?? "").join("");

test("skills are listed once; a $mention sends that SKILL.md with the prompt; others stay on disk", async () => {
  const env = await setup();
  const ws = realpathSync(env.workspace);
  skill(
    join(ws, ".codex/skills/release"),
    "release",
    "Cut a release of this repo",
    "Run the release script.\n",
  );
  skill(join(env.codexHome, "skills/notes"), "notes", "Write release notes", "SECRET-NOTES-BODY\n");
  mkdirSync(join(ws, ".codex/skills/broken"), { recursive: true });
  writeFileSync(join(ws, ".codex/skills/broken/SKILL.md"), "no front matter\n");
  env.server.enqueue(responsesStream([textResponse("ok"), completed()]));
  const result = await runCodex(["exec", "--skip-git-repo-check", "please do a $release now"], {
    codexHome: env.codexHome,
    cwd: ws,
  });
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(
    `skipped skill ${join(ws, ".codex/skills/broken/SKILL.md")}: missing YAML front matter delimited by ---`,
  );

  const input = (env.server.requests[0]?.body as { input: Message[] } | undefined)?.input ?? [];
  const listing = input.filter(
    (item) => item.role === "developer" && textOf(item).startsWith("<skills_instructions>"),
  );
  expect(listing).toHaveLength(1);
  const list = textOf(listing[0]!);
  expect(list).toContain("- release: Cut a release of this repo (file: r0/release/SKILL.md)");
  expect(list).toContain("- notes: Write release notes (file: r1/notes/SKILL.md)");
  expect(list).toContain(`- \`r0\` = \`${join(ws, ".codex/skills")}\``);

  const users = input.filter((item) => item.role === "user").map(textOf);
  const prompt = users.indexOf("please do a $release now");
  expect(prompt).toBeGreaterThanOrEqual(0);
  expect(users[prompt + 1]).toBe(
    `<skill>\n<name>release</name>\n<path>${join(ws, ".codex/skills/release/SKILL.md")}</path>\n---\nname: release\ndescription: Cut a release of this repo\n---\nRun the release script.\n\n</skill>`,
  );
  expect(JSON.stringify(env.server.requests[0]?.body)).not.toContain("SECRET-NOTES-BODY");
});
