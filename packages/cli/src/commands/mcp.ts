import type { ParsedCommand } from "../args/spec.ts";

export async function runMcpCommand(parsed: ParsedCommand): Promise<number> {
  process.stderr.write(`\`${parsed.path.join(" ")}\` is not built yet in this version.\n`);
  return 1;
}
