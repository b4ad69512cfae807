/**
 * `default_permissions` and `[permissions.<name>]` (Codex 0.169) resolved to what this build
 * enforces: a sandbox mode from the profile's `extends` chain (ending in a built-in), and its
 * network — off, fully on, or through the allow-list proxy. The proxy runs when the network is
 * enabled and `features.network_proxy` is on (as in 0.169), and also whenever the profile lists
 * `network.domains` or codex-ts.toml names presets: a written allow-list is never ignored.
 */

import {
  DomainPatternError,
  NETWORK_PRESET_NAMES,
  NetworkPolicy,
  type NetworkPresetName,
} from "@codex/network-proxy";
import type { SandboxMode } from "@codex/protocol";
import { ConfigError } from "./errors.ts";
import type { Settings } from "./keys/index.ts";

type ProfileSettings = Settings["permissions"][string];
type NetworkSettings = ProfileSettings["network"];

/** The allow-list proxy's settings for a session (null in `Config` when no proxy runs). */
export type NetworkProxySettings = {
  /** The permission profile it comes from. */
  profile: string;
  mode: "full" | "limited";
  domains: Record<string, "allow" | "deny">;
  presets: NetworkPresetName[];
  allow_local_binding: boolean;
  enable_socks5: boolean;
};

export type ResolvedPermissions = {
  name: string;
  sandboxMode: SandboxMode;
  /** Whether commands get the network directly (`full`), none, or through the proxy. */
  network: "off" | "full" | "proxy";
  proxy: NetworkProxySettings | null;
};

const BUILT_INS: Record<string, SandboxMode> = {
  ":read-only": "read-only",
  ":workspace": "workspace-write",
  ":danger-full-access": "danger-full-access",
};

function builtIn(name: string, context: string): SandboxMode {
  const mode = BUILT_INS[name];
  if (!mode)
    throw new ConfigError(
      `${context}: unknown built-in permissions profile \`${name}\` (use :read-only, :workspace or :danger-full-access)`,
    );
  return mode;
}

/** The profile and its ancestors, the selected one first; the built-in at the root, if any. */
function chainOf(
  name: string,
  profiles: Settings["permissions"],
): { chain: Array<[string, ProfileSettings]>; root: SandboxMode } {
  const chain: Array<[string, ProfileSettings]> = [];
  let current: string | null = name;
  while (current !== null) {
    if (current.startsWith(":")) return { chain, root: builtIn(current, `permissions profile \`${name}\``) };
    if (chain.some(([seen]) => seen === current))
      throw new ConfigError(
        `permissions profile \`${name}\`: \`extends\` goes round in a circle through \`${current}\``,
      );
    const profile: ProfileSettings | undefined = profiles[current];
    if (!profile) {
      const known = Object.keys(profiles);
      if (known.length === 0) throw new ConfigError("default_permissions requires a `[permissions]` table");
      throw new ConfigError(
        `permissions profile \`${current}\` is not defined (defined: ${known.join(", ")}; built-ins: :read-only, :workspace, :danger-full-access)`,
      );
    }
    chain.push([current, profile]);
    current = profile.extends;
  }
  // No built-in underneath: nothing is writable, as for a profile without file-system entries.
  return { chain, root: "read-only" };
}

/** The network tables of the chain merged, ancestors first (later keys and domains win). */
function mergedNetwork(chain: Array<[string, ProfileSettings]>) {
  const merged = {
    enabled: false,
    mode: "full" as "full" | "limited",
    domains: {} as Record<string, "allow" | "deny">,
    allow_local_binding: false,
    enable_socks5: true,
  };
  for (const [, profile] of [...chain].reverse()) {
    const network: NetworkSettings = profile.network;
    if (network.enabled !== null) merged.enabled = network.enabled;
    if (network.mode !== null) merged.mode = network.mode;
    if (network.allow_local_binding !== null) merged.allow_local_binding = network.allow_local_binding;
    if (network.enable_socks5 !== null) merged.enable_socks5 = network.enable_socks5;
    Object.assign(merged.domains, network.domains);
  }
  return merged;
}

export type PermissionOptions = {
  /** `features.network_proxy`. */
  networkProxyFeature: boolean;
  /** codex-ts.toml's `sandbox.network_presets`. */
  presets: readonly string[];
  /** `sandbox_workspace_write.network_access` (what `:workspace` itself means for the network). */
  workspaceNetworkAccess: boolean;
};

function knownPresets(names: readonly string[]): NetworkPresetName[] {
  for (const name of names)
    if (!(NETWORK_PRESET_NAMES as readonly string[]).includes(name))
      throw new ConfigError(
        `sandbox.network_presets: unknown preset \`${name}\` (known: ${NETWORK_PRESET_NAMES.join(", ")})`,
      );
  return names as NetworkPresetName[];
}

/** The profile `default_permissions` selects, resolved; null when none is selected. */
export function resolvePermissions(
  settings: Settings,
  options: PermissionOptions,
): ResolvedPermissions | null {
  const name = settings.default_permissions;
  if (name === null) return null;
  for (const defined of Object.keys(settings.permissions))
    if (defined.startsWith(":"))
      throw new ConfigError(`permissions profile \`${defined}\` uses a reserved built-in profile prefix`);
  if (name.startsWith(":")) {
    const mode = builtIn(name, "default_permissions");
    const network =
      mode === "danger-full-access" || (mode === "workspace-write" && options.workspaceNetworkAccess);
    return { name, sandboxMode: mode, network: network ? "full" : "off", proxy: null };
  }
  const { chain, root } = chainOf(name, settings.permissions);
  for (const [profileName, profile] of chain) {
    if (profile.filesystem !== null)
      throw new ConfigError(
        `permissions profile \`${profileName}\` sets \`filesystem\`, which this build cannot enforce; remove it and choose file-system access with \`extends\` (:read-only, :workspace, :danger-full-access)`,
      );
  }
  const network = mergedNetwork(chain);
  const presets = knownPresets(options.presets);
  if (root === "danger-full-access") return { name, sandboxMode: root, network: "full", proxy: null };
  if (!network.enabled) return { name, sandboxMode: root, network: "off", proxy: null };
  const proxied =
    options.networkProxyFeature || Object.keys(network.domains).length > 0 || presets.length > 0;
  if (!proxied) {
    if (root === "read-only")
      throw new ConfigError(
        `permissions profile \`${name}\`: direct network access needs \`extends = ":workspace"\`; list hosts under [permissions.${name}.network.domains] to go through the allow-list proxy instead`,
      );
    return { name, sandboxMode: root, network: "full", proxy: null };
  }
  try {
    new NetworkPolicy({ mode: network.mode, domains: network.domains, allowLocalBinding: false });
  } catch (error) {
    if (error instanceof DomainPatternError)
      throw new ConfigError(`[permissions.${name}.network.domains]: ${error.message}`);
    throw error;
  }
  const { enabled: _enabled, ...proxy } = network;
  return { name, sandboxMode: root, network: "proxy", proxy: { profile: name, ...proxy, presets } };
}
