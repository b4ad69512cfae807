/**
 * Opens a URL in the user's browser when there is one to open (a desktop session), without
 * waiting and without passing on the environment's secrets: the opener gets only what it needs to
 * find the display and the user's settings. Failing to open is fine: the URL is always printed.
 */
import { spawn } from "node:child_process";

const PASSED_ON = [
  "PATH",
  "HOME",
  "USER",
  "LANG",
  "LC_ALL",
  "DISPLAY",
  "WAYLAND_DISPLAY",
  "DBUS_SESSION_BUS_ADDRESS",
];

function opener(url: string): string[] | null {
  if (process.platform === "darwin") return ["open", url];
  if (process.platform === "win32") return ["rundll32", "url.dll,FileProtocolHandler", url];
  const env = process.env;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null; // ssh or console: nothing to open
  return ["xdg-open", url];
}

export function openInBrowser(url: string): void {
  const command = opener(url);
  if (command === null) return;
  const env: Record<string, string> = {};
  for (const name of PASSED_ON) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(process.env))
    if (name.startsWith("XDG_") && value !== undefined) env[name] = value;
  try {
    const child = spawn(command[0] ?? "", command.slice(1), { env, stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // no opener installed: the printed URL is the way
  }
}
