/**
 * The interactive TUI. One entry: `runTui(options)` draws the UI on the terminal, drives the
 * session the caller creates, and resolves with the process exit code when the user quits.
 */
import { projectTrust, setProjectTrust } from "@codex/core";
import type { Session, TokenUsage } from "@codex/protocol";
import { App } from "./app.ts";
import type { SessionChoices, TuiSettings } from "./settings.ts";
import { ProcessTerminal, type Terminal } from "./terminal/terminal.ts";
import { colorFromEnv, createTheme } from "./terminal/theme.ts";
import { tokenUsageLine } from "./views/token-usage.ts";

export { type PickResumeSessionOptions, pickResumeSession } from "./picker/pick-resume-session.ts";
export { INTERACTIVE_SOURCES } from "./picker/session-feed.ts";
export type { SessionChoices, TuiSettings } from "./settings.ts";
export type { Terminal } from "./terminal/terminal.ts";

export type RunTuiOptions = {
  /** The loaded configuration (core's `Config` fits as is). */
  settings: TuiSettings;
  /**
   * Creates the session. Called once the trust question (if any) is answered, and again for
   * `/new`. `configChanged` is true when the trust answer was just recorded (through core), so
   * the caller should load the configuration again before creating the session. `choices` (for `/new`)
   * are the model, effort and policies of the session it replaces, which the new one keeps.
   */
  createSession: (options: {
    configChanged: boolean;
    choices: SessionChoices | null;
    /** `/fork`: the session whose conversation the new one starts from. */
    forkFrom?: string;
  }) => Promise<Session>;
  /** `codex "PROMPT"`: sent as the first message. */
  initialPrompt?: string;
  /** `-i/--image` paths attached to the first message. */
  images?: string[];
  /** `/logout`: removes the stored credentials and returns a line to show. */
  logout?: () => Promise<string>;
  /**
   * What is missing for the model provider's credentials (no API key, no login), or null. Asked
   * whenever a session starts, so the user reads it before typing a prompt that would fail.
   */
  credentialsProblem?: () => string | null;
  /** Skip the trust question (for example when -a/-s/--full-auto were given). */
  skipTrustPrompt?: boolean;
  /** Defaults to the process's stdin/stdout. */
  terminal?: Terminal;
  /** Defaults to `process.env` (NO_COLOR, TERM, TMUX). */
  env?: Record<string, string | undefined>;
  /** Where the exit summary goes (defaults to stdout). */
  print?: (line: string) => void;
};

export async function runTui(options: RunTuiOptions): Promise<number> {
  const env = options.env ?? process.env;
  if (!options.terminal && !(process.stdin.isTTY && process.stdout.isTTY)) {
    process.stderr.write(
      "codex: the interactive UI needs a terminal; for scripts use `codex exec PROMPT`.\n",
    );
    return 1;
  }
  const terminal = options.terminal ?? new ProcessTerminal({ stdin: process.stdin, stdout: process.stdout });
  let configChanged = false;
  const app = new App({
    terminal,
    theme: createTheme({ color: colorFromEnv(env) }),
    settings: options.settings,
    createSession: (choices, forkFrom) => {
      const changed = configChanged;
      configChanged = false;
      return options.createSession({ configChanged: changed, choices, ...(forkFrom ? { forkFrom } : {}) });
    },
    logout: options.logout,
    credentialsProblem: options.credentialsProblem,
    now: () => Date.now(),
    inTmux: Boolean(env.TMUX),
    eventLog: env.CODEX_TUI_EVENT_LOG || undefined,
  });
  const exit = app.start();
  const onSignal = () => void app.quit(130);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  try {
    if (!options.skipTrustPrompt) {
      configChanged = await Promise.race([askTrust(app, options.settings), exit.then(() => false)]);
    }
    if (!app.isExiting()) {
      // Let the first frame reach the terminal before session start-up work runs.
      await new Promise((resolve) => setImmediate(resolve));
      await app.connect();
      const images = options.images ?? [];
      if (app.session && (options.initialPrompt || images.length > 0)) {
        app.sendUserMessage(options.initialPrompt ?? "", images);
      }
    }
    const code = await exit;
    const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const line of exitSummary(app)) print(line);
    return code;
  } finally {
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  }
}

/**
 * First run in a project never asked about: "Yes" records it trusted, "No" untrusted (core keeps
 * the answer in the user's config), so the question comes once per project. Resolves with whether
 * the configuration changed.
 */
async function askTrust(app: App, settings: TuiSettings): Promise<boolean> {
  const project = { codexHome: settings.codexHome, cwd: settings.cwd };
  let trust: ReturnType<typeof projectTrust>;
  try {
    trust = projectTrust(project);
  } catch (err) {
    app.addCell({
      kind: "notice",
      tone: "error",
      text: `Could not read the trust setting: ${(err as Error).message}`,
    });
    return false;
  }
  if (trust.level !== null) return false;
  const level = await app.askTrust({ folder: settings.cwd, isGitRepo: trust.isGitRepo });
  if (level === null) return false;
  try {
    setProjectTrust(project, level);
    return true;
  } catch (err) {
    app.addCell({
      kind: "notice",
      tone: "error",
      text: `Could not save trust setting: ${(err as Error).message}`,
    });
    return false;
  }
}

function exitSummary(app: App): string[] {
  const lines: string[] = [];
  const t = app.state.transcript;
  const usage: TokenUsage | undefined = t.tokens?.total_token_usage ?? t.totalUsage ?? undefined;
  if (usage && usage.total_tokens > 0) lines.push(tokenUsageLine(usage));
  const id = t.session?.sessionId;
  if (id && t.finished.some((c) => c.kind === "user"))
    lines.push(`To continue this session, run codex resume ${id}`);
  return lines;
}
