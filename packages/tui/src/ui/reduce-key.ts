/**
 * The key reducer: one key or paste in, the UI state changed in place and the effects the app
 * must carry out returned (as the event reducer does for protocol events). No terminal, no
 * session, no timers: tests drive it with plain key events.
 *
 * Focus, first match wins: the trust question, the Ctrl-T transcript, global keys (Ctrl-C,
 * Ctrl-Z, Ctrl-T), the approval modal, Esc, a picker, the completion popup, then the composer.
 */
import type { NetworkDecision, ReviewDecision } from "@codex/protocol";
import { pushCell } from "../state/reducer.ts";
import type { InputEvent, KeyEvent } from "../terminal/keys.ts";
import { afterEdit, completion } from "./completion.ts";
import { onCompletionKey, onComposerKey } from "./composer-keys.ts";
import type { UiEffect } from "./effects.ts";
import type { KeyContext } from "./key-context.ts";
import { isChar } from "./key-match.ts";
import { rewindPicker } from "./rewind.ts";
import type { UiState } from "./state.ts";
import { onTrustKey } from "./trust-keys.ts";

export function reduceKey(state: UiState, ev: InputEvent, ctx: KeyContext): UiEffect[] {
  if (state.trust) return ev.type === "key" ? onTrustKey(state, ev) : [];
  if (ev.type === "paste") {
    if (state.overlay || state.transcript.approvals.length > 0) return [];
    state.composer.paste(ev.text);
    afterEdit(state);
    return [];
  }
  if (state.overlay) {
    return state.overlay.handleKey(ev, ctx.rows) === "close" ? [{ type: "close-transcript" }] : [];
  }
  const armed = state.armed;
  state.armed = null;
  state.hint = null;
  if (isChar(ev, "c", { ctrl: true })) return onCtrlC(state, armed === "quit");
  if (isChar(ev, "z", { ctrl: true })) return [{ type: "suspend" }];
  if (isChar(ev, "t", { ctrl: true })) return [{ type: "open-transcript" }];
  if (state.transcript.approvals.length > 0) return onApprovalKey(state, ev);
  if (ev.name === "escape") return onEscape(state, ctx, armed === "esc");
  if (isChar(ev, "d", { ctrl: true }) && state.composer.isEmpty()) return [{ type: "quit", code: 0 }];
  if (state.picker) return onPickerKey(state, ev);
  const c = completion(state, ctx);
  if (c && c.rows.length > 0) {
    const handled = onCompletionKey(state, ev, c, ctx);
    if (handled) return handled;
  }
  return onComposerKey(state, ev, ctx);
}

function onCtrlC(state: UiState, wasArmed: boolean): UiEffect[] {
  if (state.transcript.approvals.length > 0) return answerApproval(state, "abort");
  if (state.transcript.running) return [{ type: "submit", op: { type: "interrupt" } }];
  if (state.picker) {
    state.picker = null;
    return [];
  }
  if (!state.composer.isEmpty()) {
    state.composer.clear();
    state.history.reset();
    return [];
  }
  if (wasArmed) return [{ type: "quit", code: 0 }];
  state.armed = "quit";
  state.hint = "ctrl + c again to quit";
  return [];
}

function onEscape(state: UiState, ctx: KeyContext, wasArmed: boolean): UiEffect[] {
  if (state.transcript.running) return [{ type: "submit", op: { type: "interrupt" } }];
  if (state.picker) {
    state.picker = null;
    return [];
  }
  if (completion(state, ctx)) {
    // Hide the popup until the text changes.
    state.popup.dismissed = state.composer.text;
    return [];
  }
  if (!state.composer.isEmpty()) return [];
  const last = state.history.last();
  if (wasArmed) {
    if (last !== null) {
      state.composer.setText(last);
      state.picker = rewindPicker();
    }
  } else if (last !== null) {
    state.armed = "esc";
    state.hint = "esc again to edit previous message";
  }
  return [];
}

/** The answer to a network request; a line in the history says what it did. */
function answerNetwork(state: UiState, decision: NetworkDecision): UiEffect[] {
  const req = state.transcript.approvals.shift();
  if (req?.kind !== "network") return [];
  state.approvalScroll = 0;
  const text =
    decision === "denied"
      ? `${req.host} stays blocked`
      : decision === "approved_always"
        ? `Commands may reach ${req.host} from now on (saved in [permissions.${req.profile}.network.domains])`
        : `Commands may reach ${req.host} for the rest of this session`;
  pushCell(state.transcript, { kind: "notice", tone: "info", text });
  return [{ type: "submit", op: { type: "network_approval", host: req.host, decision } }];
}

function onNetworkApprovalKey(state: UiState, ev: KeyEvent): UiEffect[] {
  if (isChar(ev, "a")) return answerNetwork(state, "approved_for_session");
  if (isChar(ev, "s")) return answerNetwork(state, "approved_always");
  if (isChar(ev, "n") || ev.name === "escape") return answerNetwork(state, "denied");
  return [];
}

function answerApproval(state: UiState, decision: ReviewDecision): UiEffect[] {
  if (state.transcript.approvals[0]?.kind === "network") return answerNetwork(state, "denied");
  const req = state.transcript.approvals.shift();
  if (!req) return [];
  state.approvalScroll = 0;
  pushCell(state.transcript, { kind: "decision", request: req, decision });
  const type = req.kind === "exec" ? "exec_approval" : "patch_approval";
  return [{ type: "submit", op: { type, call_id: req.callId, decision } }];
}

function onApprovalKey(state: UiState, ev: KeyEvent): UiEffect[] {
  if (state.transcript.approvals[0]?.kind === "network") return onNetworkApprovalKey(state, ev);
  if (isChar(ev, "y")) return answerApproval(state, "approved");
  if (isChar(ev, "a")) return answerApproval(state, "approved_for_session");
  const head = state.transcript.approvals[0];
  if (isChar(ev, "p") && head?.kind === "exec" && head.amendment)
    return answerApproval(state, "approved_execpolicy_amendment");
  if (isChar(ev, "n")) return answerApproval(state, "denied");
  if (ev.name === "escape") return answerApproval(state, "abort");
  if (ev.name === "up") state.approvalScroll = Math.max(0, state.approvalScroll - 1);
  else if (ev.name === "down") state.approvalScroll++;
  else if (ev.name === "pageup") state.approvalScroll = Math.max(0, state.approvalScroll - 10);
  else if (ev.name === "pagedown") state.approvalScroll += 10;
  return [];
}

function onPickerKey(state: UiState, ev: KeyEvent): UiEffect[] {
  const picker = state.picker;
  if (!picker) return [];
  let chosen: number | null = null;
  if (ev.name === "up") picker.selected = Math.max(0, picker.selected - 1);
  else if (ev.name === "down") picker.selected = Math.min(picker.rows.length - 1, picker.selected + 1);
  else if (ev.name === "enter") chosen = picker.selected;
  else if (ev.name === "char" && /^[1-9]$/.test(ev.text) && Number(ev.text) <= picker.rows.length)
    chosen = Number(ev.text) - 1;
  if (chosen === null) return [];
  state.picker = null;
  return picker.choose(state, chosen);
}
