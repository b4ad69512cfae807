/** `default_permissions` and `[permissions.<name>]`: the sandbox and network a profile resolves to. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "@codex/core";

function load(
  toml: string,
  options: {
    codexTs?: string;
    flags?: Parameters<typeof loadConfig>[0] extends infer O
      ? O extends { flags?: infer F }
        ? F
        : never
      : never;
  } = {},
) {
  const codexHome = mkdtempSync(join(tmpdir(), "codex-perm-"));
  writeFileSync(join(codexHome, "config.toml"), toml);
  if (options.codexTs) writeFileSync(join(codexHome, "codex-ts.toml"), options.codexTs);
  const cwd = mkdtempSync(join(tmpdir(), "codex-cwd-"));
  return loadConfig({
    codexHome,
    cwd,
    env: {},
    onWarning: () => {},
    ...(options.flags ? { flags: options.flags } : {}),
  }).config;
}

const DEV = `default_permissions = "dev"
[permissions.dev]
extends = ":workspace"
[permissions.dev.network]
enabled = true
`;

describe("permission profiles", () => {
  test("a profile with listed domains sends the network through the proxy, and beats sandbox_mode", () => {
    const config = load(
      `sandbox_mode = "read-only"\n${DEV}[permissions.dev.network.domains]\n"registry.npmjs.org" = "allow"\n"*.evil.example" = "deny"\n`,
    );
    expect(config.sandbox_policy).toMatchObject({ mode: "workspace-write", network_access: false });
    expect(config.network_proxy).toEqual({
      profile: "dev",
      mode: "full",
      domains: { "registry.npmjs.org": "allow", "*.evil.example": "deny" },
      presets: [],
      allow_local_binding: false,
      enable_socks5: true,
    });
  });

  test("-s wins over the profile", () => {
    const config = load(`${DEV}[permissions.dev.network.domains]\n"x.org" = "allow"\n`, {
      flags: { sandbox_mode: "read-only" },
    });
    expect(config.sandbox_policy).toEqual({ mode: "read-only" });
    expect(config.network_proxy).toBeNull();
  });

  test("network enabled without an allow-list is the network fully on (as in 0.169), unless features.network_proxy", () => {
    expect(load(DEV).sandbox_policy).toMatchObject({ mode: "workspace-write", network_access: true });
    expect(load(DEV).network_proxy).toBeNull();
    const proxied = load(`${DEV}[features]\nnetwork_proxy = true\n`);
    expect(proxied.sandbox_policy).toMatchObject({ network_access: false });
    expect(proxied.network_proxy?.domains).toEqual({});
  });

  test("extends chains merge the network, the child's keys winning; presets come from codex-ts.toml", () => {
    const config = load(
      `default_permissions = "child"
[permissions.base]
extends = ":read-only"
[permissions.base.network]
enabled = true
mode = "limited"
[permissions.base.network.domains]
"a.example" = "allow"
[permissions.child]
extends = "base"
[permissions.child.network]
mode = "full"
[permissions.child.network.domains]
"a.example" = "deny"
"b.example" = "allow"
`,
      { codexTs: '[sandbox]\nnetwork_presets = ["npm"]\n' },
    );
    expect(config.sandbox_policy).toEqual({ mode: "read-only" });
    expect(config.network_proxy).toMatchObject({
      profile: "child",
      mode: "full",
      domains: { "a.example": "deny", "b.example": "allow" },
      presets: ["npm"],
    });
  });

  test("built-in profiles: :workspace keeps sandbox_workspace_write.network_access", () => {
    const config = load(
      'default_permissions = ":workspace"\n[sandbox_workspace_write]\nnetwork_access = true\n',
    );
    expect(config.sandbox_policy).toMatchObject({ mode: "workspace-write", network_access: true });
    expect(load('default_permissions = ":danger-full-access"\n').sandbox_policy).toEqual({
      mode: "danger-full-access",
    });
  });

  test("mistakes are errors that say what to fix", () => {
    expect(() => load('default_permissions = "nope"\n')).toThrow(
      "default_permissions requires a `[permissions]` table",
    );
    expect(() => load('default_permissions = "nope"\n[permissions.dev]\nextends = ":workspace"\n')).toThrow(
      "permissions profile `nope` is not defined (defined: dev",
    );
    expect(() => load('default_permissions = ":root"\n')).toThrow(
      "unknown built-in permissions profile `:root`",
    );
    expect(() => load(`${DEV}[permissions.dev.network.domains]\n"*" = "deny"\n`)).toThrow(
      '"*" cannot be denied as a whole',
    );
    expect(() => load(`${DEV}[permissions.dev.filesystem]\n":root" = "read"\n`)).toThrow(
      "sets `filesystem`, which this build cannot enforce",
    );
    expect(() =>
      load('default_permissions = "a"\n[permissions.a]\nextends = "b"\n[permissions.b]\nextends = "a"\n'),
    ).toThrow("goes round in a circle");
    expect(() =>
      load(`${DEV}[permissions.dev.network.domains]\n"x.org" = "allow"\n`, {
        codexTs: '[sandbox]\nnetwork_presets = ["cpan"]\n',
      }),
    ).toThrow("unknown preset `cpan`");
  });
});
