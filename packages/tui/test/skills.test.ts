/** Skills in the TUI: the list core reports, `/skills`, and `$` completing a skill name. */
import { expect, test } from "bun:test";
import { startTui } from "./helpers/harness.ts";

const SKILLS = [
  {
    name: "release",
    description: "Cut a release",
    path: "/repo/.codex/skills/release/SKILL.md",
    scope: "repo" as const,
  },
  {
    name: "notes",
    description: "Write release notes",
    path: "/home/u/.codex/skills/notes/SKILL.md",
    scope: "user" as const,
  },
];

test("the TUI asks for the skills once the session is configured; /skills lists them", async () => {
  const h = await startTui({ columns: 80 });
  h.session.configured();
  await h.settle();
  expect(h.session.opsOf("list_skills").length).toBe(1);
  h.session.emit({ type: "list_skills_response", skills: SKILLS });
  await h.settle();
  await h.type("/skills\r");
  await h.waitFor("release  Cut a release");
  await h.waitFor("notes  Write release notes  (user)");
});

test("$ completes a skill name; Tab inserts it; the message carries the $mention", async () => {
  const h = await startTui({ columns: 80 });
  h.session.configured();
  await h.settle();
  h.session.emit({ type: "list_skills_response", skills: SKILLS });
  await h.settle();
  await h.type("please $rel");
  await h.waitFor("› $release");
  expect(h.term.screenText()).toContain("Cut a release");
  await h.type("\t");
  await h.type("now\r");
  expect(h.session.opsOf("user_turn")[0]?.items).toEqual([{ type: "text", text: "please $release now" }]);
});
