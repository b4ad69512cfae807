/**
 * Project trust, as recorded in `$CODEX_HOME/config.toml` (`[projects."<root>"] trust_level`):
 * where the cwd's project starts (the project root markers, else the cwd), whether it is a git
 * repository, and what the user decided. Front ends ask here (the TUI's trust question, exec's
 * git check) and record answers here, through the one config editor.
 */
import { parse } from "smol-toml";
import { findGitRoot } from "../git/repository.ts";
import { readConfigText, setProjectTrustLevel, userConfigPath } from "./config-file.ts";
import { findProjectRoot } from "./layers.ts";
import { isTable } from "./validate.ts";

export type ProjectTrustLevel = "trusted" | "untrusted";

export type ProjectTrust = {
  /** The folder trust is recorded for. */
  root: string;
  /** Whether the cwd is inside a git repository (`codex exec` refuses to run elsewhere by default). */
  isGitRepo: boolean;
  /** null: never decided (the TUI asks). */
  level: ProjectTrustLevel | null;
};

export function projectTrust(options: { codexHome: string; cwd: string }): ProjectTrust {
  const text = readConfigText(userConfigPath(options.codexHome));
  const user = text === "" ? {} : (parse(text) as Record<string, unknown>);
  const markers = Array.isArray(user.project_root_markers)
    ? (user.project_root_markers as string[])
    : [".git"];
  const root = findProjectRoot(options.cwd, markers) ?? options.cwd;
  const projects = isTable(user.projects) ? user.projects : {};
  let level: ProjectTrustLevel | null = null;
  // As the loader reads it: the cwd's own entry first, then the project root's.
  for (const dir of [options.cwd, root]) {
    const entry = projects[dir];
    if (isTable(entry) && (entry.trust_level === "trusted" || entry.trust_level === "untrusted")) {
      level = entry.trust_level;
      break;
    }
  }
  return { root, isGitRepo: findGitRoot(options.cwd) !== null, level };
}

/** Records the user's answer for the cwd's project (only that project's lines change). */
export function setProjectTrust(options: { codexHome: string; cwd: string }, level: ProjectTrustLevel): void {
  setProjectTrustLevel(options.codexHome, projectTrust(options).root, level);
}

/**
 * `codex exec --trust`: marks the cwd's project trusted, unless it is explicitly untrusted there.
 */
export function trustProject(options: { codexHome: string; cwd: string }): {
  path: string;
  trusted: boolean;
} {
  const { root, level } = projectTrust(options);
  if (level === "untrusted") return { path: root, trusted: false };
  if (level !== "trusted") setProjectTrustLevel(options.codexHome, root, "trusted");
  return { path: root, trusted: true };
}
