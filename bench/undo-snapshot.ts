/**
 * What undo's file history costs per turn on a large repository: a capture before the turn (tools
 * wait for it; it overlaps the model request), a capture after it, and a restore. The repository
 * has BENCH_FILES tracked files (default 20,000, ~2 KiB each), 200 of them modified and 200
 * untracked files, as a working copy mid-task looks. No reference figure: Codex 0.169 restores no
 * files. Targets: a warm capture (the usual case: most files unchanged since the last one) well
 * under the time of a model request (~100 ms); the first capture of a session bounded by the
 * modified and untracked files it copies, not by the repository's size.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobStore } from "../packages/core/src/undo/blob-store.ts";
import { restoreTurns } from "../packages/core/src/undo/restore.ts";
import { diffCaptures, Snapshotter } from "../packages/core/src/undo/snapshot.ts";
import { median } from "./lib.ts";

const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.email=b@example.com", "-c", "user.name=B", ...args], {
    cwd,
    stdio: "ignore",
  });
}

const repo = mkdtempSync(join(tmpdir(), "codex-bench-undo-"));
const body = "x".repeat(2000);
for (let i = 0; i < FILES; i++) {
  const dir = join(repo, `src/m${i % 200}`);
  if (i < 200) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `f${i}.ts`), `// file ${i}\n${body}\n`);
}
git(repo, "init", "-q");
git(repo, "add", ".");
git(repo, "commit", "-qm", "big");
for (let i = 0; i < 200; i++) writeFileSync(join(repo, `src/m${i}/f${i}.ts`), `// modified ${i}\n${body}\n`);
mkdirSync(join(repo, "scratch"));
for (let i = 0; i < 200; i++) writeFileSync(join(repo, `scratch/u${i}.txt`), `untracked ${i}\n${body}\n`);

// Mid-task, the dirty files were written a while ago; files changed in the last 3 s are re-read at
// every capture (snapshot.ts, SETTLED_MS), which would measure the racy case instead.
await Bun.sleep(3_100);

const timed = async <T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> => {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
};

const stores: string[] = [];
const cold: number[] = [];
const warm: number[] = [];
const turn: number[] = [];
const restore: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const store = new BlobStore(mkdtempSync(join(tmpdir(), "codex-bench-undo-store-")));
  stores.push(store.dir);
  const snapshots = new Snapshotter(store);
  const first = await timed(() => snapshots.capture(repo));
  cold.push(first.ms);
  const again = await timed(() => snapshots.capture(repo));
  warm.push(again.ms);
  const before = again.value;
  // A turn: ten files edited, one created, one deleted.
  for (let i = 0; i < 10; i++) writeFileSync(join(repo, `src/m${i + 50}/f${i + 50}.ts`), `// turn ${run}\n`);
  writeFileSync(join(repo, "scratch/new.txt"), "new\n");
  execFileSync("rm", [join(repo, "src/m99/f99.ts")]);
  const after = await timed(async () => diffCaptures(before, await snapshots.capture(repo)));
  turn.push(after.ms);
  const changes = after.value;
  const record = { type: "turn" as const, root: before.root, changes, unavailable: null };
  const restored = await timed(() => restoreTurns([record], store));
  if (!restored.value.ok) throw new Error(restored.value.problems.join("; "));
  restore.push(restored.ms);
}

const row = (name: string, values: number[]) =>
  console.log(`| ${name} | ${median(values).toFixed(1)} ms | ${Math.min(...values).toFixed(1)} ms |`);
console.log(
  `\nrepository: ${FILES} tracked files (~${Math.round((FILES * 2) / 1024)} MiB), 200 modified, 200 untracked; ${RUNS} runs\n`,
);
console.log("| step | median | min |\n|---|---|---|");
row("first capture of a session (reads and copies the 400 dirty files)", cold);
row("capture with nothing changed since the last", warm);
row("capture after a turn + diff (12 files changed)", turn);
row("restore those 12 files", restore);
for (const dir of [repo, ...stores]) rmSync(dir, { recursive: true, force: true });
