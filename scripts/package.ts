/**
 * `npm run package`: builds every target and writes what a release publishes.
 *   dist/npm/      npm tarballs: the main package (the `codex` command) and one per target
 *   dist/release/  a standalone archive per target and SHA256SUMS (archives and binaries)
 * Options:
 *   --targets all|host|linux-x64,darwin-arm64,…   which targets to build (default: all)
 *   --name @scope/name   npm name of the main package (default @codex-ts/cli); targets get -<target>
 *   --out DIR            where npm/ and release/ go (default dist)
 * The version is CODEX_VERSION (packages/protocol/src/version.ts); binaries carry the git commit.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CODEX_VERSION } from "../packages/protocol/src/version.ts";
import { writeArchive } from "./packaging/archives.ts";
import { npmPack, packageNames, stageMainPackage, stagePlatformPackage } from "./packaging/npm-packages.ts";
import { hostTarget, TARGETS, type Target, targetNamed } from "./targets.ts";

const root = resolve(import.meta.dir, "..");

type Options = { targets: Target[]; name: string; out: string };

function parseOptions(argv: string[]): Options {
  const options: Options = { targets: [...TARGETS], name: "@codex-ts/cli", out: join(root, "dist") };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === "--name") options.name = value;
    else if (flag === "--out") options.out = resolve(value);
    else if (flag === "--targets") options.targets = parseTargets(value);
    else throw new Error(`unknown option ${flag}; see the comment at the top of scripts/package.ts`);
  }
  return options;
}

function parseTargets(value: string): Target[] {
  if (value === "all") return [...TARGETS];
  if (value === "host") {
    const host = hostTarget();
    if (host === undefined)
      throw new Error(`no target for this machine (${process.platform}-${process.arch})`);
    return [host];
  }
  return value.split(",").map(targetNamed);
}

async function timed<T>(label: string, step: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await step();
  console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function size(path: string): string {
  const bytes = statSync(path).size;
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Builds `target` with scripts/build.ts and returns the binary; checks the host's binary runs. */
function build(target: Target): string {
  const result = Bun.spawnSync([process.execPath, join(root, "scripts/build.ts"), "--target", target.name], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const binary = join(root, "dist", `codex-${target.name}${target.os === "win32" ? ".exe" : ""}`);
  if (result.exitCode !== 0 || !existsSync(binary)) throw new Error(`building ${target.name} failed`);
  if (target === hostTarget()) {
    const version = Bun.spawnSync([binary, "--version"]).stdout.toString();
    if (!version.startsWith(`codex-cli ${CODEX_VERSION}`)) {
      throw new Error(`${binary} --version printed "${version.trim()}", not codex-cli ${CODEX_VERSION}`);
    }
  }
  return binary;
}

async function main(options: Options): Promise<void> {
  const names = packageNames(options.name);
  const npmDir = join(options.out, "npm");
  const releaseDir = join(options.out, "release");
  const stageDir = join(options.out, "npm-stage");
  for (const dir of [npmDir, releaseDir, stageDir]) rmSync(dir, { recursive: true, force: true });

  const checksums: string[] = [];
  const tarballs: string[] = [];
  for (const target of options.targets) {
    const binary = await timed(`build ${target.name}`, () => build(target));
    const base = `codex-ts-${CODEX_VERSION}-${target.name}`;
    const packageDir = join(stageDir, target.name);
    stagePlatformPackage(packageDir, { names, version: CODEX_VERSION, target, binary });
    // Both mostly compress; run them side by side.
    const [tarball, archive] = await Promise.all([
      timed(`npm pack ${names.platform(target)}`, () => npmPack(packageDir, npmDir)),
      timed(`archive ${base}`, () => writeArchive(releaseDir, { base, target, binary })),
    ]);
    tarballs.push(tarball);
    checksums.push(`${sha256(binary)}  ${base}/${target.executable}`);
    checksums.push(`${sha256(join(releaseDir, archive))}  ${archive}`);
  }
  stageMainPackage(join(stageDir, "main"), names, CODEX_VERSION);
  tarballs.unshift(await npmPack(join(stageDir, "main"), npmDir));
  rmSync(stageDir, { recursive: true, force: true });
  writeFileSync(join(releaseDir, "SHA256SUMS"), `${checksums.join("\n")}\n`);

  console.log(`\nnpm packages in ${npmDir}:`);
  for (const tarball of tarballs) console.log(`  ${tarball}  ${size(join(npmDir, tarball))}`);
  console.log(`release files in ${releaseDir}: SHA256SUMS and`);
  for (const line of checksums.filter((l) => !l.includes("/"))) {
    const file = line.split("  ")[1] as string;
    console.log(`  ${file}  ${size(join(releaseDir, file))}`);
  }
}

try {
  await main(parseOptions(process.argv.slice(2)));
} catch (error) {
  console.error(`package: ${(error as Error).message}`);
  process.exit(1);
}
