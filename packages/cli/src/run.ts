/** Parses the command line and runs the chosen subcommand. Each handler is loaded only when used. */
import { renderHelp } from "./args/help.ts";
import { leaf, parseArgs } from "./args/parse.ts";
import { type OptionSpec, type ParsedCommand, UsageError } from "./args/spec.ts";
import { CODEX } from "./tree.ts";
import { VERSION_LINE } from "./version-line.ts";

type Handler = (parsed: ParsedCommand) => Promise<number>;

/** Commands that run for hours: they get the runtime settings of long-lived-runtime.ts. */
const LONG_LIVED = new Set(["codex", "codex resume", "codex fork", "codex app-server"]);

function inheritedGlobals(parsed: ParsedCommand) {
  const out: OptionSpec[] = [];
  for (let node = parsed.parent; node; node = node.parent)
    out.push(...node.spec.options.filter((o) => o.global));
  return out.filter((o, i) => out.findIndex((x) => x.long === o.long) === i);
}

async function handlerFor(path: string): Promise<Handler> {
  switch (path) {
    case "codex":
    case "codex resume":
    case "codex fork":
      return (await import("./commands/interactive.ts")).runInteractive;
    case "codex exec":
    case "codex exec resume":
    case "codex exec review":
    case "codex exec fork":
    case "codex review":
      return (await import("./commands/exec.ts")).runExecCommand;
    case "codex exec undo":
      return (await import("./commands/undo.ts")).runUndoCommand;
    case "codex completion":
      return (await import("./commands/completion.ts")).runCompletion;
    case "codex features list":
    case "codex features enable":
    case "codex features disable":
      return (await import("./commands/features.ts")).runFeaturesCommand;
    case "codex doctor":
      return (await import("./commands/doctor.ts")).runDoctorCommand;
    case "codex login":
    case "codex login status":
    case "codex logout":
      return (await import("./commands/login.ts")).runLoginCommand;
    case "codex execpolicy check":
      return (await import("./commands/execpolicy.ts")).runExecpolicyCheck;
    case "codex app-server":
      return (await import("./commands/app-server.ts")).runAppServerCommand;
    case "codex sandbox":
    case "codex sandbox linux":
    case "codex sandbox macos":
      return (await import("./commands/sandbox.ts")).runSandboxCommand;
    default:
      if (path.startsWith("codex mcp ")) return (await import("./commands/mcp.ts")).runMcpCommand;
      return (await import("./commands/not-built.ts")).runNotBuilt;
  }
}

/** `$CODEX_HOME/.env` joins the environment before any config is read (a bad CODEX_HOME is reported later). */
async function loadDotEnv(): Promise<void> {
  const { codexHomeDir, loadCodexDotEnv } = await import("@codex/core");
  try {
    loadCodexDotEnv(codexHomeDir());
  } catch {
    // loadConfig reports the problem with CODEX_HOME.
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseArgs(CODEX, argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `error: ${error.message}\n\n${error.usage}\n\nFor more information, try '--help'.\n`,
      );
      return 2;
    }
    throw error;
  }
  const command = leaf(parsed);
  if (command.options.help === true) {
    console.log(renderHelp(command.spec, { path: command.path, inherited: inheritedGlobals(command) }));
    return 0;
  }
  if (command.options.version === true) {
    console.log(VERSION_LINE);
    return 0;
  }
  const path = command.path.join(" ");
  if (LONG_LIVED.has(path)) (await import("./long-lived-runtime.ts")).enterLongLivedRuntime();
  const handler = await handlerFor(path);
  if (command.path[1] !== "completion") await loadDotEnv();
  try {
    return await handler(command);
  } catch (error) {
    // Expected failures (bad config, missing key, …) carry a message meant for the user.
    const name = (error as Error).name;
    if (name === "ConfigError" || name === "UserFacingError" || name === "ModelError") {
      const report = (error as { report?: unknown }).report;
      process.stderr.write(`${typeof report === "string" ? report : `Error: ${(error as Error).message}`}\n`);
      return 1;
    }
    // Anything else is codex's own fault: its message and where it was thrown, for a bug report,
    // without the runtime's dump of the (minified) source line around it.
    const frames =
      error instanceof Error
        ? (error.stack ?? "").split("\n").filter((line) => line.startsWith("    at "))
        : [];
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`Error: ${message}\n${frames.map((line) => `${line}\n`).join("")}`);
    return 1;
  }
}
