/** Joins argv the way a POSIX shell reads it back (`bash -lc 'echo hi'`), as Codex shows commands. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

function shellQuote(arg: string): string {
  if (arg !== "" && SAFE_WORD.test(arg)) return arg;
  if (!arg.includes("'")) return `'${arg}'`;
  return `"${arg.replace(/["\\$`]/g, "\\$&")}"`;
}

export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}
