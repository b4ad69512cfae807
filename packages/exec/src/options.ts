/** What `codex exec` needs from the command line (the CLI parses argv and fills this in). */
import type { LoadConfigOptions } from "@codex/core";
import type { ReviewTarget } from "@codex/protocol";
import type { InputStream, OutputStream } from "./std-streams.ts";

export type ColorMode = "always" | "never" | "auto";

export type ExecOptions = {
  /** The PROMPT argument: undefined when absent, "-" to force reading stdin. */
  prompt?: string;
  /** `-i/--image` paths, in order. */
  images?: string[];
  /** `--json` / `--experimental-json`: JSONL events on stdout. */
  json?: boolean;
  /** `-o/--output-last-message FILE`. */
  outputLastMessage?: string;
  /** `--output-schema FILE`. */
  outputSchemaPath?: string;
  skipGitRepoCheck?: boolean;
  /** `--color` (default auto). */
  color?: ColorMode;
  /** `exec resume [SESSION_ID] [--last [--all]]`: `--last` picks among this directory's sessions unless `allDirectories`. */
  resume?: { sessionId: string } | { last: true; allDirectories?: boolean };
  /**
   * `exec review` / `codex review`: run a code review instead of a turn. Without a target the
   * prompt (argument, or stdin with `-`) is the custom review instructions.
   */
  review?: { target?: ReviewTarget };
  /** `exec fork SESSION_ID`: a new session that starts from a copy of that one's conversation. */
  fork?: { sessionId: string };
  /** `--ephemeral`: write no session file. */
  ephemeral?: boolean;
  /** `--ignore-rules`: load no `*.rules` files. */
  ignoreRules?: boolean;
  /** `--dangerously-bypass-hook-trust`: run hooks that are not trusted. */
  bypassHookTrust?: boolean;
  /**
   * How to load the config: the global flags (-c, -p, -m, -s, --oss, -C, --full-auto, --yolo,
   * --include-plan-tool, --search) as `loadConfig` options. exec forces approval_policy `never`.
   */
  config?: LoadConfigOptions;
  /** Streams and environment (tests and embedders); default: the process's. */
  io?: ExecIo;
};

export type ExecIo = {
  stdin: InputStream;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
};
