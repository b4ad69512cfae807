/**
 * The hidden helper mode of the Landlock tier:
 *
 *   codex --codex-linux-sandbox --network off|on --landlock [--write ROOT [--read-only PATH]…]… -- CMD…
 *
 * runs in two stages. The supervisor (this form) outlives the command: it re-runs itself with
 * `--inner` and, once that exits (or when it is told to stop, or when its parent dies), kills every
 * process the command left behind. The inner stage locks itself down (no_new_privs, no
 * capabilities, Landlock, seccomp) and replaces itself with the command (`execve`), so the command's
 * stdio and exit status are its own.
 *
 * Keep the imports small: this runs once per sandboxed command.
 */
import type { WritableRoot } from "./layout.ts";
import { lockDownAndExec } from "./lockdown.ts";
import { superviseSandbox } from "./supervisor.ts";

export const HELPER_FLAG = "--codex-linux-sandbox";
/** Marks the inner stage, started by the supervisor, whose process id follows. */
export const INNER_FLAG = "--inner";

export type HelperRequest = {
  networkDisabled: boolean;
  writableRoots: WritableRoot[];
  command: string[];
  /** The process codex starts, or the one that becomes the command (with its supervisor's pid). */
  stage: { kind: "supervisor" } | { kind: "inner"; supervisor: number };
};

export class HelperUsageError extends Error {
  override name = "HelperUsageError";
}

/** The helper's arguments without the leading `--codex-linux-sandbox`. */
function helperArgs(args: string[]): string[] {
  return args[0] === HELPER_FLAG ? args.slice(1) : args;
}

/** Parses the helper's arguments (those after `--codex-linux-sandbox`). */
export function parseHelperArgs(args: string[]): HelperRequest {
  const rest = helperArgs(args);
  let networkDisabled = true;
  let landlock = false;
  let stage: HelperRequest["stage"] = { kind: "supervisor" };
  const roots: WritableRoot[] = [];
  let i = 0;
  for (; i < rest.length; i++) {
    const arg = rest[i];
    const value = rest[i + 1];
    if (arg === "--") break;
    if (arg === "--landlock") {
      landlock = true;
      continue;
    }
    if (value === undefined) throw new HelperUsageError(`missing value after ${arg}`);
    if (arg === INNER_FLAG) {
      const supervisor = Number(value);
      if (!Number.isInteger(supervisor) || supervisor <= 0) throw new HelperUsageError(`bad ${arg} ${value}`);
      stage = { kind: "inner", supervisor };
    } else if (arg === "--network") networkDisabled = value !== "on";
    else if (arg === "--write") roots.push({ root: value, readOnly: [] });
    else if (arg === "--read-only") {
      const last = roots[roots.length - 1];
      if (!last) throw new HelperUsageError("--read-only must follow a --write");
      last.readOnly.push(value);
    } else throw new HelperUsageError(`unknown argument ${arg}`);
    i++;
  }
  const command = rest.slice(i + 1);
  if (i >= rest.length || command.length === 0) throw new HelperUsageError("no command after --");
  if (!landlock) throw new HelperUsageError("expected --landlock");
  return { networkDisabled, writableRoots: roots, command, stage };
}

type HelperEnv = Record<string, string | undefined>;

export type HelperOptions = {
  /** The command's environment; defaults to this process's. */
  env?: HelperEnv;
};

/**
 * Entry point of the helper mode. `args` are the process arguments after `--codex-linux-sandbox`
 * (a leading `--codex-linux-sandbox` is skipped too). Never returns: it execs or exits.
 */
export async function runLinuxSandboxHelper(args: string[], options: HelperOptions = {}): Promise<never> {
  const env = options.env ?? process.env;
  let request: HelperRequest;
  try {
    request = parseHelperArgs(args);
  } catch (error) {
    process.stderr.write(`codex sandbox: bad helper arguments: ${(error as Error).message}\n`);
    process.exit(2);
  }
  if (request.stage.kind === "inner")
    return lockDownAndExec({ ...request, supervisor: request.stage.supervisor }, env);
  return superviseSandbox({
    innerArgs: [HELPER_FLAG, INNER_FLAG, String(process.pid), ...helperArgs(args)],
    env,
  });
}
