/** Renders one transcript cell to terminal lines at a given width. */
import { homedir } from "node:os";
import { commandSnippet, shellJoin } from "../render/command-text.ts";
import { diffStats, renderDiff } from "../render/diff-view.ts";
import type { Linker } from "../render/links.ts";
import { renderMarkdown } from "../render/markdown.ts";
import type { Cell, NoticeTone, SessionInfo } from "../state/cells.ts";
import {
  sanitize,
  truncatePathStart,
  truncateToWidth,
  visibleWidth,
  wrapHanging,
  wrapLine,
} from "../terminal/text-width.ts";
import type { Theme } from "../terminal/theme.ts";

export type CellContext = {
  theme: Theme;
  width: number;
  linker: Linker;
  now: number;
  /** Show command output and diffs in full (the transcript view) instead of collapsed. */
  expanded: boolean;
  /** Spinner glyph for running cells. */
  spinner: string;
};

const OUTPUT_HEAD = 2;
const OUTPUT_TAIL = 3;
const LIVE_TAIL = 5;
const DIFF_INLINE_MAX = 400;

export function renderCell(cell: Cell, ctx: CellContext): string[] {
  const { theme, width } = ctx;
  switch (cell.kind) {
    case "session":
      return renderSessionHeader(cell.info, ctx);
    case "user": {
      const lines = sanitize(cell.text)
        .split("\n")
        .flatMap((l) => wrapLine(l, Math.max(10, width - 2)));
      const out = lines.map((l, i) => (i === 0 ? `${theme.bold(theme.cyan("›"))} ` : "  ") + l);
      for (const img of cell.images) out.push(`  ${theme.gray(`[image: ${img}]`)}`);
      return out;
    }
    case "agent":
      return bullet(
        theme.gray("•"),
        renderMarkdown(cell.text, { theme, width: width - 2, hyperlink: (l, t) => ctx.linker.link(l, t) }),
      );
    case "reasoning":
      return bullet(
        theme.gray("•"),
        renderMarkdown(cell.text, { theme, width: width - 2 }).map((l) => theme.dim(theme.italic(l))),
      );
    case "exec":
      return renderExec(cell, ctx);
    case "patch":
      return renderPatch(cell, ctx);
    case "mcp": {
      const item = cell.item;
      const running = item.status === "in_progress";
      const dot = running ? theme.cyan(ctx.spinner) : item.error ? theme.red("•") : theme.green("•");
      const args = item.arguments === undefined ? "" : JSON.stringify(item.arguments);
      const head = `${dot} ${theme.bold(running ? "Calling" : "Called")} ${theme.cyan(`${item.server}.${item.tool}`)}(${args})`;
      const body: string[] = [];
      if (item.error) body.push(theme.red(item.error.message));
      for (const block of item.result?.content ?? []) {
        const text = typeof block.text === "string" ? block.text : `<${block.type}>`;
        body.push(...sanitize(text).split("\n"));
      }
      return [...wrapLine(head, width), ...treeLines(collapse(body, ctx), ctx)];
    }
    case "web_search":
      return wrapLine(`${theme.green("•")} ${theme.bold("Searched")} ${cell.query}`, width);
    case "todo":
      return [
        `${theme.green("•")} ${theme.bold("Updated Plan")}`,
        ...treeLines(
          cell.items.map((t) => (t.completed ? theme.gray(`☑ ${t.text}`) : `☐ ${t.text}`)),
          ctx,
        ),
      ];
    case "plan": {
      const steps = cell.steps.map((s) =>
        s.status === "completed"
          ? theme.gray(`☑ ${s.step}`)
          : s.status === "in_progress"
            ? theme.cyan(theme.bold(`□ ${s.step}`))
            : `□ ${s.step}`,
      );
      const lines = cell.explanation ? [theme.italic(cell.explanation), ...steps] : steps;
      return [`${theme.green("•")} ${theme.bold("Updated Plan")}`, ...treeLines(lines, ctx)];
    }
    case "notice":
      return renderNotice(cell.tone, cell.text, ctx);
    case "decision":
      return renderDecision(cell, ctx);
    case "fields": {
      const labelWidth = Math.max(...cell.fields.map(([label]) => visibleWidth(label)));
      const rows = cell.fields.flatMap(([label, value]) =>
        wrapHanging(sanitize(value), width, `  ${label}${" ".repeat(labelWidth - visibleWidth(label) + 1)}`),
      );
      return [theme.bold(cell.title), ...rows];
    }
    case "text": {
      if (cell.diff) {
        const diff = renderDiff(cell.body.join("\n"), { theme, width: width - 2 });
        return [theme.bold(cell.title), ...diff.map((l) => `  ${l}`)];
      }
      // A line's own leading spaces are its indent: wrapped parts line up under its text. The text
      // may come from elsewhere (MCP servers name their tools), so it is drawn sanitized.
      const body = cell.body.flatMap((line) => {
        const l = sanitize(line);
        const indent = /^ */.exec(l)?.[0] ?? "";
        return wrapHanging(l.slice(indent.length), width, `  ${indent}`);
      });
      return [theme.bold(cell.title), ...body];
    }
  }
}

function bullet(marker: string, lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? `${marker} ` : l === "" ? "" : "  ") + l);
}

function treeLines(lines: string[], ctx: CellContext): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const prefix = i === 0 ? `  ${ctx.theme.gray("└")} ` : "    ";
    for (const [j, w] of wrapLine(line, Math.max(10, ctx.width - 4)).entries())
      out.push((j === 0 ? prefix : "    ") + w);
  });
  return out;
}

function collapse(lines: string[], ctx: CellContext): string[] {
  if (ctx.expanded || lines.length <= OUTPUT_HEAD + OUTPUT_TAIL + 1) return lines;
  const hidden = lines.length - OUTPUT_HEAD - OUTPUT_TAIL;
  return [
    ...lines.slice(0, OUTPUT_HEAD),
    ctx.theme.gray(`… +${hidden} lines (ctrl+t to view transcript)`),
    ...lines.slice(lines.length - OUTPUT_TAIL),
  ];
}

/** The last `n` lines of a long text, found from the end without splitting all of it. */
function tailLines(text: string, n: number): { lines: string[]; total: number | null } {
  let end = text.endsWith("\n") ? text.length - 1 : text.length;
  let pos = end;
  const lines: string[] = [];
  while (lines.length < n && pos > 0) {
    const nl = text.lastIndexOf("\n", pos - 1);
    lines.unshift(text.slice(nl + 1, end));
    end = nl;
    pos = nl;
    if (nl < 0) break;
  }
  return { lines, total: pos > 0 ? null : lines.length };
}

function renderExec(cell: Extract<Cell, { kind: "exec" }>, ctx: CellContext): string[] {
  const { theme } = ctx;
  const running = cell.status === "in_progress";
  const failed = cell.status === "failed" || (cell.exitCode !== null && cell.exitCode !== 0);
  const background = running && cell.outlivedTurn === true;
  const dot = background
    ? theme.gray("•")
    : running
      ? theme.cyan(ctx.spinner)
      : failed
        ? theme.red("•")
        : theme.green("•");
  const verb = background
    ? "Still running"
    : running
      ? "Running"
      : cell.status === "declined"
        ? "Declined"
        : "Ran";
  const head = wrapLine(`${dot} ${theme.bold(verb)} ${sanitize(displayCommand(cell.command))}`, ctx.width);
  const out = [...head.slice(0, 1), ...head.slice(1).map((l) => `  ${l.trimStart()}`)];
  let body: string[];
  if (running && !ctx.expanded) {
    const tail = tailLines(sanitize(cell.output.slice(-8192)), LIVE_TAIL);
    body = tail.lines.map((l) => theme.gray(l));
  } else {
    const lines = sanitize(cell.output).replace(/\n$/, "").split("\n");
    body = cell.output.length === 0 ? [] : collapse(lines, ctx).map((l) => (failed ? l : theme.gray(l)));
    if (cell.output.length === 0 && !running && cell.status !== "declined")
      body = [theme.gray("(no output)")];
  }
  const status: string[] = [];
  if (!running && cell.status !== "declined") {
    const secs = cell.durationMs !== null ? ` • ${formatDuration(cell.durationMs)}` : "";
    if (failed) status.push(theme.red(`exit ${cell.exitCode ?? "?"}${secs}`));
    else if (ctx.expanded) status.push(theme.gray(`exit 0${secs}`));
  } else if (background) {
    status.push(theme.gray("in the background; shown again when it ends"));
  } else if (running) {
    status.push(theme.gray(formatDuration(ctx.now - cell.startedAt)));
  }
  return [...out, ...treeLines([...body.map((l) => truncateToWidth(l, 4000)), ...status], ctx)];
}

/** `bash -lc 'script'` is shown as the script itself, as Codex does. */
function displayCommand(command: string): string {
  const m = /^(?:\S*\/)?(?:ba|z)?sh -l?c (.+)$/s.exec(command);
  if (!m) return command;
  const arg = m[1] ?? "";
  if (/^'(?:[^']|'\\'')*'$/.test(arg)) return arg.slice(1, -1).replace(/'\\''/g, "'");
  if (/^"(?:[^"\\]|\\.)*"$/.test(arg)) return arg.slice(1, -1).replace(/\\(.)/g, "$1");
  return /\s/.test(arg) ? command : arg;
}

function renderPatch(cell: Extract<Cell, { kind: "patch" }>, ctx: CellContext): string[] {
  const { theme } = ctx;
  const failed = cell.status === "failed";
  const dot =
    cell.status === "in_progress" ? theme.cyan(ctx.spinner) : failed ? theme.red("•") : theme.green("•");
  const files = cell.changes.map((c) => {
    const verb = c.kind === "add" ? "Added" : c.kind === "delete" ? "Deleted" : "Edited";
    return `${verb} ${ctx.linker.file(c.path)}`;
  });
  const stats = cell.diff ? diffStats(cell.diff) : null;
  const counts = stats ? ` (${theme.green(`+${stats.added}`)} ${theme.red(`-${stats.removed}`)})` : "";
  const title = failed
    ? theme.red("Patch failed")
    : files.length === 1
      ? theme.bold(files[0] ?? "")
      : theme.bold(`Edited ${files.length} files`);
  const out = wrapLine(`${dot} ${title}${counts}`, ctx.width);
  if (files.length > 1) for (const f of files) out.push(`  ${theme.gray("└")} ${f}`);
  if (cell.diff) {
    const lines = renderDiff(cell.diff, { theme, width: ctx.width, indent: "    " });
    if (!ctx.expanded && lines.length > DIFF_INLINE_MAX) {
      out.push(
        ...lines.slice(0, DIFF_INLINE_MAX),
        theme.gray(`    … +${lines.length - DIFF_INLINE_MAX} lines`),
      );
    } else out.push(...lines);
  }
  return out;
}

/** "✔ You approved codex to run CMD this time", "✗ You did not approve codex to run CMD", … */
function renderDecision(cell: Extract<Cell, { kind: "decision" }>, ctx: CellContext): string[] {
  const { theme } = ctx;
  const { request, decision } = cell;
  const subject =
    request.kind === "exec"
      ? `run ${theme.bold(commandSnippet(shellJoin(request.command)))}`
      : "apply these changes";
  const text =
    decision === "approved_execpolicy_amendment" && request.kind === "exec" && request.amendment
      ? `You approved codex to always run commands that start with ${theme.bold(commandSnippet(shellJoin(request.amendment)))}`
      : decision === "approved"
        ? `You approved codex to ${subject} this time`
        : decision === "approved_for_session"
          ? `You approved codex to ${subject} every time this session`
          : decision === "denied"
            ? `You did not approve codex to ${subject}`
            : `You canceled the request to ${subject}`;
  const approved =
    decision === "approved" ||
    decision === "approved_for_session" ||
    decision === "approved_execpolicy_amendment";
  return wrapHanging(text, ctx.width, approved ? `${theme.green("✔")} ` : `${theme.red("✗")} `);
}

export function renderNotice(tone: NoticeTone, text: string, ctx: CellContext): string[] {
  const { theme } = ctx;
  const style =
    tone === "error"
      ? (s: string) => theme.red(s)
      : tone === "warning" || tone === "retry"
        ? (s: string) => theme.yellow(s)
        : tone === "interrupted"
          ? (s: string) => theme.red(s)
          : (s: string) => theme.gray(s);
  const mark =
    tone === "error"
      ? "■"
      : tone === "warning"
        ? "⚠"
        : tone === "retry"
          ? "↻"
          : tone === "interrupted"
            ? "■"
            : "•";
  // A reconnect notice is one live line that updates per attempt: its reason is cut, not wrapped.
  if (tone === "retry") return [style(`${mark} ${truncateToWidth(text, Math.max(1, ctx.width - 2))}`)];
  return wrapHanging(style(text), ctx.width, style(`${mark} `));
}

function renderSessionHeader(info: SessionInfo, ctx: CellContext): string[] {
  const { theme } = ctx;
  const inner = Math.max(20, Math.min(ctx.width - 4, 60));
  const rows = [
    `${theme.bold(">_ Codex")} ${theme.gray("(TypeScript)")}`,
    "",
    `${theme.gray("model:")}     ${info.model}${info.effort ? ` ${info.effort}` : ""}   ${theme.cyan("/model")} ${theme.gray("to change")}`,
    `${theme.gray("directory:")} ${truncatePathStart(shortenPath(info.cwd), inner - 11)}`,
  ];
  const line = "─".repeat(inner + 2);
  return [
    theme.gray(`╭${line}╮`),
    ...rows.map((r) => {
      const cut = truncateToWidth(r, inner, { ellipsis: "…" });
      return `${theme.gray("│")} ${cut}${" ".repeat(Math.max(0, inner - visibleWidth(cut)))} ${theme.gray("│")}`;
    }),
    theme.gray(`╰${line}╯`),
  ];
}

export function shortenPath(path: string): string {
  const home = homedir();
  return home && path.startsWith(home) ? `~${path.slice(home.length)}` : path;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}
