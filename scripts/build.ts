/**
 * Builds the standalone executable with `bun build --compile`.
 *   npm run build                         -> dist/codex (this machine)
 *   npm run build -- --target linux-arm64 -> dist/codex-linux-arm64
 * Targets: linux-x64, linux-arm64, darwin-x64, darwin-arm64, windows-x64.
 * Flags measured in ../shared/reference/bun-build-notes.md: splitting + bytecode + ESM start fastest,
 * and the binary must not autoload .env/bunfig.toml from the user's directory.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

const TARGETS: Record<string, string> = {
  "linux-x64": "bun-linux-x64",
  "linux-arm64": "bun-linux-arm64",
  "darwin-x64": "bun-darwin-x64",
  "darwin-arm64": "bun-darwin-arm64",
  "windows-x64": "bun-windows-x64",
};

const root = resolve(import.meta.dir, "..");
const args = process.argv.slice(2);
const targetIndex = args.indexOf("--target");
const target =
  targetIndex >= 0 ? args[targetIndex + 1] : args.find((a) => a.startsWith("--target="))?.slice(9);
if (target !== undefined && !(target in TARGETS)) {
  console.error(`unknown target "${target}"; choose one of: ${Object.keys(TARGETS).join(", ")}`);
  process.exit(1);
}

const outDir = join(root, "dist");
mkdirSync(outDir, { recursive: true });
const outfile = target
  ? join(outDir, `codex-${target}${target.startsWith("windows") ? ".exe" : ""}`)
  : join(outDir, process.platform === "win32" ? "codex.exe" : "codex");

const command = [
  process.execPath,
  "build",
  join(root, "packages/cli/src/main.ts"),
  "--compile",
  "--minify",
  "--splitting",
  "--bytecode",
  "--format=esm",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  `--outfile=${outfile}`,
  ...(target ? [`--target=${TARGETS[target]}`] : []),
];
const result = Bun.spawnSync(command, { cwd: root, stdio: ["inherit", "inherit", "inherit"] });
if (result.exitCode !== 0) {
  console.error("build failed");
  process.exit(result.exitCode ?? 1);
}
console.log(`built ${outfile}`);
