import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { findNewestSession, findRolloutPathById } from "../../src/rollout/find.ts";
import { listSessions } from "../../src/rollout/list.ts";
import { openRolloutForResume } from "../../src/rollout/resume.ts";
import { tempHome, writeSyntheticSession } from "./helpers.ts";

const COUNT = 10_000;
const home = tempHome();
const sessions: Array<{ id: string; path: string }> = [];
const start = new Date(2024, 0, 1, 9, 0, 0).getTime();

beforeAll(() => {
  // 10,000 sessions over ~14 months, a few per hour; the newest last.
  for (let i = 0; i < COUNT; i++) {
    sessions.push(
      writeSyntheticSession(home.dir, { at: new Date(start + i * 47 * 60_000), cwd: `/p${i % 3}` }),
    );
  }
}, 120_000);
afterAll(() => home.cleanup(), 120_000);

describe(`finding sessions among ${COUNT}`, () => {
  // How fast these are among 10,000 sessions: bench/in-process.ts.
  test("newest: the newest session with its first message", () => {
    const newest = findNewestSession(home.dir);
    expect(newest?.id).toBe(sessions[COUNT - 1]?.id);
    expect(newest?.firstUserMessage).toBe(`hello from ${sessions[COUNT - 1]?.id}`);
  });

  test("by id: the oldest, a middle and the newest session, any case", () => {
    for (const s of [sessions[0], sessions[5000], sessions[COUNT - 1]]) {
      expect(findRolloutPathById(home.dir, s?.id as string)).toBe(s?.path as string);
    }
    expect(findRolloutPathById(home.dir, (sessions[42] as { id: string }).id.toUpperCase())).toBe(
      sessions[42]?.path as string,
    );
  });

  test("by id: a non-v7 id (e.g. from another tool) is found by listing directory names", () => {
    const legacy = writeSyntheticSession(home.dir, {
      at: new Date(start + 3 * 86_400_000),
      id: "4f8e3c2a-1b2c-4d3e-8f9a-0123456789ab",
    });
    expect(findRolloutPathById(home.dir, legacy.id)).toBe(legacy.path);
    expect(findRolloutPathById(home.dir, "4f8e3c2a-1b2c-4d3e-8f9a-000000000000")).toBeNull();
  });

  test("newest skips sessions with no user message and honours filters", () => {
    const last = new Date(start + COUNT * 47 * 60_000);
    writeSyntheticSession(home.dir, { at: new Date(last.getTime() + 60_000), firstMessage: null });
    const tui = writeSyntheticSession(home.dir, {
      at: new Date(last.getTime() + 120_000),
      source: "cli",
      cwd: "/tui",
    });
    const empty = writeSyntheticSession(home.dir, {
      at: new Date(last.getTime() + 180_000),
      firstMessage: null,
    });
    expect(findNewestSession(home.dir)?.id).toBe(tui.id);
    expect(findNewestSession(home.dir, { includeEmpty: true })?.id).toBe(empty.id);
    expect(findNewestSession(home.dir, { sources: ["exec"] })?.id).toBe(sessions[COUNT - 1]?.id as string);
    expect(findNewestSession(home.dir, { cwd: "/p0" })?.cwd).toBe("/p0");
    expect(openRolloutForResume({ codexHome: home.dir, last: true }).sessionId).toBe(tui.id);
  });

  test("listing pages newest first without gaps or repeats", () => {
    const first = listSessions({ codexHome: home.dir, pageSize: 25, filter: { sources: ["exec"] } });
    expect(first.items.length).toBe(25);
    expect(first.items[0]?.id).toBe(sessions[COUNT - 1]?.id as string);
    expect(first.scannedFiles).toBeLessThan(40);
    const seen = new Set(first.items.map((s) => s.id));
    let cursor = first.nextCursor;
    let pages = 1;
    while (cursor && pages < 10) {
      const page = listSessions({ codexHome: home.dir, pageSize: 25, cursor, filter: { sources: ["exec"] } });
      for (const s of page.items) {
        expect(seen.has(s.id)).toBe(false);
        seen.add(s.id);
      }
      cursor = page.nextCursor;
      pages++;
    }
    const expected = sessions.slice(COUNT - 250).map((s) => s.id);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  test("a page stops after maxScan files when the filter matches nothing", () => {
    const page = listSessions({ codexHome: home.dir, filter: { cwd: "/nowhere" }, maxScan: 300 });
    expect(page.items).toEqual([]);
    expect(page.reachedScanCap).toBe(true);
    expect(page.scannedFiles).toBe(300);
    expect(page.nextCursor).not.toBeNull();
  });
});
