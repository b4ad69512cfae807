/**
 * The config declaration is the single source: its defaults fit its types, every key it calls
 * honoured is read by some code, every `Config` field is used outside the loader, and the key
 * tables of docs/configuration.md are the ones it renders.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { loadConfig } from "@codex/core";
import type { KeyDecl, KeyTable } from "../../src/config/declare.ts";
import { DOCS_BEGIN, DOCS_END, renderKeyDocs } from "../../src/config/docs-table.ts";
import { CONFIG_KEYS } from "../../src/config/keys/index.ts";
import { matches } from "../../src/config/validate.ts";

const REPO = resolve(import.meta.dir, "../../../..");
const CONFIG_DIR = join(REPO, "packages/core/src/config");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

const packageSources = readdirSync(join(REPO, "packages")).flatMap((pkg) => {
  try {
    return sourceFiles(join(REPO, "packages", pkg, "src"));
  } catch {
    return [];
  }
});

/** Sources that could read a key: everything but the declaration and its generic walkers. */
const DECLARATION_FILES = new Set(
  ["keys", "declare.ts", "docs-table.ts", "validate.ts", "normalize.ts", "settings.ts", "merge.ts"].map((f) =>
    join(CONFIG_DIR, f),
  ),
);
const readers = packageSources.filter((path) => ![...DECLARATION_FILES].some((d) => path.startsWith(d)));
const readerText = readers.map((path) => readFileSync(path, "utf8")).join("\n");
const outsideConfigText = readers
  .filter((path) => !path.startsWith(CONFIG_DIR))
  .map((path) => readFileSync(path, "utf8"))
  .join("\n");

/** Every declared key path with its declaration, tables walked (map entries as `<name>`). */
function declaredKeys(keys: KeyTable, prefix: string[] = []): Array<[string[], KeyDecl]> {
  return Object.entries(keys).flatMap(([name, decl]): Array<[string[], KeyDecl]> => {
    const path = [...prefix, name];
    const spec = decl.spec;
    const inner =
      spec.kind === "table"
        ? declaredKeys(spec.keys, path)
        : spec.kind === "map" && spec.value.kind === "table"
          ? declaredKeys(spec.value.keys, [...path, "<name>"])
          : spec.kind === "one_of"
            ? spec.options.flatMap((o) => (o.kind === "table" ? declaredKeys(o.keys, path) : []))
            : [];
    return [[path, decl], ...inner];
  });
}

const ALL = declaredKeys(CONFIG_KEYS);

describe("the config declaration", () => {
  test("every default is a value of its key's type", () => {
    const wrong = ALL.filter(([, decl]) => decl.default !== undefined && !matches(decl.spec, decl.default));
    expect(wrong.map(([path]) => path.join("."))).toEqual([]);
  });

  test("every honoured key is read by some code (a key cannot be accepted and never read)", () => {
    const unread = ALL.filter(([path, decl]) => {
      if (decl.support !== "honoured" || decl.aliasOf) return false;
      const spec = decl.spec;
      if (spec.kind === "table" || (spec.kind === "map" && spec.value.kind === "table")) return false;
      const name = path[path.length - 1] as string;
      return !new RegExp(`(\\.|\\?\\.)${name}\\b|\\["${name}"\\]`).test(readerText);
    });
    expect(unread.map(([path]) => path.join("."))).toEqual([]);
  });

  test("every field of the resolved Config is used outside the config loader", () => {
    const { config } = loadConfig({ codexHome: REPO, cwd: REPO, env: {}, onWarning: () => {} });
    const unused = Object.keys(config).filter(
      (field) => !new RegExp(`\\.${field}\\b`).test(outsideConfigText),
    );
    expect(unused).toEqual([]);
  });

  test("aliases point at honoured keys", () => {
    const byPath = new Map(ALL.map(([path, decl]) => [path.join("."), decl]));
    const broken = ALL.filter(([, decl]) => {
      if (!decl.aliasOf) return false;
      const target = byPath.get(decl.aliasOf.join("."));
      return decl.aliasOf[0] !== "features" && target?.support !== "honoured";
    });
    expect(broken.map(([path]) => path.join("."))).toEqual([]);
  });

  test("docs/configuration.md lists every key as the declaration says (npm run docs:config)", () => {
    const doc = readFileSync(join(REPO, "docs/configuration.md"), "utf8");
    const start = doc.indexOf(DOCS_BEGIN);
    const end = doc.indexOf(DOCS_END) + DOCS_END.length;
    expect(start).toBeGreaterThan(-1);
    expect(doc.slice(start, end)).toBe(renderKeyDocs());
    // Every key has its row (a table of honoured keys is its rows).
    const tableOfRows = (decl: KeyDecl) =>
      decl.support === "honoured" &&
      (decl.spec.kind === "table" || (decl.spec.kind === "map" && decl.spec.value.kind === "table"));
    for (const [path, decl] of ALL) if (!tableOfRows(decl)) expect(doc).toContain(`| \`${path.join(".")}\``);
  });

  test("the checker reads every file this test scans", () => {
    expect(readers.map((p) => relative(REPO, p))).toContain("packages/core/src/config/resolve.ts");
  });
});
