/**
 * How to re-execute this program in the sandbox helper mode: the compiled binary runs itself;
 * from source, Bun runs the CLI entry.
 */
/** True inside a `bun build --compile` executable. */
export function isCompiledExecutable(): boolean {
  const main = typeof Bun !== "undefined" ? Bun.main : "";
  return main.startsWith("/$bunfs/") || main.includes("~BUN") || import.meta.url.includes("$bunfs");
}

/** The argv prefix that starts this program; append `--codex-linux-sandbox …` to it. */
export function sandboxHelperCommand(): string[] {
  if (isCompiledExecutable()) return [process.execPath];
  // node:url only here: loading it costs ~0.6 MiB on every run otherwise.
  const { fileURLToPath } = process.getBuiltinModule("node:url");
  return [process.execPath, fileURLToPath(new URL("../../cli/src/main.ts", import.meta.url))];
}
