/** The comment-preserving config editor: only the edited lines change; the result still parses. */
import { describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "smol-toml";
import { setProjectTrustLevel, updateUserConfig } from "../../src/config/config-file.ts";
import { locateKeyPath } from "../../src/config/toml-document.ts";
import { removeTomlPath, setTomlValue } from "../../src/config/toml-edit.ts";

const FILE = `# My settings — keep this comment
model = "o3"   # favourite

# Features I like
[features]
view_image = true

[projects."/home/me/repo"]
trust_level = "untrusted"
`;

describe("setTomlValue", () => {
  test("replaces a value in place, keeping its trailing comment and every other byte", () => {
    expect(setTomlValue(FILE, ["model"], "gpt-5")).toBe(FILE.replace('"o3"', '"gpt-5"'));
    expect(setTomlValue(FILE, ["features", "view_image"], false)).toBe(
      FILE.replace("view_image = true", "view_image = false"),
    );
    expect(setTomlValue(FILE, ["projects", "/home/me/repo", "trust_level"], "trusted")).toBe(
      FILE.replace('"untrusted"', '"trusted"'),
    );
  });

  test("adds a key to its table, a top-level key before the first table, a new table at the end", () => {
    const withFeature = setTomlValue(FILE, ["features", "shell_tool"], false);
    expect(withFeature).toContain("[features]\nview_image = true\nshell_tool = false\n\n[projects");
    const withTop = setTomlValue(FILE, ["model_reasoning_effort"], "xhigh");
    expect(withTop).toContain(
      'model = "o3"   # favourite\nmodel_reasoning_effort = "xhigh"\n\n# Features I like',
    );
    const withTable = setTomlValue(FILE, ["projects", "/tmp/new project", "trust_level"], "trusted");
    expect(withTable.endsWith('\n[projects."/tmp/new project"]\ntrust_level = "trusted"\n')).toBe(true);
    for (const text of [withFeature, withTop, withTable]) expect(() => parse(text)).not.toThrow();
  });

  test("works on an empty file, a file of tables only, and dotted keys", () => {
    expect(setTomlValue("", ["features", "view_image"], false)).toBe("[features]\nview_image = false\n");
    expect(setTomlValue("", ["model"], "o3")).toBe('model = "o3"\n');
    expect(setTomlValue("# top\n[tui]\nnotifications = true\n", ["model"], "o3")).toBe(
      'model = "o3"\n\n# top\n[tui]\nnotifications = true\n',
    );
    expect(setTomlValue("features.view_image = true\n", ["features", "shell_tool"], false)).toBe(
      "features.view_image = true\nfeatures.shell_tool = false\n",
    );
  });

  test("a parent written as one value cannot take a key: a clear error, no edit", () => {
    expect(() =>
      setTomlValue("features = { view_image = true }\n", ["features", "shell_tool"], false),
    ).toThrow(/`features` is written as a single value/);
  });
});

describe("removeTomlPath", () => {
  test("removes a table and the comments above it; the rest stays", () => {
    const { text, removed } = removeTomlPath(FILE, ["features"]);
    expect(removed).toBe(true);
    expect(text).toBe(`# My settings — keep this comment
model = "o3"   # favourite

[projects."/home/me/repo"]
trust_level = "untrusted"
`);
  });
});

describe("locateKeyPath", () => {
  test("points at a key, a table header's name, or the table holding an inline value", () => {
    const text = 'model = "o3"\n\n[tui]\nbogus = true\n[sandbox]\nx = 1\nt = { inner = 1 }\n';
    expect(locateKeyPath(text, ["model"])).toMatchObject({ line: 1, column: 1, length: 5 });
    expect(locateKeyPath(text, ["tui", "bogus"])).toMatchObject({ line: 4, column: 1, length: 5 });
    expect(locateKeyPath(text, ["sandbox"])).toMatchObject({ line: 5, column: 2, length: 7 });
    expect(locateKeyPath(text, ["sandbox", "t", "inner"])).toMatchObject({ line: 7, column: 1 });
  });
});

describe("config files", () => {
  test("updateUserConfig writes atomically, keeps the mode, and refuses to touch broken TOML", () => {
    const home = mkdtempSync(join(tmpdir(), "codex-edit-"));
    const path = join(home, "config.toml");
    writeFileSync(path, FILE, { mode: 0o640 });
    updateUserConfig(home, [{ path: ["model"], value: "gpt-5" }]);
    setProjectTrustLevel(home, "/home/me/repo", "trusted");
    const text = readFileSync(path, "utf8");
    expect(text).toBe(FILE.replace('"o3"', '"gpt-5"').replace('"untrusted"', '"trusted"'));
    expect(statSync(path).mode & 0o777).toBe(0o640);
    writeFileSync(path, "model = = 1\n");
    expect(() => updateUserConfig(home, [{ path: ["model"], value: "x" }])).toThrow(/not valid TOML/);
    expect(readFileSync(path, "utf8")).toBe("model = = 1\n");
  });

  test("a new config.toml is created with mode 0600", () => {
    const home = join(mkdtempSync(join(tmpdir(), "codex-edit-")), "new-home");
    setProjectTrustLevel(home, "/p", "trusted");
    expect(parse(readFileSync(join(home, "config.toml"), "utf8"))).toEqual({
      projects: { "/p": { trust_level: "trusted" } },
    });
    expect(statSync(join(home, "config.toml")).mode & 0o777).toBe(0o600);
  });
});
