/** Runs a slash command typed in the composer: built-ins and `/prompts:<name>` custom prompts. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ReasoningEffort } from "@codex/protocol";
import { REASONING_EFFORTS } from "@codex/protocol";
import type { App } from "./app.ts";
import { expandPrompt, PROMPTS_PREFIX } from "./features/custom-prompts.ts";
import { gitDiffWithUntracked } from "./features/git-diff.ts";
import {
  APPROVAL_PRESETS,
  currentApprovalPreset,
  modelChoices,
  presetSandboxPolicy,
} from "./features/session-presets.ts";
import { findCommand, INIT_PROMPT, parseSlash } from "./features/slash-commands.ts";
import { contextLeftPercent } from "./state/reducer.ts";
import { shortenPath } from "./views/cell-view.ts";
import { tokenUsageSummary } from "./views/token-usage.ts";

export function runSlashCommand(app: App, text: string) {
  const parsed = parseSlash(text);
  if (!parsed) return;
  if (parsed.name.startsWith(`${PROMPTS_PREFIX}:`)) {
    const name = parsed.name.slice(PROMPTS_PREFIX.length + 1);
    const prompt = app.prompts.find((p) => p.name === name);
    if (!prompt) {
      app.addCell({
        kind: "notice",
        tone: "error",
        text: `Unknown custom prompt '${name}'. Prompts live in $CODEX_HOME/prompts/*.md.`,
      });
      return;
    }
    app.sendUserMessage(expandPrompt(prompt, parsed.args), []);
    return;
  }
  const command = findCommand(parsed.name);
  if (!command) {
    app.addCell({
      kind: "notice",
      tone: "error",
      text: `Unrecognized command '/${parsed.name}'. Type "/" for a list of supported commands.`,
    });
    return;
  }
  if (app.state.running && !command.availableDuringTask) {
    app.addCell({
      kind: "notice",
      tone: "error",
      text: `'/${command.name}' is disabled while a task is in progress.`,
    });
    return;
  }
  switch (command.name) {
    case "model":
      return modelCommand(app, parsed.args);
    case "approvals":
      return approvalsCommand(app);
    case "new":
      app.addCell({ kind: "notice", tone: "info", text: "Starting a new conversation" });
      void app.newSession();
      return;
    case "init":
      if (existsSync(join(app.options.settings.cwd, "AGENTS.md"))) {
        app.addCell({
          kind: "notice",
          tone: "info",
          text: "AGENTS.md already exists here. Skipping /init to avoid overwriting it.",
        });
        return;
      }
      app.addCell({ kind: "user", text: "/init", images: [] });
      void app.submit({ type: "user_turn", items: [{ type: "text", text: INIT_PROMPT }] });
      return;
    case "compact":
      void app.submit({ type: "compact" });
      return;
    case "diff":
      void gitDiffWithUntracked(app.state.session?.cwd ?? app.options.settings.cwd).then((result) => {
        if (result.kind === "not-git")
          app.addCell({ kind: "text", title: "/diff", body: ["not inside a git repository"] });
        else if (result.diff.trim() === "")
          app.addCell({ kind: "text", title: "/diff", body: ["no changes"] });
        else
          app.addCell({
            kind: "text",
            title: "/diff",
            body: result.diff.replace(/\n$/, "").split("\n"),
            diff: true,
          });
      });
      return;
    case "mention":
      app.composer.insert(app.composer.isEmpty() || app.composer.text.endsWith(" ") ? "@" : " @");
      return;
    case "status":
      app.addCell({ kind: "fields", title: "/status", fields: statusFields(app) });
      return;
    case "mcp":
      void app.submit({ type: "list_mcp_tools" });
      return;
    case "logout":
      if (!app.options.logout) {
        app.addCell({
          kind: "notice",
          tone: "error",
          text: "Logout is not available here; run `codex logout`.",
        });
        return;
      }
      void app.options.logout().then(
        (message) => {
          app.addCell({ kind: "notice", tone: "info", text: message });
          void app.quit();
        },
        (err: Error) => app.addCell({ kind: "notice", tone: "error", text: `Logout failed: ${err.message}` }),
      );
      return;
    case "quit":
    case "exit":
      void app.quit();
      return;
  }
}

function modelCommand(app: App, args: string): void {
  const apply = (model: string, effort: ReasoningEffort | null) => {
    void app.submit({ type: "override_turn_context", model, effort });
    if (app.state.session) {
      app.state.session.model = model;
      app.state.session.effort = effort;
    }
    app.addCell({
      kind: "notice",
      tone: "info",
      text: `Model changed to ${model}${effort ? ` ${effort}` : ""}`,
    });
  };
  if (args) {
    const [model, effort] = args.split(/\s+/);
    if (effort && !(REASONING_EFFORTS as readonly string[]).includes(effort)) {
      app.addCell({
        kind: "notice",
        tone: "error",
        text: `Unknown reasoning effort '${effort}'; use ${REASONING_EFFORTS.join(", ")}.`,
      });
      return;
    }
    apply(model ?? "", (effort as ReasoningEffort | undefined) ?? null);
    return;
  }
  const { presets, current } = modelChoices(app.state.session);
  app.picker = {
    title: "Select model and reasoning effort",
    rows: presets.map((p, i) => ({
      label: `${i + 1}. ${p.model}${p.effort ? ` ${p.effort}` : ""}${i === current ? " (current)" : ""}`,
    })),
    selected: Math.max(0, current),
    onSelect: (i) => {
      const p = presets[i];
      if (p) apply(p.model, p.effort);
    },
  };
}

function approvalsCommand(app: App): void {
  const current = currentApprovalPreset(app.state.session);
  app.picker = {
    title: "Select approval mode",
    rows: APPROVAL_PRESETS.map((p, i) => ({
      label: `${i + 1}. ${p.label}${i === current ? " (current)" : ""}`,
      description: p.description,
    })),
    selected: Math.max(0, current),
    onSelect: (i) => {
      const p = APPROVAL_PRESETS[i];
      if (!p) return;
      void app.submit({
        type: "override_turn_context",
        approval_policy: p.approval,
        sandbox_policy: presetSandboxPolicy(p.sandbox),
      });
      if (app.state.session) {
        app.state.session.approval = p.approval;
        app.state.session.sandbox = p.sandbox;
      }
      app.addCell({ kind: "notice", tone: "info", text: `Approval mode: ${p.label}` });
    },
  };
}

function statusFields(app: App): Array<[string, string]> {
  const s = app.state.session;
  const settings = app.options.settings;
  const t = app.state.tokens?.total_token_usage;
  const left = app.state.contextWindow;
  const fields: Array<[string, string]> = [
    ["Model:", `${s?.model ?? settings.model}${s?.effort ? ` (reasoning ${s.effort})` : ""}`],
    ["Provider:", s?.provider ?? settings.model_provider.id],
    ["Directory:", shortenPath(s?.cwd ?? settings.cwd)],
    ["Approval:", s?.approval ?? settings.approval_policy],
    ["Sandbox:", s?.sandbox ?? settings.sandbox_mode],
  ];
  if (s) fields.push(["Session:", s.sessionId]);
  fields.push(["Tokens:", t ? tokenUsageSummary(t) : "none used yet"]);
  const pct = app.state.tokens && left ? contextLeftPercent(app.state) : null;
  fields.push([
    "Context left:",
    `${pct === null ? "unknown" : `${pct}%`}${left ? ` of ${left} tokens` : ""}`,
  ]);
  return fields;
}
