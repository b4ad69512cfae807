/**
 * `codex exec --trust`: marks the project (its root, found by the project root markers, else the
 * cwd) trusted in `$CODEX_HOME/config.toml`, unless it is explicitly untrusted there.
 */
import { parse } from "smol-toml";
import { readConfigText, setProjectTrustLevel, userConfigPath } from "./config-file.ts";
import { findProjectRoot } from "./layers.ts";
import { isTable } from "./validate.ts";

export function trustProject(options: { codexHome: string; cwd: string }): {
  path: string;
  trusted: boolean;
} {
  const text = readConfigText(userConfigPath(options.codexHome));
  const user = text === "" ? {} : (parse(text) as Record<string, unknown>);
  const markers = Array.isArray(user.project_root_markers)
    ? (user.project_root_markers as string[])
    : [".git"];
  const path = findProjectRoot(options.cwd, markers) ?? options.cwd;
  const projects = isTable(user.projects) ? user.projects : {};
  const entry = projects[path];
  if (isTable(entry) && entry.trust_level === "untrusted") return { path, trusted: false };
  if (!(isTable(entry) && entry.trust_level === "trusted"))
    setProjectTrustLevel(options.codexHome, path, "trusted");
  return { path, trusted: true };
}
