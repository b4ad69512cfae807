import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  appendHistoryEntry,
  historyEntry,
  historyFilePath,
  historyMetadata,
} from "../../src/rollout/message-history.ts";
import { tempHome } from "./helpers.ts";

let home = tempHome();
afterEach(() => {
  home.cleanup();
  home = tempHome();
});

describe("history.jsonl", () => {
  test("appends {session_id, ts, text} lines, owner-only", async () => {
    const now = new Date(1_760_000_000_123);
    await appendHistoryEntry({
      codexHome: home.dir,
      sessionId: "s1",
      text: "first prompt",
      persistence: "save-all",
      now,
    });
    await appendHistoryEntry({
      codexHome: home.dir,
      sessionId: "s1",
      text: "line1\nline2",
      persistence: "save-all",
      now,
    });
    const path = historyFilePath(home.dir);
    expect(path).toBe(join(home.dir, "history.jsonl"));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { session_id: "s1", ts: 1_760_000_000, text: "first prompt" },
      { session_id: "s1", ts: 1_760_000_000, text: "line1\nline2" },
    ]);
  });

  test('persistence = "none" writes nothing', async () => {
    await appendHistoryEntry({ codexHome: home.dir, sessionId: "s", text: "secret", persistence: "none" });
    expect(existsSync(historyFilePath(home.dir))).toBe(false);
    expect(historyMetadata(home.dir)).toEqual({ logId: 0, entryCount: 0 });
  });

  test("a file with loose permissions is tightened to 0600", async () => {
    writeFileSync(historyFilePath(home.dir), "");
    chmodSync(historyFilePath(home.dir), 0o644);
    await appendHistoryEntry({ codexHome: home.dir, sessionId: "s", text: "x", persistence: "save-all" });
    expect(statSync(historyFilePath(home.dir)).mode & 0o777).toBe(0o600);
  });

  test("count and lookup by offset for Up/Down recall; a torn line is not an entry", async () => {
    for (const text of ["a", "b", "c"])
      await appendHistoryEntry({ codexHome: home.dir, sessionId: "s", text, persistence: "save-all" });
    const meta = historyMetadata(home.dir);
    expect(meta.entryCount).toBe(3);
    expect(historyEntry(home.dir, { logId: meta.logId, offset: 0 })?.text).toBe("a");
    expect(historyEntry(home.dir, { logId: meta.logId, offset: 2 })?.text).toBe("c");
    expect(historyEntry(home.dir, { logId: meta.logId, offset: 3 })).toBeNull();
    expect(historyEntry(home.dir, { logId: meta.logId + 1, offset: 0 })).toBeNull();
    writeFileSync(historyFilePath(home.dir), '{"session_id":"s","ts":1,"text":"d"}\n{"session_id"', {
      flag: "a",
    });
    expect(historyMetadata(home.dir).entryCount).toBe(4);
    expect(historyEntry(home.dir, { logId: meta.logId, offset: 3 })?.text).toBe("d");
  });

  test("concurrent writers from several processes never interleave lines", async () => {
    const script = join(home.dir, "writer.ts");
    const modulePath = join(import.meta.dir, "../../src/rollout/message-history.ts");
    writeFileSync(
      script,
      `import { appendHistoryEntry } from ${JSON.stringify(modulePath)};
const [home, who] = process.argv.slice(2);
for (let i = 0; i < 50; i++)
  await appendHistoryEntry({ codexHome: home, sessionId: who, text: who.repeat(2000) + i, persistence: "save-all" });
`,
    );
    const procs = ["a", "b", "c", "d"].map((who) =>
      Bun.spawn([process.execPath, script, home.dir, who], { stdout: "inherit", stderr: "inherit" }),
    );
    expect(await Promise.all(procs.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
    const lines = readFileSync(historyFilePath(home.dir), "utf8").trimEnd().split("\n");
    expect(lines.length).toBe(200);
    for (const line of lines) {
      const entry = JSON.parse(line);
      expect(entry.text.slice(0, 2000)).toBe(entry.session_id.repeat(2000));
    }
  });
});
