"use strict";
/**
 * Finds this platform's codex binary and links it over the Node launcher.
 *
 * The binary lives in an optional dependency named after this package plus the target
 * (`@codex-ts/cli` -> `@codex-ts/cli-linux-x64`); npm installs only the one whose os/cpu match.
 * It is found the way Node finds any dependency, so nested, hoisted and pnpm layouts all work.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const mainPackage = require("../package.json");

/** `${process.platform}-${process.arch}` -> the target name in our package names. */
const TARGETS = {
  "linux-x64": "linux-x64",
  "linux-arm64": "linux-arm64",
  "darwin-x64": "darwin-x64",
  "darwin-arm64": "darwin-arm64",
  "win32-x64": "windows-x64",
};

/** The launcher file that npm links as `codex` (this package's `bin`). */
const LAUNCHER = path.join(__dirname, "..", "bin", "codex");

/** @returns {{ binary: string } | { problem: string }} the binary's path, or a one-line reason why not */
function findNativeBinary() {
  const host = `${process.platform}-${process.arch}`;
  const target = TARGETS[host];
  if (target === undefined) {
    const shipped = Object.values(TARGETS).join(", ");
    return { problem: `${mainPackage.name} has no build for ${host}; it ships ${shipped}` };
  }
  const platformPackage = `${mainPackage.name}-${target}`;
  let packageDir = null;
  try {
    packageDir = path.dirname(require.resolve(`${platformPackage}/package.json`));
  } catch {
    // Not installed: reported below.
  }
  const binary =
    packageDir && path.join(packageDir, "bin", target.startsWith("windows") ? "codex.exe" : "codex");
  if (binary === null || !fs.existsSync(binary)) {
    if (process.platform === "linux" && !hasGlibc()) {
      return { problem: `${mainPackage.name} has no build for ${host} with musl libc; build it from source` };
    }
    return {
      problem:
        `the package ${platformPackage}, which holds the codex binary for ${host}, is not installed ` +
        `(were optional dependencies omitted?); reinstall with them: ` +
        `npm install -g ${mainPackage.name}@${mainPackage.version} --include=optional`,
    };
  }
  return { binary };
}

/** The Linux packages need glibc (npm skips them elsewhere, by their `libc` field). */
function hasGlibc() {
  return Boolean(process.report?.getReport()?.header?.glibcVersionRuntime);
}

/**
 * Replaces the launcher with a hard link to the binary, so that from then on `codex` is the binary
 * itself: no Node start-up, no launcher process. Only when the binary runs here (so that a binary
 * that cannot start keeps the launcher, which says why) and the install can be written to (not on
 * Windows, whose npm shims always start Node; not a root-owned install run by a user). Atomic (link
 * beside, then rename), and it never writes into an existing file: pnpm's store shares files.
 */
function linkOverLauncher(binary) {
  if (process.platform === "win32") return false;
  try {
    fs.accessSync(path.dirname(LAUNCHER), fs.constants.W_OK);
    const version = execFileSync(binary, ["--version"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 60_000,
    });
    if (!version.startsWith("codex-cli ")) return false;
  } catch {
    return false;
  }
  const temporary = `${LAUNCHER}.${process.pid}.tmp`;
  try {
    fs.linkSync(binary, temporary);
    fs.renameSync(temporary, LAUNCHER);
    return true;
  } catch {
    fs.rmSync(temporary, { force: true });
    return false;
  }
}

module.exports = { findNativeBinary, linkOverLauncher };
