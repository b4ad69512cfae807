/**
 * The App: the event loop that connects the terminal, the session and the views. Input chunks
 * are parsed and handled synchronously (keys are never dropped); protocol events go through the
 * reducer; a frame is drawn at most once per tick, only after something changed. Nothing runs
 * while idle: the only timer is the spinner, and it exists only while a turn is running.
 */
import { appendFileSync } from "node:fs";
import type { Event, Op, Session } from "@codex/protocol";
import { type CustomPrompt, loadCustomPrompts } from "./features/custom-prompts.ts";
import { FileIndex } from "./features/file-search.ts";
import { HistoryNavigator, readHistory } from "./features/history.ts";
import { notificationEnabled, osc9 } from "./features/notifications.ts";
import { buildLiveFrame } from "./live-frame.ts";
import { createLinker, type Linker } from "./render/links.ts";
import { ScrollbackCommitter } from "./scrollback-committer.ts";
import type { SessionChoices, TuiSettings } from "./settings.ts";
import type { Cell } from "./state/cells.ts";
import {
  applyEvent,
  contextLeftPercent,
  createTranscriptState,
  pushCell,
  type TranscriptState,
} from "./state/reducer.ts";
import { InputParser } from "./terminal/keys.ts";
import { LiveRenderer } from "./terminal/live-renderer.ts";
import type { Terminal } from "./terminal/terminal.ts";
import type { Theme } from "./terminal/theme.ts";
import { type CellContext, renderCell } from "./views/cell-view.ts";
import { Composer } from "./views/composer.ts";
import type { PopupRow } from "./views/popup-view.ts";
import { SPINNER } from "./views/status-line.ts";
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, TranscriptOverlay } from "./views/transcript-overlay.ts";

const FRAME_MS = 16;
const SPINNER_MS = 100;

export type Picker = { title: string; rows: PopupRow[]; selected: number; onSelect: (index: number) => void };

export type AppOptions = {
  terminal: Terminal;
  theme: Theme;
  settings: TuiSettings;
  /** Starts a session; `/new` passes the current one's model, effort and policies to keep them. */
  createSession: (choices: SessionChoices | null) => Promise<Session>;
  logout?: () => Promise<string>;
  /** What is missing for the provider's credentials, shown when a session starts; null when nothing is. */
  credentialsProblem?: () => string | null;
  now: () => number;
  inTmux: boolean;
  /** Appends every protocol event as a JSON line (CODEX_TUI_EVENT_LOG), for debugging. */
  eventLog?: string;
};

export class App {
  readonly state: TranscriptState;
  readonly composer = new Composer();
  readonly history = new HistoryNavigator();
  readonly files: FileIndex;
  readonly renderer: LiveRenderer;
  readonly linker: Linker;
  prompts: CustomPrompt[] = [];
  session: Session | null = null;
  queued: Array<{ text: string; images: string[] }> = [];
  picker: Picker | null = null;
  popupSelected = 0;
  popupKey = "";
  /** The composer text for which the user closed the completion popup with Esc. */
  popupDismissed: string | null = null;
  approvalScroll = 0;
  hint: string | null = null;
  quitArmed = false;
  escArmed = false;
  overlay: TranscriptOverlay | null = null;
  screen: { lines: string[]; onKey: (key: import("./terminal/keys.ts").InputEvent) => void } | null = null;
  private readonly parser = new InputParser();
  private readonly committer: ScrollbackCommitter;
  private frameScheduled = false;
  private overlayStale = false;
  private lastFrameAt = 0;
  private spinner: ReturnType<typeof setInterval> | null = null;
  private spinnerFrame = 0;
  private generation = 0;
  private exitResolve: ((code: number) => void) | null = null;
  private exiting = false;
  /** Handles one parsed input event; set by the input router. */
  onInput: (ev: import("./terminal/keys.ts").InputEvent) => void = () => {};

  constructor(readonly options: AppOptions) {
    this.state = createTranscriptState({ hideReasoning: options.settings.hide_agent_reasoning });
    this.files = new FileIndex(options.settings.cwd);
    this.renderer = new LiveRenderer(options.terminal);
    this.committer = new ScrollbackCommitter(this.renderer);
    this.linker = createLinker({
      fileOpener: options.settings.file_opener,
      cwd: options.settings.cwd,
      enabled: true,
    });
  }

  isExiting(): boolean {
    return this.exiting;
  }

  get theme(): Theme {
    return this.options.theme;
  }

  /** Starts input handling and returns a promise that resolves with the exit code. */
  start(): Promise<number> {
    const done = new Promise<number>((resolve) => {
      this.exitResolve = resolve;
    });
    this.options.terminal.start({
      onInput: (chunk) => {
        for (const ev of this.parser.feed(chunk)) this.onInput(ev);
        this.requestRender();
      },
      onResize: () => {
        this.renderer.handleResize();
        if (this.overlay) this.openTranscript();
        this.requestRender();
      },
      onHangup: () => void this.quit(129),
    });
    void readHistory(this.options.settings.codexHome).then((entries) => {
      if (this.options.settings.history.persistence !== "none") this.history.load(entries);
    });
    void loadCustomPrompts(this.options.settings.codexHome).then((prompts) => {
      this.prompts = prompts;
    });
    // The first frame goes out now, before the session is created (which may take a while).
    this.lastFrameAt = Date.now();
    this.draw();
    return done;
  }

  async connect(choices: SessionChoices | null = null): Promise<void> {
    const generation = ++this.generation;
    let session: Session;
    try {
      session = await this.options.createSession(choices);
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

  handleEvent(event: Event): void {
    if (this.options.eventLog) appendFileSync(this.options.eventLog, `${JSON.stringify(event)}\n`);
    const wasRunning = this.state.running;
    for (const effect of applyEvent(this.state, event, this.options.now())) {
      if (effect.type === "notify") {
        const kind = effect.kind === "turn-complete" ? "agent-turn-complete" : "approval-requested";
        if (notificationEnabled(this.options.settings.tui.notifications, kind)) {
          this.options.terminal.write(osc9(effect.text, { tmux: this.options.inTmux }));
        }
      }
    }
    if (event.msg.type === "exec_approval_request" || event.msg.type === "apply_patch_approval_request") {
      this.approvalScroll = 0;
    }
    if (event.msg.type === "session_configured") {
      // Say it now rather than after the first prompt fails.
      const problem = this.options.credentialsProblem?.();
      if (problem) pushCell(this.state, { kind: "notice", tone: "warning", text: problem });
    }
    if (this.state.running !== wasRunning) this.onRunningChanged();
    if (this.overlay) this.overlayStale = true;
    this.drainQueue();
    this.requestRender();
  }

  /** Sends the next queued message once the session is configured and idle. */
  private drainQueue(): void {
    if (this.state.running || !this.state.session) return;
    const next = this.queued.shift();
    if (next !== undefined) this.sendUserMessage(next.text, next.images);
  }

  private onRunningChanged(): void {
    if (this.state.running && !this.spinner) {
      this.spinner = setInterval(() => {
        this.spinnerFrame++;
        this.requestRender();
      }, SPINNER_MS);
    } else if (!this.state.running) {
      if (this.spinner) clearInterval(this.spinner);
      this.spinner = null;
    }
  }

  async submit(op: Op): Promise<void> {
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

  sendUserMessage(text: string, images: string[]): void {
    if (this.state.running || !this.state.session) {
      this.queued.push({ text, images });
      this.requestRender();
      return;
    }
    this.addCell({ kind: "user", text, images });
    const items: Array<{ type: "text"; text: string } | { type: "local_image"; path: string }> = [];
    for (const path of images) items.push({ type: "local_image", path });
    if (text.length > 0) items.push({ type: "text", text });
    void this.submit({ type: "user_turn", items });
    if (text.length > 0) {
      this.history.add(text);
      if (this.options.settings.history.persistence !== "none")
        void this.submit({ type: "add_to_history", text });
    }
  }

  addCell(cell: Cell): void {
    pushCell(this.state, cell);
    this.requestRender();
  }

  /** Replaces the session with a fresh one (/new) with the same model and policies; the scrollback stays. */
  async newSession(): Promise<void> {
    const current = this.state.session;
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
    this.state.active = [];
    this.state.approvals = [];
    this.state.running = false;
    this.state.tokens = null;
    this.state.session = null;
    this.queued = [];
    this.committer.reset();
    this.onRunningChanged();
    await this.connect(choices);
  }

  cellContext(options: { expanded: boolean }): CellContext {
    return {
      theme: this.theme,
      width: Math.max(20, this.options.terminal.columns),
      linker: this.linker,
      now: this.options.now(),
      expanded: options.expanded,
      spinner: SPINNER[this.spinnerFrame % SPINNER.length] ?? "•",
    };
  }

  openTranscript(): void {
    const ctx = this.cellContext({ expanded: true });
    const lines: string[] = [];
    for (const cell of [...this.state.finished, ...this.state.active]) {
      if (lines.length > 0) lines.push("");
      lines.push(...renderCell(cell, ctx));
    }
    if (!this.overlay) {
      this.options.terminal.write(ENTER_ALT_SCREEN);
      this.overlay = new TranscriptOverlay(lines);
    } else this.overlay.setLines(lines);
  }

  /** Ctrl-Z: clears the live region, stops; draws it again after `fg`. */
  suspend(): void {
    const term = this.options.terminal;
    if (!term.suspend || this.overlay) return;
    this.renderer.clear();
    term.suspend(() => {
      this.renderer.invalidate();
      this.requestRender();
    });
  }

  closeTranscript(): void {
    if (!this.overlay) return;
    this.overlay = null;
    this.options.terminal.write(LEAVE_ALT_SCREEN);
    this.renderer.invalidate();
    this.requestRender();
  }

  requestRender(): void {
    if (this.frameScheduled || this.exiting) return;
    this.frameScheduled = true;
    const wait = this.lastFrameAt + FRAME_MS - Date.now();
    const run = () => {
      this.frameScheduled = false;
      this.lastFrameAt = Date.now();
      this.draw();
    };
    if (wait > 0) setTimeout(run, wait);
    else setImmediate(run);
  }

  /** Draws now (tests call this through `flush`). */
  draw(): void {
    if (this.exiting) return;
    const term = this.options.terminal;
    if (this.overlay) {
      if (this.overlayStale) this.openTranscript();
      this.overlayStale = false;
      term.write(this.overlay.render({ rows: term.rows, columns: term.columns, theme: this.theme }));
      return;
    }
    const ctx = this.cellContext({ expanded: false });
    this.committer.commit(this.state, ctx);
    const frame = buildLiveFrame({
      state: this.state,
      ctx,
      rows: term.rows,
      streaming: this.committer.streamingProgress(),
      queued: this.queued,
      composer: this.composer.render({
        width: ctx.width,
        theme: this.theme,
        placeholder: this.placeholder(),
      }),
      popup: this.popup(),
      approvalScroll: this.approvalScroll,
      footer: this.footerInfo(),
      hint: this.hint,
      spinnerFrame: this.spinnerFrame,
      screen: this.screen?.lines ?? null,
    });
    this.renderer.render(frame);
  }

  private placeholder(): string {
    return this.state.running ? "Send a message to queue it" : "Ask Codex to do anything";
  }

  /** The popup under the composer, if any (set by the input router's popup logic). */
  popup: () => { title?: string; rows: PopupRow[]; selected: number; empty?: string } | null = () => null;

  private footerInfo() {
    const s = this.state.session;
    if (!s) return null;
    return {
      model: s.model,
      effort: s.effort,
      cwd: s.cwd,
      sandbox: s.sandbox,
      approval: s.approval,
      contextLeft: contextLeftPercent(this.state),
    };
  }

  /** Ends the TUI: shuts the session down, clears the live region, restores the terminal. */
  async quit(code = 0): Promise<void> {
    if (this.exiting) return;
    this.closeTranscript();
    this.draw();
    this.exiting = true;
    if (this.spinner) clearInterval(this.spinner);
    this.spinner = null;
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
    this.renderer.clear();
    this.options.terminal.stop();
    this.exitResolve?.(code);
  }
}
