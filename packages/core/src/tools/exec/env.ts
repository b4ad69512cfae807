/**
 * `shell_environment_policy`: which environment variables a child command receives.
 * Order (as Codex): inherit (all | core | none) → default excludes (*KEY*, *SECRET*, *TOKEN*,
 * case-insensitive, unless `ignore_default_excludes`) → `exclude` globs → `set` → `include_only`.
 */
import type { ShellEnvironmentPolicy } from "../../config/types.ts";

/** Variables kept by `inherit = "core"`. */
const CORE_ENV_VARS: readonly string[] = [
  "HOME",
  "LOGNAME",
  "PATH",
  "SHELL",
  "USER",
  "USERNAME",
  "TMPDIR",
  "TEMP",
  "TMP",
];

const DEFAULT_EXCLUDE_PATTERNS: readonly string[] = ["*KEY*", "*SECRET*", "*TOKEN*"];

/** Compiles a glob (`*`, `?`, `[...]`) to a case-insensitive, anchored regular expression. */
function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end === -1) source += "\\[";
      else {
        let body = glob.slice(i + 1, end);
        if (body.startsWith("!")) body = `^${body.slice(1)}`;
        source += `[${body.replace(/\\/g, "\\\\")}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const compiled = patterns.map(globToRegExp);
  return (name) => compiled.some((re) => re.test(name));
}

/** Builds a child's environment from `base` (normally `process.env`) under `policy`. */
export function createChildEnv(
  policy: ShellEnvironmentPolicy,
  base: Record<string, string | undefined>,
): Record<string, string> {
  const env: Record<string, string> = {};
  const defined = Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined);
  if (policy.inherit === "all") for (const [k, v] of defined) env[k] = v;
  else if (policy.inherit === "core") {
    const core = new Set(CORE_ENV_VARS);
    for (const [k, v] of defined) if (core.has(k)) env[k] = v;
  }
  const isDefaultExcluded = policy.ignore_default_excludes ? () => false : matcher(DEFAULT_EXCLUDE_PATTERNS);
  const isExcluded = matcher(policy.exclude);
  for (const name of Object.keys(env)) if (isDefaultExcluded(name) || isExcluded(name)) delete env[name];
  for (const [k, v] of Object.entries(policy.set)) env[k] = v;
  if (policy.include_only.length > 0) {
    const isIncluded = matcher(policy.include_only);
    for (const name of Object.keys(env)) if (!isIncluded(name)) delete env[name];
  }
  return env;
}
