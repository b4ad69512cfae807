import type { KeyEvent } from "../terminal/keys.ts";

/** Whether `ev` is the character `text` with exactly the given modifiers. */
export function isChar(ev: KeyEvent, text: string, mods: { ctrl?: boolean; alt?: boolean } = {}): boolean {
  return ev.name === "char" && ev.text === text && ev.ctrl === !!mods.ctrl && ev.alt === !!mods.alt;
}
