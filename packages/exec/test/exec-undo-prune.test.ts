/**
 * Pruning of `$CODEX_HOME/undo` through dist/codex: a session's start removes the file history that
 * nothing can use any more (its rollout is gone, or unused for 30 days), keeps what a live or a
 * resumable session can still restore, runs at most once a day, and a session whose history was
 * pruned refuses to undo its files, saying why, without rewinding anything.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { completed, responsesStream, textResponse } from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

const YOLO = "--dangerously-bypass-approvals-and-sandbox";
const DAY_MS = 86_400_000;

/** A session's undo folder as a session leaves it: a journal and a stored blob. */
function undoFolder(id: string, extra: string[] = []): string {
  const dir = join(env.codexHome, "undo", id);
  mkdirSync(join(dir, "blobs"), { recursive: true });
  writeFileSync(join(dir, "journal.jsonl"), '{"type":"turn","root":null,"changes":[],"unavailable":null}\n');
  writeFileSync(join(dir, "blobs", "0".repeat(40)), "old content\n");
  for (const name of extra) writeFileSync(join(dir, name), "");
  return dir;
}

/** Sets every time in the folder `days` back, as if nothing had used it since. */
function age(dir: string, days: number): void {
  const then = new Date(Date.now() - days * DAY_MS);
  for (const path of [
    join(dir, "blobs", "0".repeat(40)),
    join(dir, "blobs"),
    join(dir, "journal.jsonl"),
    dir,
  ])
    if (existsSync(path)) utimesSync(path, then, then);
}

async function runTurn(prompt: string): Promise<string> {
  env.server.enqueue(responsesStream([textResponse(`answer to ${prompt}`), completed()]));
  const run = await env.exec([YOLO, "--json", prompt]);
  expect(run.code).toBe(0);
  return jsonLines(run.stdout)[0]?.thread_id as string;
}

const undoNames = () =>
  readdirSync(join(env.codexHome, "undo")).filter((name) => !name.startsWith(".trash-"));

describe("pruning $CODEX_HOME/undo", () => {
  test("removes what nothing can restore, keeps what a live or resumable session can", async () => {
    env = await execEnv();
    const resumable = await runTurn("first");
    const old = await runTurn("second");
    expect(existsSync(join(env.codexHome, "undo", resumable, "journal.jsonl"))).toBe(true);
    // The session's own marker is gone once it ended.
    expect(readdirSync(join(env.codexHome, "undo", resumable)).filter((n) => n.startsWith("live-"))).toEqual(
      [],
    );

    const orphan = "019a0000-0000-7000-8000-000000000001"; // no rollout: nothing can resume it
    undoFolder(orphan);
    const running = "019a0000-0000-7000-8000-000000000002"; // no rollout, but its process runs
    undoFolder(running, [`live-${process.pid}@${hostname()}`]);
    const crashed = "019a0000-0000-7000-8000-000000000003"; // its process is gone
    const ended = spawnSync("true");
    undoFolder(crashed, [`live-${ended.pid}@${hostname()}`]);
    age(join(env.codexHome, "undo", old), 40); // resumable, but unused for 40 days
    writeFileSync(join(env.codexHome, "undo", "notes.txt"), "not codex's\n");
    rmSync(join(env.codexHome, "undo", ".last-prune")); // as if the last pruning was long ago

    const third = await runTurn("third");
    expect(undoNames().sort()).toEqual([".last-prune", "notes.txt", resumable, running, third].sort());

    // Pruned history: the conversation stays, undo says why the files cannot be put back.
    const undo = await env.exec(["undo", old]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain("its history was removed after 30 days unused");
    expect(undo.stderr).toContain("nothing was undone");

    // At most once a day: a new orphan waits for tomorrow's session.
    undoFolder(orphan);
    await runTurn("fourth");
    expect(existsSync(join(env.codexHome, "undo", orphan))).toBe(true);
  });
});
