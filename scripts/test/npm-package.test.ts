/**
 * `npm run package` for this machine's target, installed the way users install it
 * (`npm install -g` into a temporary prefix, offline, from the tarballs), then run as `codex`.
 * The other targets are cross-compiled only by `npm run package` itself (too slow for every test run).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CODEX_VERSION } from "@codex/protocol/version";
import {
  completed,
  MockModelServer,
  makeGitRepo,
  responsesStream,
  runCodex,
  stalledStream,
  textResponse,
  writeMockProviderConfig,
} from "@codex/test-support";
import { hostTarget } from "../targets.ts";

// Packing and installing a 115 MB binary takes a while on a loaded machine.
setDefaultTimeout(180_000);

const root = resolve(import.meta.dir, "../..");
const host = hostTarget();
const VERSION_LINE = /^codex-cli \d+\.\d+\.\d+ \(commit [0-9a-f]{12}(-dirty)?\)\n$/;

let work: string;
let mainTarball: string;
let platformTarball: string;
let releaseDir: string;

/** npm with no user or global config, so a developer's ~/.npmrc cannot change what is tested. */
function npm(args: string[]): { code: number | null; output: string } {
  const result = Bun.spawnSync(["npm", ...args], {
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: work,
      npm_config_userconfig: join(work, "user-npmrc"),
      npm_config_globalconfig: join(work, "global-npmrc"),
      npm_config_update_notifier: "false",
    },
    stderr: "pipe",
  });
  return { code: result.exitCode, output: result.stdout.toString() + result.stderr.toString() };
}

/** `npm install -g --prefix <new dir> <tarballs…>` offline; returns the prefix. */
function installGlobally(tarballs: string[], flags: string[] = []): string {
  const prefix = mkdtempSync(join(work, "prefix-"));
  chmodSync(prefix, 0o755); // readable by the unprivileged user of the read-only test
  const result = npm([
    "install",
    "--global",
    "--prefix",
    prefix,
    "--offline",
    "--cache",
    join(work, "npm-cache"),
    "--no-audit",
    "--no-fund",
    ...flags,
    ...tarballs,
  ]);
  if (result.code !== 0) throw new Error(`npm install failed:\n${result.output}`);
  return prefix;
}

const installedBinary = (prefix: string) =>
  join(prefix, "lib/node_modules/@codex-ts/cli-" + (host?.name ?? ""), "bin", host?.executable ?? "codex");

/** True when `path` (after symlinks) is the platform package's binary itself, not a launcher. */
function isTheBinary(path: string, prefix: string): boolean {
  return statSync(path).ino === statSync(installedBinary(prefix)).ino;
}

function run(command: string, args: string[], options: { uid?: number } = {}) {
  const result = Bun.spawnSync([command, ...args], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work },
    stdin: "ignore",
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

/** One `codex exec` turn against a mock model server through `codex`; returns its result. */
async function execTurn(codex: string) {
  const server = await MockModelServer.start();
  try {
    server.enqueue(responsesStream([textResponse("installed and working"), completed()]));
    const codexHome = mkdtempSync(join(tmpdir(), "codex-home-"));
    writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl });
    const workspace = mkdtempSync(join(tmpdir(), "codex-ws-"));
    makeGitRepo(workspace);
    const result = await runCodex(["exec", "say something"], {
      binary: codex,
      codexHome,
      cwd: workspace,
      env: { OPENAI_API_KEY: "sk-test" },
    });
    return { ...result, requests: server.requests.length };
  } finally {
    await server.close();
  }
}

/**
 * Starts `codex exec` as `uid` on a model stream that never ends, sends SIGTERM once the request
 * has arrived (after `whileRunning`), and returns how the process ended.
 */
async function sigtermDuringTurn(
  codex: string,
  options: { uid: number; whileRunning?: (pid: number) => void },
): Promise<{ signal: string | null; code: number | null }> {
  const server = await MockModelServer.start();
  server.enqueue(stalledStream());
  const codexHome = mkdtempSync(join(tmpdir(), "codex-home-"));
  writeMockProviderConfig(codexHome, { baseUrl: server.baseUrl });
  const workspace = mkdtempSync(join(tmpdir(), "codex-ws-"));
  makeGitRepo(workspace);
  for (const dir of [codexHome, workspace]) chownSync(dir, options.uid, options.uid);
  const child = Bun.spawn([codex, "exec", "wait for me"], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: codexHome,
      CODEX_HOME: codexHome,
      OPENAI_API_KEY: "sk-test",
    },
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
    uid: options.uid,
    gid: options.uid,
  });
  try {
    await server.waitForRequests(1, { timeoutMs: 60_000 });
    options.whileRunning?.(child.pid);
    child.kill("SIGTERM");
    await child.exited;
    return { signal: child.signalCode === null ? null : String(child.signalCode), code: child.exitCode };
  } finally {
    child.kill("SIGKILL");
    await server.close();
  }
}

describe.skipIf(host === undefined || process.platform === "win32")("npm packages", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "codex-npm-"));
    chmodSync(work, 0o755);
    writeFileSync(join(work, "user-npmrc"), "");
    writeFileSync(join(work, "global-npmrc"), "");
    const out = join(work, "out");
    const packaged = Bun.spawnSync(
      [process.execPath, join(root, "scripts/package.ts"), "--targets", "host", "--out", out],
      { cwd: root, stdout: "pipe", stderr: "pipe" },
    );
    if (packaged.exitCode !== 0) throw new Error(`npm run package failed:\n${packaged.stderr.toString()}`);
    mainTarball = join(out, "npm", `codex-ts-cli-${CODEX_VERSION}.tgz`);
    platformTarball = join(out, "npm", `codex-ts-cli-${host?.name}-${CODEX_VERSION}.tgz`);
    releaseDir = join(out, "release");
  }, 600_000);

  // Each install holds a 115 MB binary: leave nothing behind in the temporary directory.
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("installed with npm, `codex` is the binary itself and runs an exec turn", async () => {
    const prefix = installGlobally([platformTarball, mainTarball]);
    const codex = join(prefix, "bin", "codex");
    // The install script linked the binary over the launcher: nothing but codex starts.
    expect(isTheBinary(codex, prefix)).toBe(true);
    const version = run(codex, ["--version"]);
    expect(version.stdout).toMatch(VERSION_LINE);
    expect(version.code).toBe(0);

    const turn = await execTurn(codex);
    expect(turn.stdout).toBe("installed and working\n");
    expect(turn.code).toBe(0);
    expect(turn.requests).toBe(1);
  });

  test("with --ignore-scripts the Node launcher runs codex, then gives way to the binary", async () => {
    const prefix = installGlobally([platformTarball, mainTarball], ["--ignore-scripts"]);
    const codex = join(prefix, "bin", "codex");
    expect(readFileSync(codex, "utf8")).toStartWith("#!/usr/bin/env node\n");

    const turn = await execTurn(codex);
    expect(turn.stdout).toBe("installed and working\n");
    expect(turn.code).toBe(0);
    // The first run linked the binary over the launcher.
    expect(isTheBinary(codex, prefix)).toBe(true);
    expect(run(codex, ["--version"]).stdout).toMatch(VERSION_LINE);
  });

  // Installed by root with scripts off, run by a user who cannot write to it: the launcher stays.
  describe.skipIf(process.platform !== "linux" || process.getuid?.() !== 0)(
    "as a user of a root-owned install",
    () => {
      const nobody = 65534;
      let prefix: string;
      beforeAll(() => {
        prefix = installGlobally([platformTarball, mainTarball], ["--ignore-scripts"]);
      });

      test("codex runs through the launcher, with the binary's output and exit code", () => {
        const codex = join(prefix, "bin", "codex");
        const version = run(codex, ["--version"], { uid: nobody });
        expect(version.stdout).toMatch(VERSION_LINE);
        expect(version.code).toBe(0);
        // Exit codes and stderr come through the launcher unchanged (2: a usage error).
        const usage = run(codex, ["--no-such-flag"], { uid: nobody });
        expect(usage.stderr).toBe(run(installedBinary(prefix), ["--no-such-flag"]).stderr);
        expect(usage.code).toBe(2);
        expect(isTheBinary(codex, prefix)).toBe(false);
      });

      test("SIGTERM sent to the launcher ends the binary too, and the launcher ends as the binary does", async () => {
        let binaryPid = 0;
        const throughLauncher = await sigtermDuringTurn(join(prefix, "bin", "codex"), {
          uid: nobody,
          whileRunning: (launcherPid) => {
            const children = readFileSync(`/proc/${launcherPid}/task/${launcherPid}/children`, "utf8").trim();
            expect(children.split(" ")).toHaveLength(1);
            binaryPid = Number(children);
            expect(readlinkSync(`/proc/${binaryPid}/exe`)).toBe(installedBinary(prefix));
          },
        });
        // The launcher waited for the binary: it is gone, not orphaned.
        expect(existsSync(`/proc/${binaryPid}`)).toBe(false);
        const bare = await sigtermDuringTurn(installedBinary(prefix), { uid: nobody });
        expect(throughLauncher).toEqual(bare);
      });
    },
  );

  test("without the platform package (--omit=optional) codex says so in one line and exits 1", () => {
    const prefix = installGlobally([mainTarball], ["--omit=optional"]);
    const result = run(join(prefix, "bin", "codex"), ["--version"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `codex: the package @codex-ts/cli-${host?.name}, which holds the codex binary for ` +
        `${process.platform}-${process.arch}, is not installed (were optional dependencies omitted?); ` +
        `reinstall with them: npm install -g @codex-ts/cli@${CODEX_VERSION} --include=optional\n`,
    );
  });

  test("the standalone archive holds the binary SHA256SUMS names, and it runs", () => {
    const base = `codex-ts-${CODEX_VERSION}-${host?.name}`;
    const extracted = mkdtempSync(join(work, "archive-"));
    const tar = Bun.spawnSync(["tar", "-xzf", join(releaseDir, `${base}.tar.gz`), "-C", extracted]);
    expect(tar.exitCode).toBe(0);
    const sums = new Map(
      readFileSync(join(releaseDir, "SHA256SUMS"), "utf8")
        .trim()
        .split("\n")
        .map((line) => line.split("  ").reverse() as [string, string]),
    );
    const sha256 = (path: string) => new Bun.CryptoHasher("sha256").update(readFileSync(path)).digest("hex");
    const binary = join(extracted, base, "codex");
    expect(sha256(binary)).toBe(sums.get(`${base}/codex`) as string);
    expect(sha256(join(releaseDir, `${base}.tar.gz`))).toBe(sums.get(`${base}.tar.gz`) as string);
    expect(run(binary, ["--version"]).stdout).toMatch(VERSION_LINE);
  });
});
