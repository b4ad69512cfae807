/**
 * Undo's snapshots in a git repository, across several captures of one session: what the capture
 * remembers between captures (the parsed index, files already read) never hides a change, whether
 * the change is to a file's content, to the index (the user's `git add`/`commit`/`rm --cached`) or
 * both, and the user's `.git/index` is never written.
 */
import { describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BlobStore } from "../../src/undo/blob-store.ts";
import { restoreTurns } from "../../src/undo/restore.ts";
import { type Capture, diffCaptures, Snapshotter } from "../../src/undo/snapshot.ts";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
    cwd,
    encoding: "utf8",
  });
}

function repository() {
  const dir = mkdtempSync(join(tmpdir(), "codex-undo-git-"));
  git(dir, "init", "-q");
  mkdirSync(join(dir, "src"));
  for (let i = 0; i < 20; i++) writeFileSync(join(dir, `src/f${i}.txt`), `file ${i}\n`);
  git(dir, "add", ".");
  git(dir, "commit", "-qm", "init");
  const store = new BlobStore(mkdtempSync(join(tmpdir(), "codex-undo-store-")));
  return { dir, store, snapshots: new Snapshotter(store) };
}

const paths = (before: Capture, after: Capture) => diffCaptures(before, after).map((change) => change.path);

describe("undo snapshots in a git repository", () => {
  test("edits, creations and deletions between captures are found and put back; the index is not written", async () => {
    const { dir, store, snapshots } = repository();
    const index = readFileSync(join(dir, ".git/index"));
    const first = await snapshots.capture(dir);
    expect(paths(first, await snapshots.capture(dir))).toEqual([]);
    writeFileSync(join(dir, "src/f1.txt"), "edited\n");
    writeFileSync(join(dir, "src/new.txt"), "new\n");
    rmSync(join(dir, "src/f2.txt"));
    const changes = diffCaptures(first, await snapshots.capture(dir));
    expect(changes.map((change) => change.path)).toEqual(["src/f1.txt", "src/f2.txt", "src/new.txt"]);
    const outcome = restoreTurns([{ type: "turn", root: first.root, changes, unavailable: null }], store);
    expect(outcome.ok).toBe(true);
    expect(readFileSync(join(dir, "src/f1.txt"), "utf8")).toBe("file 1\n");
    expect(readFileSync(join(dir, "src/f2.txt"), "utf8")).toBe("file 2\n");
    expect(readFileSync(join(dir, ".git/index")).equals(index)).toBe(true);
    expect(git(dir, "status", "--porcelain")).toBe("");
  });

  test("a file edited again after a capture read it is read again", async () => {
    const { dir, snapshots } = repository();
    writeFileSync(join(dir, "src/f3.txt"), "first edit\n");
    const before = await snapshots.capture(dir);
    writeFileSync(join(dir, "src/f3.txt"), "other edit\n"); // same size, moments later
    const changes = diffCaptures(before, await snapshots.capture(dir));
    expect(changes.map((change) => change.path)).toEqual(["src/f3.txt"]);
  });

  test("the user's git add, commit and rm --cached between captures change nothing the files hold", async () => {
    const { dir, snapshots } = repository();
    writeFileSync(join(dir, "src/f4.txt"), "staged later\n");
    const before = await snapshots.capture(dir);
    git(dir, "add", "src/f4.txt");
    git(dir, "commit", "-qm", "f4");
    git(dir, "rm", "-q", "--cached", "src/f5.txt");
    expect(paths(before, await snapshots.capture(dir))).toEqual([]);
  });

  test("a content change hidden by an index change is still found", async () => {
    const { dir, snapshots } = repository();
    const before = await snapshots.capture(dir);
    writeFileSync(join(dir, "src/f6.txt"), "changed and committed\n");
    git(dir, "commit", "-qam", "f6");
    const after = await snapshots.capture(dir);
    const changes = diffCaptures(before, after);
    expect(changes.map((change) => change.path)).toEqual(["src/f6.txt"]);
    // The index changed back and forth: the listing follows it each time.
    git(dir, "reset", "-q", "--hard", "HEAD~1");
    expect(paths(before, await snapshots.capture(dir))).toEqual([]);
  });

  test("what one listing tells apart: odd names, intent-to-add and already edited files keep their contents", async () => {
    const { dir, store, snapshots } = repository();
    const oddTracked = "src/tab\there.txt";
    const oddUntracked = "src/new\tline\nname.txt";
    writeFileSync(join(dir, oddTracked), "committed\n");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "odd name");
    // Before the turn: the user's own edits, an untracked file and an intent-to-add one (the index
    // holds the empty blob for it, so only the listing can say its content must be read).
    writeFileSync(join(dir, oddTracked), "the user's edit\n");
    writeFileSync(join(dir, oddUntracked), "untracked\n");
    writeFileSync(join(dir, "src/draft.txt"), "draft\n");
    git(dir, "add", "-N", "src/draft.txt");
    const before = await snapshots.capture(dir);
    for (const path of [oddTracked, oddUntracked, "src/draft.txt"])
      writeFileSync(join(dir, path), "the turn's\n");
    const changes = diffCaptures(before, await snapshots.capture(dir));
    expect(changes.map((change) => change.path).sort()).toEqual(
      [oddUntracked, "src/draft.txt", oddTracked].sort(),
    );
    const outcome = restoreTurns([{ type: "turn", root: before.root, changes, unavailable: null }], store);
    expect(outcome.ok).toBe(true);
    expect(readFileSync(join(dir, oddTracked), "utf8")).toBe("the user's edit\n");
    expect(readFileSync(join(dir, oddUntracked), "utf8")).toBe("untracked\n");
    expect(readFileSync(join(dir, "src/draft.txt"), "utf8")).toBe("draft\n");
  });

  test("a change the repository's clean filter hides is still read, and put back as it was", async () => {
    const { dir, store, snapshots } = repository();
    // A filter in the style of nbstripout: what it strips never reaches the index.
    writeFileSync(join(dir, ".gitattributes"), "*.nb filter=strip\n");
    git(dir, "config", "filter.strip.clean", "sed s/^count=.*/count=0/");
    writeFileSync(join(dir, "a.nb"), "code\ncount=0\n");
    // Written a while ago: git trusts its stat (an edit within the index's second is compared by
    // content, through the filter, and stays hidden from git and from undo alike).
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, "a.nb"), past, past);
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "notebook");
    writeFileSync(join(dir, "a.nb"), "code\ncount=7\n"); // the user's edit: same size, same index blob
    const before = await snapshots.capture(dir);
    writeFileSync(join(dir, "a.nb"), "the turn's\n");
    const changes = diffCaptures(before, await snapshots.capture(dir));
    expect(changes.map((change) => change.path)).toEqual(["a.nb"]);
    expect(restoreTurns([{ type: "turn", root: before.root, changes, unavailable: null }], store).ok).toBe(
      true,
    );
    expect(readFileSync(join(dir, "a.nb"), "utf8")).toBe("code\ncount=7\n");
  });

  test("a clean file comes back as checked out: with its CRLF line endings, not the index's LF", async () => {
    const { dir, store, snapshots } = repository();
    writeFileSync(join(dir, ".gitattributes"), "*.crlf text eol=crlf\n");
    writeFileSync(join(dir, "notes.crlf"), "line one\r\nline two\r\n");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "crlf");
    const before = await snapshots.capture(dir);
    writeFileSync(join(dir, "notes.crlf"), "the turn's\r\n");
    const changes = diffCaptures(before, await snapshots.capture(dir));
    expect(changes.map((change) => change.path)).toEqual(["notes.crlf"]);
    expect(restoreTurns([{ type: "turn", root: before.root, changes, unavailable: null }], store).ok).toBe(
      true,
    );
    expect(readFileSync(join(dir, "notes.crlf"), "utf8")).toBe("line one\r\nline two\r\n");
  });
});
