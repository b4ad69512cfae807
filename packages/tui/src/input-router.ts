import type { ReviewDecision } from "@codex/protocol";
/**
 * Routes each key or paste to whatever has focus: the transcript view, a screen (trust prompt),
 * the approval modal, a picker or completion popup, or the composer. Also computes the popup
 * that belongs under the composer (slash commands, @ files).
 */
import type { App } from "./app.ts";
import { PROMPTS_PREFIX } from "./features/custom-prompts.ts";
import { fuzzyScore, highlightMatch } from "./features/fuzzy.ts";
import { SLASH_COMMANDS } from "./features/slash-commands.ts";
import { runSlashCommand } from "./slash-dispatch.ts";
import type { InputEvent, KeyEvent } from "./terminal/keys.ts";
import type { PopupRow } from "./views/popup-view.ts";

type Completion = {
  rows: PopupRow[];
  values: string[];
  start: number;
  end: number;
  kind: "slash" | "file";
  /** False while the file matches shown are still those of an earlier query. */
  current: boolean;
};

const FILE_POPUP_LIMIT = 8;

export function installInputRouter(app: App): void {
  app.onInput = (ev) => route(app, ev);
  app.popup = () => {
    if (app.picker) return { title: app.picker.title, rows: app.picker.rows, selected: app.picker.selected };
    const c = completion(app);
    if (!c) return null;
    return {
      rows: c.rows,
      selected: Math.min(app.popupSelected, Math.max(0, c.rows.length - 1)),
      empty: c.kind === "file" && !app.files.isLoaded() ? "loading files…" : "no matches",
    };
  };
}

function isChar(ev: KeyEvent, text: string, mods: { ctrl?: boolean; alt?: boolean } = {}): boolean {
  return ev.name === "char" && ev.text === text && ev.ctrl === !!mods.ctrl && ev.alt === !!mods.alt;
}

function route(app: App, ev: InputEvent) {
  if (app.screen) {
    app.screen.onKey(ev);
    return;
  }
  if (ev.type === "paste") {
    if (app.overlay || app.state.approvals.length > 0) return;
    app.composer.paste(ev.text);
    afterEdit(app);
    return;
  }
  if (app.overlay) {
    const r = app.overlay.handleKey(ev, app.options.terminal.rows);
    if (r === "close") app.closeTranscript();
    return;
  }
  const wasQuitArmed = app.quitArmed;
  const wasEscArmed = app.escArmed;
  app.quitArmed = false;
  app.escArmed = false;
  app.hint = null;
  if (isChar(ev, "c", { ctrl: true })) return onCtrlC(app, wasQuitArmed);
  if (isChar(ev, "z", { ctrl: true })) {
    app.suspend();
    return;
  }
  if (isChar(ev, "t", { ctrl: true })) {
    app.openTranscript();
    return;
  }
  if (app.state.approvals.length > 0) return onApprovalKey(app, ev);
  if (ev.name === "escape") return onEscape(app, wasEscArmed);
  if (isChar(ev, "d", { ctrl: true }) && app.composer.isEmpty()) {
    void app.quit();
    return;
  }
  if (app.picker) return onPickerKey(app, ev);
  const c = completion(app);
  if (c && c.rows.length > 0 && onCompletionKey(app, ev, c)) return;
  onComposerKey(app, ev);
}

function onCtrlC(app: App, wasArmed: boolean): void {
  if (app.state.approvals.length > 0) {
    answerApproval(app, "abort");
    return;
  }
  if (app.state.running) {
    void app.submit({ type: "interrupt" });
    return;
  }
  if (app.picker) {
    app.picker = null;
    return;
  }
  if (!app.composer.isEmpty()) {
    app.composer.clear();
    app.history.reset();
    return;
  }
  if (wasArmed) {
    void app.quit();
    return;
  }
  app.quitArmed = true;
  app.hint = "ctrl + c again to quit";
}

function onEscape(app: App, wasArmed: boolean): void {
  if (app.state.running) {
    void app.submit({ type: "interrupt" });
    return;
  }
  if (app.picker) {
    app.picker = null;
    return;
  }
  if (completion(app)) {
    // Hide the popup until the text changes.
    app.popupDismissed = app.composer.text;
    return;
  }
  if (!app.composer.isEmpty()) return;
  if (wasArmed) {
    const last = app.history.last();
    if (last !== null) app.composer.setText(last);
    return;
  }
  if (app.history.last() !== null) {
    app.escArmed = true;
    app.hint = "esc again to edit previous message";
  }
}

function answerApproval(app: App, decision: ReviewDecision): void {
  const req = app.state.approvals.shift();
  if (!req) return;
  app.approvalScroll = 0;
  app.addCell({ kind: "decision", request: req, decision });
  const type = req.kind === "exec" ? "exec_approval" : "patch_approval";
  void app.submit({ type, call_id: req.callId, decision });
}

function onApprovalKey(app: App, ev: KeyEvent): void {
  if (isChar(ev, "y")) answerApproval(app, "approved");
  else if (isChar(ev, "a")) answerApproval(app, "approved_for_session");
  else if (isChar(ev, "p") && app.state.approvals[0]?.kind === "exec" && app.state.approvals[0].amendment)
    answerApproval(app, "approved_execpolicy_amendment");
  else if (isChar(ev, "n")) answerApproval(app, "denied");
  else if (ev.name === "escape") answerApproval(app, "abort");
  else if (ev.name === "up") app.approvalScroll = Math.max(0, app.approvalScroll - 1);
  else if (ev.name === "down") app.approvalScroll++;
  else if (ev.name === "pageup") app.approvalScroll = Math.max(0, app.approvalScroll - 10);
  else if (ev.name === "pagedown") app.approvalScroll += 10;
}

function onPickerKey(app: App, ev: KeyEvent): void {
  const picker = app.picker;
  if (!picker) return;
  if (ev.name === "up") picker.selected = Math.max(0, picker.selected - 1);
  else if (ev.name === "down") picker.selected = Math.min(picker.rows.length - 1, picker.selected + 1);
  else if (ev.name === "enter") {
    app.picker = null;
    picker.onSelect(picker.selected);
  } else if (ev.name === "char" && /^[1-9]$/.test(ev.text) && Number(ev.text) <= picker.rows.length) {
    app.picker = null;
    picker.onSelect(Number(ev.text) - 1);
  }
}

/** The completion popup for the token at the caret, if any. */
function completion(app: App): Completion | null {
  const text = app.composer.text;
  if (app.popupDismissed === text) return null;
  if (text.startsWith("/") && !/\s/.test(text.slice(0, app.composer.cursor))) {
    const query = text.slice(1, app.composer.cursor);
    const all = [
      ...SLASH_COMMANDS.map((c) => ({ name: c.name, description: c.description })),
      ...app.prompts.map((p) => ({ name: `${PROMPTS_PREFIX}:${p.name}`, description: p.description })),
    ];
    const q = query.toLowerCase();
    const matches = q ? all.filter((c) => fuzzyScore(c.name, q) !== null) : all;
    matches.sort((a, b) => Number(!a.name.startsWith(query)) - Number(!b.name.startsWith(query)));
    const end = text.search(/\s|$/);
    return {
      kind: "slash",
      rows: matches.map((m) => ({ label: `/${m.name}`, description: m.description })),
      values: matches.map((m) => `/${m.name}`),
      start: 0,
      end,
      current: true,
    };
  }
  const tok = app.composer.tokenAtCursor("@");
  if (!tok) return null;
  void app.files.load().then(() => app.requestRender());
  const query = tok.token.slice(1);
  const matches = app.files.search(query, FILE_POPUP_LIMIT, () => app.requestRender());
  return {
    kind: "file",
    rows: matches.map((m) => ({ label: highlightMatch(m, (s) => app.theme.bold(app.theme.cyan(s))) })),
    values: matches.map((m) => m.text),
    start: tok.start,
    end: tok.end,
    current: app.files.isCurrent(query, FILE_POPUP_LIMIT),
  };
}

function onCompletionKey(app: App, ev: KeyEvent, c: Completion): boolean {
  const selected = Math.min(app.popupSelected, c.rows.length - 1);
  if (ev.name === "up" || isChar(ev, "p", { ctrl: true })) {
    app.popupSelected = Math.max(0, selected - 1);
    return true;
  }
  if (ev.name === "down" || isChar(ev, "n", { ctrl: true })) {
    app.popupSelected = Math.min(c.rows.length - 1, selected + 1);
    return true;
  }
  const accept = ev.name === "tab" || (ev.name === "enter" && !ev.shift && !ev.alt);
  if (!accept) return false;
  const value = c.values[selected] ?? "";
  if (c.kind === "file" && !c.current) return true;
  if (c.kind === "file") {
    const quoted = /\s/.test(value) ? `"${value}"` : value;
    app.composer.replaceRange(c.start, c.end, `${quoted} `);
    afterEdit(app);
    return true;
  }
  if (ev.name === "tab" || c.rows.length === 0) {
    app.composer.replaceRange(c.start, c.end, `${value} `);
    afterEdit(app);
    return true;
  }
  // Enter on a slash command runs it (with whatever arguments follow).
  const rest = app.composer.text.slice(c.end).trim();
  app.composer.clear();
  runSlashCommand(app, `${value}${rest ? ` ${rest}` : ""}`);
  return true;
}

function afterEdit(app: App): void {
  const key = app.composer.text.slice(0, app.composer.cursor);
  if (key !== app.popupKey) {
    app.popupKey = key;
    app.popupSelected = 0;
  }
}

function onComposerKey(app: App, ev: KeyEvent) {
  const composer = app.composer;
  const newline = (ev.name === "enter" && (ev.shift || ev.alt)) || isChar(ev, "j", { ctrl: true });
  if (newline) composer.insert("\n");
  else if (ev.name === "enter") return submitComposer(app);
  else if (ev.name === "char" && !ev.ctrl && !ev.alt) composer.insert(ev.text);
  else if (ev.name === "tab") composer.insert("\t");
  else if (ev.name === "backspace") ev.alt || ev.ctrl ? composer.deleteWordBack() : composer.backspace();
  else if (ev.name === "delete" || isChar(ev, "d", { ctrl: true })) composer.deleteForward();
  else if (ev.name === "left" || isChar(ev, "b", { ctrl: true }))
    ev.ctrl || ev.alt ? composer.wordLeft() : composer.left();
  else if (ev.name === "right" || isChar(ev, "f", { ctrl: true }))
    ev.ctrl || ev.alt ? composer.wordRight() : composer.right();
  else if (isChar(ev, "b", { alt: true })) composer.wordLeft();
  else if (isChar(ev, "f", { alt: true })) composer.wordRight();
  else if (ev.name === "home" || isChar(ev, "a", { ctrl: true })) composer.lineStart();
  else if (ev.name === "end" || isChar(ev, "e", { ctrl: true })) composer.lineEnd();
  else if (isChar(ev, "w", { ctrl: true })) composer.deleteWordBack();
  else if (isChar(ev, "u", { ctrl: true })) composer.killToLineStart();
  else if (isChar(ev, "k", { ctrl: true })) composer.killToLineEnd();
  else if (ev.name === "up" || isChar(ev, "p", { ctrl: true })) {
    if (app.history.isBrowsing(composer.text) || !composer.up()) {
      const prev = app.history.previous(composer.text);
      if (prev !== null) composer.setText(prev);
    }
  } else if (ev.name === "down" || isChar(ev, "n", { ctrl: true })) {
    if (app.history.isBrowsing(composer.text) || !composer.down()) {
      const next = app.history.next();
      if (next !== null) composer.setText(next);
    }
  } else return;
  afterEdit(app);
}

function submitComposer(app: App): void {
  const text = app.composer.expandedText();
  if (text.trim().length === 0) return;
  app.composer.clear();
  app.history.reset();
  afterEdit(app);
  if (text.startsWith("/") && !text.startsWith("//")) {
    runSlashCommand(app, text);
    return;
  }
  app.sendUserMessage(text, []);
}
