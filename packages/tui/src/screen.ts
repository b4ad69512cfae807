/**
 * What the App shows, kept apart from what it decides: frames are drawn at most once per tick and
 * only after something changed, the transcript overlay (Ctrl-T) takes the alternate screen, and the
 * spinner's timer exists only while a turn runs. It reads the UI state and never changes it, but
 * for the overlay it opens and closes.
 */
import { buildLiveFrame } from "./live-frame.ts";
import { createLinker, type Linker } from "./render/links.ts";
import { ScrollbackCommitter } from "./scrollback-committer.ts";
import type { TuiSettings } from "./settings.ts";
import { contextLeftPercent } from "./state/reducer.ts";
import { LiveRenderer } from "./terminal/live-renderer.ts";
import type { Terminal } from "./terminal/terminal.ts";
import type { Theme } from "./terminal/theme.ts";
import { renderTrustQuestion } from "./trust-screen.ts";
import { type CompletionContext, popupView } from "./ui/completion.ts";
import type { UiState } from "./ui/state.ts";
import { type CellContext, renderCell } from "./views/cell-view.ts";
import { SPINNER } from "./views/status-line.ts";
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, TranscriptOverlay } from "./views/transcript-overlay.ts";

const FRAME_MS = 16;
const SPINNER_MS = 100;

type ScreenOptions = {
  terminal: Terminal;
  theme: Theme;
  settings: Pick<TuiSettings, "file_opener" | "cwd">;
  now: () => number;
  /** The popup's lookups (the same the key reducer completes with). */
  completion: () => CompletionContext;
};

export class Screen {
  private readonly renderer: LiveRenderer;
  private readonly linker: Linker;
  private readonly committer: ScrollbackCommitter;
  private frameScheduled = false;
  private overlayStale = false;
  private lastFrameAt = 0;
  private spinner: ReturnType<typeof setInterval> | null = null;
  private spinnerFrame = 0;
  private stopped = false;

  constructor(
    private readonly state: UiState,
    private readonly options: ScreenOptions,
  ) {
    this.renderer = new LiveRenderer(options.terminal);
    this.committer = new ScrollbackCommitter(this.renderer);
    this.linker = createLinker({
      fileOpener: options.settings.file_opener,
      cwd: options.settings.cwd,
      enabled: true,
    });
  }

  /** The first frame goes out at once. */
  drawFirst(): void {
    this.lastFrameAt = Date.now();
    this.draw();
  }

  handleResize(): void {
    this.renderer.handleResize();
    if (this.state.overlay) this.openTranscript();
    this.requestRender();
  }

  /** The transcript changed: an open overlay shows it again at the next frame. */
  transcriptChanged(): void {
    if (this.state.overlay) this.overlayStale = true;
  }

  /** A new session: its cells start a new stretch of scrollback. */
  resetScrollback(): void {
    this.committer.reset();
  }

  runningChanged(): void {
    if (this.state.transcript.running && !this.spinner) {
      this.spinner = setInterval(() => {
        this.spinnerFrame++;
        this.requestRender();
      }, SPINNER_MS);
    } else if (!this.state.transcript.running) {
      if (this.spinner) clearInterval(this.spinner);
      this.spinner = null;
    }
  }

  private cellContext(options: { expanded: boolean }): CellContext {
    return {
      theme: this.options.theme,
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
    const t = this.state.transcript;
    for (const cell of [...t.finished, ...t.active]) {
      if (lines.length > 0) lines.push("");
      lines.push(...renderCell(cell, ctx));
    }
    if (!this.state.overlay) {
      this.options.terminal.write(ENTER_ALT_SCREEN);
      this.state.overlay = new TranscriptOverlay(lines);
    } else this.state.overlay.setLines(lines);
  }

  closeTranscript(): void {
    if (!this.state.overlay) return;
    this.state.overlay = null;
    this.options.terminal.write(LEAVE_ALT_SCREEN);
    this.renderer.invalidate();
    this.requestRender();
  }

  /** Ctrl-Z: clears the live region, stops; draws it again after `fg`. */
  suspend(): void {
    const term = this.options.terminal;
    if (!term.suspend || this.state.overlay) return;
    this.renderer.clear();
    term.suspend(() => {
      this.renderer.invalidate();
      this.requestRender();
    });
  }

  requestRender(): void {
    if (this.frameScheduled || this.stopped) return;
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

  private draw(): void {
    if (this.stopped) return;
    const term = this.options.terminal;
    const { overlay, transcript } = this.state;
    if (overlay) {
      if (this.overlayStale) this.openTranscript();
      this.overlayStale = false;
      term.write(overlay.render({ rows: term.rows, columns: term.columns, theme: this.options.theme }));
      return;
    }
    const ctx = this.cellContext({ expanded: false });
    this.committer.commit(transcript, ctx);
    const s = transcript.session;
    const frame = buildLiveFrame({
      state: transcript,
      ctx,
      rows: term.rows,
      streaming: this.committer.streamingProgress(),
      queued: this.state.queued,
      composer: this.state.composer.render({
        width: ctx.width,
        theme: this.options.theme,
        placeholder: transcript.running ? "Send a message to queue it" : "Ask Codex to do anything",
      }),
      popup: popupView(this.state, this.options.completion()),
      approvalScroll: this.state.approvalScroll,
      footer: s && {
        model: s.model,
        effort: s.effort,
        cwd: s.cwd,
        sandbox: s.sandbox,
        approval: s.approval,
        contextLeft: contextLeftPercent(transcript),
      },
      hint: this.state.hint,
      spinnerFrame: this.spinnerFrame,
      screen:
        this.state.trust &&
        renderTrustQuestion(this.state.trust, { width: ctx.width, theme: this.options.theme }),
    });
    this.renderer.render(frame);
  }

  /** The last frame (the overlay closed), then no more: the spinner stops, nothing is scheduled. */
  drawLast(): void {
    if (this.stopped) return;
    this.closeTranscript();
    this.draw();
    this.stopped = true;
    if (this.spinner) clearInterval(this.spinner);
    this.spinner = null;
  }

  /** Clears the live region before the terminal is given back. */
  clear(): void {
    this.renderer.clear();
  }
}
