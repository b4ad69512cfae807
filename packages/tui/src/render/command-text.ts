/** How a command the model wants to run is written on screen. */
import { graphemes, sanitize } from "../terminal/text-width.ts";

/** An argv as a shell line; `bash -lc "script"` is shown as the script itself. */
export function shellJoin(argv: string[]): string {
  if (argv.length === 3 && /(^|\/)(ba|z)?sh$/.test(argv[0] ?? "") && (argv[1] === "-lc" || argv[1] === "-c"))
    return argv[2] ?? "";
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}

/** The first line of a command (" ..." when there are more), at most 80 characters, as Codex cites it. */
export function commandSnippet(command: string): string {
  const nl = command.indexOf("\n");
  const first = sanitize(nl < 0 ? command : `${command.slice(0, nl)} ...`);
  const parts = graphemes(first);
  return parts.length > 80 ? `${parts.slice(0, 77).join("")}...` : first;
}
