/** Starts runTui on a headless terminal with a fake session, as a user would see it. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTui, type SessionChoices, type TuiSettings } from "../../src/index.ts";
import { FakeSession } from "./fake-session.ts";
import { HeadlessTerminal } from "./headless-terminal.ts";

export type Harness = {
  term: HeadlessTerminal;
  session: FakeSession;
  exit: Promise<number>;
  printed: string[];
  settings: TuiSettings;
  /** What each createSession call asked for (the first session, then one per /new). */
  sessionRequests: Array<{ configChanged: boolean; choices: SessionChoices | null }>;
  /** Types text, then waits for the frame. */
  type(data: string): Promise<void>;
  settle(ms?: number): Promise<void>;
  /** Polls the whole terminal (scrollback included) until it contains `text`. */
  waitFor(text: string, timeoutMs?: number): Promise<string>;
};

function settingsFor(overrides: Partial<TuiSettings> = {}): TuiSettings {
  const codexHome = mkdtempSync(join(tmpdir(), "codex-tui-"));
  return {
    codexHome,
    cwd: "/work/demo",
    model: "gpt-5-codex",
    approval_policy: "on-request",
    sandbox_mode: "read-only",
    model_reasoning_effort: null,
    hide_agent_reasoning: false,
    file_opener: "none",
    history: { persistence: "save-all" },
    tui: { notifications: false },
    model_provider: { id: "openai", name: "OpenAI" },
    project_config_folders: [],
    ...overrides,
  };
}

export async function startTui(
  options: {
    columns?: number;
    rows?: number;
    settings?: Partial<TuiSettings>;
    color?: boolean;
    initialPrompt?: string;
    skipTrustPrompt?: boolean;
    credentialsProblem?: () => string | null;
  } = {},
): Promise<Harness> {
  const term = new HeadlessTerminal({ columns: options.columns ?? 80, rows: options.rows ?? 24 });
  // A fresh session per createSession call (/new closes the old one); `session` is the latest.
  let session = new FakeSession();
  let created = 0;
  const printed: string[] = [];
  const sessionRequests: Harness["sessionRequests"] = [];
  const settings = settingsFor(options.settings);
  const exit = runTui({
    settings,
    createSession: async (request) => {
      sessionRequests.push(request);
      if (created++ > 0) session = new FakeSession();
      return session;
    },
    credentialsProblem: options.credentialsProblem,
    terminal: term,
    env: options.color ? { TERM: "xterm-256color" } : { NO_COLOR: "1" },
    initialPrompt: options.initialPrompt,
    skipTrustPrompt: options.skipTrustPrompt ?? true,
    print: (line) => printed.push(line),
  });
  await term.settle();
  return {
    term,
    get session() {
      return session;
    },
    exit,
    printed,
    settings,
    sessionRequests,
    async type(data: string) {
      term.type(data);
      await term.settle();
    },
    settle: (ms?: number) => term.settle(ms),
    async waitFor(text: string, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await term.settle(20);
        const all = term.all().join("\n");
        if (all.includes(text)) return all;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${text}:\n${all}`);
      }
    },
  };
}
