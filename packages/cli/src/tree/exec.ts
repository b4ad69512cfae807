/** `codex exec`: a session without the interactive UI, and its resume, fork, undo and review forms. */
import type { CommandSpec } from "../args/spec.ts";
import {
  ALL_SESSIONS,
  EXEC_OPTIONS,
  LAST,
  REVIEW_PROMPT,
  REVIEW_TARGET,
  SESSION_ID,
} from "./session-options.ts";

export const EXEC: CommandSpec = {
  name: "exec",
  aliases: ["e"],
  about: "Run Codex non-interactively",
  version: true,
  options: EXEC_OPTIONS,
  positionals: [
    {
      name: "PROMPT",
      help: "Initial instructions for the agent. If not provided as an argument (or if `-` is used), instructions are read from stdin. If stdin is piped and a prompt is also provided, stdin is appended as a `<stdin>` block",
    },
  ],
  subcommands: [
    {
      name: "resume",
      about: "Resume a previous session by id or pick the most recent with --last",
      options: [LAST, ALL_SESSIONS, ...EXEC_OPTIONS.filter((o) => !o.global)],
      positionals: [
        SESSION_ID,
        {
          name: "PROMPT",
          help: "Prompt to send after resuming the session. If `-` is used, read from stdin",
        },
      ],
    },
    {
      name: "fork",
      about: "Fork a previous session by id into a new session",
      options: EXEC_OPTIONS.filter((o) => !o.global),
      positionals: [
        { name: "SESSION_ID", help: "Conversation/session id (UUID) to fork", required: true },
        { name: "PROMPT", help: "Prompt to send after forking. If `-` is used, read from stdin" },
      ],
    },
    {
      name: "undo",
      about:
        "Undo the last turn of a session: put back the files it changed and drop it from the conversation",
      options: [
        { long: "last", help: "Undo in the most recent session of this directory" },
        ALL_SESSIONS,
        ...EXEC_OPTIONS.filter((o) => o.long === "strict-config"),
      ],
      positionals: [{ name: "SESSION_ID", help: "Conversation/session id (UUID) whose last turn to undo" }],
    },
    {
      name: "review",
      about: "Run a code review against the current repository",
      options: [...REVIEW_TARGET, ...EXEC_OPTIONS.filter((o) => !o.global && o.long !== "image")],
      positionals: [REVIEW_PROMPT],
    },
  ],
};
