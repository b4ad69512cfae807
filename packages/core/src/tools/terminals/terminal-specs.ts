/**
 * The `exec_command` and `write_stdin` schemas as Codex 0.169 offers them (names, types, required
 * fields); the descriptions are ours.
 */
import type { ToolSpec } from "../../client/types.ts";

export const EXEC_COMMAND_SPEC: ToolSpec = {
  type: "function",
  name: "exec_command",
  description:
    "Runs a shell command in a session that can outlive this call. Returns its output when it finishes within yield_time_ms; otherwise returns early with a session ID, and the command keeps running: read more of its output, or type into it, with write_stdin. With tty=true the command gets a terminal (for REPLs, prompts and full-screen programs) and its stdin stays open.",
  strict: false,
  parameters: {
    type: "object",
    properties: {
      cmd: { type: "string", description: "The shell command to run." },
      justification: {
        type: "string",
        description:
          'With sandbox_permissions "require_escalated": one sentence telling the user why the command needs to run outside the sandbox.',
      },
      login: {
        type: "boolean",
        description: "Run the shell as a login shell (-lc, the default) or not (-c).",
      },
      max_output_tokens: {
        type: "number",
        description: "Most output tokens to return; the middle of longer output is left out (default 10000).",
      },
      prefix_rule: {
        type: "array",
        description:
          "With an escalation request: the command prefix (argv words) you suggest the user allow from now on.",
        items: { type: "string" },
      },
      sandbox_permissions: {
        type: "string",
        description:
          '"require_escalated" asks the user to run this command outside the sandbox; "use_default" (the default) runs it in the sandbox.',
        enum: ["use_default", "require_escalated"],
      },
      shell: { type: "string", description: "The shell that runs cmd (default: the user's shell)." },
      tty: {
        type: "boolean",
        description:
          "Give the command a terminal and keep its stdin open for write_stdin (default false: no terminal, stdin closed).",
      },
      workdir: {
        type: "string",
        description: "Directory to run in (default: the session's working directory).",
      },
      yield_time_ms: {
        type: "number",
        description:
          "How long to wait for the command before returning with a session ID (default 10000, 250 to 30000).",
      },
    },
    required: ["cmd"],
    additionalProperties: false,
  },
};

export const WRITE_STDIN_SPEC: ToolSpec = {
  type: "function",
  name: "write_stdin",
  description:
    "Types characters into a running exec_command session (which needs tty=true) and returns the output produced since the last read. Empty chars just waits for more output (a poll).",
  strict: false,
  parameters: {
    type: "object",
    properties: {
      chars: {
        type: "string",
        description: 'What to type; "\\n" presses Enter, "\\u0003" sends Ctrl-C. Empty: only read output.',
      },
      max_output_tokens: {
        type: "number",
        description: "Most output tokens to return; the middle of longer output is left out (default 10000).",
      },
      session_id: { type: "number", description: "The session ID exec_command returned." },
      yield_time_ms: {
        type: "number",
        description:
          "How long to wait for output before returning (default 250; an empty poll waits at least 5000).",
      },
    },
    required: ["session_id"],
    additionalProperties: false,
  },
};
