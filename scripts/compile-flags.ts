import { join } from "node:path";

/**
 * How the executable is compiled (measured when the build was set up: splitting + bytecode + ESM
 * start fastest; the binary must not autoload .env/bunfig.toml from the user's
 * directory). Shared by scripts/build.ts and the benchmarks' Bun floor (bench/floor/).
 * `--compile-jit-policy=10`: JavaScriptCore compiles a function only after ten times the usual
 * number of runs. A short `codex exec` then runs mostly in the interpreter and peaks ~3.5 MiB lower
 * (43 → 39 MiB, of 0.169's 142); hot code still gets compiled, and the 100 × 1 MB turn, a 500-hunk
 * patch and TUI keystrokes measured no slower (docs/performance.md).
 */
export const COMPILE_FLAGS = [
  "--compile",
  "--minify",
  "--splitting",
  "--bytecode",
  "--format=esm",
  "--compile-jit-policy=10",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
] as const;

/**
 * Profiles of codex's usual runs (recorded by scripts/bytecode-order.ts), the most common first:
 * the build lays the bytecode they used out together (`--bytecode-order`). Not part of
 * COMPILE_FLAGS: the benchmarks' Bun floor is another program.
 */
export const BYTECODE_ORDER_DIR = join(import.meta.dir, "..", "packaging", "bytecode-order");
export const BYTECODE_ORDER_FILES = ["exec.txt", "tui.txt"];
