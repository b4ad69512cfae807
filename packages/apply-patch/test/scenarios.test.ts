/**
 * The 23 upstream scenarios (test/fixtures/scenarios, from openai/codex; see its NOTICE): copy input/ to a temp
 * dir, run apply_patch with patch.txt as its argument there, and compare the whole tree with
 * expected/, byte for byte, extra files included. The exit code is not checked (as upstream).
 */
import { describe, expect, test } from "bun:test";
import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runApplyPatchCli } from "../src/cli.ts";
import { snapshotTree, tempDir } from "./helpers.ts";

const SCENARIOS = resolve(import.meta.dir, "fixtures/scenarios");

const names = readdirSync(SCENARIOS)
  .filter((name) => existsSync(join(SCENARIOS, name, "patch.txt")))
  .sort();

describe("upstream apply_patch scenarios", () => {
  test("all 23 are present", () => {
    expect(names.length).toBe(23);
  });

  for (const name of names) {
    test(name, async () => {
      const dir = join(SCENARIOS, name);
      const work = tempDir();
      if (existsSync(join(dir, "input"))) cpSync(join(dir, "input"), work, { recursive: true });
      const patch = readFileSync(join(dir, "patch.txt"), "utf8");
      await runApplyPatchCli([patch], { cwd: work, stdout: () => {}, stderr: () => {} });
      const expected = existsSync(join(dir, "expected")) ? snapshotTree(join(dir, "expected")) : {};
      expect(snapshotTree(work)).toEqual(expected);
    });
  }
});
