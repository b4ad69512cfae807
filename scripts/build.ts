/**
 * Builds the standalone executable with `bun build --compile`.
 *   npm run build                         -> dist/codex (this machine)
 *   npm run build -- --target linux-arm64 -> dist/codex-linux-arm64
 * Targets: see scripts/targets.ts (linux-x64, linux-arm64, darwin-x64, darwin-arm64, windows-x64).
 * Flags (docs/design.md, "Start-up"): splitting + bytecode + ESM start fastest, and the binary must
 * not autoload .env/bunfig.toml from the user's directory.
 * The binary is stamped with the git commit it was built from (`codex --version` shows it);
 * CODEX_BUILD_COMMIT overrides it where there is no git checkout.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { BYTECODE_ORDER_DIR, BYTECODE_ORDER_FILES, COMPILE_FLAGS } from "./compile-flags.ts";
import { type Target, targetNamed } from "./targets.ts";

const root = resolve(import.meta.dir, "..");

/** `HEAD`'s short hash, with `-dirty` when the working tree has changes; null outside a checkout. */
function buildCommit(): string | null {
  const override = process.env.CODEX_BUILD_COMMIT;
  if (override) return override;
  const git = (...args: string[]) => Bun.spawnSync(["git", ...args], { cwd: root, stderr: "ignore" });
  const head = git("rev-parse", "--short=12", "HEAD");
  if (head.exitCode !== 0) return null;
  // npm install rewrites package-lock.json (npm 11 adds or drops other platforms' optional
  // packages), which says nothing about the source built.
  const dirty =
    git("status", "--porcelain", "--", ".", ":!package-lock.json").stdout.toString().trim() !== "";
  return head.stdout.toString().trim() + (dirty ? "-dirty" : "");
}

function parseTarget(args: string[]): Target | undefined {
  const index = args.indexOf("--target");
  const name = index >= 0 ? args[index + 1] : args.find((a) => a.startsWith("--target="))?.slice(9);
  if (name === undefined) return undefined;
  try {
    return targetNamed(name);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const target = parseTarget(process.argv.slice(2));
const outDir = join(root, "dist");
mkdirSync(outDir, { recursive: true });
const outfile = target
  ? join(outDir, `codex-${target.name}${target.os === "win32" ? ".exe" : ""}`)
  : join(outDir, process.platform === "win32" ? "codex.exe" : "codex");
const commit = buildCommit();
// The recorded profiles of codex's usual runs, where present (scripts/bytecode-order.ts).
const orderFiles = BYTECODE_ORDER_FILES.map((name) => join(BYTECODE_ORDER_DIR, name)).filter(existsSync);

const command = [
  process.execPath,
  "build",
  join(root, "packages/cli/src/main.ts"),
  ...COMPILE_FLAGS,
  ...(orderFiles.length > 0 ? [`--bytecode-order=${orderFiles.join(",")}`] : []),
  `--outfile=${outfile}`,
  ...(commit === null ? [] : [`--define=CODEX_BUILD_COMMIT=${JSON.stringify(commit)}`]),
  ...(target ? [`--target=${target.bunTarget}`] : []),
];
const result = Bun.spawnSync(command, { cwd: root, stdio: ["inherit", "inherit", "inherit"] });
if (result.exitCode !== 0) {
  console.error("build failed");
  process.exit(result.exitCode ?? 1);
}
console.log(`built ${outfile}${commit === null ? "" : ` (commit ${commit})`}`);
