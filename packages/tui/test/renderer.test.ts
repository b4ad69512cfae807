import { expect, test } from "bun:test";
import { InputParser } from "../src/terminal/keys.ts";
import { LiveRenderer } from "../src/terminal/live-renderer.ts";
import { truncateToWidth, visibleWidth, wrapLine } from "../src/terminal/text-width.ts";
import { startTui } from "./helpers/harness.ts";
import { HeadlessTerminal } from "./helpers/headless-terminal.ts";

test("input parser: keys, modifiers, and a bracketed paste split across reads", () => {
  const p = new InputParser();
  const keys = p.feed("a\x1b[A\x1b[1;5C\x03\r\x1b[13;2u\x1b\r\x7f\x1bb\x1b[3~\x1b[Z");
  expect(
    keys.map((k) =>
      k.type === "key"
        ? `${k.ctrl ? "C-" : ""}${k.alt ? "M-" : ""}${k.shift ? "S-" : ""}${k.name}${k.text ? `:${k.text}` : ""}`
        : "paste",
    ),
  ).toEqual([
    "char:a",
    "up",
    "C-right",
    "C-char:c",
    "enter",
    "S-enter",
    "M-enter",
    "backspace",
    "M-char:b",
    "delete",
    "S-tab",
  ]);
  const chunks = ["x\x1b[200~line1\r\nli", "ne2\x1b[20", "1~y"];
  const events = chunks.flatMap((c) => p.feed(c));
  expect(events).toEqual([
    { type: "key", name: "char", text: "x", ctrl: false, alt: false, shift: false },
    { type: "paste", text: "line1\nline2" },
    { type: "key", name: "char", text: "y", ctrl: false, alt: false, shift: false },
  ]);
  expect(p.feed("日本🚀")).toHaveLength(3);
});

test("text width: wide characters, emoji and escape sequences", () => {
  expect(visibleWidth("日本")).toBe(4);
  expect(visibleWidth("\x1b[31mred\x1b[39m")).toBe(3);
  expect(visibleWidth("\x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\")).toBe(4);
  expect(visibleWidth("👍🏽")).toBe(2);
  expect(truncateToWidth("日本語テキスト", 5)).toBe("日本\x1b[0m");
  expect(wrapLine("\x1b[1mbold words here\x1b[22m", 10)).toEqual([
    "\x1b[1mbold words\x1b[0m",
    "\x1b[1mhere\x1b[22m",
  ]);
});

test("differential renderer: unchanged frames write nothing; one changed line rewrites only that line", async () => {
  const term = new HeadlessTerminal({ columns: 60, rows: 20 });
  const r = new LiveRenderer(term);
  const lines = Array.from({ length: 10 }, (_, i) => `line ${i} ${"x".repeat(40)}`);
  r.render({ lines, cursor: { row: 9, col: 2 } });
  const first = r.stats.lastFrameBytes;
  const frames = r.stats.frames;
  r.render({ lines: [...lines], cursor: { row: 9, col: 2 } });
  expect(r.stats.frames).toBe(frames);
  const changed = [...lines];
  changed[4] = "line 4 changed";
  r.render({ lines: changed, cursor: { row: 9, col: 2 } });
  expect(r.stats.lastFrameBytes).toBeLessThan(60);
  expect(first).toBeGreaterThan(500);
  r.commit(["committed line"]);
  r.render({ lines: changed.slice(0, 3), cursor: null });
  await term.settle(0);
  expect(term.screen().slice(0, 4)).toEqual(["committed line", ...lines.slice(0, 3)]);
  expect(term.screen()[4]).toBe("");
});

test("idle: no writes and no timers once the screen is drawn", async () => {
  const h = await startTui();
  h.session.configured();
  await h.settle();
  const before = h.term.written.length;
  await h.settle(300);
  expect(h.term.written.length).toBe(before);
  await h.type("\x03\x03");
  await h.exit;
});

test("untrusted output cannot move the cursor or retitle the terminal; progress bars keep the last state", async () => {
  const h = await startTui();
  h.session.configured();
  h.session.emit({ type: "turn_started", turn_id: "t1", model_context_window: null });
  h.session.emit({
    type: "item_completed",
    item: {
      id: "c",
      type: "command_execution",
      command: "build",
      aggregated_output: "\x1b[2J\x1b[H\x1b[31mred\x1b[0m\n10%\r55%\r100%\n\x1b]0;pwned\x07done\n",
      exit_code: 0,
      status: "completed",
    },
  });
  await h.settle();
  const all = h.term.all().join("\n");
  expect(all).toContain("└ red\n    100%\n    done");
  expect(all).toContain(">_ Codex");
  expect(h.term.written).not.toContain("pwned");
  await h.type("\x03");
  await h.type("\x03\x03");
  await h.exit;
});

test("file citations become editor links per file_opener", async () => {
  const h = await startTui({ settings: { file_opener: "vscode", cwd: "/work/demo" } });
  h.session.configured();
  h.session.emit({
    type: "item_completed",
    item: {
      id: "m",
      type: "agent_message",
      text: "See 【F:src/app.ts†L12-L14】 and [docs](https://example.com/x).",
    },
  });
  await h.settle();
  expect(h.term.all().join("\n")).toContain("See src/app.ts:12 and docs (https://example.com/x).");
  expect(h.term.written).toContain("\x1b]8;;vscode://file/work/demo/src/app.ts:12\x1b\\");
  expect(h.term.written).toContain("\x1b]8;;https://example.com/x\x1b\\");
  await h.type("\x03\x03");
  await h.exit;
});
