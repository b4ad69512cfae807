/**
 * What installing from npm costs at start-up: `codex --version` through the installed command
 * against the bare binary, for each way the command can reach the binary, run alternately (one
 * of each per round, the order rotating) so that load on the machine hits every variant alike.
 *   linked    `npm install -g` (the install script hard-links the binary over the launcher)
 *   launcher  the Node launcher that runs when linking is impossible (root-owned install run by
 *             another user); it spawns the binary on Node < 22.15 and execs it on newer Node
 *   sh exec   a `#!/bin/sh` + `exec` shim, the option we did not ship (npm's Windows shims
 *             cannot run it), for comparison
 *   reference the Rust @openai/codex launcher (Node) against its own binary
 * Also prints the package sizes. Needs root for the launcher row (it runs that as `nobody`).
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostTarget } from "../scripts/targets.ts";
import { median, REPO_ROOT, referenceCodex } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 20);
const host = hostTarget();
if (host === undefined || host.os === "win32") {
  console.log("npm-launcher: needs Linux or macOS");
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), "codex-bench-npm-"));
chmodSync(work, 0o755);
const emptyNpmrc = join(work, "npmrc");
writeFileSync(emptyNpmrc, "");

function must(argv: string[], what: string): void {
  const result = Bun.spawnSync(argv, { cwd: REPO_ROOT, stdout: "ignore", stderr: "pipe" });
  if (result.exitCode !== 0) throw new Error(`${what} failed:\n${result.stderr.toString()}`);
}

must([process.execPath, "scripts/package.ts", "--targets", "host", "--out", work], "packaging");
const npmDir = join(work, "npm");
const tarballs = readdirSync(npmDir).map((name) => join(npmDir, name));

function install(flags: string[]): string {
  const prefix = mkdtempSync(join(work, "prefix-"));
  chmodSync(prefix, 0o755);
  const npmrc = [`--userconfig=${emptyNpmrc}`, `--globalconfig=${emptyNpmrc}`];
  const cache = ["--cache", join(work, "npm-cache"), "--offline", "--no-audit", "--no-fund"];
  must(
    ["npm", "install", "-g", "--prefix", prefix, ...npmrc, ...cache, ...flags, ...tarballs],
    "npm install",
  );
  return prefix;
}

const linked = install([]);
const unlinked = install(["--ignore-scripts"]);
const bare = join(linked, `lib/node_modules/@codex-ts/cli-${host.name}/bin/codex`);
const shShim = join(work, "codex-sh");
writeFileSync(shShim, `#!/bin/sh\nexec "${bare}" "$@"\n`, { mode: 0o755 });
const asRoot = process.getuid?.() === 0;
if (!asRoot) chmodSync(join(unlinked, "lib/node_modules/@codex-ts/cli/bin"), 0o555);
const referenceBinary = referenceCodex();
const referenceLauncher = join(REPO_ROOT, "bench/node_modules/@openai/codex/bin/codex.js");

type Variant = { name: string; argv: string[]; uid?: number };
const variants: Variant[] = [
  { name: "bare binary", argv: [bare] },
  { name: "installed codex, linked", argv: [join(linked, "bin/codex")] },
  {
    name: "installed codex, Node launcher",
    argv: [join(unlinked, "bin/codex")],
    uid: asRoot ? 65534 : undefined,
  },
  { name: "sh exec shim", argv: [shShim] },
  { name: "reference binary", argv: [referenceBinary] },
  { name: "reference npm launcher", argv: ["node", referenceLauncher] },
];

const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]));
for (let i = 0; i < runs + 2; i++) {
  // Rotate the order each round so that no variant always follows the slow Node ones.
  const round = [...variants.slice(i % variants.length), ...variants.slice(0, i % variants.length)];
  for (const variant of round) {
    const started = performance.now();
    const result = Bun.spawnSync([...variant.argv, "--version"], {
      stdout: "ignore",
      stderr: "ignore",
      ...(variant.uid === undefined ? {} : { uid: variant.uid, gid: variant.uid }),
    });
    const elapsed = performance.now() - started;
    if (result.exitCode !== 0) throw new Error(`${variant.name}: --version exited ${result.exitCode}`);
    if (i >= 2) samples.get(variant.name)?.push(elapsed);
  }
}

const ms = (name: string) => median(samples.get(name) ?? []);
console.log(`\nnpm start-up: \`--version\`, median of ${runs} alternating runs`);
console.log("| command | ms | ratio |");
console.log("|---|---:|---:|");
for (const variant of variants) {
  const base = variant.name.startsWith("reference") ? ms("reference binary") : ms("bare binary");
  console.log(
    `| ${variant.name} | ${ms(variant.name).toFixed(1)} | ${(ms(variant.name) / base).toFixed(2)} |`,
  );
}
if (!asRoot) console.log("(not root: the launcher row ran against a read-only bin directory)");

console.log("\n| package tarball | size |");
console.log("|---|---:|");
for (const tarball of tarballs) {
  const bytes = statSync(tarball).size;
  const size = bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(`| ${tarball.split("/").pop()} | ${size} |`);
}
rmSync(work, { recursive: true, force: true });
