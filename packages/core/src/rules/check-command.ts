/**
 * `codex execpolicy check --rules FILE… CMD…`: which rules of FILEs match CMD, as the JSON 0.169
 * prints. The command is checked as given (a `bash -c` script is not split, as in 0.169).
 */
import { ConfigError } from "../config/errors.ts";
import { loadRulesFiles } from "./load.ts";
import { evaluationJson } from "./policy.ts";
import { RulesError } from "./syntax.ts";

export type ExecpolicyCheckOptions = {
  rulesFiles: readonly string[];
  command: readonly string[];
  resolveHostExecutables: boolean;
  pretty: boolean;
};

/** The JSON text to print; throws `ConfigError` (file:line:col) for a rules file that does not load. */
export function execpolicyCheck(options: ExecpolicyCheckOptions): string {
  let loaded: ReturnType<typeof loadRulesFiles>;
  try {
    loaded = loadRulesFiles(options.rulesFiles);
  } catch (error) {
    if (error instanceof RulesError) throw new ConfigError(error.message);
    throw error;
  }
  const matches = loaded.policy.matches(options.command, {
    resolveHostExecutables: options.resolveHostExecutables,
  });
  const json = evaluationJson(matches);
  return options.pretty ? JSON.stringify(json, null, 2) : JSON.stringify(json);
}
