/** `codex app-server`: JSON-RPC over stdio (the only transport this build serves). */
import { optionValue } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runAppServerCommand(parsed: ParsedCommand): Promise<number> {
  const listen = optionValue(parsed, "listen") ?? "stdio://";
  if (listen !== "stdio://") {
    process.stderr.write(
      `Error: --listen ${listen} is not supported by this build; use the default stdio:// transport\n`,
    );
    return 2;
  }
  // A client that goes away closes our stdout: stop quietly, as when it closes stdin.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
  });
  const [{ runAppServer }, { codexHomeDir }] = await Promise.all([
    import("@codex/app-server"),
    import("@codex/core"),
  ]);
  await runAppServer({
    input: process.stdin,
    output: process.stdout,
    codexHome: codexHomeDir(),
    loadOptions: configOptionsFromFlags(parsed, "app-server"),
    env: process.env,
  });
  return 0;
}
