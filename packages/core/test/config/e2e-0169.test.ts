/**
 * A Codex 0.169 user's ~/.codex works with dist/codex: profiles as files, a trusted project's
 * .codex/config.toml, the 0.169 keys and flags. Each test checks the model request `codex exec`
 * sends to the mock server (or that none is sent).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  completed,
  functionCall,
  MockModelServer,
  makeGitRepo,
  makeTempCodexHome,
  type RecordedRequest,
  responsesStream,
  runCodex,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";

setDefaultTimeout(30_000);

type Body = {
  model: string;
  instructions: string;
  input: Array<{ type: string; role?: string; content?: Array<{ text?: string }> }>;
  tools: Array<Record<string, unknown>>;
  reasoning?: { effort?: string };
};

let server: MockModelServer;
beforeAll(async () => {
  server = await MockModelServer.start({
    fallback: () => responsesStream([textResponse("ok"), completed()]),
  });
});
afterAll(() => server.close());

/** A CODEX_HOME pointing at the mock server, and a git project `root` whose `sub` folder is the cwd. */
function setup(extraToml = "") {
  const codexHome = makeTempCodexHome();
  writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl, extraToml });
  const root = mkdtempSync(join(tmpdir(), "codex-0169-project-"));
  makeGitRepo(root);
  const cwd = join(root, "sub");
  mkdirSync(cwd);
  const write = (path: string, text: string) => {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  };
  const appendUser = (text: string) =>
    writeFileSync(
      join(codexHome, "config.toml"),
      `${readFileSync(join(codexHome, "config.toml"), "utf8")}\n${text}`,
    );
  return { codexHome, root, cwd, write, appendUser };
}

/** Runs `codex ARGS` and returns the result with the model requests it made. */
async function codex(args: string[], options: { codexHome: string; cwd: string }) {
  const before = server.requests.length;
  const result = await runCodex(args, { codexHome: options.codexHome, cwd: options.cwd });
  const requests = server.requests
    .slice(before)
    .filter((r: RecordedRequest) => r.path.endsWith("/responses"));
  return { ...result, bodies: requests.map((r) => r.body as Body) };
}

const developerTexts = (body: Body) =>
  body.input.filter((i) => i.role === "developer").map((i) => i.content?.[0]?.text ?? "");
const environmentText = (body: Body) =>
  body.input.map((i) => i.content?.[0]?.text ?? "").find((t) => t.startsWith("<environment_context>")) ?? "";
const webSearch = (body: Body) => body.tools.find((t) => t.type === "web_search");
const toolNames = (body: Body) => body.tools.map((t) => (t.name as string | undefined) ?? t.type);

describe("a Codex 0.169 ~/.codex", () => {
  test("-p NAME layers NAME.config.toml: model, xhigh, developer_instructions, live web search", async () => {
    const env = setup();
    env.write(
      join(env.codexHome, "work.config.toml"),
      'model = "gpt-5.1"\nmodel_reasoning_effort = "xhigh"\ndeveloper_instructions = "Answer in French."\nweb_search = "live"\n',
    );
    // Global flags before the subcommand count, as in Codex 0.169.
    const r = await codex(["-p", "work", "exec", "hi"], env);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("warning");
    const [body] = r.bodies;
    expect(body?.model).toBe("gpt-5.1");
    expect(body?.reasoning?.effort).toBe("xhigh");
    expect(developerTexts(body as Body)).toEqual(["Answer in French."]);
    expect(webSearch(body as Body)).toEqual({ type: "web_search", external_web_access: true });
  });

  test("the legacy [profiles.NAME] table is still read, with a warning that it is legacy", async () => {
    const env = setup();
    env.appendUser('[profiles.old]\nmodel = "o3"\n');
    const r = await codex(["exec", "-p", "old", "hi"], env);
    expect(r.code).toBe(0);
    expect(r.bodies[0]?.model).toBe("o3");
    expect(r.stderr).toContain("legacy [profiles.old] table");
    expect(r.stderr).toContain(join(env.codexHome, "old.config.toml"));
  });

  test("a trusted project's .codex/config.toml files apply, root first, the closest winning", async () => {
    const env = setup();
    env.write(
      join(env.root, ".codex", "config.toml"),
      'model = "root-model"\ndeveloper_instructions = "From the project root."\nmodel_instructions_file = "base.md"\n',
    );
    env.write(join(env.root, ".codex", "base.md"), "Project base instructions.");
    env.write(join(env.cwd, ".codex", "config.toml"), 'model = "sub-model"\n');
    const untrusted = await codex(["exec", "hi"], env);
    expect(untrusted.bodies[0]?.model).toBe("gpt-5-codex");
    expect(untrusted.stderr).toContain("project config is read only in a trusted project");

    env.appendUser(`[projects."${env.root}"]\ntrust_level = "trusted"\n`);
    const r = await codex(["exec", "hi"], env);
    expect(r.code).toBe(0);
    const body = r.bodies[0] as Body;
    expect(body.model).toBe("sub-model");
    expect(developerTexts(body)).toEqual(["From the project root."]);
    expect(body.instructions).toBe("Project base instructions.");
    // A trusted project defaults to the workspace-write sandbox.
    expect(environmentText(body)).toContain("<sandbox_mode>workspace-write</sandbox_mode>");
  });

  test("codex exec --trust saves the trust that makes the project's config count", async () => {
    const env = setup();
    env.write(join(env.root, ".codex", "config.toml"), 'model = "trusted-by-flag"\n');
    const r = await codex(["exec", "--trust", "hi"], env);
    expect(r.bodies[0]?.model).toBe("trusted-by-flag");
    expect(readFileSync(join(env.codexHome, "config.toml"), "utf8")).toContain(
      `[projects."${env.root}"]\ntrust_level = "trusted"\n`,
    );
  });

  test("web_search: cached by default, off when disabled; feature flags remove tools", async () => {
    const env = setup();
    const byDefault = await codex(["exec", "hi"], env);
    expect(webSearch(byDefault.bodies[0] as Body)).toEqual({
      type: "web_search",
      external_web_access: false,
    });
    expect(toolNames(byDefault.bodies[0] as Body)).toContain("view_image");
    const off = await codex(
      [
        "exec",
        "-c",
        'web_search="disabled"',
        "--disable",
        "view_image",
        "-c",
        "features.shell_tool=false",
        "hi",
      ],
      env,
    );
    const body = off.bodies[0] as Body;
    expect(webSearch(body)).toBeUndefined();
    expect(toolNames(body)).not.toContain("view_image");
    expect(toolNames(body)).not.toContain("shell");
    expect(toolNames(body)).toContain("apply_patch");
  });

  test("--add-dir adds a writable root; --ephemeral writes no session file", async () => {
    const env = setup();
    const extra = mkdtempSync(join(tmpdir(), "codex-add-dir-"));
    const r = await codex(["exec", "-s", "workspace-write", "--add-dir", extra, "--ephemeral", "hi"], env);
    expect(r.code).toBe(0);
    expect(environmentText(r.bodies[0] as Body)).toContain(`<root>${extra}</root>`);
    expect(existsSync(join(env.codexHome, "sessions"))).toBe(false);
    await codex(["exec", "hi"], env);
    expect(readdirSync(join(env.codexHome, "sessions")).length).toBeGreaterThan(0);
  });

  test("the --add-dir folder is writable inside the sandbox; without it the write is refused", async () => {
    // /tmp and $TMPDIR stay read-only, so only --add-dir can make the temporary folder writable.
    const env = setup("[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true");
    const extra = mkdtempSync(join(tmpdir(), "codex-add-dir-"));
    const write = (name: string) => {
      const command = ["bash", "-c", `echo written > ${join(extra, name)}`];
      server.enqueue(responsesStream([functionCall("shell", { command }, `call_${name}`), completed()]));
    };
    write("without");
    const refused = await codex(["exec", "-s", "workspace-write", "hi"], env);
    expect(refused.code).toBe(0);
    expect(existsSync(join(extra, "without"))).toBe(false);
    write("with");
    const allowed = await codex(["exec", "-s", "workspace-write", "--add-dir", extra, "hi"], env);
    expect(allowed.code).toBe(0);
    expect(readFileSync(join(extra, "with"), "utf8")).toBe("written\n");
  });
});

describe("resume flags", () => {
  test("exec resume --last picks this directory's newest session; --all any directory's", async () => {
    const env = setup();
    const elsewhere = mkdtempSync(join(tmpdir(), "codex-0169-elsewhere-"));
    makeGitRepo(elsewhere);
    await codex(["exec", "first in the project"], env);
    const here = await codex(["exec", "resume", "--last", "again"], {
      codexHome: env.codexHome,
      cwd: elsewhere,
    });
    expect(here.code).toBe(1);
    expect(here.bodies).toHaveLength(0);
    const all = await codex(["exec", "resume", "--last", "--all", "again"], {
      codexHome: env.codexHome,
      cwd: elsewhere,
    });
    expect(all.code).toBe(0);
    const texts = (all.bodies[0] as Body).input.map((i) => i.content?.[0]?.text);
    expect(texts).toContain("first in the project");
    expect(texts).toContain("again");
  });
});

describe("--strict-config", () => {
  test("an unknown key: Codex 0.169's message, exit 1, no model request", async () => {
    const env = setup("mystery_key = 1");
    const r = await codex(["exec", "--strict-config", "hi"], env);
    expect(r.code).toBe(1);
    expect(r.bodies).toHaveLength(0);
    expect(r.stderr).toContain(
      `Error loading config.toml:\n${join(env.codexHome, "config.toml")}:3:1: unknown configuration field \`mystery_key\`\n`,
    );
    expect(r.stderr).toContain("3 | mystery_key = 1\n  | ^^^^^^^^^^^\n");
    const before = await codex(["--strict-config", "exec", "-c", "nope=1", "hi"], setup());
    expect(before.code).toBe(1);
    expect(before.bodies).toHaveLength(0);
    expect(before.stderr).toContain("unknown configuration field `nope` in -c/--config override");
  });

  test("without it the run goes on and the key is named in a warning", async () => {
    const env = setup("mystery_key = 1");
    const r = await codex(["exec", "hi"], env);
    expect(r.code).toBe(0);
    expect(r.bodies).toHaveLength(1);
    expect(r.stderr).toContain("`mystery_key` is ignored.");
  });
});

describe("codex features", () => {
  test("enable/disable write [features] keeping the file; an unknown flag changes nothing", async () => {
    const env = setup();
    const before = readFileSync(join(env.codexHome, "config.toml"), "utf8");
    const disable = await codex(["features", "disable", "view_image"], env);
    expect(disable.stdout).toBe("Disabled feature `view_image` in config.toml.\n");
    expect(readFileSync(join(env.codexHome, "config.toml"), "utf8")).toBe(
      `${before}\n[features]\nview_image = false\n`,
    );
    const exec = await codex(["exec", "hi"], env);
    expect(toolNames(exec.bodies[0] as Body)).not.toContain("view_image");
    const list = await codex(["features", "list"], env);
    expect(list.stdout).toMatch(/^view_image {2,}stable {2,}false$/m);

    const unknown = await codex(["features", "enable", "no_such_flag"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe("Error: Unknown feature flag: no_such_flag\n");
    expect(readFileSync(join(env.codexHome, "config.toml"), "utf8")).toBe(
      `${before}\n[features]\nview_image = false\n`,
    );
    // A flag only this build has works, and says that Codex 0.169 would refuse it.
    const plan = await codex(["features", "enable", "plan_tool"], env);
    expect(plan.stdout).toContain("Codex 0.169 does not know `plan_tool`");
    expect(toolNames((await codex(["exec", "hi"], env)).bodies[0] as Body)).toContain("update_plan");
    const viaFlag = await codex(["exec", "--enable", "no_such_flag", "hi"], env);
    expect(viaFlag.code).toBe(1);
    expect(viaFlag.bodies).toHaveLength(0);
  });
});

describe("Codex 0.169 subcommands", () => {
  test("a known subcommand this build lacks says so and never reaches the model", async () => {
    const env = setup();
    for (const args of [
      ["update"],
      ["agents"],
      ["archive", "x"],
      ["delete", "x"],
      ["queue", "--thread", "t", "--message", "m"],
      ["plugin", "list"],
    ]) {
      const r = await codex(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("is not supported by this build");
      expect(r.bodies).toHaveLength(0);
    }
  });
});
