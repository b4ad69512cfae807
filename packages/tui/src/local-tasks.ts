/**
 * Effects that do their work here rather than in the session: /diff runs git, /init looks for an
 * AGENTS.md, /logout asks the caller to remove the credentials. Each reports through the host.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Op } from "@codex/protocol";
import { gitDiffWithUntracked } from "./features/git-diff.ts";
import { INIT_PROMPT } from "./slash/init-prompt.ts";
import type { Cell } from "./state/cells.ts";

/** What a task may do to the app. */
export type TaskHost = {
  addCell(cell: Cell): void;
  submit(op: Op): void;
  quit(): void;
};

export function showDiff(host: TaskHost, cwd: string): void {
  void gitDiffWithUntracked(cwd).then((result) => {
    if (result.kind === "not-git")
      host.addCell({ kind: "text", title: "/diff", body: ["not inside a git repository"] });
    else if (result.diff.trim() === "") host.addCell({ kind: "text", title: "/diff", body: ["no changes"] });
    else
      host.addCell({
        kind: "text",
        title: "/diff",
        body: result.diff.replace(/\n$/, "").split("\n"),
        diff: true,
      });
  });
}

export function initAgentsMd(host: TaskHost, cwd: string): void {
  if (existsSync(join(cwd, "AGENTS.md"))) {
    host.addCell({
      kind: "notice",
      tone: "info",
      text: "AGENTS.md already exists here. Skipping /init to avoid overwriting it.",
    });
    return;
  }
  host.addCell({ kind: "user", text: "/init", images: [] });
  host.submit({ type: "user_turn", items: [{ type: "text", text: INIT_PROMPT }] });
}

export function logout(host: TaskHost, remove: (() => Promise<string>) | undefined): void {
  if (!remove) {
    host.addCell({
      kind: "notice",
      tone: "error",
      text: "Logout is not available here; run `codex logout`.",
    });
    return;
  }
  void remove().then(
    (message) => {
      host.addCell({ kind: "notice", tone: "info", text: message });
      host.quit();
    },
    (err: Error) => host.addCell({ kind: "notice", tone: "error", text: `Logout failed: ${err.message}` }),
  );
}
