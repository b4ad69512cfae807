/** `codex doctor [--json] [--summary] [--all] [--no-color] [--ascii] [--network-only]`. */
import { runDoctor } from "@codex/core";
import { flag } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";

export async function runDoctorCommand(parsed: ParsedCommand): Promise<number> {
  const color = !flag(parsed, "no-color") && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const { output, exitCode } = await runDoctor({
    config: configOptionsFromFlags(parsed, "tui"),
    networkOnly: flag(parsed, "network-only"),
    json: flag(parsed, "json"),
    render: {
      ascii: flag(parsed, "ascii") || !color,
      color,
      summaryOnly: flag(parsed, "summary"),
      all: flag(parsed, "all"),
    },
  });
  process.stdout.write(output);
  return exitCode;
}
