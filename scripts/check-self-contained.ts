/**
 * The repository stands alone (part of `npm test`): no source, test, script or document refers to
 * a path outside it, so `npm test` passes on a fresh clone. Upstream data the tests use is copied
 * into the repository with its licence notice (see packages/apply-patch/test/fixtures/scenarios/).
 *
 * Caught: a relative path in a string literal or Markdown link that climbs out of the repository
 * (from the file's folder, or from a variable naming the repository root), and
 * names of the development machine's neighbouring folders (the shared conformance data and
 * reference notes, the reference binaries, other worktrees).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(import.meta.dir, "..");
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", "results"]);
const CHECKED = /\.(ts|tsx|js|mjs|cjs|json|md|sh|py|toml|yml|yaml)$/;

/** Places beside the repository on the development machine; written with escapes so this file passes. */
const OUTSIDE_NAMES: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /\.\.\/shared\b/, what: "the shared folder beside the repository" },
  { pattern: /\bshared\/(conformance|reference|DESIGN\.md)/, what: "the shared conformance data or notes" },
  { pattern: /\/work\/(shared|ref|main|wt|brief)\b/, what: "a folder of the development machine" },
  { pattern: /\bCODEX_GOLDEN_DIR\b/, what: "golden data outside the repository" },
];

const STRING_PATH = /(["'`])((?:\.\.\/)+[^"'`\s]*)\1/g;
const ROOT_JOIN = /\b(?:resolve|join)\(\s*(\w*(?:root|Root|ROOT)\w*)\s*,\s*(["'`])((?:\.\.\/?)+[^"'`]*)\2/g;
const MD_LINK = /\]\(((?:\.\.\/)+[^)\s#]*)/g;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const full = join(dir, name);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) out.push(...walk(full));
    else if (CHECKED.test(name)) out.push(full);
  }
  return out;
}

function leaves(path: string): boolean {
  return path !== root && !path.startsWith(root + sep);
}

/** Problems in one file's text, as `line: message`. */
export function outsideReferences(file: string, text: string): string[] {
  const problems: string[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const at = `${relative(root, file)}:${i + 1}`;
    for (const { pattern, what } of OUTSIDE_NAMES) {
      if (pattern.test(line)) problems.push(`${at}: refers to ${what} (${pattern.exec(line)?.[0]})`);
    }
    const relatives = file.endsWith(".md") ? MD_LINK : STRING_PATH;
    for (const m of line.matchAll(relatives)) {
      const target = (file.endsWith(".md") ? m[1] : m[2]) as string;
      if (leaves(resolve(dirname(file), target))) problems.push(`${at}: ${target} leaves the repository`);
    }
    for (const m of line.matchAll(ROOT_JOIN)) {
      if (leaves(resolve(root, m[3] as string)))
        problems.push(`${at}: ${m[1]} + ${m[3]} leaves the repository`);
    }
  });
  return problems;
}

if (import.meta.main) {
  const problems = walk(root).flatMap((file) => outsideReferences(file, readFileSync(file, "utf8")));
  if (problems.length > 0) {
    console.error(`Self-contained: ${problems.length} reference(s) outside the repository`);
    for (const p of problems) console.error(`  ${p}`);
    console.error("Copy what is needed into the repository (with its licence notice) and refer to the copy.");
    process.exit(1);
  }
  console.log("Self-contained: ok (nothing refers outside the repository)");
}
