/**
 * The bubblewrap command for a sandbox whose network goes through the allow-list proxy: a network
 * namespace of its own (`--unshare-net`), inside it the proxy bridge and then the command (see
 * proxy-bridge.ts), and the proxy variables in the command's environment. No `--seccomp` here: the
 * bridge must open Unix sockets, so the command's own stage installs the filter.
 */
import { bwrapArgs } from "./bwrap.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { type SandboxLayout, sandboxEnv } from "./layout.ts";
import { type ProxyRoute, proxyBridgeArgs } from "./proxy-bridge.ts";
import { currentSeccompArch } from "./seccomp.ts";

/** The proxy's sockets and the variables that point a command at the bridge. */
export type NetworkProxyRoute = ProxyRoute & { env: Record<string, string> };

export function bwrapProxiedCommand(options: {
  bwrap: string;
  layout: SandboxLayout;
  route: NetworkProxyRoute;
  helper: string[];
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  disableUserns: boolean;
}) {
  if (!currentSeccompArch())
    throw new SandboxUnavailableError(`No seccomp filter for ${process.arch}: only x86-64 and arm64.`, null);
  const args = bwrapArgs({
    layout: { ...options.layout, networkDisabled: true },
    cwd: options.cwd,
    command: [...options.helper, ...proxyBridgeArgs(options.route, options.argv)],
    disableUserns: options.disableUserns,
  });
  const env = sandboxEnv(options.env, options.layout);
  delete env.CODEX_SANDBOX_NETWORK_DISABLED;
  Object.assign(env, options.route.env);
  return { program: options.bwrap, args, env, tier: "bwrap" as const, ownsProcessTree: true };
}
