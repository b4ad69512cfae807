/**
 * `codex exec undo` through dist/codex: the last turn's file changes (apply_patch and shell alike,
 * tracked and untracked files) are put back byte for byte, nothing else is touched, the turn leaves
 * the conversation, and a file changed since the turn refuses the undo instead of being overwritten.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  customToolCall,
  droppedStream,
  functionCall,
  responsesStream,
  textResponse,
} from "@codex/test-support";
import { type ExecEnv, execEnv, jsonLines, requestBody } from "./helpers.ts";

setDefaultTimeout(30_000);

let env: ExecEnv;
afterEach(async () => {
  await env?.close();
});

const YOLO = "--dangerously-bypass-approvals-and-sandbox";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], {
    cwd,
    encoding: "utf8",
  });
}

async function gitEnv(options: { streamMaxRetries?: number } = {}): Promise<ExecEnv> {
  const e = await execEnv({ git: false, ...options });
  git(e.workspace, "init", "-q");
  writeFileSync(join(e.workspace, "tracked.txt"), "line one\nline two\n");
  writeFileSync(join(e.workspace, "logo.bin"), Buffer.from([0, 255, 1, 254, 0, 10]));
  git(e.workspace, "add", ".");
  git(e.workspace, "commit", "-qm", "init");
  writeFileSync(join(e.workspace, "untracked.txt"), "draft\n");
  return e;
}

/** One turn: the model makes these tool calls, then answers. */
function scriptTurn(calls: ReturnType<typeof functionCall>[], answer: string): void {
  env.server.enqueue(responsesStream([...calls.flat(), completed()]));
  env.server.enqueue(responsesStream([textResponse(answer), completed()]));
}

const read = (name: string) => readFileSync(join(env.workspace, name));

describe("codex exec undo", () => {
  test("restores a patched tracked file, removes an added one, reverts an appended untracked one", async () => {
    env = await gitEnv();
    // Turn 1 (kept): adds earlier.txt.
    scriptTurn(
      [
        customToolCall(
          "apply_patch",
          "*** Begin Patch\n*** Add File: earlier.txt\n+kept\n*** End Patch",
          "c1",
        ),
      ],
      "one",
    );
    const first = await env.exec([YOLO, "--json", "first"]);
    expect(first.code).toBe(0);
    const id = jsonLines(first.stdout)[0]?.thread_id as string;
    const indexBefore = read(".git/index");

    // Turn 2 (undone): patch a tracked file, add a file, append to an untracked file, delete a binary.
    scriptTurn(
      [
        customToolCall(
          "apply_patch",
          "*** Begin Patch\n*** Update File: tracked.txt\n@@\n line one\n-line two\n+line 2\n*** Add File: added.txt\n+brand new\n*** End Patch",
          "c2",
        ),
        functionCall("shell", { command: ["bash", "-c", "echo more >> untracked.txt && rm logo.bin"] }, "c3"),
      ],
      "two",
    );
    const second = await env.exec(["resume", YOLO, id, "second"]);
    expect(second.code).toBe(0);
    expect(read("tracked.txt").toString()).toBe("line one\nline 2\n");
    expect(read("untracked.txt").toString()).toBe("draft\nmore\n");
    expect(existsSync(join(env.workspace, "logo.bin"))).toBe(false);

    // The user works on something else meanwhile.
    writeFileSync(join(env.workspace, "unrelated.txt"), "mine\n");

    const undo = await env.exec(["undo", id]);
    expect(undo.stderr).toBe("");
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain(`Undid the last turn of session ${id}.`);
    expect(undo.stdout).toContain(`removed (the turn created it): ${join(env.workspace, "added.txt")}`);
    expect(read("tracked.txt").toString()).toBe("line one\nline two\n");
    expect(read("untracked.txt").toString()).toBe("draft\n");
    expect([...read("logo.bin")]).toEqual([0, 255, 1, 254, 0, 10]);
    expect(existsSync(join(env.workspace, "added.txt"))).toBe(false);
    expect(read("earlier.txt").toString()).toBe("kept\n");
    expect(read("unrelated.txt").toString()).toBe("mine\n");
    // The user's git state is untouched: same index bytes, no stash.
    expect(read(".git/index").equals(indexBefore)).toBe(true);
    expect(git(env.workspace, "stash", "list")).toBe("");

    // The conversation no longer carries the undone turn.
    env.server.enqueue(responsesStream([textResponse("three"), completed()]));
    const third = await env.exec(["resume", YOLO, id, "third"]);
    expect(third.code).toBe(0);
    const input = JSON.stringify(requestBody(env, env.server.requests.length - 1).input);
    expect(input).toContain('"first"');
    expect(input).not.toContain('"second"');
    expect(input).not.toContain("brand new");
  });

  test("a file checked out with CRLF line endings comes back with them, as git would check it out", async () => {
    env = await gitEnv();
    writeFileSync(join(env.workspace, ".gitattributes"), "*.bat text eol=crlf\n");
    writeFileSync(join(env.workspace, "run.bat"), "@echo off\r\necho hi\r\n");
    git(env.workspace, "add", ".");
    git(env.workspace, "commit", "-qm", "a batch file"); // the index holds it with LF
    scriptTurn(
      [functionCall("shell", { command: ["bash", "-c", "printf 'echo bye\\r\\n' > run.bat"] }, "c1")],
      "rewrote it",
    );
    expect((await env.exec([YOLO, "rewrite run.bat"])).code).toBe(0);
    expect(read("run.bat").toString()).toBe("echo bye\r\n");
    const undo = await env.exec(["undo", "--last"]);
    expect(undo.code).toBe(0);
    expect(read("run.bat").toString()).toBe("@echo off\r\necho hi\r\n");
    expect(git(env.workspace, "status", "--porcelain")).toBe("");
  });

  test("what the user changes while the model thinks is not put back by undoing the turn", async () => {
    env = await gitEnv();
    // The model thinks for a while before its tool call; meanwhile the user edits untracked.txt.
    env.server.enqueue(async () => {
      await Bun.sleep(300);
      writeFileSync(join(env.workspace, "untracked.txt"), "the user's edit\n");
      return responsesStream([
        functionCall("shell", { command: ["bash", "-c", "echo changed > tracked.txt"] }, "c1"),
        completed(),
      ]);
    });
    env.server.enqueue(responsesStream([textResponse("done"), completed()]));
    const turn = await env.exec([YOLO, "--json", "edit"]);
    expect(turn.code).toBe(0);
    const id = jsonLines(turn.stdout)[0]?.thread_id as string;

    const undo = await env.exec(["undo", id]);
    expect(undo.stderr).toBe("");
    expect(undo.code).toBe(0);
    expect(read("tracked.txt").toString()).toBe("line one\nline two\n");
    expect(read("untracked.txt").toString()).toBe("the user's edit\n");
  });

  test("a tool call that began but never ran does not make the user's edits part of the turn", async () => {
    env = await gitEnv({ streamMaxRetries: 1 });
    // The model begins a call and the stream breaks; the retried request only answers, and while
    // the model was thinking the user edited untracked.txt.
    env.server.enqueue(droppedStream([functionCall("shell", { command: ["true"] }, "c1")[0]!]));
    env.server.enqueue(async () => {
      await Bun.sleep(300);
      writeFileSync(join(env.workspace, "untracked.txt"), "the user's edit\n");
      return responsesStream([textResponse("no command after all"), completed()]);
    });
    const turn = await env.exec([YOLO, "--json", "maybe run something"]);
    expect(turn.code).toBe(0);
    const id = jsonLines(turn.stdout)[0]?.thread_id as string;

    const undo = await env.exec(["undo", id]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).not.toContain("untracked.txt");
    expect(read("untracked.txt").toString()).toBe("the user's edit\n");
  });

  test("a file changed since the turn refuses the whole undo and keeps everything", async () => {
    env = await gitEnv();
    scriptTurn(
      [
        customToolCall(
          "apply_patch",
          "*** Begin Patch\n*** Update File: tracked.txt\n@@\n-line one\n+LINE ONE\n*** Add File: other.txt\n+x\n*** End Patch",
          "c1",
        ),
      ],
      "done",
    );
    const turn = await env.exec([YOLO, "--json", "edit"]);
    const id = jsonLines(turn.stdout)[0]?.thread_id as string;
    writeFileSync(join(env.workspace, "tracked.txt"), "the user's own edit\n");

    const undo = await env.exec(["undo", id]);
    expect(undo.code).toBe(1);
    expect(undo.stderr).toContain(`${join(env.workspace, "tracked.txt")} was changed after the turn`);
    expect(undo.stderr).toContain("nothing was undone");
    expect(read("tracked.txt").toString()).toBe("the user's own edit\n");
    expect(read("other.txt").toString()).toBe("x\n");
  });

  test("nothing to undo: exit 1 with the reason; --last picks this directory's newest session", async () => {
    env = await gitEnv();
    const none = await env.exec(["undo", "--last"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no saved session");

    scriptTurn([functionCall("shell", { command: ["bash", "-c", "echo hi > made.txt"] }, "c1")], "ok");
    expect((await env.exec([YOLO, "make a file"])).code).toBe(0);
    const undo = await env.exec(["undo", "--last"]);
    expect(undo.code).toBe(0);
    expect(existsSync(join(env.workspace, "made.txt"))).toBe(false);
    const again = await env.exec(["undo", "--last"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("there is no turn to roll back in this session");
    expect(env.server.requests).toHaveLength(2);
  });

  test("a turn that only answers does not list the workspace; a turn with a tool call lists it before and after", async () => {
    env = await gitEnv();
    // A git on PATH that logs what it is asked, then runs the real one.
    const bin = mkdtempSync(join(tmpdir(), "codex-git-log-"));
    const log = join(bin, "calls.log");
    const realGit = execFileSync("bash", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    writeFileSync(join(bin, "git"), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
    chmodSync(join(bin, "git"), 0o755);
    const withLoggedGit = { env: { PATH: `${bin}:${process.env.PATH}` } };
    writeFileSync(log, "");
    const listings = () =>
      readFileSync(log, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("diff-files")).length;

    env.server.enqueue(responsesStream([textResponse("just an answer"), completed()]));
    expect((await env.exec([YOLO, "hello"], withLoggedGit)).code).toBe(0);
    expect(listings()).toBe(0);

    writeFileSync(log, "");
    scriptTurn([functionCall("shell", { command: ["bash", "-c", "echo hi > made.txt"] }, "c1")], "ok");
    expect((await env.exec([YOLO, "make a file"], withLoggedGit)).code).toBe(0);
    expect(listings()).toBe(2);
    // The answer-only turn left nothing to undo; the tool turn's file is undone.
    const undo = await env.exec(["undo", "--last"]);
    expect(undo.code).toBe(0);
    expect(existsSync(join(env.workspace, "made.txt"))).toBe(false);
  });
});
