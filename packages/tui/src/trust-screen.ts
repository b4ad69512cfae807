/**
 * First run in a directory that is not trusted yet: ask whether Codex may work here without
 * asking. "Yes" records `projects."<root>".trust_level = "trusted"` in config.toml.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { App } from "./app.ts";
import { markProjectTrusted } from "./features/trust.ts";
import type { TuiSettings } from "./settings.ts";
import { wrapLine } from "./terminal/text-width.ts";
import { shortenPath } from "./views/cell-view.ts";

/** The directory trust is recorded for: the git repository root, else the working directory. */
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
        theme.bold(`> You are running Codex in ${shortenPath(settings.cwd)}`),
        "",
        ...wrapLine(
          root.isGit
            ? "  Since this folder is version controlled, you may wish to allow Codex to work in this folder without asking for approval."
            : "  Since this folder is not version controlled, we recommend requiring approval of all edits and commands.",
          width,
        ),
        "",
        ...options.flatMap((o, i) =>
          wrapLine(i === selected ? theme.cyan(`› ${i + 1}. ${o}`) : `  ${i + 1}. ${o}`, width),
        ),
        "",
        theme.gray("  Press enter to continue"),
      ];
      app.screen = { lines, onKey };
      app.requestRender();
    };
    const finish = (trusted: boolean) => {
      app.screen = null;
      app.requestRender();
      if (!trusted) return resolve(false);
      markProjectTrusted(settings.codexHome, root.path).then(
        () => resolve(true),
        (err: Error) => {
          app.addCell({
            kind: "notice",
            tone: "error",
            text: `Could not save trust setting: ${err.message}`,
          });
          resolve(false);
        },
      );
    };
    const onKey = (ev: import("./terminal/keys.ts").InputEvent) => {
      if (ev.type !== "key") return;
      if (ev.name === "up" || ev.name === "down") selected = 1 - selected;
      else if (ev.name === "char" && (ev.text === "1" || ev.text === "y")) return finish(true);
      else if (ev.name === "char" && (ev.text === "2" || ev.text === "n")) return finish(false);
      else if (ev.name === "enter") return finish(selected === 0);
      else if (ev.name === "escape") return finish(false);
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
