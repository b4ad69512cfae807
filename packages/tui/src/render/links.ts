/**
 * Terminal hyperlinks (OSC 8). File paths open in the editor chosen by `file_opener`
 * (vscode://file/… and friends); `none` leaves them as plain text.
 */
import { isAbsolute, resolve } from "node:path";

export type FileOpener = "vscode" | "vscode-insiders" | "windsurf" | "cursor" | "none";

export type Linker = {
  /** Wraps `label` in a link to a URL or file path (relative to cwd); returns `label` when links are off. */
  link(label: string, target: string): string;
  file(path: string, line?: number): string;
};

function osc8(label: string, url: string): string {
  return `\x1b]8;;${url}\x1b\\${label}\x1b]8;;\x1b\\`;
}

export function createLinker(options: { fileOpener: FileOpener; cwd: string; enabled: boolean }): Linker {
  const fileUrl = (path: string, line?: number): string | null => {
    if (!options.enabled || options.fileOpener === "none") return null;
    const abs = isAbsolute(path) ? path : resolve(options.cwd, path);
    return `${options.fileOpener}://file${encodeURI(abs)}${line ? `:${line}` : ""}`;
  };
  return {
    link(label, target) {
      if (!options.enabled) return label;
      if (/^(https?|mailto):/.test(target)) return osc8(label, target);
      if (/^[\w.-]+:\/\//.test(target)) return label;
      const m = /^(.*?)(?:#L(\d+)|:(\d+))?$/.exec(target);
      const url = fileUrl(m?.[1] ?? target, Number(m?.[2] ?? m?.[3]) || undefined);
      return url ? osc8(label, url) : label;
    },
    file(path, line) {
      const url = fileUrl(path, line);
      return url ? osc8(path, url) : path;
    },
  };
}
