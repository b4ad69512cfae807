/**
 * What `codex exec` loads before its first model request stays light. Bun's `node:` modules are
 * JavaScript evaluated when first imported, and a few cost megabytes of memory and milliseconds
 * each (docs/design.md, "Start-up"). This rule follows the static imports from the binary's entry
 * through the exec command and core's public entry, and fails any file on that path that imports
 * one of the heavy modules below. Type-only imports cost nothing and are allowed; so are dynamic
 * `import()` and `process.getBuiltinModule(…)` where the module is used.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const HEAVY: Record<string, string> = {
  "node:crypto": "Bun.CryptoHasher or crypto.getRandomValues",
  "node:http": 'process.getBuiltinModule("node:http") where it is used',
  "node:https": 'process.getBuiltinModule("node:https") where it is used',
  "node:net": 'process.getBuiltinModule("node:net") where it is used',
  "node:tls": 'process.getBuiltinModule("node:tls") where it is used',
  "node:child_process": 'process.getBuiltinModule("node:child_process") where it is used, or Bun.spawn',
  "node:fs/promises": "node:fs (already loaded) or a lazy load where it is used",
  "node:stream": "web streams, or a lazy load where it is used",
  "node:zlib": "a lazy load where it is used",
  "node:readline": "a lazy load where it is used",
  "node:worker_threads": "a lazy load where it is used",
  "node:dns/promises": 'process.getBuiltinModule("node:dns/promises") where it is used',
  "node:url": 'process.getBuiltinModule("node:url") where it is used',
  "node:os": 'process.getBuiltinModule("node:os") where it is used, or core/src/os-facts.ts',
  "bun:ffi": 'process.getBuiltinModule("bun:ffi") where it is used (sandbox/src/libc.ts)',
  openai: "core's own client (client/event-stream-request.ts)",
  "@modelcontextprotocol/sdk": "a dynamic import() when an MCP server is configured",
};

/** The files `codex exec` always loads: the entry, the command line, the exec command, core. */
const ENTRIES = [
  "packages/cli/src/main.ts",
  "packages/cli/src/run.ts",
  "packages/cli/src/commands/exec.ts",
  "packages/core/src/index.ts",
];

/** Static `import … from "x"` / `export … from "x"`, with the clause to tell type-only ones. */
const STATIC_RE =
  /^\s*(import|export)\s+([^'";]*?)\s*from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

function isTypeOnly(clause: string): boolean {
  if (/^type\s/.test(clause)) return true;
  const named = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!named) return false;
  const names = (named[1] as string)
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

function staticValueImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(STATIC_RE)) {
    if (m[4]) out.push(m[4]);
    else if (!isTypeOnly(m[2] as string)) out.push(m[3] as string);
  }
  return out;
}

/** `@codex/pkg` or `@codex/pkg/sub` to its source file, through the package's `exports`. */
function resolveWorkspace(root: string, specifier: string): string | null {
  const m = /^@codex\/([^/]+)(\/.+)?$/.exec(specifier);
  if (!m) return null;
  const dir = join(root, "packages", m[1] as string);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    exports?: Record<string, string>;
    main?: string;
  };
  const key = m[2] ? `.${m[2]}` : ".";
  const target = manifest.exports?.[key] ?? (key === "." ? (manifest.main ?? "./src/index.ts") : null);
  return target ? join(dir, target) : null;
}

/** One line per heavy import on exec's start-up path, with the chain that loads it. */
export function startupImportProblems(root: string): string[] {
  const problems: string[] = [];
  const parent = new Map<string, string | null>();
  const queue: string[] = [];
  for (const entry of ENTRIES) {
    const full = join(root, entry);
    parent.set(full, null);
    queue.push(full);
  }
  const chain = (file: string): string => {
    const names: string[] = [];
    for (let at: string | null | undefined = file; at; at = parent.get(at)) names.unshift(relative(root, at));
    return names.join(" → ");
  };
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (!existsSync(file)) continue;
    for (const specifier of staticValueImports(readFileSync(file, "utf8"))) {
      const heavy = Object.keys(HEAVY).find((h) => specifier === h || specifier.startsWith(`${h}/`));
      if (heavy) {
        problems.push(
          `${relative(root, file)}: imports ${specifier} on codex exec's start-up path (${chain(file)}); use ${HEAVY[heavy]} (docs/design.md, "Start-up")`,
        );
        continue;
      }
      const next = specifier.startsWith(".")
        ? resolve(dirname(file), specifier)
        : resolveWorkspace(root, specifier);
      if (next === null || parent.has(next)) continue;
      parent.set(next, file);
      queue.push(next);
    }
  }
  return problems;
}
