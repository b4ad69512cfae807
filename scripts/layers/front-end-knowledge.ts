/**
 * Front ends (exec, tui) know nothing of `$CODEX_HOME`'s layout: history, custom prompts, config,
 * credentials, sessions and project trust reach them through core's ops and public entry. This
 * rule fails a front-end source that names one of those files or folders (in code or comments —
 * a comment that needs them is a sign the code does too), walks for `.git` itself, reads
 * `CODEX_HOME`, or builds paths from `codexHome` in a file that touches the filesystem.
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

const TOUCHES_FS = /^\s*import\s[^;]*?["']node:fs(?:\/promises)?["']|\bimport\(\s*["']node:fs/m;

/** One line per problem, `file:line: what`; none for a clean file. */
export function frontEndLayoutProblems(file: string, text: string): string[] {
  const problems: string[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const rule of RULES) if (rule.pattern.test(line)) problems.push(`${file}:${i + 1}: ${rule.what}`);
  });
  if (TOUCHES_FS.test(text)) {
    lines.forEach((line, i) => {
      if (/\bcodexHome\b/.test(line))
        problems.push(
          `${file}:${i + 1}: uses codexHome in a file that imports node:fs (pass it to core, never build paths from it)`,
        );
    });
  }
  return problems;
}
