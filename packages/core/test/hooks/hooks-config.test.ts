import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { discoverHooks, hookHash, matcherMatches } from "../../src/hooks/config.ts";

function home(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-hooks-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const SESSION_START = JSON.stringify({
  hooks: { SessionStart: [{ hooks: [{ type: "command", command: "echo fired > /tmp/rh/trust/marker" }] }] },
});

describe("hook trust", () => {
  test("the hash is 0.169's (this value was accepted by the 0.169 binary as trusted)", () => {
    expect(
      hookHash("SessionStart", null, {
        type: "command",
        command: "echo fired > /tmp/rh/trust/marker",
        timeout: 600,
        async: false,
      }),
    ).toBe("sha256:c561121ac4d197de627be382ba7182416fa59bcd20ff3115c1975d38f99ef70d");
  });

  test("a hook runs only when [hooks.state] holds its current hash; a changed hook is untrusted again", () => {
    const codexHome = home({ "hooks.json": SESSION_START });
    const key = `${join(codexHome, "hooks.json")}:session_start:0:0`;
    const base = { codexHome, projectFolders: [], bypassTrust: false };
    const untrusted = discoverHooks({ ...base, hooksConfig: undefined });
    expect(untrusted.handlers).toEqual([]);
    expect(untrusted.untrusted.map((h) => h.key)).toEqual([key]);
    const hash = untrusted.untrusted[0]?.hash;

    const trusted = discoverHooks({ ...base, hooksConfig: { state: { [key]: { trusted_hash: hash } } } });
    expect(trusted.handlers.map((h) => h.command)).toEqual(["echo fired > /tmp/rh/trust/marker"]);

    writeFileSync(join(codexHome, "hooks.json"), SESSION_START.replace("fired", "changed"));
    const changed = discoverHooks({ ...base, hooksConfig: { state: { [key]: { trusted_hash: hash } } } });
    expect(changed.handlers).toEqual([]);

    const disabled = discoverHooks({
      ...base,
      bypassTrust: true,
      hooksConfig: { state: { [key]: { enabled: false } } },
    });
    expect(disabled.handlers).toEqual([]);
    expect(discoverHooks({ ...base, bypassTrust: true, hooksConfig: undefined }).handlers).toHaveLength(1);
  });

  test("[hooks] in config.toml is keyed by that file; both forms in one folder is a warning", () => {
    const codexHome = home({
      "hooks.json": SESSION_START,
      "config.toml":
        '[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "true"\ntimeout = 5\n',
    });
    const found = discoverHooks({ codexHome, projectFolders: [], bypassTrust: true, hooksConfig: undefined });
    expect(found.handlers.map((h) => [h.key.slice(codexHome.length), h.timeoutSec])).toEqual([
      ["/hooks.json:session_start:0:0", 600],
      ["/config.toml:stop:0:0", 5],
    ]);
    expect(found.warnings[0]).toContain("loading hooks from both");
  });

  test("unknown events and non-command hooks are warnings, not failures", () => {
    const codexHome = home({
      "hooks.json": JSON.stringify({
        hooks: {
          Notification: [{ hooks: [{ type: "command", command: "x" }] }],
          Stop: [{ hooks: [{ type: "prompt" }] }],
        },
      }),
    });
    const found = discoverHooks({ codexHome, projectFolders: [], bypassTrust: true, hooksConfig: undefined });
    expect(found.handlers).toEqual([]);
    expect(found.warnings).toHaveLength(2);
  });
});

describe("matchers (0.169's rules)", () => {
  test("empty and * match all; plain words and | match exactly; anything else is a regex", () => {
    expect(matcherMatches("*", "Bash")).toBe(true);
    expect(matcherMatches("", "Edit")).toBe(true);
    expect(matcherMatches("Edit|Write", "Write")).toBe(true);
    expect(matcherMatches("Bash", "BashOutput")).toBe(false);
    expect(matcherMatches("^Bash", "BashOutput")).toBe(true);
    expect(matcherMatches("mcp__memory__.*", "mcp__memory__create")).toBe(true);
    expect(matcherMatches("[", "Bash")).toBe(false);
  });
});
