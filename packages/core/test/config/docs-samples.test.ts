/**
 * Every TOML sample in docs/ and README.md passes `codex --strict-config` (through dist/codex):
 * what the docs tell people to write is what this build accepts, with no key it does not know.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { makeTempCodexHome, runCodex } from "@codex/test-support";

const REPO = resolve(import.meta.dir, "../../../..");

function samples(): Array<{ file: string; line: number; toml: string }> {
  const files = [
    ...readdirSync(join(REPO, "docs"))
      .filter((f) => f.endsWith(".md"))
      .map((f) => join("docs", f)),
    "README.md",
  ];
  return files.flatMap((file) => {
    const text = readFileSync(join(REPO, file), "utf8");
    const out: Array<{ file: string; line: number; toml: string }> = [];
    for (const match of text.matchAll(/```toml\n([\s\S]*?)```/g)) {
      const line = text.slice(0, match.index).split("\n").length;
      out.push({ file, line, toml: match[1] ?? "" });
    }
    return out;
  });
}

describe("documented config samples", () => {
  const all = samples();
  test("there are samples to check", () => {
    expect(all.length).toBeGreaterThanOrEqual(4);
  });
  for (const sample of all) {
    test(`${sample.file}:${sample.line} passes --strict-config`, async () => {
      const codexHome = makeTempCodexHome();
      // A sample of codex-ts's own file goes where it belongs; any other is a config.toml.
      const name = sample.toml.startsWith("# ~/.codex/codex-ts.toml") ? "codex-ts.toml" : "config.toml";
      writeFileSync(join(codexHome, name), sample.toml);
      // Files a sample names (relative to the config file) exist, as they would for its reader.
      for (const [, file] of sample.toml.matchAll(/_file = "([^"/]+)"/g))
        writeFileSync(join(codexHome, file as string), "Sample instructions.");
      const r = await runCodex(["--strict-config", "features", "list"], { codexHome });
      expect(r.stderr).not.toContain("unknown configuration field");
      expect(r.stderr).not.toContain("unrecognized configuration");
      expect(r.code).toBe(0);
    });
  }
});
