/** Undo's snapshots outside git: the folder is walked, files copied, symlinks and big files handled. */
import { describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobStore } from "../../src/undo/blob-store.ts";
import { restoreTurns } from "../../src/undo/restore.ts";
import { diffCaptures, Snapshotter } from "../../src/undo/snapshot.ts";

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "codex-undo-plain-"));
  const store = new BlobStore(mkdtempSync(join(tmpdir(), "codex-undo-store-")));
  const limits = { maxFileBytes: 1024, maxCaptureBytes: 1 << 20, maxEntries: 100 };
  return { dir, store, snapshots: new Snapshotter(store, limits) };
}

describe("undo snapshots outside a git repository", async () => {
  test("a turn's edits, creations, deletions and a symlink change are put back", async () => {
    const { dir, store, snapshots } = setup();
    writeFileSync(join(dir, "a.txt"), "before\n");
    writeFileSync(join(dir, "gone.txt"), "keep me\n");
    symlinkSync("a.txt", join(dir, "link"));
    const before = await snapshots.capture(dir);
    writeFileSync(join(dir, "a.txt"), "after\n");
    rmSync(join(dir, "gone.txt"));
    writeFileSync(join(dir, "new.txt"), "new\n");
    rmSync(join(dir, "link"));
    symlinkSync("new.txt", join(dir, "link"));
    const changes = diffCaptures(before, await snapshots.capture(dir));
    expect(changes.map((c) => c.path)).toEqual(["a.txt", "gone.txt", "link", "new.txt"]);
    const outcome = restoreTurns([{ type: "turn", root: before.root, changes, unavailable: null }], store);
    expect(outcome.ok).toBe(true);
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("before\n");
    expect(readFileSync(join(dir, "gone.txt"), "utf8")).toBe("keep me\n");
    expect(readlinkSync(join(dir, "link"))).toBe("a.txt");
    expect(existsSync(join(dir, "new.txt"))).toBe(false);
  });

  test("a file over the size limit is recorded but not restorable: undo refuses and writes nothing", async () => {
    const { dir, store, snapshots } = setup();
    writeFileSync(join(dir, "big.bin"), Buffer.alloc(4096, 1));
    writeFileSync(join(dir, "small.txt"), "one\n");
    const before = await snapshots.capture(dir);
    writeFileSync(join(dir, "big.bin"), Buffer.alloc(5000, 2));
    writeFileSync(join(dir, "small.txt"), "two\n");
    const changes = diffCaptures(before, await snapshots.capture(dir));
    const outcome = restoreTurns([{ type: "turn", root: before.root, changes, unavailable: null }], store);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.join("\n")).toContain("too large to snapshot");
    expect(readFileSync(join(dir, "small.txt"), "utf8")).toBe("two\n");
  });

  test("more files than the walk allows: the capture says why", async () => {
    const { dir, snapshots } = setup();
    for (let i = 0; i < 101; i++) writeFileSync(join(dir, `f${i}`), "x");
    expect(snapshots.capture(dir)).rejects.toThrow(
      "more than 100 files and folders and is not a git repository",
    );
  });

  test("folders count against the walk too: a tree of empty folders is refused", async () => {
    const { dir, snapshots } = setup();
    for (let i = 0; i < 60; i++) mkdirSync(join(dir, `d${i}`, "inner"), { recursive: true });
    expect(snapshots.capture(dir)).rejects.toThrow("more than 100 files and folders");
  });

  test("a folder found too big is not walked again in the session, even once it shrank", async () => {
    const { dir, snapshots } = setup();
    for (let i = 0; i < 101; i++) writeFileSync(join(dir, `f${i}`), "x");
    expect(snapshots.capture(dir)).rejects.toThrow("more than 100 files and folders");
    for (let i = 0; i < 50; i++) rmSync(join(dir, `f${i}`));
    expect(snapshots.capture(dir)).rejects.toThrow("more than 100 files and folders");
    // Another session (a new snapshotter) walks it again and captures it.
    const fresh = new Snapshotter(new BlobStore(mkdtempSync(join(tmpdir(), "codex-undo-store-"))), {
      maxFileBytes: 1024,
      maxCaptureBytes: 1 << 20,
      maxEntries: 100,
    });
    expect((await fresh.capture(dir)).read.size).toBe(51);
  });

  test("a capture over the copy budget copies nothing, and later captures do not copy the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "codex-undo-plain-"));
    const storeDir = mkdtempSync(join(tmpdir(), "codex-undo-store-"));
    const snapshots = new Snapshotter(new BlobStore(storeDir), {
      maxFileBytes: 1 << 20,
      maxCaptureBytes: 1 << 20,
      maxEntries: 100,
    });
    const old = new Date(Date.now() - 60_000);
    for (let i = 0; i < 3; i++) {
      writeFileSync(join(dir, `data${i}.bin`), Buffer.alloc(400 * 1024, i));
      utimesSync(join(dir, `data${i}.bin`), old, old);
    }
    for (let turn = 0; turn < 2; turn++) {
      expect(snapshots.capture(dir)).rejects.toThrow("more than 1 MiB of changed or untracked files to copy");
      expect(readdirSync(storeDir)).toEqual([]);
    }
    // Once enough is gone, the capture copies what is left.
    rmSync(join(dir, "data0.bin"));
    expect((await snapshots.capture(dir)).read.size).toBe(2);
    expect(readdirSync(storeDir)).toHaveLength(2);
  });
});
