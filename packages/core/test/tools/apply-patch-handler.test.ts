import { describe, expect, test } from "bun:test";
import {
  existsSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventMsg } from "@codex/protocol";
import { createApplyPatchHandler } from "../../src/tools/handlers/apply-patch.ts";
import { createShellHandler } from "../../src/tools/handlers/shell.ts";
import { customCall, fakeContext, functionCall, WORKSPACE_WRITE } from "./fake-context.ts";

const freeform = createApplyPatchHandler({ freeform: true });
const jsonForm = createApplyPatchHandler({ freeform: false });
const shell = createShellHandler();
const fresh = () => mkdtempSync(join(tmpdir(), "codex-patch-"));

const fileChanges = (events: EventMsg[]) =>
  events.flatMap((e) => (e.type === "item_completed" && e.item.type === "file_change" ? [e.item] : []));
const lastTurnDiff = (events: EventMsg[]) =>
  events.flatMap((e) => (e.type === "turn_diff" ? [e.unified_diff] : [])).at(-1) ?? "";

/** A patch of f.txt ("b" to "B"), a new call each time (approval keeps its preview by call). */
const replaceB = () =>
  customCall("apply_patch", "*** Begin Patch\n*** Update File: f.txt\n@@\n a\n-b\n+B\n*** End Patch");

describe("apply_patch tool", () => {
  test("offers a custom grammar tool or a JSON function", () => {
    expect(freeform.spec.type).toBe("custom");
    if (freeform.spec.type === "custom") {
      expect(freeform.spec.format.syntax).toBe("lark");
      expect(freeform.spec.format.definition).toContain('begin_patch: "*** Begin Patch" LF');
    }
    expect(jsonForm.spec.type).toBe("function");
  });

  test("freeform: add, update, move, delete in one turn, with file_change items and a turn diff", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "old.txt"), "bye\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const add = await freeform.run(
      customCall("apply_patch", "*** Begin Patch\n*** Add File: hello.txt\n+hello world\n*** End Patch\n"),
      ctx,
    );
    expect(add.output).toMatch(
      /^Exit code: 0\nWall time: [\d.]+ seconds\nOutput:\nSuccess\. Updated the following files:\nA hello\.txt\n$/,
    );
    const edit = await freeform.run(
      customCall(
        "apply_patch",
        "*** Begin Patch\n*** Update File: hello.txt\n*** Move to: sub/greeting.txt\n@@\n-hello world\n+hello there\n*** Delete File: old.txt\n*** End Patch",
      ),
      ctx,
    );
    expect(edit.success).toBe(true);
    expect(edit.output).toContain("M sub/greeting.txt\nD old.txt\n");
    expect(readFileSync(join(dir, "sub/greeting.txt"), "utf8")).toBe("hello there\n");
    expect(existsSync(join(dir, "hello.txt"))).toBe(false);
    expect(existsSync(join(dir, "old.txt"))).toBe(false);

    const items = fileChanges(events);
    expect(items.map((i) => ({ changes: i.changes, status: i.status }))).toEqual([
      { changes: [{ path: join(dir, "hello.txt"), kind: "add" }], status: "completed" },
      {
        changes: [
          { path: join(dir, "hello.txt"), kind: "update" },
          { path: join(dir, "old.txt"), kind: "delete" },
        ],
        status: "completed",
      },
    ]);
    // The turn diff is against the state before the turn: hello.txt never existed, so the moved
    // file shows as new; old.txt shows as deleted.
    const diff = lastTurnDiff(events);
    expect(diff).toContain("diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n");
    expect(diff).toContain("diff --git a/sub/greeting.txt b/sub/greeting.txt\nnew file mode 100644\n");
    expect(diff).toContain("+hello there\n");
    expect(diff).not.toContain("hello world");
  });

  test("turn diff follows a rename of an existing file", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "a.txt"), "one\ntwo\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    await freeform.run(
      customCall(
        "apply_patch",
        "*** Begin Patch\n*** Update File: a.txt\n*** Move to: b.txt\n@@\n one\n-two\n+deux\n*** End Patch",
      ),
      ctx,
    );
    const diff = lastTurnDiff(events);
    expect(diff).toContain(
      "diff --git a/a.txt b/b.txt\nrename from a.txt\nrename to b.txt\n--- a/a.txt\n+++ b/b.txt\n",
    );
    expect(diff).toContain("-two\n+deux\n");
  });

  test("JSON form {input}, JSON output without freeform", async () => {
    const dir = fresh();
    const { ctx } = fakeContext({ cwd: dir, freeform: false });
    const result = await jsonForm.run(
      functionCall("apply_patch", { input: "*** Begin Patch\n*** Add File: x.txt\n+x\n*** End Patch" }),
      ctx,
    );
    const parsed = JSON.parse(result.output);
    expect(parsed.output).toBe("Success. Updated the following files:\nA x.txt\n");
    expect(parsed.metadata.exit_code).toBe(0);
  });

  test("a patch is started (in_progress) before it is written, then completed under the same id; changes by path", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "b.txt"), "old\n");
    writeFileSync(join(dir, "blocker"), "a file\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const seenOnStart: boolean[] = [];
    const emit = ctx.emit;
    ctx.emit = (msg) => {
      if (msg.type === "item_started") seenOnStart.push(existsSync(join(dir, "z.txt")));
      emit(msg);
    };
    const patch =
      "*** Begin Patch\n*** Add File: z.txt\n+z\n*** Update File: b.txt\n@@\n-old\n+new\n*** Add File: A.txt\n+a\n*** End Patch";
    expect((await freeform.run(customCall("apply_patch", patch), ctx)).success).toBe(true);
    // Fails as it is applied (a file stands where a directory is needed): started, then failed.
    const blocked = "*** Begin Patch\n*** Add File: blocker/inner.txt\n+x\n*** End Patch";
    expect((await freeform.run(customCall("apply_patch", blocked), ctx)).success).toBe(false);

    const items = events.flatMap((e) =>
      (e.type === "item_started" || e.type === "item_completed") && e.item.type === "file_change"
        ? [{ event: e.type, id: e.item.id, status: e.item.status, paths: e.item.changes.map((c) => c.path) }]
        : [],
    );
    const [first, second] = [items[0]?.id ?? "none", items[2]?.id ?? "none"];
    const sorted = ["A.txt", "b.txt", "z.txt"].map((name) => join(dir, name));
    expect(items).toEqual([
      { event: "item_started", id: first, status: "in_progress", paths: sorted },
      { event: "item_completed", id: first, status: "completed", paths: sorted },
      { event: "item_started", id: second, status: "in_progress", paths: [join(dir, "blocker/inner.txt")] },
      { event: "item_completed", id: second, status: "failed", paths: [join(dir, "blocker/inner.txt")] },
    ]);
    expect(first).not.toBe(second);
    expect(seenOnStart).toEqual([false, true]);
  });

  test("a patch that does not apply writes nothing and tells the model why", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "a\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const result = await freeform.run(
      customCall(
        "apply_patch",
        "*** Begin Patch\n*** Add File: new.txt\n+n\n*** Update File: f.txt\n@@\n-zzz\n+y\n*** End Patch",
      ),
      ctx,
    );
    expect(result.success).toBe(false);
    expect(result.output).toStartWith("apply_patch verification failed: ");
    expect(existsSync(join(dir, "new.txt"))).toBe(false);
    expect(fileChanges(events)).toEqual([]);
    const bad = await freeform.run(
      customCall("apply_patch", "*** Begin Patch\n*** Frobnicate: x\n*** End Patch"),
      ctx,
    );
    expect(bad.output).toContain("is not a valid hunk header");
  });

  test("approval: inside the workspace auto-approved; outside asks with the diff, or is rejected under never", async () => {
    const dir = fresh();
    const approval = freeform.approval!;
    const inside = customCall("apply_patch", "*** Begin Patch\n*** Add File: in.txt\n+x\n*** End Patch");
    const outside = customCall(
      "apply_patch",
      "*** Begin Patch\n*** Add File: /etc/codex-test-out.txt\n+x\n*** End Patch",
    );
    const onRequest = fakeContext({ cwd: dir, approvalPolicy: "on-request", sandboxPolicy: WORKSPACE_WRITE });
    expect(await approval(inside, onRequest.ctx)).toEqual({ type: "skip" });
    const asked = await approval(outside, onRequest.ctx);
    expect(asked.type).toBe("ask");
    if (asked.type === "ask" && asked.request.type === "patch") {
      expect(asked.request.changes).toEqual([{ path: "/etc/codex-test-out.txt", kind: "add" }]);
      expect(asked.request.unifiedDiff).toContain("+x");
    }
    const never = fakeContext({ cwd: dir, approvalPolicy: "never", sandboxPolicy: WORKSPACE_WRITE });
    expect(await approval(outside, never.ctx)).toEqual({
      type: "forbidden",
      reason: "patch rejected: writing outside of the project; rejected by user approval settings",
    });
    const untrusted = fakeContext({ cwd: dir, approvalPolicy: "untrusted", sandboxPolicy: WORKSPACE_WRITE });
    expect((await approval(inside, untrusted.ctx)).type).toBe("ask");
  });

  test("approval, then run: the patch is applied and shown with its diff", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "a\nb\nc\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const call = replaceB();
    expect(await freeform.approval!(call, ctx)).toEqual({ type: "skip" });
    expect((await freeform.run(call, ctx)).success).toBe(true);
    expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe("a\nB\nc\n");
    expect(fileChanges(events)[0]?.diff).toContain("-b\n+B\n");
  });

  test("a file changed between approval and run is verified again", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "a\nb\nc\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const [call, changed] = [replaceB(), replaceB()];
    expect(await freeform.approval!(call, ctx)).toEqual({ type: "skip" });
    expect(await freeform.approval!(changed, ctx)).toEqual({ type: "skip" });
    // While the user was asked, the file changed: the run must not show the approval's diff.
    writeFileSync(join(dir, "f.txt"), "a\nb\nc\nd\n");
    const result = await freeform.run(changed, ctx);
    expect(result.success).toBe(true);
    expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe("a\nB\nc\nd\n");
    expect(fileChanges(events)[0]?.diff).toContain(" a\n-b\n+B\n c\n d\n");
    // And a change that breaks the patch is reported as a verification failure, writing nothing.
    writeFileSync(join(dir, "f.txt"), "x\n");
    const broken = await freeform.run(call, ctx);
    expect(broken.success).toBe(false);
    expect(broken.output).toStartWith("apply_patch verification failed: ");
    expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe("x\n");
  });

  test("the turn diff starts from the file as the run found it, not as the approval saw it", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "a\nb\nc\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const call = replaceB();
    expect(await freeform.approval!(call, ctx)).toEqual({ type: "skip" });
    writeFileSync(join(dir, "f.txt"), "a\nb\nc\nd\n");
    expect((await freeform.run(call, ctx)).success).toBe(true);
    // "d" was there before the patch ran: it is context, not a change of this turn.
    expect(lastTurnDiff(events)).toContain(" a\n-b\n+B\n c\n d\n");
  });

  test("an edit by a command after a patch shows in the next turn diff, even at the same size and time", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "a\nb\nc\n");
    writeFileSync(join(dir, "g.txt"), "g\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    expect((await freeform.run(replaceB(), ctx)).success).toBe(true);
    expect(lastTurnDiff(events)).toContain("+B\n");
    // A command rewrites the patched file: same size, modification time put back.
    const { mtime } = statSync(join(dir, "f.txt"));
    writeFileSync(join(dir, "f.txt"), "a\nX\nc\n");
    utimesSync(join(dir, "f.txt"), mtime, mtime);
    const other = customCall(
      "apply_patch",
      "*** Begin Patch\n*** Update File: g.txt\n@@\n-g\n+G\n*** End Patch",
    );
    expect((await freeform.run(other, ctx)).success).toBe(true);
    const diff = lastTurnDiff(events);
    expect(diff).toContain("-b\n+X\n");
    expect(diff).toContain("-g\n+G\n");
  });

  test("a patch that edits one file through two names shows both edits in the turn diff", async () => {
    for (const link of [symlinkSync, linkSync]) {
      const dir = fresh();
      writeFileSync(join(dir, "f.txt"), "a\nb\nc\n");
      link(join(dir, "f.txt"), join(dir, "l.txt"));
      const { ctx, events } = fakeContext({ cwd: dir });
      const both = customCall(
        "apply_patch",
        "*** Begin Patch\n*** Update File: f.txt\n@@\n-a\n+A\n*** Update File: l.txt\n@@\n-c\n+C\n*** End Patch",
      );
      expect((await freeform.run(both, ctx)).success).toBe(true);
      expect(readFileSync(join(dir, "f.txt"), "utf8")).toBe("A\nb\nC\n");
      const section = lastTurnDiff(events)
        .split("diff --git ")
        .find((part) => part.startsWith("a/f.txt "));
      expect(section).toContain("-a\n+A\n b\n-c\n+C\n");
    }
  });

  test("the turn diff of a patched file with a byte-order mark and CRLF lines shows only the edit", async () => {
    const dir = fresh();
    writeFileSync(join(dir, "f.txt"), "\uFEFFa\r\nb\r\nc\r\n");
    const { ctx, events } = fakeContext({ cwd: dir });
    const call = replaceB();
    expect(await freeform.approval!(call, ctx)).toEqual({ type: "skip" });
    expect((await freeform.run(call, ctx)).success).toBe(true);
    const diff = lastTurnDiff(events);
    expect(diff).toContain("-b\r\n+B\r\n");
    expect(diff).not.toContain("-\uFEFFa");
    expect(diff).not.toContain("+\uFEFFa");
  });

  test("a sandboxed patch cannot write outside the writable roots, even via a symlink", async () => {
    const dir = fresh();
    const outside = fresh();
    Bun.spawnSync(["ln", "-s", outside, join(dir, "link")]);
    const { ctx } = fakeContext({ cwd: dir, sandboxPolicy: WORKSPACE_WRITE });
    const result = await freeform.run(
      customCall("apply_patch", "*** Begin Patch\n*** Add File: link/escape.txt\n+x\n*** End Patch"),
      ctx,
    );
    expect(result.success).toBe(false);
    expect(existsSync(join(outside, "escape.txt"))).toBe(false);
  });
});

describe("apply_patch through the shell tool", () => {
  const patch = "*** Begin Patch\n*** Add File: via-shell.txt\n+from heredoc\n*** End Patch";
  test.each([
    ["heredoc", ["bash", "-lc", `apply_patch <<'EOF'\n${patch}\nEOF\n`], "."],
    ["cd && heredoc", ["bash", "-lc", `cd sub && apply_patch <<'EOF'\n${patch}\nEOF`], "sub"],
    ["direct argv", ["apply_patch", patch], "."],
  ])("%s is applied as a patch, not run", async (_name, command, where) => {
    const dir = fresh();
    Bun.spawnSync(["mkdir", "-p", join(dir, "sub")]);
    const { ctx, events } = fakeContext({ cwd: dir });
    const result = await shell.run(functionCall("shell", { command }), ctx);
    expect(result.output).toContain("Success. Updated the following files:\nA via-shell.txt\n");
    expect(readFileSync(join(dir, where as string, "via-shell.txt"), "utf8")).toBe("from heredoc\n");
    // Nothing ran as a command: the only item is the patch's, started then completed.
    const started = events.flatMap((e) => (e.type === "item_started" ? [e.item.type] : []));
    expect(started).toEqual(["file_change"]);
    expect(fileChanges(events)).toHaveLength(1);
  });

  test("shell-invoked patch approval carries the diff", async () => {
    const dir = fresh();
    const { ctx } = fakeContext({ cwd: dir, approvalPolicy: "untrusted", sandboxPolicy: WORKSPACE_WRITE });
    const req = await shell.approval!(functionCall("shell", { command: ["apply_patch", patch] }), ctx);
    expect(req.type === "ask" && req.request.type === "patch" && req.request.unifiedDiff).toContain(
      "+from heredoc",
    );
  });
});
