/**
 * The npm packages: a main package (`codex` command, a launcher that gives way to the binary, see
 * packaging/npm/cli) and one package per target holding its binary, installed by npm as the
 * optional dependency whose os/cpu match. `npm pack` turns each staged directory into a tarball.
 */
import { chmodSync, copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { TARGETS, type Target } from "../targets.ts";

const TEMPLATE = resolve(import.meta.dir, "../../packaging/npm/cli");

export type PackageNames = { main: string; platform: (target: Target) => string };

/** `@scope/name` -> the main package is that, each target's is `@scope/name-<target>`. */
export function packageNames(main: string): PackageNames {
  if (!/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/.test(main)) {
    throw new Error(`"${main}" is not a valid npm package name (e.g. @codex-ts/cli)`);
  }
  return { main, platform: (target) => `${main}-${target.name}` };
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Stages the main package in `dir`: the launcher files and a package.json naming every target. */
export function stageMainPackage(dir: string, names: PackageNames, version: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync(TEMPLATE, dir, { recursive: true });
  chmodSync(join(dir, "bin/codex"), 0o755);
  writeJson(join(dir, "package.json"), {
    name: names.main,
    version,
    description: "Codex CLI, the terminal coding agent, in TypeScript: the `codex` command",
    bin: { codex: "bin/codex" },
    files: ["bin", "lib", "README.md"],
    scripts: { postinstall: "node lib/postinstall.cjs" },
    engines: { node: ">=16" },
    optionalDependencies: Object.fromEntries(TARGETS.map((t) => [names.platform(t), version])),
  });
}

/** Stages `target`'s package in `dir` around the built `binary`. */
export function stagePlatformPackage(
  dir: string,
  options: { names: PackageNames; version: string; target: Target; binary: string },
): void {
  const { names, version, target } = options;
  mkdirSync(join(dir, "bin"), { recursive: true });
  const installed = join(dir, "bin", target.executable);
  copyFileSync(options.binary, installed);
  chmodSync(installed, 0o755);
  writeJson(join(dir, "package.json"), {
    name: names.platform(target),
    version,
    description: `The codex binary for ${target.name}; install ${names.main}, which uses it`,
    os: [target.os],
    cpu: [target.cpu],
    ...(target.os === "linux" ? { libc: ["glibc"] } : {}),
    files: ["bin"],
    preferUnplugged: true,
  });
  writeFileSync(
    join(dir, "README.md"),
    `# ${names.platform(target)}\n\nThe \`codex\` binary for ${target.name}. Do not install this ` +
      `package directly: install \`${names.main}\`, which picks the package for your platform.\n`,
  );
}

/** `npm pack`s a staged directory into `destination` and returns the tarball's file name. */
export async function npmPack(dir: string, destination: string): Promise<string> {
  mkdirSync(destination, { recursive: true });
  const child = Bun.spawn(["npm", "pack", "--json", "--pack-destination", destination, dir], {
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`npm pack ${dir} failed:\n${stderr}`);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (packed === undefined) throw new Error(`npm pack ${dir} reported no tarball`);
  return packed.filename;
}
