/**
 * Test support: scratch workspaces with a `.git`, a `.codex`, an outside directory and symlinks
 * pointing out (removed after the test file), the helper variants to run under, and a runner that spawns commands exactly as core will (prepareSandboxedCommand,
 * then spawn), through the real helper mode.
 */
import { afterAll } from "bun:test";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SandboxPolicy } from "@codex/protocol";
import {
  bwrapSessionProblem,
  bwrapSessionsSettled,
  type LinuxBackend,
  type PreparedCommand,
  prepareSandboxedCommand,
  probeSandbox,
  readablePipe,
} from "../src/index.ts";
import { landlockStub } from "../src/landlock-stub.ts";

const REPO = join(import.meta.dir, "../../..");
const DIST = join(REPO, "dist/codex");

export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
/** The file-system and network probes are Python scripts (for direct rename/link/socket calls). */
export const HAS_PYTHON = existsSync("/usr/bin/python3") || Bun.which("python3") !== null;
export const FIXTURES = join(import.meta.dir, "fixtures");

/**
 * Who supervises a Landlock command: the Bun helper from source (through a tiny entry) or from the
 * built binary, or the native stub (no helper at all). On the bwrap tier, "native" means the native
 * stub entering the session sandbox, the others a bwrap per command.
 */
export type HelperVariant = "source" | "dist" | "native";

function helperCommand(variant: HelperVariant): string[] {
  return variant === "dist" ? [DIST] : [process.execPath, join(import.meta.dir, "helper-entry.ts")];
}

/** Whether this machine has the native Landlock supervisor (x86-64, Landlock ABI >= 6). */
export function hasNativeSupervisor(): boolean {
  return (facts?.landlockAbi ?? 0) >= 6 && landlockStub().path !== null;
}

/** True when dist/codex exists and routes `--codex-linux-sandbox` to this package. */
export function distRoutesHelper(): boolean {
  if (!existsSync(DIST)) return false;
  const result = Bun.spawnSync([
    DIST,
    "--codex-linux-sandbox",
    "--network",
    "on",
    "--landlock",
    "--",
    "/bin/true",
  ]);
  return result.exitCode === 0;
}

/** The helpers a tier's tests run under: from source always, the built binary and the native stub where they work. */
export function helperVariants(): HelperVariant[] {
  return [
    "source",
    ...(distRoutesHelper() ? (["dist"] as const) : []),
    ...(hasNativeSupervisor() ? (["native"] as const) : []),
  ];
}

const facts = probeSandbox({ platform: "linux" }).facts;
/** The Linux tiers this host can run. */
export const AVAILABLE_TIERS: LinuxBackend[] = [
  ...(facts?.bwrap?.ok && facts.seccomp ? (["bwrap"] as const) : []),
  ...(facts && facts.landlockAbi >= 1 && facts.seccomp ? (["landlock"] as const) : []),
];

export type Workspace = { base: string; ws: string; outside: string };

export function makeWorkspace(): Workspace {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "codex-sandbox-test-")));
  const ws = join(base, "ws");
  const outside = join(base, "outside");
  for (const dir of [ws, outside, join(ws, "src"), join(ws, ".git", "hooks"), join(ws, ".codex")]) {
    mkdirSync(dir, { recursive: true });
  }
  writeFileSync(join(ws, ".git", "config"), "[core]\n");
  writeFileSync(join(ws, ".codex", "config.toml"), "");
  writeFileSync(join(ws, "src", "movable.txt"), "m");
  writeFileSync(join(ws, "README.md"), "readme");
  writeFileSync(join(outside, "victim.txt"), "v");
  symlinkSync(outside, join(ws, "escape"));
  symlinkSync(join(outside, "victim.txt"), join(ws, "victim-link"));
  return { base, ws, outside };
}

/**
 * Workspaces for one test file, removed after its last test; call it at the file's top level.
 * `removeAfter` takes a directory made some other way.
 */
export function scratchWorkspaces(): { fresh(): Workspace; removeAfter(base: string): void } {
  const bases: string[] = [];
  afterAll(() => {
    for (const base of bases) rmSync(base, { recursive: true, force: true });
  });
  return {
    fresh() {
      const workspace = makeWorkspace();
      bases.push(workspace.base);
      return workspace;
    },
    removeAfter(base) {
      bases.push(base);
    },
  };
}

/** workspace-write with only the workspace writable (no /tmp, no $TMPDIR). */
export function workspaceWrite(options: { network: boolean; roots?: string[] }): SandboxPolicy {
  return {
    mode: "workspace-write",
    writable_roots: options.roots ?? [],
    network_access: options.network,
    exclude_slash_tmp: true,
    exclude_tmpdir_env_var: true,
  };
}

export type RunResult = {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
};

export type RunOptions = {
  tier: LinuxBackend;
  policy: SandboxPolicy;
  argv: string[];
  cwd: string;
  /** Where the policy is anchored (the session's cwd); defaults to `cwd`. */
  sandboxCwd?: string;
  stdin?: string;
  helper?: HelperVariant;
  env?: Record<string, string | undefined>;
  /** Who shares a bwrap session (core passes the conversation). */
  scope?: string;
};

/**
 * The prepared command for `options` (the policy anchored at `sandboxCwd`, default `cwd`). On the
 * bwrap tier with the native variant, waits for the layout's session sandbox and fails when the
 * command would not run in it.
 */
export async function prepare(options: RunOptions): Promise<PreparedCommand> {
  const prepared = prepareNow(options);
  if (options.tier !== "bwrap" || options.helper !== "native" || prepared.program !== BWRAP_PROGRAM)
    return prepared;
  prepared.release?.();
  await bwrapSessionsSettled();
  const inSession = prepareNow(options);
  if (inSession.program === BWRAP_PROGRAM)
    throw new Error(`no session sandbox: ${bwrapSessionProblem() ?? "it did not start"}`);
  return inSession;
}

const BWRAP_PROGRAM = probeSandbox({ platform: "linux" }).facts?.bwrapPath ?? "bwrap";

function prepareNow(options: RunOptions): PreparedCommand {
  return prepareSandboxedCommand({
    policy: options.policy,
    argv: options.argv,
    cwd: options.cwd,
    sandboxCwd: options.sandboxCwd ?? options.cwd,
    env: options.env ?? process.env,
    backend: options.tier,
    helperCommand: helperCommand(options.helper ?? "source"),
    landlockSupervisor: options.helper === "native" ? "native" : "bun",
    // The bwrap tier: "native" runs commands in the session sandbox, the others a bwrap each.
    bwrapSession: options.helper === "native",
    ...(options.scope ? { sandboxScope: options.scope } : {}),
  });
}

/** Spawns a prepared command as core does: its fd 3 input through a pipe, stdio piped. */
export function spawnPrepared(
  prepared: PreparedCommand,
  options: { cwd: string; stdin?: string; inheritOutput?: boolean },
) {
  const fd3 = prepared.fd3Input ? readablePipe(prepared.fd3Input) : null;
  const stdin = options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin);
  const output = options.inheritOutput ? "inherit" : "pipe";
  const child = Bun.spawn([prepared.program, ...prepared.args], {
    cwd: options.cwd,
    env: prepared.env,
    stdio: [stdin, output, output, fd3 ?? "ignore", ...(prepared.extraFds ?? [])],
  });
  if (fd3 !== null) closeSync(fd3);
  child.exited.then(() => prepared.release?.());
  return child;
}

export async function runSandboxed(options: RunOptions): Promise<RunResult> {
  const prepared = await prepare(options);
  const started = performance.now();
  const child = spawnPrepared(prepared, options);
  const [stdout, stderr] = await Promise.all([
    new Response(child.stdout as ReadableStream).text(),
    new Response(child.stderr as ReadableStream).text(),
  ]);
  await child.exited;
  return {
    code: child.exitCode,
    signal: child.signalCode === null ? null : String(child.signalCode),
    stdout,
    stderr,
    ms: performance.now() - started,
  };
}

type ByteReader = { read(): Promise<{ done: boolean; value?: Uint8Array }> };

/** Reads until a line equal to `line` arrives; returns everything read so far. */
export async function readUntilLine(reader: ByteReader, line: string): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  while (!text.split("\n").includes(line)) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`stream ended before "${line}"; got: ${text}`);
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

/** Reads `reader` to its end: every process holding the other end has closed it (or died). */
export async function readToEnd(reader: ByteReader): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value, { stream: true });
  }
}

/** Whether a process whose command line contains `pattern` is running. */
export const pgrepFull = (pattern: string) => Bun.spawnSync(["pgrep", "-f", pattern]).exitCode === 0;

/** Parses "name result [detail]" lines from the fixtures into name -> result. */
export function probeLines(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.trim().split("\n")) {
    const [name, result] = line.split(" ");
    if (name && result) out[name] = result;
  }
  return out;
}
