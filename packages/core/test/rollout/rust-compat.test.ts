/** Sessions written by the Rust Codex CLI 0.47 (`exec`, then `exec resume --last`) resume here. */
import { afterAll, expect, test } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { findNewestSession, findRolloutPathById } from "../../src/rollout/find.ts";
import { openRolloutForResume } from "../../src/rollout/resume.ts";
import { tempHome } from "./helpers.ts";

const NAME = "rollout-2026-11-23T20-43-00-01a20a25-d1f6-7172-bf2d-a1e90985f947.jsonl";
const ID = "01a20a25-d1f6-7172-bf2d-a1e90985f947";
const home = tempHome();
afterAll(() => home.cleanup());

test("a rollout written by Codex CLI 0.47 is found by id and by --last, and resumes", () => {
  const dir = join(home.dir, "sessions/2026/11/23");
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(import.meta.dir, "fixtures/rust-0.47-exec-resumed.jsonl"), join(dir, NAME));
  expect(findRolloutPathById(home.dir, ID)).toBe(join(dir, NAME));
  const newest = findNewestSession(home.dir);
  expect(newest?.id).toBe(ID);
  expect(newest?.firstUserMessage).toBe("first prompt");
  const session = openRolloutForResume({ codexHome: home.dir, last: true });
  expect(session.sessionId).toBe(ID);
  expect(session.meta.source).toBe("exec");
  const texts = session.history.map((item) =>
    item.type === "message"
      ? `${item.role}:${item.content.map((c) => ("text" in c ? c.text : "")).join("")}`
      : item.type,
  );
  expect(texts.length).toBe(5);
  expect(texts[0]).toStartWith("user:<environment_context>");
  expect(texts.slice(1)).toEqual([
    "user:first prompt",
    "assistant:hello 0",
    "user:second prompt",
    "assistant:hello 1",
  ]);
  expect(session.lastTurnContext?.model).toBe("gpt-5-codex");
  expect(session.lastTokenInfo?.model_context_window).toBe(272000);
});
