import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pickResumeSession } from "../src/index.ts";
import { HeadlessTerminal } from "./helpers/headless-terminal.ts";
import { TmuxPane, tmuxAvailable } from "./helpers/tmux.ts";

const NOW = Date.parse("2026-11-23T12:00:00Z");
const HERE = "/work/demo";
const OTHER = "/work/other";
const homes: string[] = [];

afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

type Fixture = { minutesAgo: number; cwd: string; message: string | null; source?: string };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function sessionId(ms: number, n: number): string {
  const t = ms.toString(16).padStart(12, "0");
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Writes rollout files in Codex's format (sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl). */
function codexHome(fixtures: Fixture[]): { home: string; ids: string[] } {
  const home = mkdtempSync(join(tmpdir(), "picker-home-"));
  homes.push(home);
  const ids = fixtures.map((f, n) => {
    const ms = NOW - f.minutesAgo * 60_000;
    const d = new Date(ms);
    const id = sessionId(ms, n);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
    const dir = join(home, "sessions", day.slice(0, 4), day.slice(5, 7), day.slice(8, 10));
    mkdirSync(dir, { recursive: true });
    const ts = d.toISOString();
    const meta = {
      id,
      timestamp: ts,
      cwd: f.cwd,
      originator: "codex_cli_rs",
      cli_version: "0.47.0",
      instructions: null,
      source: f.source ?? "cli",
    };
    const env = `<environment_context>\n  <cwd>${f.cwd}</cwd>\n</environment_context>`;
    const lines: unknown[] = [
      { timestamp: ts, type: "session_meta", payload: meta },
      {
        timestamp: ts,
        type: "response_item",
        payload: { type: "message", role: "user", content: [{ type: "input_text", text: env }] },
      },
    ];
    if (f.message !== null) {
      lines.push(
        {
          timestamp: ts,
          type: "response_item",
          payload: { type: "message", role: "user", content: [{ type: "input_text", text: f.message }] },
        },
        {
          timestamp: ts,
          type: "event_msg",
          payload: { type: "user_message", message: f.message, kind: "plain" },
        },
        { timestamp: ts, type: "event_msg", payload: { type: "agent_message", message: "done" } },
      );
    }
    writeFileSync(
      join(dir, `rollout-${day}T${time}-${id}.jsonl`),
      `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`,
    );
    return id;
  });
  return { home, ids };
}

function open(home: string, options: { columns?: number; rows?: number; env?: Record<string, string> } = {}) {
  const term = new HeadlessTerminal({ columns: options.columns ?? 80, rows: options.rows ?? 24 });
  const result = pickResumeSession({
    codexHome: home,
    cwd: HERE,
    terminal: term,
    env: options.env ?? { NO_COLOR: "1" },
    now: () => NOW,
  });
  return { term, result };
}

/** Sessions every `step` minutes; every other one in HERE, the rest in OTHER. */
function manySessions(count: number, message: (i: number) => string = (i) => `task number ${i}`): Fixture[] {
  return Array.from({ length: count }, (_, i) => ({
    minutesAgo: (i + 1) * 7,
    cwd: i % 2 === 0 ? HERE : OTHER,
    message: message(i),
  }));
}

/** Waits (up to 10 s: the machine may be busy) until the screen satisfies `ok`. */
async function waitFor(term: HeadlessTerminal, ok: (screen: string) => boolean): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    await term.settle(10);
    const screen = term.screenText();
    if (ok(screen) || Date.now() > deadline) return screen;
  }
}

/** Waits until nothing has been drawn for `ms` (pages are read in the background). */
async function quiet(term: HeadlessTerminal, ms = 150): Promise<void> {
  let last = -1;
  let since = Date.now();
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await term.settle(20);
    if (term.written.length !== last) {
      last = term.written.length;
      since = Date.now();
    } else if (Date.now() - since >= ms) return;
  }
}

function footer(term: HeadlessTerminal): string {
  return term.screen()[term.rows - 1] ?? "";
}

describe("resume picker (pickResumeSession)", () => {
  test("newest first, with when, cwd and first message; only this directory; filter line visible", async () => {
    const { home } = codexHome(manySessions(10));
    const { term, result } = open(home);
    await quiet(term);
    const screen = term.screen();
    expect(screen[0]).toBe("Resume a previous session");
    expect(screen[1]).toContain("Search:");
    expect(screen[2]).toBe("Filter: only /work/demo · Tab: show all");
    expect(screen[4]).toBe("› 7m ago   /work/demo              task number 0");
    expect(screen[5]).toBe("  21m ago  /work/demo              task number 2");
    expect(screen.slice(4, 9).map((l) => l.split("task number ")[1])).toEqual(["0", "2", "4", "6", "8"]);
    expect(term.screenText()).not.toContain(OTHER);
    expect(footer(term)).toStartWith("1/5 · ");
    expect(term.written).toContain("\x1b[?1049h");
    term.type("\x1b");
    expect(await result).toBeNull();
    expect(term.written).toEndWith("\x1b[?1049l");
  });

  test("pages load as the user scrolls, not up front", async () => {
    const { home, ids } = codexHome(manySessions(400).map((f) => ({ ...f, cwd: HERE })));
    const { term, result } = open(home);
    await quiet(term);
    // One page read (25 sessions), not 400.
    expect(footer(term)).toStartWith("1/25+");
    term.type("\x1b[6~"); // PageDown
    await waitFor(term, () => footer(term).startsWith("19/50+"));
    expect(footer(term)).toStartWith("19/50+");
    expect(term.screenText()).toContain("› 2h ago   /work/demo              task number 18");
    term.type("\x1b[F"); // End: the last loaded row, and the next page loads behind it
    await waitFor(term, () => footer(term).startsWith("50/75+"));
    expect(footer(term)).toMatch(/^50\/75\+/);
    term.type("\x1b[H"); // Home
    await quiet(term);
    expect(footer(term)).toMatch(/^1\/75\+/);
    term.type("\x1b[B\x1b[B\r");
    expect(await result).toBe(ids[2] as string);
  });

  test("search filters by first message and cwd, reading more pages to find matches", async () => {
    const { home, ids } = codexHome(
      manySessions(300, (i) => (i === 288 ? "Fix the FLAKY login test" : `task number ${i}`)),
    );
    const { term, result } = open(home);
    await quiet(term);
    term.type("flaky");
    await waitFor(term, (screen) => screen.includes("FLAKY"));
    await quiet(term);
    const screen = term.screenText();
    expect(screen).toContain("Search: flaky");
    expect(screen).toContain("› 1d ago   /work/demo              Fix the FLAKY login test");
    expect(screen).not.toContain("task number");
    expect(footer(term)).toStartWith("1/1 · ");
    term.type("\x7f\x7f\x7f\x7f\x7fzzz-nothing");
    await waitFor(term, (screen) => screen.includes("No sessions match"));
    expect(term.screenText()).toContain("No sessions match “zzz-nothing”.");
    term.type("\x15"); // Ctrl-U clears the search
    await quiet(term);
    term.type("\t");
    await quiet(term);
    term.type("other 13");
    await waitFor(term, (screen) => screen.includes("task number 13"));
    expect(term.screenText()).toContain("› 1h ago   /work/other             task number 13");
    term.type("\r");
    expect(await result).toBe(ids[13] as string);
  });

  test("Tab toggles between this directory and all directories", async () => {
    const { home, ids } = codexHome(manySessions(6));
    const { term, result } = open(home);
    await quiet(term);
    expect(term.screenText()).not.toContain(OTHER);
    term.type("\t");
    await quiet(term);
    const screen = term.screen();
    expect(screen[2]).toBe("Filter: all directories · Tab: this directory only");
    expect(screen[4]).toContain("/work/demo              task number 0");
    expect(screen[5]).toContain("/work/other             task number 1");
    expect(footer(term)).toStartWith("1/6 · ");
    term.type("\t");
    await quiet(term);
    expect(term.screen()[2]).toContain("Filter: only /work/demo");
    expect(footer(term)).toStartWith("1/3 · ");
    term.type("\t\x1b[B\r");
    expect(await result).toBe(ids[1] as string);
  });

  test("Enter returns the selected id; Ctrl-C cancels; exec sessions and empty sessions are left out", async () => {
    const { home, ids } = codexHome([
      { minutesAgo: 1, cwd: HERE, message: "from exec", source: "exec" },
      { minutesAgo: 2, cwd: HERE, message: null },
      { minutesAgo: 3, cwd: HERE, message: "second" },
      { minutesAgo: 4, cwd: HERE, message: "third" },
    ]);
    const first = open(home);
    await quiet(first.term);
    expect(first.term.screenText()).not.toContain("from exec");
    first.term.type("\x1b[B\r");
    expect(await first.result).toBe(ids[3] as string);
    const second = open(home);
    await quiet(second.term);
    second.term.type("\x03");
    expect(await second.result).toBeNull();
    const term = new HeadlessTerminal({ columns: 80, rows: 24 });
    const withExec = pickResumeSession({
      codexHome: home,
      cwd: HERE,
      terminal: term,
      includeNonInteractive: true,
      env: {},
      now: () => NOW,
    });
    await quiet(term);
    expect(term.screenText()).toContain("from exec");
    term.type("\r");
    expect(await withExec).toBe(ids[0] as string);
  });

  test("empty state: a clear message in both filters", async () => {
    const { home } = codexHome([{ minutesAgo: 5, cwd: OTHER, message: "elsewhere" }]);
    const { term, result } = open(home);
    await quiet(term);
    expect(term.screenText()).toContain(
      "No earlier sessions in this directory. Press Tab to show all directories.",
    );
    expect(footer(term)).toStartWith("0/0");
    term.type("\r"); // nothing to choose: stays open
    await quiet(term);
    const empty = codexHome([]);
    const second = open(empty.home);
    await quiet(second.term);
    second.term.type("\t");
    await quiet(second.term);
    expect(second.term.screenText()).toContain("No earlier sessions yet.");
    second.term.type("\x1b");
    term.type("\x1b");
    expect(await second.result).toBeNull();
    expect(await result).toBeNull();
  });

  test("40 columns, wide Unicode, untrusted text and NO_COLOR", async () => {
    const { home, ids } = codexHome([
      {
        minutesAgo: 1,
        cwd: "/home/someone/projects/very/deep/nested/repository",
        message: "修复登录页面的错误并添加测试用例 🚀🚀🚀",
      },
      { minutesAgo: 2, cwd: HERE, message: "evil \x1b[31mred\x1b[0m \x07 text\nsecond line" },
    ]);
    const { term, result } = open(home, { columns: 40, rows: 12 });
    await quiet(term);
    term.type("\t");
    await quiet(term);
    const screen = term.screen();
    expect(screen.length).toBe(12);
    for (const line of screen) expect(Bun.stringWidth(line)).toBeLessThanOrEqual(40);
    expect(screen[2]).toBe("Filter: all directories · Tab: this dir");
    expect(screen[4]).toBe("› 1m ago   …repository  修复登录页面的…");
    expect(screen[5]).toBe("  2m ago   /work/demo   evil red text s…");
    expect(footer(term)).toBe("1/2 · Enter resume · Esc cancel");
    expect(term.written).not.toMatch(/\x1b\[3[0-9]m/); // no colours
    term.type("\t");
    await quiet(term);
    expect(term.screen()[2]).toBe("Filter: only /work/demo · Tab: show all");
    term.type("\r");
    expect(await result).toBe(ids[1] as string);
  });

  test("colours when the environment allows them", async () => {
    const { home } = codexHome(manySessions(2));
    const { term, result } = open(home, { env: {} });
    await quiet(term);
    expect(term.written).toContain("\x1b[36m");
    term.type("\x1b");
    expect(await result).toBeNull();
  });

  test("resizing redraws at the new size", async () => {
    const { home } = codexHome(manySessions(30).map((f) => ({ ...f, cwd: HERE })));
    const { term, result } = open(home, { columns: 80, rows: 24 });
    await quiet(term);
    term.resize(50, 10);
    await quiet(term);
    const screen = term.screen();
    expect(screen[0]).toBe("Resume a previous session");
    expect(screen[9]).toStartWith("1/25+ · ");
    for (const line of screen) expect(Bun.stringWidth(line)).toBeLessThanOrEqual(50);
    term.type("\x1b");
    expect(await result).toBeNull();
  });

  test.skipIf(!tmuxAvailable())(
    "in a real terminal (tmux): alternate screen, keys, the shell screen restored",
    async () => {
      const { home, ids } = codexHome(manySessions(40).map((f) => ({ ...f, cwd: HERE })));
      const script = join(home, "pick.ts");
      const entry = join(import.meta.dir, "..", "src", "index.ts");
      writeFileSync(
        script,
        `import { pickResumeSession } from ${JSON.stringify(entry)};
const id = await pickResumeSession({ codexHome: ${JSON.stringify(home)}, cwd: ${JSON.stringify(HERE)} });
console.log("picked: " + id);
`,
      );
      const command = `echo before-picker; NO_COLOR=1 ${process.execPath} ${script}; echo exit=$?; sleep 30`;
      const pane = TmuxPane.start({ command: `sh -c '${command}'`, columns: 60, rows: 16 });
      try {
        const screen = await pane.waitFor("task number 0");
        expect(screen).not.toContain("before-picker");
        expect(screen).toContain("Filter: only /work/demo · Tab: show all");
        pane.send("Down");
        pane.send("Down");
        await pane.waitFor((s) => /› .*task number 2\n/.test(s));
        pane.send("Enter");
        const after = await pane.waitFor("exit=0");
        expect(after).toContain("before-picker");
        expect(after).toContain(`picked: ${ids[2]}`);
        expect(after).not.toContain("Resume a previous session");
      } finally {
        pane.kill();
      }
    },
    30_000,
  );

  const binary = join(import.meta.dir, "..", "..", "..", "dist", "codex");
  test.skipIf(!tmuxAvailable() || !existsSync(binary))(
    "end to end: `dist/codex resume` opens the picker and resumes the chosen session",
    async () => {
      const project = realpathSync(mkdtempSync(join(tmpdir(), "picker-proj-")));
      homes.push(project);
      const { home, ids } = codexHome(
        Array.from({ length: 30 }, (_, i) => ({
          minutesAgo: (i + 1) * 11,
          cwd: i % 3 === 2 ? OTHER : project,
          message: i === 9 ? "migrate the database schema" : `task number ${i}`,
        })),
      );
      writeFileSync(
        join(home, "config.toml"),
        `[projects.${JSON.stringify(project)}]\ntrust_level = "trusted"\n`,
      );
      const env = `CODEX_HOME=${home} OPENAI_API_KEY=sk-test NO_COLOR=1`;
      const pane = TmuxPane.start({
        command: `sh -c '${env} ${binary} resume; echo exit=$?; sleep 30'`,
        columns: 70,
        rows: 20,
        cwd: project,
      });
      try {
        const screen = await pane.waitFor("task number 0", { timeoutMs: 20_000 });
        expect(screen).toContain("Filter: only ");
        expect(screen).not.toMatch(/task number 2\n/); // in the other directory
        pane.send("migrate", { literal: true });
        await pane.waitFor((s) => /› .*migrate the database schema/.test(s) && !s.includes("task number"));
        pane.send("Enter");
        await pane.waitFor("Ask Codex", { timeoutMs: 20_000 });
        pane.send("/status", { literal: true });
        pane.send("Enter");
        await pane.waitFor(`Session:      ${ids[9]}`);
      } finally {
        pane.kill();
      }
    },
    60_000,
  );
});
