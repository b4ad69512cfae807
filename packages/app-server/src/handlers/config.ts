/**
 * config/read, config/value/write and config/batchWrite: the settings an IDE shows and changes.
 * Writes go through core's one config editor into `$CODEX_HOME/config.toml`, after the new value
 * has been checked by loading the config with it; `version` is a hash of the file, so a client can
 * refuse to overwrite a change it has not seen (`expectedVersion`).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ConfigSource, LoadedConfig, TomlValue } from "@codex/core";
import type { ServerContext } from "../context.ts";
import { invalidRequest } from "../errors.ts";
import { optionalString, type Params, requiredString } from "../params.ts";
import { approvalPolicyV2 } from "../thread-view.ts";

function fileVersion(path: string | null): string {
  let text = "";
  try {
    text = path === null ? "" : readFileSync(path, "utf8");
  } catch {
    // A missing file has the empty version.
  }
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

/** Our layer kinds as v2's ConfigLayerSource. */
function layerSource(source: ConfigSource): Record<string, unknown> {
  switch (source.kind) {
    case "system":
      return { type: "system", file: source.path };
    case "project":
      return { type: "project", dotCodexFolder: source.path ? dirname(source.path) : null };
    case "session-flags":
      return { type: "sessionFlags" };
    default:
      // The user file, a profile file and our own codex-ts file are all the user's.
      return { type: "user", file: source.path };
  }
}

function configView(loaded: LoadedConfig): Record<string, unknown> {
  const { config } = loaded;
  const policy = config.sandbox_policy;
  return {
    model: config.model,
    model_provider: config.model_provider.id,
    model_context_window: config.model_context_window,
    model_reasoning_effort: config.model_reasoning_effort,
    model_reasoning_summary: config.model_reasoning_summary,
    approval_policy: approvalPolicyV2(config.approval_policy),
    sandbox_mode: policy.mode,
    sandbox_workspace_write:
      policy.mode === "workspace-write"
        ? {
            writable_roots: policy.writable_roots,
            network_access: policy.network_access,
            exclude_tmpdir_env_var: policy.exclude_tmpdir_env_var,
            exclude_slash_tmp: policy.exclude_slash_tmp,
          }
        : null,
    forced_login_method: config.forced_login_method,
    forced_chatgpt_workspace_id: config.forced_chatgpt_workspace_id?.[0] ?? null,
  };
}

async function load(ctx: ServerContext, options: { cwd?: string; overrides?: Array<[string, unknown]> }) {
  const core = await import("@codex/core");
  const warnings: string[] = [];
  try {
    const loaded = core.loadConfig({
      ...ctx.loadOptions,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      overrides: [...(ctx.loadOptions.overrides ?? []), ...(options.overrides ?? [])],
      onWarning: (message) => warnings.push(message),
    });
    return { loaded, warnings };
  } catch (error) {
    throw invalidRequest(error instanceof Error ? error.message : String(error));
  }
}

export async function configRead(params: Params, ctx: ServerContext): Promise<unknown> {
  const { loaded } = await load(ctx, { cwd: optionalString(params, "cwd") });
  const origins: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(loaded.origins))
    origins[key] = { name: layerSource(source), version: fileVersion(source.path) };
  const layers =
    params.includeLayers === true
      ? loaded.sources.map((source) => ({
          name: layerSource(source),
          version: fileVersion(source.path),
          config: {},
        }))
      : null;
  return { config: configView(loaded), origins, layers };
}

type Edit = { keyPath: string; value: unknown };

function editOf(params: Params): Edit {
  const keyPath = requiredString(params, "keyPath");
  if (!("value" in params)) throw invalidRequest("Invalid request: missing field `value`");
  const strategy = params.mergeStrategy;
  if (strategy !== "replace" && strategy !== "upsert")
    throw invalidRequest("Invalid request: `mergeStrategy` must be `replace` or `upsert`");
  return { keyPath, value: params.value };
}

async function writeEdits(params: Params, edits: Edit[], ctx: ServerContext): Promise<unknown> {
  const core = await import("@codex/core");
  const filePath = join(ctx.codexHome, "config.toml");
  const requested = optionalString(params, "filePath");
  if (requested !== undefined && requested !== filePath)
    throw invalidRequest(`config writes go to ${filePath}; other files are not written by this build`);
  const expected = optionalString(params, "expectedVersion");
  if (expected !== undefined && expected !== fileVersion(filePath))
    throw invalidRequest(`config.toml changed since version ${expected}; read it again before writing`);
  // The values must make a valid config, and every key must be one this build knows.
  const { warnings } = await load(ctx, { overrides: edits.map((edit) => [edit.keyPath, edit.value]) });
  for (const edit of edits) {
    const problem = warnings.find((warning) => warning.includes(edit.keyPath));
    if (problem) throw invalidRequest(problem);
    if (edit.value === null) throw invalidRequest(`removing ${edit.keyPath} is not supported by this build`);
  }
  core.updateUserConfig(
    ctx.codexHome,
    edits.map((edit) => ({ path: edit.keyPath.split("."), value: edit.value as TomlValue })),
  );
  return { status: "ok", version: fileVersion(filePath), filePath, overriddenMetadata: null };
}

export function configValueWrite(params: Params, ctx: ServerContext): Promise<unknown> {
  return writeEdits(params, [editOf(params)], ctx);
}

export function configBatchWrite(params: Params, ctx: ServerContext): Promise<unknown> {
  if (!Array.isArray(params.edits)) throw invalidRequest("Invalid request: missing field `edits`");
  return writeEdits(
    params,
    (params.edits as unknown[]).map((edit) => editOf((edit ?? {}) as Params)),
    ctx,
  );
}
