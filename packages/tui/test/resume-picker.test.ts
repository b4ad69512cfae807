import { expect, test } from "bun:test";
import { pickSession, type ResumeCandidate } from "../src/index.ts";
import { HeadlessTerminal } from "./helpers/headless-terminal.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");

function sessions(n: number, cwd: (i: number) => string): ResumeCandidate[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `id-${i}`,
    timestamp: new Date(NOW - (i + 1) * 3600_000).toISOString(),
    cwd: cwd(i),
    firstUserMessage: i % 7 === 3 ? `fix the flaky login test #${i}` : `session message ${i}`,
  }));
}

test("resume picker: pages on demand, search, directory filter, Enter resumes", async () => {
  const all = sessions(60, (i) => (i % 2 === 0 ? "/work/demo" : "/work/other"));
  const requests: Array<{ cursor: string | null; cwd: string | null }> = [];
  const term = new HeadlessTerminal({ columns: 80, rows: 24 });
  const result = pickSession({
    cwd: "/work/demo",
    terminal: term,
    env: { NO_COLOR: "1" },
    now: () => NOW,
    loadPage: ({ cursor, cwd }) => {
      requests.push({ cursor, cwd });
      const list = all.filter((s) => cwd === null || s.cwd === cwd);
      const start = cursor ? Number(cursor) : 0;
      const items = list.slice(start, start + 10);
      return { items, nextCursor: start + 10 < list.length ? String(start + 10) : null };
    },
  });
  await term.settle();
  expect(term.screenText()).toMatchSnapshot();
  expect(requests).toEqual([
    { cursor: null, cwd: "/work/demo" },
    { cursor: "10", cwd: "/work/demo" },
  ]);
  term.type("flaky");
  await term.settle();
  const screen = term.screenText();
  expect(screen).toContain("› 11h ago   fix the flaky login test #10");
  expect(screen).toContain("  2d ago    fix the flaky login test #52");
  expect(screen).not.toContain("session message");
  term.type("\x7f\x7f\x7f\x7f\x7f\t");
  await term.settle();
  expect(term.screenText()).toContain("Filter: all directories");
  expect(term.screenText()).toContain("/work/other");
  term.type("\x1b[B\x1b[B\r");
  expect(await result).toEqual({ kind: "resume", id: "id-2" });
});

test("resume picker: Esc starts a new session, Ctrl-C quits", async () => {
  for (const [key, kind] of [
    ["\x1b", "new"],
    ["\x03", "quit"],
  ] as const) {
    const term = new HeadlessTerminal({ columns: 60, rows: 20 });
    const result = pickSession({
      cwd: "/x",
      terminal: term,
      env: {},
      loadPage: () => ({ items: [], nextCursor: null }),
    });
    await term.settle();
    expect(term.screenText()).toContain("no sessions found");
    term.type(key);
    expect(await result).toEqual({ kind });
  }
});
