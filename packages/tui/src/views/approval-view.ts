/** The approval modal: a command (with its justification) or a patch (with its diff). */

import { renderDiff } from "../render/diff-view.ts";
import type { ApprovalRequest } from "../state/cells.ts";
import { sanitize, wrapLine } from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";
import { shortenPath } from "./cell-view.ts";

export function renderApproval(options: {
  request: ApprovalRequest;
  width: number;
  maxRows: number;
  scroll: number;
  theme: Theme;
}): string[] {
  const { request, width, theme } = options;
  const head: string[] = [];
  const body: string[] = [];
  if (request.kind === "exec") {
    head.push(theme.bold(theme.yellow("Allow Codex to run this command?")));
    for (const l of wrapLine(
      `${theme.gray("$")} ${theme.bold(sanitize(shellJoin(request.command)))}`,
      width - 2,
    ))
      body.push(`  ${l}`);
    body.push(`  ${theme.gray(`in ${shortenPath(request.cwd)}`)}`);
  } else {
    head.push(theme.bold(theme.yellow("Allow Codex to apply these changes?")));
    for (const c of request.changes) body.push(`  ${theme.gray(c.kind)} ${c.path}`);
    for (const l of renderDiff(request.diff, { theme, width, indent: "  " })) body.push(l);
  }
  if (request.reason)
    for (const l of wrapLine(theme.italic(sanitize(request.reason)), width - 2)) head.push(`  ${l}`);
  const keys =
    request.kind === "exec"
      ? [
          `${theme.bold("y")} yes`,
          `${theme.bold("a")} yes, don't ask again this session`,
          `${theme.bold("n")} no, tell Codex what to do differently`,
          `${theme.bold("esc")} abort`,
        ]
      : [
          `${theme.bold("y")} yes`,
          `${theme.bold("a")} yes, for this session`,
          `${theme.bold("n")} no`,
          `${theme.bold("esc")} abort`,
        ];
  const footer = wrapLine(keys.join(theme.gray(" · ")), width);
  const room = Math.max(3, options.maxRows - head.length - footer.length - 2);
  let shown = body;
  if (body.length > room) {
    const start = Math.min(Math.max(0, options.scroll), body.length - room + 1);
    shown = [
      ...body.slice(start, start + room - 1),
      theme.gray(`  ↑↓ scroll · ${start + 1}-${start + room - 1} of ${body.length}`),
    ];
  }
  return [theme.yellow("─".repeat(Math.min(width, 80))), ...head, ...shown, "", ...footer];
}

function shellJoin(argv: string[]): string {
  // `bash -lc "script"` is shown as the script itself.
  if (argv.length === 3 && /(^|\/)(ba|z)?sh$/.test(argv[0] ?? "") && (argv[1] === "-lc" || argv[1] === "-c"))
    return argv[2] ?? "";
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(" ");
}
