import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendAllowRule } from "../../src/rules/amend.ts";
import { rulesVerdict } from "../../src/rules/decide.ts";
import { loadRulesFiles, loadRulesFromFolders } from "../../src/rules/load.ts";
import { evaluationJson } from "../../src/rules/policy.ts";

function rulesFile(text: string, name = "test.rules"): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-rules-"));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const load = (text: string) => loadRulesFiles([rulesFile(text)]).policy;
const options = { resolveHostExecutables: true };

describe("reading rules files", () => {
  test("a file as 0.169's docs write it: alternatives, examples, justification, host_executable", () => {
    const policy = load(`
# Deny pushes; everything else about git is fine.
prefix_rule(
    pattern = ["git", ["push", "fetch"]],
    decision = "forbidden",
    justification = "use the PR flow",
    match = [["git", "push", "origin"], "git fetch --all"],
    not_match = ["git status"],
)
prefix_rule(pattern=["ls"])
host_executable(name="git", paths=["/usr/bin/git"])
`);
    expect(evaluationJson(policy.matches(["git", "fetch", "x"], options))).toEqual({
      matchedRules: [
        {
          prefixRuleMatch: {
            matchedPrefix: ["git", "fetch"],
            decision: "forbidden",
            justification: "use the PR flow",
          },
        },
      ],
      decision: "forbidden",
    });
    expect(policy.matches(["ls", "-la"], options)[0]?.decision).toBe("allow");
    expect(policy.matches(["/usr/bin/git", "push"], options)[0]?.resolvedProgram).toBe("/usr/bin/git");
    expect(policy.matches(["/opt/git", "push"], options)).toEqual([]);
    expect(evaluationJson(policy.matches(["echo"], options))).toEqual({ matchedRules: [] });
  });

  test("variables, tuples, docstrings and positional arguments are read", () => {
    const policy = load(`"""Team rules."""\nGIT = "git"\nprefix_rule([GIT, "reset"], "prompt")\n`);
    expect(policy.matches(["git", "reset", "--hard"], options)[0]?.decision).toBe("prompt");
  });

  const errors: Array<[string, string, string]> = [
    [
      "an example that does not match",
      'prefix_rule(pattern=["ls"])\n\nprefix_rule(\n  pattern=["git", "push"],\n  match=[["git", "status"]],\n)\n',
      ":3:1: match example `git status` does not match this rule",
    ],
    [
      "a not_match example that matches",
      'prefix_rule(pattern=["ls"], not_match=["ls -l"])\n',
      ":1:1: not_match example `ls -l` matches this rule",
    ],
    ["a bad decision", 'prefix_rule(pattern=["ls"], decision="maybe")\n', ":1:38: invalid decision: maybe"],
    ["an unknown function", 'foo(pattern=["ls"])\n', ":1:1: unknown function `foo`"],
    ["an unclosed call", 'prefix_rule(pattern=["ls"]\n', ":1:1: this call is never closed"],
    ["an expression", 'prefix_rule(pattern=["ls"] + ["x"])\n', ":1:28: unexpected character `+`"],
    ["an empty pattern", "prefix_rule(pattern=[])\n", ":1:21: pattern cannot be empty"],
    [
      "an empty justification",
      'prefix_rule(pattern=["ls"], justification=" ")\n',
      ":1:1: justification cannot be empty",
    ],
    [
      "an unknown argument",
      'prefix_rule(pattern=["ls"], decison="allow")\n',
      ":1:29: prefix_rule has no argument `decison`",
    ],
    [
      "a relative host path",
      'host_executable(name="git", paths=["git"])\n',
      ":1:35: host_executable paths must be absolute",
    ],
  ];
  for (const [what, text, message] of errors)
    test(`${what} is an error naming file:line:col`, () => {
      const path = rulesFile(text);
      expect(() => loadRulesFiles([path])).toThrow(`${path}${message}`);
    });

  test("folders: every *.rules sorted by name; other files and a missing folder are ignored", () => {
    const home = mkdtempSync(join(tmpdir(), "codex-rules-home-"));
    mkdirSync(join(home, "rules"));
    writeFileSync(join(home, "rules", "b.rules"), 'prefix_rule(pattern=["ls"], decision="forbidden")\n');
    writeFileSync(join(home, "rules", "a.rules"), 'prefix_rule(pattern=["ls"], decision="prompt")\n');
    writeFileSync(join(home, "rules", "notes.txt"), "not rules");
    const loaded = loadRulesFromFolders([home, join(home, "missing")]);
    expect(loaded.files.map((f) => f.slice(home.length))).toEqual(["/rules/a.rules", "/rules/b.rules"]);
    expect(loaded.policy.matches(["ls"], options).map((m) => m.decision)).toEqual(["prompt", "forbidden"]);
  });
});

describe("judging a command line", () => {
  const policy = () =>
    load(
      'prefix_rule(pattern=["git", "push"], decision="forbidden")\nprefix_rule(pattern=["npm", "test"])\nprefix_rule(pattern=["cargo"], decision="prompt", justification="builds are slow")\n',
    );

  test("each part of a plain bash -c script is checked; the strictest wins", () => {
    expect(rulesVerdict(policy(), ["bash", "-c", "npm test && git push origin"])).toEqual({
      type: "forbidden",
      reason:
        "`bash -c 'npm test && git push origin'` rejected: policy forbids commands starting with `git push`",
    });
    expect(rulesVerdict(policy(), ["bash", "-lc", "npm test; cargo build"])).toEqual({
      type: "prompt",
      reason: "`bash -lc 'npm test; cargo build'` requires approval: builds are slow",
    });
  });

  test("allow runs outside the sandbox only when every part matched", () => {
    expect(rulesVerdict(policy(), ["bash", "-c", "npm test | npm test"])).toMatchObject({ allMatched: true });
    expect(rulesVerdict(policy(), ["bash", "-c", "npm test && ls"])).toMatchObject({
      type: "allow",
      allMatched: false,
    });
  });

  test("a script that is not plain is judged as a whole argv (no rule sees inside it)", () => {
    expect(rulesVerdict(policy(), ["bash", "-c", "git push $(echo x)"]).type).toBe("unmatched");
  });
});

describe("remembering an approval", () => {
  test("appends 0.169's line once, after a missing final newline", () => {
    const home = mkdtempSync(join(tmpdir(), "codex-rules-amend-"));
    mkdirSync(join(home, "rules"));
    writeFileSync(join(home, "rules", "default.rules"), 'prefix_rule(pattern=["ls"], decision="allow")');
    appendAllowRule(home, ["echo", "Hello, world!"]);
    appendAllowRule(home, ["echo", "Hello, world!"]);
    expect(readFileSync(join(home, "rules", "default.rules"), "utf8")).toBe(
      'prefix_rule(pattern=["ls"], decision="allow")\nprefix_rule(pattern=["echo", "Hello, world!"], decision="allow")\n',
    );
  });
});
