/**
 * First run in a directory that was never asked about: ask whether Codex may work here without
 * asking. "Yes" records `projects."<root>".trust_level = "trusted"` in config.toml, "No" records
 * "untrusted", so the question comes once per project, whatever the answer.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { setProjectTrustLevel } from "@codex/core";
import type { App } from "./app.ts";
import type { TuiSettings } from "./settings.ts";
import { truncatePathStart, visibleWidth, wrapHanging } from "./terminal/text-width.ts";
import { shortenPath } from "./views/cell-view.ts";

/** The directory trust is recorded for: the git repository root, else the working directory. */
type TrustLevel = "trusted" | "untrusted";

export function trustRoot(cwd: string): { path: string; isGit: boolean } {
  let dir = cwd;
  for (;;) {
    if (existsSync(join(dir, ".git"))) return { path: dir, isGit: true };
    const parent = dirname(dir);
    if (parent === dir) return { path: cwd, isGit: false };
    dir = parent;
  }
}

export function needsTrustPrompt(settings: TuiSettings): boolean {
  const root = trustRoot(settings.cwd);
  const entry = settings.projects[root.path] ?? settings.projects[settings.cwd];
  return !entry?.trust_level;
}

/** "> You are running Codex in PATH", the path on a line of its own (cut at the start) when narrow. */
function folderLines(path: string, width: number): string[] {
  const head = "> You are running Codex in";
  if (visibleWidth(`${head} ${path}`) <= width) return [`${head} ${path}`];
  return [head, `  ${truncatePathStart(path, width - 2)}`];
}

/** Shows the trust question; resolves with whether the config was changed. */
export function askTrust(app: App): Promise<boolean> {
  const settings = app.options.settings;
  const root = trustRoot(settings.cwd);
  const theme = app.theme;
  let selected = 0;
  return new Promise((resolve) => {
    const draw = () => {
      const width = Math.max(20, app.options.terminal.columns);
      const options = [
        "Yes, allow Codex to work in this folder without asking for approval",
        "No, ask me to approve edits and commands",
      ];
      const lines = [
        ...folderLines(shortenPath(settings.cwd), width).map((l) => theme.bold(l)),
        "",
        ...wrapHanging(
          root.isGit
            ? "Since this folder is version controlled, you may wish to allow Codex to work in this folder without asking for approval."
            : "Since this folder is not version controlled, we recommend requiring approval of all edits and commands.",
          width,
          "  ",
        ),
        "",
        ...options.flatMap((o, i) =>
          wrapHanging(o, width, i === selected ? `› ${i + 1}. ` : `  ${i + 1}. `).map((l) =>
            i === selected ? theme.cyan(l) : l,
          ),
        ),
        "",
        theme.gray("  Press enter to continue"),
      ];
      app.screen = { lines, onKey };
      app.requestRender();
    };
    /** Records the answer; Esc (null) goes on without one, so the question comes again next time. */
    const finish = (level: TrustLevel | null) => {
      app.screen = null;
      app.requestRender();
      if (level === null) return resolve(false);
      try {
        // Core's config editor: only the project's lines change; the file is replaced atomically.
        setProjectTrustLevel(settings.codexHome, root.path, level);
        resolve(true);
      } catch (err) {
        app.addCell({
          kind: "notice",
          tone: "error",
          text: `Could not save trust setting: ${(err as Error).message}`,
        });
        resolve(false);
      }
    };
    const onKey = (ev: import("./terminal/keys.ts").InputEvent) => {
      if (ev.type !== "key") return;
      if (ev.name === "up" || ev.name === "down") selected = 1 - selected;
      else if (ev.name === "char" && (ev.text === "1" || ev.text === "y")) return finish("trusted");
      else if (ev.name === "char" && (ev.text === "2" || ev.text === "n")) return finish("untrusted");
      else if (ev.name === "enter") return finish(selected === 0 ? "trusted" : "untrusted");
      else if (ev.name === "escape") return finish(null);
      else if (ev.name === "char" && ev.ctrl && ev.text === "c") {
        app.screen = null;
        void app.quit(130);
        return;
      }
      draw();
    };
    draw();
  });
}
