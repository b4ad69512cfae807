/** The approval modal: a command (with its justification), a patch (with its diff), or a host. */

import { shellJoin } from "../render/command-text.ts";
import { renderDiff } from "../render/diff-view.ts";
import type { ApprovalRequest } from "../state/cells.ts";
import { sanitize, wrapHanging, wrapLine } from "../terminal/text-width.ts";
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
    // Each line of the script wraps under its own text, after "$ " on the first.
    for (const [i, line] of sanitize(shellJoin(request.command)).split("\n").entries())
      body.push(...wrapHanging(theme.bold(line), width, i === 0 ? `  ${theme.gray("$")} ` : "    "));
    body.push(...wrapHanging(theme.gray(shortenPath(request.cwd)), width, `  ${theme.gray("in")} `));
  } else if (request.kind === "network") {
    head.push(theme.bold(theme.yellow(`Allow commands to reach ${sanitize(request.host)}?`)));
    body.push(
      ...wrapLine(
        theme.gray(
          `The network allow-list of [permissions.${sanitize(request.profile)}] refused ${sanitize(request.host)}:${request.port}; the model was told.`,
        ),
        width - 2,
      ).map((line) => `  ${line}`),
    );
  } else {
    head.push(theme.bold(theme.yellow("Allow Codex to apply these changes?")));
    for (const c of request.changes)
      body.push(...wrapHanging(sanitize(c.path), width, `  ${theme.gray(c.kind)} `));
    for (const l of renderDiff(request.diff, { theme, width, indent: "  " })) body.push(l);
  }
  if (request.reason)
    for (const l of wrapLine(theme.italic(sanitize(request.reason)), width - 2)) head.push(`  ${l}`);
  const keys =
    request.kind === "network"
      ? [
          `${theme.bold("a")} yes, for this session`,
          `${theme.bold("s")} yes, always (saved in your config)`,
          `${theme.bold("n")} no`,
        ]
      : request.kind === "exec"
        ? [
            `${theme.bold("y")} yes`,
            `${theme.bold("a")} yes, don't ask again this session`,
            ...(request.amendment
              ? [
                  `${theme.bold("p")} yes, and don't ask again for commands that start with ${theme.bold(`\`${sanitize(shellJoin(request.amendment))}\``)}`,
                ]
              : []),
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
