/**
 * The soak's session: `TURNS` user turns in one `@codex/core` session (persisted, like the TUI's),
 * each running one command through the shell tool, reporting this process's RSS after each turn
 * as `rss TURN BYTES` on stdout. Started by bench/soak.ts with CODEX_HOME pointing at the mock.
 * At the turns named in argv[3] (comma-separated) it also waits for the collection core runs
 * after a turn and reports `settled TURN RSS_BYTES HEAP_BYTES`: the RSS then, and (after one
 * more full collection) the bytes of live JavaScript objects with what they own outside the heap,
 * i.e. what the session keeps, so growth can be told from garbage and the allocator.
 */
import { fullGC, heapSize } from "bun:jsc";
import { createSession, loadConfig } from "@codex/core";

const turns = Number(process.argv[2] ?? 300);
const settleAt = new Set((process.argv[3] ?? "").split(",").map(Number));
/** Longer than core's delay before its after-turn collection (memory/collect-soon.ts). */
const SETTLE_MS = 300;
const { config } = loadConfig({
  cwd: process.cwd(),
  flags: { approval_policy: "never", sandbox_mode: "danger-full-access" },
});
const session = createSession(config, { persist: { source: "cli" }, originator: "codex_cli_rs" });
const events = session.events[Symbol.asyncIterator]();

async function untilTurnEnds(): Promise<void> {
  for (;;) {
    const { value, done } = await events.next();
    if (done) throw new Error("the session ended");
    const type = value.msg.type;
    if (type === "turn_failed" || type === "error") throw new Error(JSON.stringify(value.msg));
    if (type === "turn_completed" || type === "turn_aborted") return;
  }
}

for (let turn = 1; turn <= turns; turn++) {
  await session.submit({
    type: "user_turn",
    items: [{ type: "text", text: `turn ${turn}: list the files` }],
  });
  await untilTurnEnds();
  process.stdout.write(`rss ${turn} ${process.memoryUsage().rss}\n`);
  if (settleAt.has(turn)) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const rss = process.memoryUsage().rss;
    fullGC();
    process.stdout.write(`settled ${turn} ${rss} ${heapSize()}\n`);
  }
}
await session.close();
