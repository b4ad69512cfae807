/**
 * Layer rules, checked mechanically (part of `npm test`):
 * - which internal packages each package may import;
 * - front ends (exec, tui, app-server) import only the public entry of @codex/core;
 * - no `export *`, no relative imports that leave a package, no import cycles in a package (type-only
 *   imports included: a cycle of types is still two files that cannot be read apart);
 * - inside core, storage stays below the logic that uses it: `rollout/` imports no other folder of
 *   core but `locks/` and `git/`, and `git/` (what counts as a repository) imports none (CORE_FOLDERS);
 * - no code file over 500 lines, tests and scripts included (layers/file-length.ts);
 * - front ends do not know $CODEX_HOME's layout (layers/front-end-knowledge.ts);
 * - nothing `codex exec` loads before its first request imports a heavy module (layers/startup-imports.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileLengthProblems } from "./layers/file-length.ts";
import { frontEndLayoutProblems } from "./layers/front-end-knowledge.ts";
import { startupImportProblems } from "./layers/startup-imports.ts";

const root = resolve(import.meta.dir, "..");
const ALLOWED: Record<string, string[]> = {
  protocol: [],
  "apply-patch": [],
  sandbox: ["protocol"],
  "network-proxy": [],
  core: ["protocol", "apply-patch", "sandbox", "network-proxy"],
  exec: ["protocol", "core"],
  tui: ["protocol", "core"],
  "app-server": ["protocol", "core"],
  cli: ["protocol", "core", "exec", "tui", "app-server", "sandbox", "apply-patch"],
  "test-support": ["protocol"],
};
const FRONT_ENDS = new Set(["exec", "tui", "app-server"]);
/** Folders of core/src that may import only the listed sibling folders. */
const CORE_FOLDERS: Record<string, string[]> = {
  rollout: ["locks", "git"],
  git: [],
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full));
    else if (/\.(ts|tsx)$/.test(name)) out.push(full);
  }
  return out;
}

const IMPORT_RE = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;
const DYNAMIC_RE = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every module a file imports, type-only and dynamic imports included. */
function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) out.push(m[3] as string);
  for (const m of text.matchAll(DYNAMIC_RE)) out.push(m[1] as string);
  return out;
}

/** Why `file` (in core) may not import `target`, or null. */
function coreFolderProblem(pkg: string, file: string, target: string): string | null {
  if (pkg !== "core") return null;
  const src = join(root, "packages", "core", "src");
  const folderOf = (path: string) => relative(src, path).split("/")[0] as string;
  const from = folderOf(file);
  const to = folderOf(target);
  const allowed = CORE_FOLDERS[from];
  if (!allowed || to === from || allowed.includes(to)) return null;
  const may = allowed.length === 0 ? "no other folder" : `only ${allowed.map((f) => `${f}/`).join(", ")}`;
  return `core/${from}/ may import ${may} of core, not ${to}`;
}

const problems: string[] = [...fileLengthProblems(root), ...startupImportProblems(root)];
const packages = readdirSync(join(root, "packages")).filter((p) =>
  statSync(join(root, "packages", p)).isDirectory(),
);
for (const pkg of packages) {
  const allowed = ALLOWED[pkg];
  if (!allowed) {
    problems.push(`packages/${pkg}: not listed in scripts/check-layers.ts; add its allowed imports`);
    continue;
  }
  const srcDir = join(root, "packages", pkg, "src");
  let files: string[] = [];
  try {
    files = walk(srcDir);
  } catch {
    continue;
  }
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const rel = relative(root, file);
    const text = readFileSync(file, "utf8");
    if (FRONT_ENDS.has(pkg)) problems.push(...frontEndLayoutProblems(rel, text));
    if (/^\s*export\s+\*\s+from/m.test(text))
      problems.push(`${rel}: \`export *\` is not allowed; export names explicitly`);
    const edges: string[] = [];
    for (const specifier of importsOf(text)) {
      const internal = /^@codex\/([^/]+)(\/.*)?$/.exec(specifier);
      if (internal) {
        const target = internal[1] as string;
        if (target !== pkg && !allowed.includes(target))
          problems.push(`${rel}: imports @codex/${target}, which ${pkg} may not use`);
        if (FRONT_ENDS.has(pkg) && target === "core" && internal[2]) {
          problems.push(`${rel}: imports ${specifier}; front ends use only the public entry "@codex/core"`);
        }
        continue;
      }
      if (specifier.startsWith(".")) {
        const resolved = resolve(dirname(file), specifier);
        if (!resolved.startsWith(join(root, "packages", pkg))) {
          problems.push(`${rel}: relative import ${specifier} leaves the package; import it by package name`);
          continue;
        }
        edges.push(resolved);
        const folderProblem = coreFolderProblem(pkg, file, resolved);
        if (folderProblem) problems.push(`${rel}: ${folderProblem}`);
      }
    }
    graph.set(file, edges);
  }
  // Tarjan's strongly connected components over every import.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const strong = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
    }
    if (low.get(v) === indices.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1)
        problems.push(`import cycle: ${group.map((f) => relative(root, f)).join(" -> ")}`);
    }
  };
  for (const file of graph.keys()) if (!indices.has(file)) strong(file);
}

if (problems.length > 0) {
  console.error(`Layer rules: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`Layer rules: ok (${packages.length} packages)`);
