/**
 * Desktop notifications through the terminal (OSC 9), as `tui.notifications` asks: `true` for
 * all kinds, or a list of kinds (`agent-turn-complete`, `approval-requested`). Inside tmux the
 * sequence is wrapped for passthrough.
 */

export type NotificationKind = "agent-turn-complete" | "approval-requested";

export function notificationEnabled(setting: boolean | string[], kind: NotificationKind): boolean {
  return setting === true || (Array.isArray(setting) && setting.includes(kind));
}

export function osc9(text: string, options: { tmux: boolean }): string {
  const clean = text.replace(/[\x00-\x1f\x7f]/g, " ").slice(0, 200);
  const seq = `\x1b]9;${clean}\x07`;
  return options.tmux ? `\x1bPtmux;${seq.replace(/\x1b/g, "\x1b\x1b")}\x1b\\` : seq;
}
