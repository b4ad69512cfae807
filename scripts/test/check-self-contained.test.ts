/** The self-contained check catches each way a file can reach outside the repository. */
import { expect, test } from "bun:test";
import { resolve } from "node:path";
import { outsideReferences } from "../check-self-contained.ts";

const root = resolve(import.meta.dir, "../..");
const at = (path: string) => resolve(root, path);
/** `../` n times, built so that this file's own text does not hold the climbing paths it tests. */
const up = (n: number) => "../".repeat(n);
const quoted = (path: string) => `"${path}"`;

test("a relative path that climbs out of the repository from the file's folder", () => {
  const text = `const data = resolve(import.meta.dir, ${quoted(`${up(4)}elsewhere/data.json`)});`;
  expect(outsideReferences(at("packages/core/test/x.test.ts"), text)).toEqual([
    "packages/core/test/x.test.ts:1: ../../../../elsewhere/data.json leaves the repository",
  ]);
});

test("a path joined to a repository-root variable that climbs out", () => {
  const text = `const SCENARIOS = join(REPO_ROOT, ${quoted(`${up(1)}elsewhere`)});`;
  expect(outsideReferences(at("packages/core/test/x.test.ts"), text)).toEqual([
    "packages/core/test/x.test.ts:1: REPO_ROOT + ../elsewhere leaves the repository",
  ]);
});

test("a Markdown link out of the repository", () => {
  expect(outsideReferences(at("docs/x.md"), "See [the notes](../../notes.md).")).toEqual([
    "docs/x.md:1: ../../notes.md leaves the repository",
  ]);
});

test("paths inside the repository pass", () => {
  const text = [
    'import { run } from "../src/index.ts";',
    `const CODEX = resolve(import.meta.dir, ${quoted(`${up(3)}dist/codex`)});`,
    "See [sandbox](../docs/sandbox.md).",
  ].join("\n");
  expect(outsideReferences(at("packages/core/test/x.test.ts"), text)).toEqual([]);
});
