/**
 * Records which functions the usual runs of codex use, so that the build can lay their bytecode
 * out together at the front of the executable (`bun build --bytecode-order`): a run then touches
 * fewer pages of the executable, which starts it faster and keeps its memory lower
 * (docs/performance.md). The build reads the files in packaging/bytecode-order/ when they are there;
 * a profile recorded from an older build still applies (functions it does not know are laid out
 * after the others), so rerun this after large changes, not after every one:
 *   bun scripts/bytecode-order.ts     (builds dist/codex first; replaces the profiles only when
 *                                      every run recorded one)
 * Runs, each against the mock model server: `codex exec` (a turn with two commands; `--json` uses
 * almost the same functions) and the TUI in tmux (a prompt and its answer, then Ctrl-C twice).
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { completed, functionCall, MockModelServer, responsesStream, textResponse } from "@codex/test-support";

import { BYTECODE_ORDER_DIR as ORDER_DIR } from "./compile-flags.ts";

const root = resolve(import.meta.dir, "..");

await record();

async function record(): Promise<void> {
  // The profile is of the code as it is now: build it first.
  const build = Bun.spawnSync([process.execPath, join(root, "scripts", "build.ts")], {
    stdio: ["inherit", "inherit", "inherit"],
  });
  if (build.exitCode !== 0) process.exit(1);
  const binary = join(root, "dist", "codex");
  const server = await MockModelServer.start();
  const scratch = mkdtempSync(join(tmpdir(), "codex-bytecode-order-"));
  // Recorded here first, so that a failed run leaves the committed profiles as they were.
  const recorded = join(scratch, "profiles");
  mkdirSync(recorded);
  try {
    const home = join(scratch, "home");
    const workspace = join(scratch, "ws");
    mkdirSync(workspace);
    mkdirSync(home);
    await Bun.write(
      join(home, "config.toml"),
      [
        'model = "gpt-5-codex"',
        'model_provider = "mock"',
        "[model_providers.mock]",
        'name = "mock"',
        `base_url = "${server.baseUrl}"`,
        'wire_api = "responses"',
        `[projects."${workspace}"]`,
        'trust_level = "trusted"',
        "",
      ].join("\n"),
    );
    const env = { PATH: process.env.PATH ?? "", HOME: home, CODEX_HOME: home, OPENAI_API_KEY: "sk-order" };
    server.enqueue(
      responsesStream([
        ...functionCall("shell", { command: ["ls", "-la"] }, "call_1"),
        ...functionCall("shell", { command: ["sh", "-c", "echo hello"] }, "call_2"),
        completed({ input_tokens: 10, output_tokens: 5 }),
      ]),
    );
    server.enqueue(
      responsesStream([textResponse("Listed."), completed({ input_tokens: 10, output_tokens: 2 })]),
    );
    const out = join(recorded, "exec.txt");
    const run = Bun.spawn([binary, "exec", "--skip-git-repo-check", "list the files"], {
      cwd: workspace,
      env: { ...env, BUN_BYTECODE_ORDER_OUT: out },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const stderr = await new Response(run.stderr).text();
    if ((await run.exited) !== 0) throw new Error(`codex exec failed: ${stderr}`);
    if (!existsSync(out)) throw new Error("codex exec wrote no profile");
    if (Bun.which("tmux") === null) throw new Error("the TUI's profile needs tmux");
    await recordTui(binary, env, workspace, server, join(recorded, "tui.txt"));
    mkdirSync(ORDER_DIR, { recursive: true });
    for (const name of ["exec.txt", "tui.txt"]) {
      renameSync(join(recorded, name), join(ORDER_DIR, name));
      console.log(`recorded ${join(ORDER_DIR, name)}`);
    }
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function recordTui(
  binary: string,
  env: Record<string, string>,
  workspace: string,
  server: MockModelServer,
  out: string,
): Promise<void> {
  const socket = `codex-bytecode-order-${process.pid}`;
  const tmux = (...args: string[]) => {
    const result = Bun.spawnSync(["tmux", "-L", socket, ...args], { stderr: "pipe" });
    if (result.exitCode !== 0) throw new Error(`tmux ${args[0]}: ${result.stderr.toString()}`);
    return result.stdout.toString();
  };
  const screenShows = async (text: string) => {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (tmux("capture-pane", "-p", "-t", "tui").includes(text)) return;
      await Bun.sleep(50);
    }
    throw new Error(`the TUI never showed "${text}":\n${tmux("capture-pane", "-p", "-t", "tui")}`);
  };
  server.enqueue(
    responsesStream([textResponse("Hello there."), completed({ input_tokens: 10, output_tokens: 2 })]),
  );
  const quoted = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const assignments = Object.entries({ ...env, TERM: "xterm-256color", BUN_BYTECODE_ORDER_OUT: out })
    .map(([key, value]) => `${key}=${quoted(value)}`)
    .join(" ");
  tmux(
    "new-session",
    "-d",
    "-s",
    "tui",
    "-x",
    "100",
    "-y",
    "30",
    "-c",
    workspace,
    `env ${assignments} ${quoted(binary)}`,
  );
  try {
    await screenShows("›");
    tmux("send-keys", "-t", "tui", "-l", "say hello");
    tmux("send-keys", "-t", "tui", "Enter");
    await screenShows("Hello there.");
    tmux("send-keys", "-t", "tui", "C-c");
    await screenShows("again to quit");
    tmux("send-keys", "-t", "tui", "C-c");
    // The profile is written as the TUI exits; its tmux session ends with it.
    const deadline = Date.now() + 10_000;
    const running = () => Bun.spawnSync(["tmux", "-L", socket, "has-session", "-t", "tui"]).exitCode === 0;
    while (running() && Date.now() < deadline) await Bun.sleep(50);
    if (running() || !existsSync(out)) throw new Error("the TUI did not exit, or wrote no profile");
  } finally {
    Bun.spawnSync(["tmux", "-L", socket, "kill-server"]);
  }
}
