import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agentTurnComplete, runNotifier } from "../../src/notify/notify.ts";

let dir = mkdtempSync(join(tmpdir(), "codex-notify-"));
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(join(tmpdir(), "codex-notify-"));
});

function script(body: string): string {
  const path = join(dir, "notify.sh");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const payload = agentTurnComplete({
  threadId: "0199a213-81c0-7800-8aa1-bbab2a035a53",
  turnId: "1",
  inputMessages: ["fix the bug"],
  lastAssistantMessage: "Fixed.",
});

describe("notify", () => {
  test("runs the program with its arguments then one JSON argument", async () => {
    const out = join(dir, "args.txt");
    const program = script(`for a in "$@"; do printf '%s\\n' "$a" >> "${out}"; done`);
    const warnings: string[] = [];
    const code = await runNotifier([program, "--flag"], payload, { onWarning: (m) => warnings.push(m) });
    expect(code).toBe(0);
    expect(warnings).toEqual([]);
    const [flag, json] = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(flag).toBe("--flag");
    expect(JSON.parse(json as string)).toEqual({
      type: "agent-turn-complete",
      "thread-id": "0199a213-81c0-7800-8aa1-bbab2a035a53",
      "turn-id": "1",
      "input-messages": ["fix the bug"],
      "last-assistant-message": "Fixed.",
    });
  });

  test("returns before the program finishes (fire-and-forget)", async () => {
    // The program runs until the caller, after runNotifier has returned, lets it go: a notifier
    // that waited for its program would never return.
    const go = join(dir, "go");
    const program = script(`while [ ! -e "${go}" ]; do sleep 0.01; done`);
    const done = runNotifier([program], payload, { onWarning: () => {} });
    writeFileSync(go, "");
    expect(await done).toBe(0);
  });

  test("a failing or missing program is a warning, never an exception", async () => {
    const warnings: string[] = [];
    const onWarning = (m: string) => warnings.push(m);
    expect(await runNotifier([script("exit 3")], payload, { onWarning })).toBe(3);
    expect(await runNotifier([join(dir, "does-not-exist")], payload, { onWarning })).toBeNull();
    expect(await runNotifier([], payload, { onWarning })).toBeNull();
    expect(await runNotifier(null, payload, { onWarning })).toBeNull();
    expect(warnings.length).toBe(2);
    expect(warnings[0]).toMatch(/exited with code 3/);
    expect(warnings[1]).toMatch(/could not be started/);
  });

  test("a program that hangs is stopped after the timeout and reaped", async () => {
    const warnings: string[] = [];
    const code = await runNotifier([script("sleep 30")], payload, {
      onWarning: (m) => warnings.push(m),
      timeoutMs: 100,
    });
    expect(code).toBeNull();
    expect(warnings.join("\n")).toMatch(/ran longer than 100 ms/);
  });
});
