/**
 * `codex [PROMPT]`, `codex resume [SESSION_ID|--last] [PROMPT]` and `codex fork [SESSION_ID|--last]
 * [PROMPT]` (a new session starting from a copy of the chosen one): the interactive TUI.
 */
import { createSession, enforceLoginRestrictions, loadConfig, logout, missingCredentials } from "@codex/core";
import { flag, optionValue, optionValues } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags, withSessionChoices } from "../config-options.ts";

type ResumeTarget = { sessionId: string } | { last: true } | "picker" | undefined;
type SessionChoice = { allDirectories: boolean; includeNonInteractive: boolean };

function resumeTarget(parsed: ParsedCommand): { target: ResumeTarget; prompt: string | undefined } {
  let prompt = parsed.positionals.PROMPT as string | undefined;
  if (parsed.path[1] !== "resume" && parsed.path[1] !== "fork") return { target: undefined, prompt };
  const id = parsed.positionals.SESSION_ID as string | undefined;
  if (flag(parsed, "last")) {
    if (id !== undefined && prompt === undefined) prompt = id;
    return { target: { last: true }, prompt };
  }
  if (id !== undefined) return { target: { sessionId: id }, prompt };
  return { target: "picker", prompt };
}

/**
 * Runs the TUI (or the resume picker) and exits the process when it is done, rather than wait on
 * a TTY handle that may be hung up (a closed pane once left the process spinning on it).
 */
export async function runInteractive(parsed: ParsedCommand): Promise<number> {
  process.exit(await interactive(parsed));
}

async function interactive(parsed: ParsedCommand): Promise<number> {
  const configOptions = configOptionsFromFlags(parsed, "tui");
  let { config } = loadConfig(configOptions);
  // forced_login_method / forced_chatgpt_workspace_id: refuse before any model request.
  const refused = enforceLoginRestrictions(config);
  if (refused !== null) {
    process.stderr.write(`${refused}\n`);
    return 1;
  }
  const { target: requested, prompt } = resumeTarget(parsed);
  const choice: SessionChoice = {
    allDirectories: flag(parsed, "all"),
    includeNonInteractive: flag(parsed, "include-non-interactive"),
  };
  let target: Exclude<ResumeTarget, "picker">;
  if (requested === "picker") {
    if (!(process.stdin.isTTY && process.stdout.isTTY)) {
      process.stderr.write(
        `codex ${parsed.path[1]}: the session picker needs a terminal; pass a SESSION_ID or --last\n`,
      );
      return 1;
    }
    const { pickResumeSession } = await import("@codex/tui");
    const picked = await pickResumeSession({
      codexHome: config.codexHome,
      cwd: config.cwd,
      showAll: choice.allDirectories,
      includeNonInteractive: choice.includeNonInteractive,
    });
    if (picked === null) return 0;
    target = { sessionId: picked };
  } else {
    target = requested;
  }
  const { runTui, INTERACTIVE_SOURCES } = await import("@codex/tui");
  // Explicit -a/-s/--full-auto/--yolo mean the user already chose: no trust question.
  const explicitPolicy =
    optionValue(parsed, "ask-for-approval") !== undefined ||
    optionValue(parsed, "sandbox") !== undefined ||
    flag(parsed, "full-auto") ||
    flag(parsed, "dangerously-bypass-approvals-and-sandbox");
  // `--last` picks among this directory's interactive sessions, as the picker shows them.
  let resume =
    target !== undefined && "last" in target
      ? {
          last: true as const,
          filter: {
            ...(choice.allDirectories ? {} : { cwd: config.cwd }),
            ...(choice.includeNonInteractive ? {} : { sources: INTERACTIVE_SOURCES }),
          },
        }
      : target;
  return runTui({
    settings: config,
    initialPrompt: prompt,
    images: optionValues(parsed, "image"),
    skipTrustPrompt: explicitPolicy || resume !== undefined,
    createSession: async ({ configChanged, choices, forkFrom }) => {
      if (configChanged || choices)
        config = loadConfig({ ...withSessionChoices(configOptions, choices), onWarning: () => {} }).config;
      // Only the first session resumes (or forks); `/new` starts a fresh one.
      const from = forkFrom
        ? { fork: { sessionId: forkFrom } }
        : parsed.path[1] === "fork"
          ? { fork: resume }
          : { resume };
      const session = createSession(config, {
        persist: { source: "cli" },
        ...from,
        promptHistory: true,
        bypassHookTrust: flag(parsed, "dangerously-bypass-hook-trust"),
      });
      resume = undefined;
      return session;
    },
    logout: async () =>
      (
        await logout(config.codexHome, {
          storeMode: config.cli_auth_credentials_store,
          originator: "codex_cli_rs",
        })
      ).message,
    credentialsProblem: () => missingCredentials(config),
  });
}
