/**
 * Standalone archives for people who do not use npm: `<base>.tar.gz` (Linux, macOS) or `<base>.zip`
 * (Windows), each holding one directory `<base>/` with the executable.
 */
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Target } from "../targets.ts";
import { zip } from "./zip.ts";

/** Writes the archive for `target` into `releaseDir` and returns its file name. */
export async function writeArchive(
  releaseDir: string,
  options: { base: string; target: Target; binary: string },
): Promise<string> {
  const { base, target, binary } = options;
  mkdirSync(releaseDir, { recursive: true });
  if (target.os === "win32") {
    const name = `${base}.zip`;
    const entry = {
      name: `${base}/${target.executable}`,
      data: readFileSync(binary),
      mode: 0o755,
      modified: statSync(binary).mtime,
    };
    writeFileSync(join(releaseDir, name), zip([entry]));
    return name;
  }
  const name = `${base}.tar.gz`;
  const staging = join(releaseDir, `.staging-${target.name}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, base), { recursive: true });
  copyFileSync(binary, join(staging, base, target.executable));
  chmodSync(join(staging, base, target.executable), 0o755);
  const tar = Bun.spawn(["tar", "-C", staging, "-czf", join(releaseDir, name), base], { stderr: "pipe" });
  const [stderr, code] = await Promise.all([new Response(tar.stderr).text(), tar.exited]);
  rmSync(staging, { recursive: true, force: true });
  if (code !== 0) throw new Error(`tar failed for ${name}:\n${stderr}`);
  return name;
}
