/** Keys for the composer and its completion popup: editing, history recall, completion, submit. */
import type { HistoryStep } from "../features/history.ts";
import { runSlashCommand } from "../slash/dispatch.ts";
import type { KeyEvent } from "../terminal/keys.ts";
import { afterEdit, type Completion } from "./completion.ts";
import type { UiEffect } from "./effects.ts";
import type { KeyContext } from "./key-context.ts";
import { isChar } from "./key-match.ts";
import { sendUserMessage } from "./send.ts";
import type { UiState } from "./state.ts";

/** Keys the popup takes (moving, accepting); null when the key is the composer's. */
export function onCompletionKey(
  state: UiState,
  ev: KeyEvent,
  c: Completion,
  ctx: KeyContext,
): UiEffect[] | null {
  const selected = Math.min(state.popup.selected, c.rows.length - 1);
  if (ev.name === "up" || isChar(ev, "p", { ctrl: true })) {
    state.popup.selected = Math.max(0, selected - 1);
    return [];
  }
  if (ev.name === "down" || isChar(ev, "n", { ctrl: true })) {
    state.popup.selected = Math.min(c.rows.length - 1, selected + 1);
    return [];
  }
  const accept = ev.name === "tab" || (ev.name === "enter" && !ev.shift && !ev.alt);
  if (!accept) return null;
  const value = c.values[selected] ?? "";
  const { composer } = state;
  if (c.kind === "file" && !c.current) return [];
  if (c.kind === "skill") {
    composer.replaceRange(c.start, c.end, `${value} `);
    afterEdit(state);
    return [];
  }
  if (c.kind === "file") {
    const quoted = /\s/.test(value) ? `"${value}"` : value;
    composer.replaceRange(c.start, c.end, `${quoted} `);
    afterEdit(state);
    return [];
  }
  if (ev.name === "tab") {
    composer.replaceRange(c.start, c.end, `${value} `);
    afterEdit(state);
    return [];
  }
  // Enter on a slash command runs it (with whatever arguments follow).
  const rest = composer.text.slice(c.end).trim();
  composer.clear();
  return runSlashCommand(state, `${value}${rest ? ` ${rest}` : ""}`, ctx);
}

export function onComposerKey(state: UiState, ev: KeyEvent, ctx: KeyContext): UiEffect[] {
  const { composer, history } = state;
  const newline = (ev.name === "enter" && (ev.shift || ev.alt)) || isChar(ev, "j", { ctrl: true });
  if (newline) composer.insert("\n");
  else if (ev.name === "enter") return submitComposer(state, ctx);
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
    if (history.isBrowsing(composer.text) || !composer.up())
      return recall(state, history.previous(composer.text));
  } else if (ev.name === "down" || isChar(ev, "n", { ctrl: true })) {
    if (history.isBrowsing(composer.text) || !composer.down()) return recall(state, history.next());
  } else return [];
  afterEdit(state);
  return [];
}

/** Shows a history entry, or asks the session for it (shown when the response arrives). */
function recall(state: UiState, step: HistoryStep): UiEffect[] {
  if (step && "fetch" in step) {
    const { logId, offset } = step.fetch;
    return [{ type: "submit", op: { type: "get_history_entry_request", log_id: logId, offset } }];
  }
  if (step) state.composer.setText(step.text);
  afterEdit(state);
  return [];
}

function submitComposer(state: UiState, ctx: KeyContext): UiEffect[] {
  const text = state.composer.expandedText();
  if (text.trim().length === 0) return [];
  state.composer.clear();
  state.history.reset();
  afterEdit(state);
  if (text.startsWith("/") && !text.startsWith("//")) return runSlashCommand(state, text, ctx);
  return sendUserMessage(state, text, [], ctx.send);
}
