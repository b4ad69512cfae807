/** The `shell` tool's schema as offered to the model (field names as Codex 0.47). */
import type { ToolSpec } from "../../client/types.ts";

export const SHELL_TOOL_SPEC: ToolSpec = {
  type: "function",
  name: "shell",
  description:
    'Runs a command and returns its exit code and output. `command` is an argument vector passed to execvp; for shell syntax (pipes, &&, redirections) use ["bash", "-lc", "<script>"]. Set `workdir` instead of using cd where possible.',
  strict: false,
  parameters: {
    type: "object",
    properties: {
      command: { type: "array", items: { type: "string" }, description: "The program and its arguments." },
      workdir: {
        type: "string",
        description: "Directory to run the command in (default: the session's working directory).",
      },
      timeout_ms: {
        type: "number",
        description: "Stop the command after this many milliseconds (default 10000).",
      },
      with_escalated_permissions: {
        type: "boolean",
        description: "Ask to run this command outside the sandbox (the user will be asked to approve it).",
      },
      justification: {
        type: "string",
        description:
          "With with_escalated_permissions: one sentence telling the user why the command needs it.",
      },
    },
    required: ["command"],
    additionalProperties: false,
  },
};
