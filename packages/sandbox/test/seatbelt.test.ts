import { expect, test } from "bun:test";
import { prepareSandboxedCommand, seatbeltProfile } from "../src/index.ts";

const layout = {
  unrestricted: false,
  writableRoots: [
    { root: "/Users/me/repo", readOnly: ["/Users/me/repo/.git", "/Users/me/repo/.codex"] },
    { root: "/private/tmp", readOnly: [] },
  ],
  networkDisabled: true,
};

test("deny by default, read everywhere, writes only in roots minus .git and .codex", () => {
  const { profile, parameters } = seatbeltProfile(layout);
  expect(profile.startsWith("(version 1)\n(deny default)")).toBe(true);
  expect(profile).toContain("(allow file-read*)");
  expect(profile).toContain(
    '(require-all (subpath (param "WRITABLE_ROOT_0")) (require-not (subpath (param "WRITABLE_ROOT_0_RO_0"))) (require-not (subpath (param "WRITABLE_ROOT_0_RO_1"))))',
  );
  expect(profile).toContain('(subpath (param "WRITABLE_ROOT_1"))');
  expect(parameters).toEqual([
    "-DWRITABLE_ROOT_0=/Users/me/repo",
    "-DWRITABLE_ROOT_0_RO_0=/Users/me/repo/.git",
    "-DWRITABLE_ROOT_0_RO_1=/Users/me/repo/.codex",
    "-DWRITABLE_ROOT_1=/private/tmp",
  ]);
  // No path is spliced into the text, and no network without the policy.
  expect(profile).not.toContain("/Users/me");
  expect(profile).not.toContain("network-outbound");
});

test("network rules only when the policy allows the network", () => {
  const { profile } = seatbeltProfile({ ...layout, networkDisabled: false });
  expect(profile).toContain("(allow network-outbound)");
  expect(profile).toContain("(allow network-inbound)");
  expect(profile).toContain("(allow system-socket)");
});

test("read-only has no write rule at all beyond /dev/null", () => {
  const { profile, parameters } = seatbeltProfile({
    unrestricted: false,
    writableRoots: [],
    networkDisabled: true,
  });
  expect(parameters).toEqual([]);
  expect(profile).not.toContain("(allow file-write*\n");
  expect(profile).toContain('(path "/dev/null")');
});

test("prepared command runs /usr/bin/sandbox-exec with CODEX_SANDBOX=seatbelt", () => {
  const prepared = prepareSandboxedCommand({
    policy: { mode: "read-only" },
    argv: ["ls", "-la"],
    cwd: "/",
    sandboxCwd: "/",
    env: { PATH: "/usr/bin" },
    platform: "darwin",
  });
  expect(prepared.program).toBe("/usr/bin/sandbox-exec");
  expect(prepared.tier).toBe("seatbelt");
  expect(prepared.args[0]).toBe("-p");
  expect(prepared.args.slice(-3)).toEqual(["--", "ls", "-la"]);
  expect(prepared.env).toEqual({
    PATH: "/usr/bin",
    CODEX_SANDBOX: "seatbelt",
    CODEX_SANDBOX_NETWORK_DISABLED: "1",
  });
});
