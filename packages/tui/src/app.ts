/**
 * The App runs the TUI: it owns the terminal and the session, and nothing else decides
 * anything. Keys go through the key reducer (ui/reduce-key.ts) and protocol events
 * through the event reducer (state/reducer.ts); both change the UI state (ui/state.ts) and
 * return effects, which `run` carries out here; the screen (screen.ts) draws the state. Keys are
 * parsed and handled synchronously (never dropped).
 */
import { appendFileSync } from "node:fs";
import { reviewHooks, trustHook } from "@codex/core";
import type { Event, Op, Session } from "@codex/protocol";
import { FileIndex } from "./features/file-search.ts";
import { locationExcerpt } from "./features/location-excerpt.ts";
import { notificationEnabled, osc9 } from "./features/notifications.ts";
import { initAgentsMd, logout, showDiff, type TaskHost } from "./local-tasks.ts";
import { Screen } from "./screen.ts";
import type { SessionChoices, TuiSettings } from "./settings.ts";
import { openHooksReview } from "./slash/hooks.ts";
import { findingsPicker } from "./slash/review.ts";
import type { Cell } from "./state/cells.ts";
import { applyEvent, pushCell } from "./state/reducer.ts";
import { InputParser } from "./terminal/keys.ts";
import type { Terminal } from "./terminal/terminal.ts";
import type { Theme } from "./terminal/theme.ts";
import type { CompletionContext, FileLookup } from "./ui/completion.ts";
import type { TrustLevel, UiEffect } from "./ui/effects.ts";
import type { KeyContext } from "./ui/key-context.ts";
import { reduceUiEvent } from "./ui/reduce-event.ts";
import { reduceKey } from "./ui/reduce-key.ts";
import { sendUserMessage } from "./ui/send.ts";
import { createUiState, type TrustQuestion, type UiState } from "./ui/state.ts";

export type AppOptions = {
  terminal: Terminal;
  theme: Theme;
  settings: TuiSettings;
  /** Starts a session; `/new` passes the current one's model, effort and policies to keep them. */
  createSession: (choices: SessionChoices | null, forkFrom?: string) => Promise<Session>;
  logout?: () => Promise<string>;
  /** What is missing for the provider's credentials, shown when a session starts; null when nothing is. */
  credentialsProblem?: () => string | null;
  now: () => number;
  inTmux: boolean;
  /** Appends every protocol event as a JSON line (CODEX_TUI_EVENT_LOG), for debugging. */
  eventLog?: string;
};

export class App {
  readonly state: UiState;
  session: Session | null = null;
  private readonly files: FileIndex;
  private readonly screen: Screen;
  private readonly parser = new InputParser();
  private generation = 0;
  private exitResolve: ((code: number) => void) | null = null;
  private exiting = false;
  private trustAnswer: ((level: TrustLevel | null) => void) | null = null;
  /** What local tasks (/diff, /init, /logout) may do. */
  private readonly host: TaskHost = {
    addCell: (cell) => this.addCell(cell),
    submit: (op) => void this.submit(op),
    quit: () => void this.quit(),
  };

  constructor(readonly options: AppOptions) {
    this.state = createUiState({ hideReasoning: options.settings.hide_agent_reasoning });
    this.files = new FileIndex(options.settings.cwd);
    this.screen = new Screen(this.state, { ...options, completion: () => this.completionContext() });
  }

  isExiting(): boolean {
    return this.exiting;
  }

  /** Starts input handling and returns a promise that resolves with the exit code. */
  start(): Promise<number> {
    const done = new Promise<number>((resolve) => {
      this.exitResolve = resolve;
    });
    this.options.terminal.start({
      onInput: (chunk) => {
        for (const ev of this.parser.feed(chunk)) this.run(reduceKey(this.state, ev, this.keyContext()));
        this.screen.requestRender();
      },
      onResize: () => this.screen.handleResize(),
      onHangup: () => void this.quit(129),
    });
    // The first frame goes out now, before the session is created (which may take a while).
    this.screen.drawFirst();
    return done;
  }

  /** Shows the trust question; resolves with the answer (null: Esc, ask again next time). */
  askTrust(question: Omit<TrustQuestion, "selected">): Promise<TrustLevel | null> {
    this.state.trust = { ...question, selected: 0 };
    this.screen.requestRender();
    return new Promise((resolve) => {
      this.trustAnswer = resolve;
    });
  }

  async connect(choices: SessionChoices | null = null, forkFrom?: string): Promise<void> {
    const generation = ++this.generation;
    let session: Session;
    try {
      session = await this.options.createSession(choices, forkFrom);
    } catch (err) {
      this.addCell({
        kind: "notice",
        tone: "error",
        text: `Could not start a session: ${(err as Error).message}`,
      });
      return;
    }
    if (generation !== this.generation || this.exiting) {
      void session.close();
      return;
    }
    this.session = session;
    void this.pump(session, generation);
  }

  private async pump(session: Session, generation: number): Promise<void> {
    try {
      for await (const event of session.events) {
        if (generation !== this.generation) continue;
        this.handleEvent(event);
      }
    } catch (err) {
      if (generation === this.generation) {
        this.addCell({ kind: "notice", tone: "error", text: `Session ended: ${(err as Error).message}` });
      }
    }
  }

  private handleEvent(event: Event): void {
    if (this.options.eventLog) appendFileSync(this.options.eventLog, `${JSON.stringify(event)}\n`);
    const t = this.state.transcript;
    const wasRunning = t.running;
    for (const effect of applyEvent(t, event, this.options.now())) {
      if (effect.type === "notify") {
        const kind = effect.kind === "turn-complete" ? "agent-turn-complete" : "approval-requested";
        if (notificationEnabled(this.options.settings.tui.notifications, kind)) {
          this.options.terminal.write(osc9(effect.text, { tmux: this.options.inTmux }));
        }
      }
    }
    if (event.msg.type === "exited_review_mode" && (event.msg.review_output?.findings.length ?? 0) > 0)
      this.state.picker = findingsPicker(event.msg.review_output?.findings ?? []);
    if (event.msg.type === "session_configured") {
      // The skills behind `$` completion and /skills.
      this.run([{ type: "submit", op: { type: "list_skills" } }]);
      // Say it now rather than after the first prompt fails.
      const problem = this.options.credentialsProblem?.();
      if (problem) pushCell(t, { kind: "notice", tone: "warning", text: problem });
    }
    if (t.running !== wasRunning) this.screen.runningChanged();
    this.screen.transcriptChanged();
    this.run(reduceUiEvent(this.state, event.msg, this.sendOptions()));
    this.screen.requestRender();
  }

  /** Sends the first message (`codex "PROMPT"`, `-i` images). */
  sendUserMessage(text: string, images: string[]): void {
    this.run(sendUserMessage(this.state, text, images, this.sendOptions()));
    this.screen.requestRender();
  }

  /** Carries out what a reducer decided. */
  private run(effects: readonly UiEffect[]): void {
    for (const effect of effects) {
      switch (effect.type) {
        case "submit":
          void this.submit(effect.op);
          break;
        case "quit":
          void this.quit(effect.code);
          break;
        case "suspend":
          this.screen.suspend();
          break;
        case "open-transcript":
          this.screen.openTranscript();
          break;
        case "close-transcript":
          this.screen.closeTranscript();
          break;
        case "new-session":
          void this.newSession();
          break;
        case "fork-session": {
          const id = this.state.transcript.session?.sessionId;
          if (id) void this.newSession(id);
          else this.addCell({ kind: "notice", tone: "error", text: "No session to fork yet." });
          break;
        }
        case "show-location":
          void locationExcerpt(effect.path, effect.start, effect.end).then((lines) => {
            this.addCell({
              kind: "text",
              title: `${effect.title} — ${effect.path}:${effect.start}-${effect.end}`,
              body: [...effect.body.split("\n"), "", ...lines],
            });
            this.screen.requestRender();
          });
          break;
        case "logout":
          logout(this.host, this.options.logout);
          break;
        case "show-diff":
          showDiff(this.host, this.cwd());
          break;
        case "init-agents-md":
          initAgentsMd(this.host, this.options.settings.cwd);
          break;
        case "review-hooks":
          this.run(openHooksReview(this.state, reviewHooks(this.options.settings)));
          break;
        case "trust-hook":
          this.trustHook(effect);
          break;
        case "trust-answer": {
          const resolve = this.trustAnswer;
          this.trustAnswer = null;
          resolve?.(effect.level);
          break;
        }
      }
    }
  }

  private trustHook(hook: { key: string; hash: string; command: string }): void {
    try {
      trustHook(this.options.settings.codexHome, hook);
      this.addCell({
        kind: "notice",
        tone: "info",
        text: `Trusted: ${hook.command} (it runs from the next session; /new starts one)`,
      });
    } catch (err) {
      this.addCell({
        kind: "notice",
        tone: "error",
        text: `Could not trust the hook: ${(err as Error).message}`,
      });
    }
  }

  private async submit(op: Op): Promise<void> {
    if (!this.session) {
      this.addCell({ kind: "notice", tone: "error", text: "No session is running; try /new." });
      return;
    }
    try {
      await this.session.submit(op);
    } catch (err) {
      this.addCell({
        kind: "notice",
        tone: "error",
        text: `Could not send ${op.type}: ${(err as Error).message}`,
      });
    }
  }

  addCell(cell: Cell): void {
    pushCell(this.state.transcript, cell);
    this.screen.requestRender();
  }

  /** Replaces the session with a fresh one (/new) with the same model and policies; the scrollback stays. */
  /** `/new`, or `/fork` (`forkFrom`: the session whose conversation the new one starts with). */
  private async newSession(forkFrom?: string): Promise<void> {
    const t = this.state.transcript;
    const current = t.session;
    const choices: SessionChoices | null = current && {
      model: current.model,
      effort: current.effort,
      approval_policy: current.approval,
      sandbox_mode: current.sandbox,
    };
    const old = this.session;
    this.session = null;
    this.generation++;
    if (old) await old.close().catch(() => {});
    t.active = [];
    t.approvals = [];
    t.running = false;
    t.tokens = null;
    t.session = null;
    this.state.queued = [];
    this.screen.resetScrollback();
    this.screen.runningChanged();
    await this.connect(choices, forkFrom);
  }

  private cwd(): string {
    return this.state.transcript.session?.cwd ?? this.options.settings.cwd;
  }

  private sendOptions() {
    return { saveHistory: this.options.settings.history.persistence !== "none" };
  }

  private completionContext(): CompletionContext {
    const theme = this.options.theme;
    const files = this.files;
    const redraw = () => this.screen.requestRender();
    // The reducer only asks; loading and the background search wake the next frame.
    const lookup: FileLookup = {
      isLoaded: () => files.isLoaded(),
      search: (query, limit) => {
        void files.load().then(redraw);
        return files.search(query, limit, redraw);
      },
      isCurrent: (query, limit) => files.isCurrent(query, limit),
    };
    return { files: lookup, highlight: (s) => theme.bold(theme.cyan(s)) };
  }

  private keyContext(): KeyContext {
    const s = this.options.settings;
    return {
      ...this.completionContext(),
      rows: this.options.terminal.rows,
      send: this.sendOptions(),
      defaults: {
        model: s.model,
        provider: s.model_provider.id,
        cwd: s.cwd,
        approval: s.approval_policy,
        sandbox: s.sandbox_mode,
      },
    };
  }

  /** Ends the TUI: shuts the session down, clears the live region, restores the terminal. */
  async quit(code = 0): Promise<void> {
    if (this.exiting) return;
    this.screen.drawLast();
    this.exiting = true;
    this.generation++;
    const session = this.session;
    this.session = null;
    if (session) {
      // Wait for a clean shutdown, but not forever; the timer must not keep the process alive.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        session.close().catch(() => {}),
        new Promise((r) => {
          timer = setTimeout(r, 3000);
        }),
      ]);
      clearTimeout(timer);
    }
    this.screen.clear();
    this.options.terminal.stop();
    this.exitResolve?.(code);
  }
}
