/**
 * The config layers as Codex 0.169 stacks them: system < user < profile < trusted project files
 * (root down to the cwd) < -c < flags; profiles as files or legacy tables; strict mode.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LoadConfigOptions, loadConfig } from "@codex/core";
import { makeGitRepo } from "@codex/test-support";

type Setup = LoadConfigOptions & { codexHome: string; cwd: string; warnings: string[]; root: string };

/** A CODEX_HOME, a git project `root` with `root/sub` as the cwd, and a system config path. */
function setup(files: Record<string, string> = {}): Setup {
  const base = mkdtempSync(join(tmpdir(), "codex-layers-"));
  const codexHome = join(base, "home");
  const root = join(base, "project");
  const cwd = join(root, "sub");
  mkdirSync(codexHome, { recursive: true });
  makeGitRepo(root);
  mkdirSync(cwd, { recursive: true });
  const warnings: string[] = [];
  const paths: Record<string, string> = {
    system: join(base, "etc-codex.toml"),
    user: join(codexHome, "config.toml"),
    rootProject: join(root, ".codex", "config.toml"),
    subProject: join(cwd, ".codex", "config.toml"),
  };
  for (const [name, text] of Object.entries(files)) {
    const path = paths[name] ?? join(codexHome, name);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text.replaceAll("$ROOT", root));
  }
  return {
    codexHome,
    cwd,
    root,
    env: {},
    systemConfigPath: paths.system,
    warnings,
    onWarning: (w) => warnings.push(w),
  };
}

const TRUSTED = '[projects."$ROOT"]\ntrust_level = "trusted"\n';

describe("layers", () => {
  test("each layer beats the one below: system < user < profile < project < -c < flag", () => {
    const opts = setup({
      system: 'model = "system"\nmodel_verbosity = "low"\n',
      user: `model = "user"\nhide_agent_reasoning = true\n${TRUSTED}`,
      "work.config.toml": 'model = "profile"\nmodel_reasoning_effort = "xhigh"\n',
      rootProject: 'model = "project-root"\ndeveloper_instructions = "from root"\n',
      subProject: 'model = "project-sub"\n',
    });
    const load = (extra: Partial<LoadConfigOptions> = {}) =>
      loadConfig({ ...opts, profile: "work", ...extra }).config;
    const config = load();
    expect(config.model).toBe("project-sub");
    expect(config.developer_instructions).toBe("from root");
    expect(config.model_reasoning_effort).toBe("xhigh");
    expect(config.hide_agent_reasoning).toBe(true);
    expect(config.model_verbosity).toBe("low");
    expect(load({ overrides: [["model", "dash-c"]] }).model).toBe("dash-c");
    expect(load({ overrides: [["model", "dash-c"]], flags: { model: "flag" } }).model).toBe("flag");
    // Codex 0.169 applies the profile with the user file, so a trusted project's file beats it.
    const noProject = setup({ user: 'model = "user"\n', "work.config.toml": 'model = "profile"\n' });
    expect(loadConfig({ ...noProject, profile: "work" }).config.model).toBe("profile");
  });

  test("project files are read only in a trusted project; otherwise a warning names them", () => {
    const opts = setup({ rootProject: 'model = "project"\n' });
    expect(loadConfig(opts).config.model).toBe("gpt-5-codex");
    expect(opts.warnings.join("\n")).toContain(
      `ignoring ${join(opts.root, ".codex", "config.toml")}: project config is read only in a trusted project`,
    );
    const trusted = setup({ user: TRUSTED, rootProject: 'model = "project"\n' });
    expect(loadConfig(trusted).config.model).toBe("project");
    expect(loadConfig(trusted).config.sandbox_mode).toBe("workspace-write");
    const untrusted = setup({
      user: '[projects."$ROOT"]\ntrust_level = "untrusted"\n',
      rootProject: 'model = "project"\n',
    });
    expect(loadConfig(untrusted).config.model).toBe("gpt-5-codex");
  });

  test("project_root_markers choose the project root", () => {
    const opts = setup({
      user: `project_root_markers = [".hg"]\n[projects."$ROOT/sub"]\ntrust_level = "trusted"\n`,
      rootProject: 'model = "beyond-the-root"\n',
      subProject: 'model_verbosity = "high"\n',
    });
    // No .hg anywhere: the cwd alone is the project.
    const config = loadConfig(opts).config;
    expect(config.model).toBe("gpt-5-codex");
    expect(config.model_verbosity).toBe("high");
  });

  test("relative paths resolve from the folder of the file that sets them", () => {
    const opts = setup({ user: TRUSTED, rootProject: 'model_instructions_file = "prompt.md"\n' });
    writeFileSync(join(opts.root, ".codex", "prompt.md"), "Project instructions.");
    expect(loadConfig(opts).config.base_instructions_override).toBe("Project instructions.");
    const roots = setup({
      user: 'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nwritable_roots = ["out", "/abs"]\n',
    });
    const config = loadConfig({ ...roots, flags: { add_dirs: ["extra"] } }).config;
    expect(config.sandbox_workspace_write.writable_roots).toEqual([
      join(roots.codexHome, "out"),
      "/abs",
      join(roots.cwd, "extra"),
    ]);
  });
});

describe("profiles", () => {
  test("-p NAME reads NAME.config.toml without a warning", () => {
    const opts = setup({ "fast.config.toml": 'model = "gpt-5.1-codex-mini"\n' });
    expect(loadConfig({ ...opts, profile: "fast" }).config).toMatchObject({
      model: "gpt-5.1-codex-mini",
      active_profile: "fast",
    });
    expect(opts.warnings).toEqual([]);
  });

  test("the legacy [profiles.NAME] table still works and says once that it is legacy", () => {
    const opts = setup({ user: '[profiles.legacy-once]\nmodel = "o3"\n' });
    expect(loadConfig({ ...opts, profile: "legacy-once" }).config.model).toBe("o3");
    expect(loadConfig({ ...opts, profile: "legacy-once" }).config.model).toBe("o3");
    const legacy = opts.warnings.filter((w) => w.includes("legacy [profiles.legacy-once]"));
    expect(legacy).toHaveLength(1);
    expect(legacy[0]).toContain(join(opts.codexHome, "legacy-once.config.toml"));
  });

  test('legacy `profile = "NAME"` selects the table, with a warning', () => {
    const opts = setup({ user: 'profile = "selected"\n[profiles.selected]\nmodel = "chosen"\n' });
    expect(loadConfig(opts).config.model).toBe("chosen");
    expect(opts.warnings.join("\n")).toContain('`profile = "selected"`');
  });

  test("a profile file wins over a legacy table of the same name; a missing profile warns", () => {
    const opts = setup({
      user: '[profiles.both]\nmodel = "table"\n',
      "both.config.toml": 'model = "file"\n',
    });
    expect(loadConfig({ ...opts, profile: "both" }).config.model).toBe("file");
    expect(opts.warnings.join("\n")).toContain("[profiles.both]");
    const missing = setup();
    expect(loadConfig({ ...missing, profile: "nope" }).config.model).toBe("gpt-5-codex");
    expect(missing.warnings.join("\n")).toContain("nope.config.toml does not exist");
    expect(() => loadConfig({ ...missing, profile: "../x" })).toThrow(/pass a plain name/);
  });
});

describe("keys", () => {
  test("Codex 0.47 spellings are read as today's keys", () => {
    const opts = setup({
      user: "include_view_image_tool = false\nexperimental_use_freeform_apply_patch = true\n[features]\nplan_tool = true\n",
    });
    const config = loadConfig(opts).config;
    expect(config.features.view_image).toBe(false);
    expect(config.features.apply_patch_freeform).toBe(true);
    expect(config.include_plan_tool).toBe(true);
    const tools = loadConfig(setup({ user: "[tools]\nview_image = false\n" })).config;
    expect(tools.features.view_image).toBe(false);
    const features = loadConfig(setup({ user: "[features]\nview_image_tool = false\n" })).config;
    expect(features.features.view_image).toBe(false);
  });

  test("web_search: cached by default, live, disabled, legacy feature flags and tool options", () => {
    const search = (toml: string, flags = {}) =>
      loadConfig({ ...setup({ user: toml }), flags }).config.web_search;
    expect(search("")).toEqual({ mode: "cached", context_size: null, allowed_domains: null, location: null });
    expect(search('web_search = "live"\n')?.mode).toBe("live");
    expect(search('web_search = "disabled"\n')).toBeNull();
    expect(search("[features]\nweb_search_request = true\n")?.mode).toBe("live");
    expect(search('web_search = "disabled"\n[features]\nweb_search_request = true\n')).toBeNull();
    expect(search('web_search = "disabled"\n', { web_search: true })?.mode).toBe("live");
    expect(
      search(
        '[tools.web_search]\ncontext_size = "high"\nallowed_domains = ["a.com"]\nlocation = { city = "Paris" }\n',
      ),
    ).toEqual({
      mode: "cached",
      context_size: "high",
      allowed_domains: ["a.com"],
      location: { city: "Paris", country: null, region: null, timezone: null },
    });
  });

  test("unknown keys: one grouped warning in Codex's words; unsupported keys: a warning of their own", () => {
    const opts = setup({
      user: "mystery = 1\notel = {}\n[tui]\nfancy = true\n[features]\nshell_snapshot = true\nmulti_agent = false\n",
    });
    loadConfig({ ...opts, overrides: [["bogus_c", 1]] });
    const all = opts.warnings.join("\n");
    expect(all).toContain(
      "warning: Codex is ignoring 3 unrecognized configuration settings. Check for typos or deprecated settings.",
    );
    expect(all).toContain(`  user (${join(opts.codexHome, "config.toml")}): \`mystery\` is ignored.`);
    expect(all).toContain("`tui.fancy` is ignored.");
    expect(all).toContain("  session-flags: `bogus_c` is ignored.");
    expect(all).toContain("this build does not support 2 configuration settings");
    expect(all).toContain("`otel`");
    expect(all).toContain("`features.shell_snapshot`");
    expect(all).not.toContain("multi_agent");
  });

  test("codex-ts keys belong in codex-ts.toml; in config.toml they work but warn", () => {
    const own = setup({ "codex-ts.toml": '[sandbox]\nlinux_backend = "landlock"\n' });
    expect(loadConfig(own).config.linux_sandbox_backend).toBe("landlock");
    expect(own.warnings).toEqual([]);
    const misplaced = setup({ user: '[sandbox]\nlinux_backend = "bwrap"\n' });
    expect(loadConfig(misplaced).config.linux_sandbox_backend).toBe("bwrap");
    expect(misplaced.warnings.join("\n")).toContain("move it to");
    const stranger = setup({ "codex-ts.toml": 'model = "x"\n' });
    expect(loadConfig(stranger).config.model).toBe("gpt-5-codex");
    expect(stranger.warnings.join("\n")).toContain("`model` is ignored");
  });
});

describe("--strict-config", () => {
  test("an unknown key is an error that points at it, as Codex 0.169 prints it", () => {
    const opts = setup({ user: 'model = "x"\n\n[tui]\nbogus = true\n' });
    let error: { report?: string } | null = null;
    try {
      loadConfig({ ...opts, strict: true });
    } catch (e) {
      error = e as { report?: string };
    }
    expect(error?.report).toBe(
      [
        "Error loading config.toml:",
        `${join(opts.codexHome, "config.toml")}:4:1: unknown configuration field \`tui.bogus\``,
        "  |",
        "4 | bogus = true",
        "  | ^^^^^",
      ].join("\n"),
    );
    expect(() => loadConfig({ ...setup(), strict: true, overrides: [["nope", 1]] })).toThrow(
      "unknown configuration field `nope` in -c/--config override",
    );
  });

  test("known, legacy, unsupported and codex-ts keys all pass", () => {
    const opts = setup({
      user: 'model = "x"\notel = {}\nexperimental_instructions_file = "/dev/null"\n[features]\nplan_tool = true\nunified_exec = true\n',
      "codex-ts.toml": '[sandbox]\nlinux_backend = "auto"\n',
    });
    expect(loadConfig({ ...opts, strict: true }).config.model).toBe("x");
  });
});
