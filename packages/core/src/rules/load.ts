/**
 * Finds and reads the rules in force: every `*.rules` file (sorted by name) in `rules/` of each
 * config folder, lowest precedence first — `$CODEX_HOME` and, in a trusted project, each `.codex`
 * folder from the project root down to the cwd. A file that cannot be read or is not valid stops
 * the load with its `file:line:col` (as 0.169, which refuses to start with a broken rules file).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../config/errors.ts";
import { type NetworkRule, RulesBuilder } from "./build.ts";
import type { RulesPolicy } from "./policy.ts";
import { parseRulesSyntax, RulesError } from "./syntax.ts";

export type LoadedRules = { policy: RulesPolicy; networkRules: NetworkRule[]; files: string[] };

/** The `*.rules` files of one folder, sorted; none when the folder does not exist. */
function rulesFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw new RulesError(dir, null, `cannot read the rules folder: ${(error as Error).message}`);
  }
  return names
    .filter((name) => name.endsWith(".rules"))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isFile();
      } catch {
        return false;
      }
    });
}

/** Reads `files` in order into one policy; throws `RulesError` at the first problem. */
export function loadRulesFiles(files: readonly string[]): LoadedRules {
  const builder = new RulesBuilder();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new RulesError(file, null, `cannot read the rules file: ${(error as Error).message}`);
    }
    builder.add(file, parseRulesSyntax(file, text));
  }
  return { policy: builder.policy, networkRules: builder.networkRules, files: [...files] };
}

/** The rules of every `rules/` folder under `configFolders` (lowest precedence first). */
export function loadRulesFromFolders(configFolders: readonly string[]): LoadedRules {
  return loadRulesFiles(configFolders.flatMap((folder) => rulesFilesIn(join(folder, "rules"))));
}

/** How a load failure is shown when a session cannot start (first line as 0.169 words it). */
function rulesLoadReport(error: RulesError): string {
  return `Error loading rules:\n${error.message}`;
}

/**
 * The rules a session starts with: `$CODEX_HOME/rules` and a trusted project's `.codex/rules`
 * (`ignore`: none, as `codex exec --ignore-rules`). A broken file stops the session from starting,
 * as in 0.169, with a `ConfigError` whose report names the file and line.
 */
export function loadSessionRulesPolicy(
  config: { codexHome: string; project_config_folders: readonly string[] },
  options: { ignore: boolean },
): RulesPolicy {
  if (options.ignore) return new RulesBuilder().policy;
  try {
    return loadRulesFromFolders([config.codexHome, ...config.project_config_folders]).policy;
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    throw new ConfigError(error.message, { report: rulesLoadReport(error) });
  }
}
