/**
 * `codex doctor`: environment, configuration (the files in effect and where each set key comes
 * from), credentials, the sandbox tier and why, MCP servers (started once), and whether the model
 * provider answers. Exit status 1 when a check fails.
 */
import { CODEX_VERSION } from "@codex/protocol";
import { codexHomeDir } from "../config/codex-home.ts";
import { type LoadConfigOptions, type LoadedConfig, loadConfig } from "../config/load.ts";
import {
  authCheck,
  configCheck,
  configFailure,
  environmentCheck,
  mcpChecks,
  reachabilityCheck,
  sandboxCheck,
} from "./checks.ts";
import { type DoctorCheck, type RenderOptions, renderHuman, renderJson } from "./report.ts";

export type DoctorOptions = {
  config: LoadConfigOptions;
  /** `--network-only`: configuration and provider checks only. */
  networkOnly: boolean;
  json: boolean;
  render: RenderOptions;
  env?: NodeJS.ProcessEnv;
};

export async function runDoctor(options: DoctorOptions): Promise<{ output: string; exitCode: number }> {
  const env = options.env ?? options.config.env ?? process.env;
  const checks: DoctorCheck[] = [];
  let codexHome: string | null = null;
  try {
    codexHome = options.config.codexHome ?? codexHomeDir(env);
  } catch (error) {
    checks.push(configFailure((error as Error).message));
  }
  if (codexHome !== null && !options.networkOnly) checks.push(environmentCheck(codexHome));
  let loaded: LoadedConfig | null = null;
  if (codexHome !== null) {
    try {
      loaded = loadConfig({ ...options.config, codexHome, env, onWarning: () => {} });
      checks.push(configCheck(loaded));
    } catch (error) {
      const report = (error as { report?: unknown }).report;
      checks.push(configFailure(typeof report === "string" ? report : (error as Error).message));
    }
  }
  if (loaded !== null) {
    const { config } = loaded;
    checks.push(authCheck(config, env));
    if (!options.networkOnly) {
      checks.push(await sandboxCheck(config));
      checks.push(...(await mcpChecks(config)));
    }
    checks.push(await reachabilityCheck(config, env));
  }
  const failed = checks.some((check) => check.status === "fail");
  const header = `Codex Doctor (codex-ts ${CODEX_VERSION}) · ${process.platform}-${process.arch}`;
  const output = options.json
    ? renderJson(checks, CODEX_VERSION)
    : renderHuman(checks, header, options.render);
  return { output, exitCode: failed ? 1 : 0 };
}
