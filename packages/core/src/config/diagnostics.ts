/**
 * What the loader says about the layers' findings, in Codex 0.169's words where it has them:
 * unknown keys are one grouped warning (or, with --strict-config, an error that points at the
 * key); unsupported keys and codex-ts keys in Codex's files get a warning of their own.
 */
import type { ConfigLayer } from "./layers.ts";
import { locateKeyPath } from "./toml-document.ts";
import type { Finding } from "./validate.ts";

export type LayerFinding = Finding & { layer: ConfigLayer };

function layerLabel(layer: ConfigLayer): string {
  switch (layer.kind) {
    case "session-flags":
      return "session-flags";
    case "legacy-profile":
      return `user (${layer.path} [profiles])`;
    case "profile":
    case "user":
      return `user (${layer.path})`;
    default:
      return `${layer.kind} (${layer.path})`;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The grouped warnings for `findings` (none when there is nothing to say). */
export function findingWarnings(
  findings: readonly LayerFinding[],
  options: { codexTsFile: string },
): string[] {
  const warnings: string[] = [];
  const unknown = findings.filter((f) => f.kind === "unknown");
  if (unknown.length > 0) {
    warnings.push(
      [
        `warning: Codex is ignoring ${plural(unknown.length, "unrecognized configuration setting")}. Check for typos or deprecated settings.`,
        ...unknown.map((f) => `  ${layerLabel(f.layer)}: \`${f.path.join(".")}\` is ignored.`),
      ].join("\n"),
    );
  }
  const unsupported = findings.filter((f) => f.kind === "unsupported");
  if (unsupported.length > 0) {
    warnings.push(
      [
        `warning: this build does not support ${plural(unsupported.length, "configuration setting")}; ${unsupported.length === 1 ? "it has" : "they have"} no effect (see docs/configuration.md).`,
        ...unsupported.map((f) => `  ${layerLabel(f.layer)}: \`${f.path.join(".")}\``),
      ].join("\n"),
    );
  }
  for (const f of findings.filter((f) => f.kind === "ours-outside-own-file")) {
    warnings.push(
      `warning: \`${f.path.join(".")}\` in ${f.layer.path ?? "-c"} is a codex-ts setting; move it to ${options.codexTsFile} so that Codex 0.169 with --strict-config still accepts ${f.layer.path ?? "your config"}.`,
    );
  }
  return warnings;
}

/**
 * The --strict-config error for the first unknown key, as Codex 0.169 prints it:
 * `<path>:L:C: unknown configuration field `KEY`` with the line and a caret under the key.
 */
export function strictConfigError(finding: LayerFinding): string {
  const key = finding.path.join(".");
  const { layer } = finding;
  if (layer.path === null || layer.text === null) {
    return `Error loading config.toml: unknown configuration field \`${key}\` in -c/--config override`;
  }
  const at = locateKeyPath(layer.text, finding.path);
  const gutter = " ".repeat(String(at.line).length);
  return [
    "Error loading config.toml:",
    `${layer.path}:${at.line}:${at.column}: unknown configuration field \`${key}\``,
    `${gutter} |`,
    `${at.line} | ${at.lineText}`,
    `${gutter} | ${" ".repeat(at.column - 1)}${"^".repeat(at.length)}`,
  ].join("\n");
}
