/**
 * Loads the configuration once: the layers (system, user, profile, trusted project files, -c;
 * see layers.ts), each checked against the declaration and normalized, merged, read through the
 * declaration into settings, and resolved with the dedicated flags into a frozen `Config`.
 */
import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import { codexHomeDir } from "./codex-home.ts";
import { userConfigPath } from "./config-file.ts";
import { findingWarnings, type LayerFinding, strictConfigError } from "./diagnostics.ts";
import { ConfigError } from "./errors.ts";
import { OUR_KEYS } from "./keys/index.ts";
import {
  type ConfigLayer,
  findProjectRoot,
  locator,
  overridesLayer,
  PROFILE_NAME,
  projectCodexFolders,
  projectConfigPaths,
  readTomlLayer,
} from "./layers.ts";
import { mergeLayers } from "./merge.ts";
import { lookupModel, unknownModelWarning } from "./model-catalog.ts";
import { normalizeLayer } from "./normalize.ts";
import type { ConfigOverride } from "./overrides.ts";
import { type ConfigFlags, resolveConfig } from "./resolve.ts";
import { readSettings } from "./settings.ts";
import type { Config } from "./types.ts";
import { checkLayer, isTable } from "./validate.ts";

export type { ConfigFlags } from "./resolve.ts";

export type LoadConfigOptions = {
  codexHome?: string;
  cwd?: string;
  /** `-p NAME`: layers `$CODEX_HOME/NAME.config.toml` (or the legacy `[profiles.NAME]`). */
  profile?: string;
  overrides?: ConfigOverride[];
  flags?: ConfigFlags;
  env?: NodeJS.ProcessEnv;
  /** `--strict-config`: an unknown key is an error instead of a warning. */
  strict?: boolean;
  /** Default `/etc/codex/config.toml`. */
  systemConfigPath?: string;
  /** Receives warnings; defaults to stderr. */
  onWarning?: (message: string) => void;
};

/** One file (or the -c overrides) that contributed to the configuration. */
export type ConfigSource = { kind: ConfigLayer["kind"]; path: string | null };

export type LoadedConfig = {
  config: Config;
  warnings: string[];
  /** The layers in effect, lowest precedence first. */
  sources: ConfigSource[];
  /** For each key path set by some layer (dotted), the layer that set the value in effect. */
  origins: Record<string, ConfigSource>;
};

const SYSTEM_CONFIG_PATH = "/etc/codex/config.toml";

/** Legacy profile warnings are said once per process, however often the config is reloaded. */
const warnedLegacyProfiles = new Set<string>();

function resolveCwd(cwd: string | undefined): string {
  const dir = resolve(cwd ?? process.cwd());
  let ok = false;
  try {
    ok = statSync(dir).isDirectory();
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ConfigError(`working directory ${dir} does not exist or is not a directory (check -C/--cd)`);
  return dir;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

type ProfileChoice = { layer: ConfigLayer | null; name: string | null; warnings: string[] };

/**
 * The profile in effect: `-p NAME` (or the legacy `profile = "NAME"`), read from NAME.config.toml,
 * else from the legacy `[profiles.NAME]` table (of config.toml or of -c overrides).
 */
function selectProfile(
  codexHome: string,
  user: ConfigLayer | null,
  session: ConfigLayer,
  requested: string | undefined,
): ProfileChoice {
  const legacySelector = [session, user]
    .map((layer) => layer?.table.profile)
    .find((v) => typeof v === "string");
  const name = requested ?? (legacySelector as string | undefined);
  if (name === undefined) return { layer: null, name: null, warnings: [] };
  if (!PROFILE_NAME.test(name))
    throw new ConfigError(`invalid --profile value \`${name}\`; pass a plain name such as \`work\``);
  const path = join(codexHome, `${name}.config.toml`);
  const file = readTomlLayer("profile", path);
  const legacyTables = mergeLayers(
    [user, session].map((layer) => (layer && isTable(layer.table.profiles) ? layer.table.profiles : {})),
  );
  const legacy = Object.hasOwn(legacyTables, name) ? legacyTables[name] : undefined;
  const warnings: string[] = [];
  const once = (message: string) => {
    if (warnedLegacyProfiles.has(message)) return;
    warnedLegacyProfiles.add(message);
    warnings.push(message);
  };
  if (requested === undefined)
    once(
      `warning: \`profile = "${name}"\` in ${user?.path} is the legacy way to pick a profile; Codex 0.169 refuses it. Pass \`-p ${name}\` instead.`,
    );
  if (file) {
    if (legacy !== undefined)
      once(`warning: [profiles.${name}] in ${user?.path} is ignored: ${path} takes its place.`);
    return { layer: file, name, warnings };
  }
  if (legacy !== undefined && isTable(legacy)) {
    const home = user ?? session;
    once(
      `warning: profile \`${name}\` comes from the legacy [profiles.${name}] table in ${home.path ?? "-c"}; Codex 0.169 reads profiles from ${path} (move the settings there).`,
    );
    return {
      layer: {
        kind: "legacy-profile",
        path: home.path,
        text: home.text,
        table: legacy,
        baseDir: home.baseDir,
      },
      name,
      warnings,
    };
  }
  warnings.push(`warning: profile \`${name}\`: ${path} does not exist; using the other config files alone.`);
  return { layer: null, name, warnings };
}

function trustOf(projects: unknown, cwd: string, root: string | null): string | null {
  const table = isTable(projects) ? projects : {};
  for (const dir of [cwd, root]) {
    if (dir === null) continue;
    const entry = table[dir];
    if (isTable(entry) && typeof entry.trust_level === "string") return entry.trust_level;
  }
  return null;
}

/** Every leaf key path a layer sets, dotted. */
function leafPaths(node: Record<string, unknown>, prefix: string[] = []): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    const path = [...prefix, key];
    if (isTable(value) && Object.keys(value).length > 0) out.push(...leafPaths(value, path));
    else out.push(path.join("."));
  }
  return out;
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const codexHome = options.codexHome ?? codexHomeDir(env);
  const cwd = resolveCwd(options.cwd);
  const configPath = userConfigPath(codexHome);
  const codexTsPath = join(codexHome, "codex-ts.toml");
  const findings: LayerFinding[] = [];
  const check = (layer: ConfigLayer | null, opts: { ownFile?: boolean } = {}): ConfigLayer | null => {
    if (layer === null) return null;
    const where = layer.path ?? "-c/--config overrides";
    for (const finding of checkLayer(layer.table, { where, locate: locator(layer), ...opts })) {
      // A codex-ts key given with -c is in no file Codex reads: nothing to move.
      if (finding.kind === "ours-outside-own-file" && layer.kind === "session-flags") continue;
      findings.push({ ...finding, layer });
    }
    // codex-ts.toml holds codex-ts keys only; anything else there was reported and is dropped.
    const table = opts.ownFile
      ? Object.fromEntries(Object.entries(layer.table).filter(([key]) => Object.hasOwn(OUR_KEYS, key)))
      : layer.table;
    return { ...layer, table: normalizeLayer(table, layer.baseDir) };
  };

  const system = check(readTomlLayer("system", options.systemConfigPath ?? SYSTEM_CONFIG_PATH));
  const userRaw = readTomlLayer("user", configPath);
  const user = check(userRaw);
  const own = check(readTomlLayer("codex-ts", codexTsPath), { ownFile: true });
  const sessionRaw = overridesLayer(options.overrides ?? [], cwd);
  const profile = selectProfile(codexHome, userRaw, sessionRaw, options.profile);
  // A legacy profile was checked with the user file; a profile file is checked on its own.
  const profileLayer =
    profile.layer?.kind === "profile"
      ? check(profile.layer)
      : profile.layer && {
          ...profile.layer,
          table: normalizeLayer(profile.layer.table, profile.layer.baseDir),
        };
  const session = check(sessionRaw);

  const base = [system, user, own, profileLayer, session].filter((l): l is ConfigLayer => l !== null);
  const baseMerged = mergeLayers(base.map((l) => l.table));
  const markers = Array.isArray(baseMerged.project_root_markers)
    ? (baseMerged.project_root_markers as string[])
    : [".git"];
  const root = findProjectRoot(cwd, markers);
  const trust = trustOf(baseMerged.projects, cwd, root);
  const warnings: string[] = [...profile.warnings];
  const projectPaths = projectConfigPaths(root, cwd).filter((path) => path !== configPath);
  const projects: ConfigLayer[] = [];
  if (trust === "trusted") {
    for (const path of projectPaths) {
      const layer = check(readTomlLayer("project", path));
      if (layer) projects.push(layer);
    }
  } else if (projectPaths.length > 0) {
    warnings.push(
      `warning: ignoring ${projectPaths.join(", ")}: project config is read only in a trusted project (trust ${root ?? cwd} in the TUI, or pass --trust to codex exec).`,
    );
  }

  const layers = [system, user, own, profileLayer, ...projects, session].filter(
    (l): l is ConfigLayer => l !== null,
  );
  const firstUnknown = findings.find((f) => f.kind === "unknown");
  if (options.strict && firstUnknown) {
    const report = strictConfigError(firstUnknown);
    throw new ConfigError(report.split("\n").slice(1).join("\n") || report, { report });
  }
  warnings.push(...findingWarnings(findings, { codexTsFile: codexTsPath }));

  const merged = mergeLayers(layers.map((l) => l.table));
  const settings = readSettings(merged);
  const config = resolveConfig(settings, {
    codexHome,
    cwd,
    env,
    flags: options.flags ?? {},
    trusted: trust === "trusted",
    projectFolders: trust === "trusted" ? projectCodexFolders(root, cwd).filter((f) => f !== codexHome) : [],
    activeProfile: profile.name,
    configPath,
  });

  if (!lookupModel(config.model).known) warnings.push(unknownModelWarning(config.model));

  const sources = layers.map((l) => ({ kind: l.kind, path: l.path }));
  const origins: Record<string, ConfigSource> = {};
  for (const layer of layers)
    for (const path of leafPaths(layer.table)) origins[path] = { kind: layer.kind, path: layer.path };

  const report = options.onWarning ?? ((message: string) => process.stderr.write(`${message}\n`));
  for (const warning of warnings) report(warning);
  return { config: deepFreeze(config), warnings, sources, origins };
}
