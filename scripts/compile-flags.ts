/**
 * How the executable is compiled (measured when the build was set up: splitting + bytecode + ESM
 * start fastest; the binary must not autoload .env/bunfig.toml from the user's
 * directory). Shared by scripts/build.ts and the benchmarks' Bun floor (bench/floor/).
 */
export const COMPILE_FLAGS = [
  "--compile",
  "--minify",
  "--splitting",
  "--bytecode",
  "--format=esm",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
] as const;
