/**
 * Front ends (exec, tui, app-server) know nothing of `$CODEX_HOME`'s layout: history, custom prompts, config,
 * credentials, sessions and project trust reach them through core's ops and public entry. This
 * rule fails a front-end source that names one of those files or folders (in code or comments —
 * a comment that needs them is a sign the code does too), walks for `.git` itself, reads
 * `CODEX_HOME`, or builds a path from `codexHome` (passing it on to core is fine).
 */

type Rule = { pattern: RegExp; what: string };

const RULES: readonly Rule[] = [
  { pattern: /history\.jsonl/, what: "names history.jsonl (ask the session: get_history_entry_request)" },
  { pattern: /config\.toml/, what: "names config.toml (core reads and writes the configuration)" },
  {
    pattern: /auth\.json/,
    what: "names auth.json (credentials are core's: login, logout, missingCredentials)",
  },
  { pattern: /\bsessions\//, what: "names the sessions/ folder (core lists and resumes sessions)" },
  { pattern: /\bprompts\//, what: "names the prompts/ folder (ask the session: list_custom_prompts)" },
  { pattern: /CODEX_HOME/, what: "names CODEX_HOME (core resolves it: codexHomeDir)" },
  {
    pattern: /(^|[^\w.-])\.codex(?![\w-])/m,
    what: "names the .codex folder (core knows where config lives)",
  },
  {
    pattern: /(^|[^\w.-])\.git(?![\w-])/m,
    what: "looks for .git (core says whether a folder is a git repository: projectTrust)",
  },
];

/** A path built from codexHome: `join(…codexHome…)`, `resolve(…)`, `${codexHome}/…`, `codexHome + "/…"`. */
const PATH_FROM_HOME = /\b(?:join|resolve)\([^)]*\bcodexHome\b|\$\{[^}]*\bcodexHome\}[/\\]|\bcodexHome\s*\+/;

/** One line per problem, `file:line: what`; none for a clean file. */
export function frontEndLayoutProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const rule of RULES) if (rule.pattern.test(line)) problems.push(`${file}:${i + 1}: ${rule.what}`);
    if (PATH_FROM_HOME.test(line))
      problems.push(
        `${file}:${i + 1}: builds a path from codexHome (pass it to core, which knows what is inside)`,
      );
  });
  return problems;
}
