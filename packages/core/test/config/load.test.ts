/** Config resolution: defaults, flags, -c, providers, sandbox, MCP servers (layers: layers.test.ts). */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, parseConfigOverride } from "@codex/core";

function setup(toml: string) {
  const codexHome = mkdtempSync(join(tmpdir(), "codex-cfg-"));
  writeFileSync(join(codexHome, "config.toml"), toml);
  const cwd = mkdtempSync(join(tmpdir(), "codex-cwd-"));
  return { codexHome, cwd, env: {} as NodeJS.ProcessEnv, onWarning: () => {} };
}

describe("-c overrides", () => {
  test("values are TOML, else literal strings with quotes trimmed", () => {
    expect(parseConfigOverride('model="o3"')).toEqual(["model", "o3"]);
    expect(parseConfigOverride("model=o3")).toEqual(["model", "o3"]);
    expect(parseConfigOverride("x.y=42")).toEqual(["x.y", 42]);
    expect(parseConfigOverride("flag=true")).toEqual(["flag", true]);
    expect(parseConfigOverride('roots=["/a","/b"]')).toEqual(["roots", ["/a", "/b"]]);
    expect(parseConfigOverride("t={a=1}")).toEqual(["t", { a: 1 }]);
    expect(parseConfigOverride("s='it'")).toEqual(["s", "it"]);
  });
  test("a missing = is an error that shows an example", () => {
    expect(() => parseConfigOverride("model")).toThrow(/expected key=value/);
  });
});

describe("loadConfig", () => {
  test("defaults", () => {
    const { config } = loadConfig(setup(""));
    expect(config.model).toBe("gpt-5-codex");
    expect(config.model_provider.id).toBe("openai");
    expect(config.approval_policy).toBe("on-request");
    expect(config.sandbox_policy).toEqual({ mode: "read-only" });
    expect(config.project_doc_max_bytes).toBe(32768);
    expect(config.shell_environment_policy.inherit).toBe("all");
    expect(config.history.persistence).toBe("save-all");
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.model_provider)).toBe(true);
  });

  test("precedence: flag > -c > profile > file", () => {
    const base = setup('model = "file"\nprofile = "p"\n[profiles.p]\nmodel = "profile"\n');
    expect(loadConfig(base).config.model).toBe("profile");
    expect(loadConfig({ ...base, overrides: [["model", "override"]] }).config.model).toBe("override");
    expect(
      loadConfig({ ...base, overrides: [["model", "override"]], flags: { model: "flag" } }).config.model,
    ).toBe("flag");
    expect(
      loadConfig({ ...base, profile: "q", overrides: [["profiles.q.model", "q-model"]] }).config.model,
    ).toBe("q-model");
    writeFileSync(join(base.codexHome, "p.config.toml"), 'model = "profile-file"\n');
    expect(loadConfig(base).config.model).toBe("profile-file");
  });

  test("workspace-write policy takes sandbox_workspace_write", () => {
    const opts = setup(
      'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\nwritable_roots = ["/opt/out"]\n',
    );
    expect(loadConfig(opts).config.sandbox_policy).toEqual({
      mode: "workspace-write",
      writable_roots: ["/opt/out"],
      network_access: true,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: false,
    });
  });

  test("a trusted project defaults to workspace-write", () => {
    const opts = setup("");
    writeFileSync(join(opts.codexHome, "config.toml"), `[projects."${opts.cwd}"]\ntrust_level = "trusted"\n`);
    expect(loadConfig(opts).config.sandbox_mode).toBe("workspace-write");
  });

  test("user providers cannot replace built-ins; wire_api defaults to responses, as in Codex 0.169", () => {
    const opts = setup(
      '[model_providers.openai]\nname = "evil"\nbase_url = "http://evil"\n[model_providers.local]\nname = "Local"\nbase_url = "http://127.0.0.1:1/v1"\nenv_key = "LOCAL_KEY"\n',
    );
    const { config } = loadConfig({ ...opts, flags: { model_provider: "local" } });
    expect(config.model_provider).toMatchObject({
      id: "local",
      wire_api: "responses",
      env_key: "LOCAL_KEY",
      request_max_retries: 4,
    });
    expect(loadConfig(opts).config.model_provider.name).toBe("OpenAI");
    expect(() => loadConfig({ ...opts, flags: { model_provider: "nope" } })).toThrow(
      /unknown model provider `nope`/,
    );
  });

  test("--oss selects the local provider and its default model", () => {
    const { config } = loadConfig({ ...setup(""), flags: { oss: true } });
    expect(config.model_provider.id).toBe("oss");
    expect(config.model_provider.base_url).toBe("http://localhost:11434/v1");
    expect(config.model).toBe("gpt-oss:20b");
  });

  test("openai_base_url and OPENAI_BASE_URL point the built-in provider elsewhere", () => {
    const opts = setup('openai_base_url = "http://127.0.0.1:9/v1"\n');
    expect(loadConfig(opts).config.model_provider.base_url).toBe("http://127.0.0.1:9/v1");
    const env = { OPENAI_BASE_URL: "http://127.0.0.1:8/v1" };
    expect(loadConfig({ ...setup(""), env }).config.model_provider.base_url).toBe("http://127.0.0.1:8/v1");
  });

  test("mcp_servers resolve to stdio or streamable HTTP with default timeouts", () => {
    const { config } = loadConfig(
      setup(
        '[mcp_servers.fs]\ncommand = "npx"\nargs = ["-y", "fs"]\n[mcp_servers.web]\nurl = "http://127.0.0.1:1/mcp"\ntool_timeout_sec = 5\n',
      ),
    );
    expect(config.mcp_servers.fs?.transport).toMatchObject({
      type: "stdio",
      command: "npx",
      args: ["-y", "fs"],
    });
    expect(config.mcp_servers.fs?.startup_timeout_ms).toBe(10_000);
    expect(config.mcp_servers.web?.transport.type).toBe("streamable_http");
    expect(config.mcp_servers.web?.tool_timeout_ms).toBe(5000);
  });

  test("model_instructions_file (or 0.47's experimental_instructions_file) is read once, relative to its file", () => {
    const opts = setup('model_instructions_file = "instructions.md"\n');
    writeFileSync(join(opts.codexHome, "instructions.md"), "Be terse.");
    expect(loadConfig(opts).config.base_instructions_override).toBe("Be terse.");
    const legacy = setup('experimental_instructions_file = "old.md"\n');
    writeFileSync(join(legacy.codexHome, "old.md"), "Old name.");
    expect(loadConfig(legacy).config.base_instructions_override).toBe("Old name.");
    const missing = setup('model_instructions_file = "nope.md"\n');
    expect(() => loadConfig(missing)).toThrow(/cannot read model_instructions_file .*nope\.md/);
  });

  test("a -C directory that does not exist is an error", () => {
    const opts = setup("");
    expect(() => loadConfig({ ...opts, cwd: join(opts.cwd, "missing") })).toThrow(/does not exist/);
  });

  test("unknown keys are reported as warnings", () => {
    const warnings: string[] = [];
    const opts = {
      ...setup("mystery = 1\n[profiles.x]\nbogus = 2\n"),
      onWarning: (w: string) => warnings.push(w),
    };
    loadConfig(opts);
    expect(warnings.join("\n")).toContain("`mystery`");
    expect(warnings.join("\n")).toContain("`profiles.x.bogus`");
  });

  test(".env in CODEX_HOME is loaded except CODEX_ keys", async () => {
    const { loadCodexDotEnv } = await import("@codex/core");
    const opts = setup("");
    mkdirSync(opts.codexHome, { recursive: true });
    writeFileSync(
      join(opts.codexHome, ".env"),
      'OPENAI_API_KEY="sk-from-env-file"\nCODEX_HOME=/elsewhere\n# comment\n',
    );
    const env: NodeJS.ProcessEnv = {};
    loadCodexDotEnv(opts.codexHome, env);
    expect(env).toEqual({ OPENAI_API_KEY: "sk-from-env-file" });
  });
});
