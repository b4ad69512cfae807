/**
 * End to end: flows a user goes through, with the built `dist/codex` in tmux against the mock model
 * server — the trust answer remembered across launches, /model then /new, /exit, the missing-key
 * message at start, one updating line while the stream reconnects, and what the TUI gets from
 * core rather than $CODEX_HOME (history recall, custom prompts, the trust answer written).
 */
import { afterEach, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  codexBinaryPath,
  completed,
  droppedStream,
  type MockModelServer,
  makeTempCodexHome,
  responsesStream,
  startMockModelServer,
  textResponse,
} from "@codex/test-support";
import { TmuxPane, tmuxAvailable } from "./helpers/tmux.ts";

const binary = codexBinaryPath();
const enabled = tmuxAvailable() && existsSync(binary);
// One server per test, so what one test leaves queued cannot answer another's requests.
let server: MockModelServer;

afterEach(async () => {
  await server?.close();
});

/** A CODEX_HOME whose provider `mock` points at a new mock server; `provider` adds keys to its table. */
async function homeWithMockProvider(provider: string[] = []): Promise<string> {
  server = await startMockModelServer();
  const home = makeTempCodexHome();
  const toml = [
    'model = "gpt-5-codex"',
    'model_provider = "mock"',
    "",
    "[model_providers.mock]",
    'name = "mock"',
    `base_url = ${JSON.stringify(server.baseUrl)}`,
    'wire_api = "responses"',
    "request_max_retries = 0",
    ...provider,
    "",
  ];
  writeFileSync(join(home, "config.toml"), toml.join("\n"));
  return home;
}

function gitDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "codex-tui-flows-"));
  execFileSync("git", ["init", "-q"], { cwd: dir });
  return dir;
}

/** Runs dist/codex in tmux with only the environment given (no API key leaks in from the test's). */
function launch(options: { home: string; cwd: string; args?: string; env?: string; columns?: number }) {
  const env = [
    `PATH=${process.env.PATH ?? "/usr/bin:/bin"}`,
    `HOME=${options.home}`,
    `CODEX_HOME=${options.home}`,
    "TERM=xterm-256color",
    options.env ?? "OPENAI_API_KEY=dummy",
  ].join(" ");
  return TmuxPane.start({
    command: `env -i ${env} ${binary} ${options.args ?? ""}`,
    cwd: options.cwd,
    columns: options.columns ?? 100,
    rows: 30,
  });
}

test.skipIf(!enabled)(
  'trust question: "No" is remembered, so the second launch goes straight to the composer; /exit quits',
  async () => {
    const home = await homeWithMockProvider();
    const cwd = gitDir();
    const first = launch({ home, cwd });
    try {
      await first.waitFor("2. No, ask me to approve edits and commands");
      first.send("2");
      const screen = await first.waitFor("Ask Codex to do anything");
      expect(screen).not.toContain("You are running Codex in");
      expect(readFileSync(join(home, "config.toml"), "utf8")).toContain(
        `[projects."${cwd}"]\ntrust_level = "untrusted"\n`,
      );
      first.send("/exit", { literal: true });
      first.send("Enter");
      await first.waitFor(() => first.dead());
    } finally {
      first.kill();
    }
    const second = launch({ home, cwd });
    try {
      const screen = await second.waitFor("Ask Codex to do anything");
      expect(screen).not.toContain("You are running Codex in");
      // Untrusted: the read-only sandbox, as before the question was answered.
      await second.waitFor("read-only · on-request");
      second.send("/exit", { literal: true });
      second.send("Enter");
      await second.waitFor(() => second.dead());
    } finally {
      second.kill();
    }
  },
  60_000,
);

test.skipIf(!enabled)(
  "/model then /new: the new session keeps the model, the change is shown; tokens on exit count cached input once",
  async () => {
    const home = await homeWithMockProvider();
    server.enqueue(
      responsesStream([
        textResponse("Answer from gpt-5."),
        completed({ input_tokens: 5000, cached: 4000, output_tokens: 250 }),
      ]),
    );
    const pane = launch({ home, cwd: gitDir(), args: "-a on-request -s read-only" });
    try {
      await pane.waitFor("Ask Codex to do anything");
      pane.send("/model", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Select model and reasoning effort");
      pane.send("7");
      await pane.waitFor("• Model changed to gpt-5 high");
      // The footer follows the session's turn_context_changed, not the TUI's own request.
      await pane.waitFor("gpt-5 high · read-only · on-request");
      pane.send("/new", { literal: true });
      pane.send("Enter");
      // The second session's header names the kept model.
      await pane.waitFor(
        (s) => (s.match(/model: +gpt-5 high/g) ?? []).length === 1 && s.includes("Starting a new"),
      );
      await pane.waitFor("gpt-5 high · read-only · on-request");
      pane.send("hi", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Answer from gpt-5.");
      const body = server.lastRequest().body as { model: string; reasoning?: { effort?: string } };
      expect(body.model).toBe("gpt-5");
      expect(body.reasoning?.effort).toBe("high");
      pane.send("/exit", { literal: true });
      pane.send("Enter");
      const end = await pane.waitFor(() => pane.dead());
      expect(end).toContain("Token usage: total=1,250 input=1,000 (+ 4,000 cached) output=250");
    } finally {
      pane.kill();
    }
  },
  60_000,
);

test.skipIf(!enabled)(
  "no API key: the start screen says so and what to do, before any prompt is sent",
  async () => {
    const home = await homeWithMockProvider(["requires_openai_auth = true"]);
    const before = server.requests.length;
    const pane = launch({ home, cwd: gitDir(), args: "-a on-request", env: "" });
    try {
      const screen = await pane.waitFor("Not logged in to model provider `mock`");
      expect(screen.replace(/\s+/g, " ")).toContain(
        "run `codex login` to sign in with ChatGPT, `codex login --with-api-key` (the key on stdin), or set OPENAI_API_KEY and start codex again.",
      );
      expect(screen).toContain("Ask Codex to do anything");
      expect(server.requests.length).toBe(before);
      pane.send("/exit", { literal: true });
      pane.send("Enter");
      await pane.waitFor(() => pane.dead());
    } finally {
      pane.kill();
    }
  },
  60_000,
);

test.skipIf(!enabled)(
  "a stream that drops and reconnects shows one updating line, gone once the answer arrives",
  async () => {
    const home = await homeWithMockProvider(["stream_max_retries = 5"]);
    for (let i = 0; i < 3; i++) server.enqueue(droppedStream([], { abrupt: true }));
    // The answer arrives slowly, so the last attempt's line stays on screen while it is read.
    server.enqueue(responsesStream([textResponse("Made it through."), completed()], { delayMs: 400 }));
    const pane = launch({ home, cwd: gitDir(), args: "-a on-request -s read-only" });
    const retryLines = (screen: string) => screen.split("\n").filter((l) => l.includes("Reconnecting"));
    try {
      await pane.waitFor("Ask Codex to do anything");
      pane.send("drop please", { literal: true });
      pane.send("Enter");
      const during = await pane.waitFor("Reconnecting... 3/5", { history: true });
      // One line, the reason cut at the pane's edge rather than wrapped.
      const lines = retryLines(during);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toStartWith("↻ Reconnecting... 3/5 (stream disconnected before completion");
      const after = await pane.waitFor("Made it through.", { history: true });
      expect(retryLines(after)).toEqual([]);
      pane.send("/exit", { literal: true });
      pane.send("Enter");
      await pane.waitFor(() => pane.dead());
    } finally {
      pane.kill();
    }
  },
  60_000,
);

test.skipIf(!enabled)(
  "Up recalls prompts of earlier sessions from history.jsonl, newest first, through the session",
  async () => {
    const home = await homeWithMockProvider();
    const entries = ["an old prompt", "the newest prompt"].map((text, i) =>
      JSON.stringify({ session_id: "0199a213-81c0-7800-8aa1-bbab2a035a53", ts: 1_700_000_000 + i, text }),
    );
    writeFileSync(join(home, "history.jsonl"), `${entries.join("\n")}\n`, { mode: 0o600 });
    const pane = launch({ home, cwd: gitDir(), args: "-a on-request" });
    try {
      await pane.waitFor("Ask Codex to do anything");
      pane.send("Up");
      await pane.waitFor("› the newest prompt");
      pane.send("Up");
      await pane.waitFor("› an old prompt");
      pane.send("Down");
      await pane.waitFor("› the newest prompt");
      pane.send("C-c");
      pane.send("/exit", { literal: true });
      pane.send("Enter");
      await pane.waitFor(() => pane.dead());
    } finally {
      pane.kill();
    }
  },
  60_000,
);

test.skipIf(!enabled)(
  "a custom prompt in $CODEX_HOME/prompts is offered by /prompts: and sent with its arguments",
  async () => {
    const home = await homeWithMockProvider();
    mkdirSync(join(home, "prompts"));
    writeFileSync(
      join(home, "prompts", "greet.md"),
      "---\ndescription: Greet someone\n---\nSay hello to $1, warmly.\n",
    );
    server.enqueue(responsesStream([textResponse("Hello, Ada!"), completed()]));
    const pane = launch({ home, cwd: gitDir(), args: "-a on-request" });
    try {
      await pane.waitFor("Ask Codex to do anything");
      pane.send("/prompts:", { literal: true });
      await pane.waitFor("Greet someone");
      pane.send("Tab");
      pane.send("Ada", { literal: true });
      pane.send("Enter");
      await pane.waitFor("Hello, Ada!");
      const body = JSON.stringify(server.lastRequest().body);
      expect(body).toContain("Say hello to Ada, warmly.");
      pane.send("/exit", { literal: true });
      pane.send("Enter");
      await pane.waitFor(() => pane.dead());
    } finally {
      pane.kill();
    }
  },
  60_000,
);

test.skipIf(!enabled)(
  'trust question: "Yes" is written by core into config.toml (comments kept); the session starts trusted',
  async () => {
    const home = await homeWithMockProvider();
    writeFileSync(
      join(home, "config.toml"),
      `# my settings\n${readFileSync(join(home, "config.toml"), "utf8")}`,
    );
    const cwd = gitDir();
    const pane = launch({ home, cwd });
    try {
      await pane.waitFor("Since this folder is version controlled");
      pane.send("Enter");
      await pane.waitFor("Ask Codex to do anything");
      const toml = readFileSync(join(home, "config.toml"), "utf8");
      expect(toml.startsWith("# my settings\n")).toBe(true);
      expect(toml).toContain(`[projects."${cwd}"]\ntrust_level = "trusted"\n`);
      // Trusted: the workspace-write sandbox by default.
      await pane.waitFor("workspace-write · on-request");
      pane.send("/exit", { literal: true });
      pane.send("Enter");
      await pane.waitFor(() => pane.dead());
    } finally {
      pane.kill();
    }
  },
  60_000,
);
