/**
 * The session's network allow-list proxy (docs/network.md). Created with the session when its
 * permission profile sends the network through the proxy; started on the first sandboxed command
 * that needs it (so a session that runs no command costs nothing); closed with the session. It
 * listens on Unix sockets in a private directory, which the bubblewrap tier's bridge relays to.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  type BlockedRequest,
  describeBlock,
  NetworkPolicy,
  proxyEnvironment,
  type RunningProxy,
  startNetworkProxy,
} from "@codex/network-proxy";
import { BRIDGE_HTTP_PORT, BRIDGE_SOCKS_PORT, type NetworkProxyRoute } from "@codex/sandbox";
import { updateUserConfig } from "../../config/config-file.ts";
import type { NetworkProxySettings } from "../../config/permissions.ts";

/** The bridge's addresses inside the command's network namespace. */
const INSIDE_HTTP = `http://127.0.0.1:${BRIDGE_HTTP_PORT}`;
const INSIDE_SOCKS = `socks5h://127.0.0.1:${BRIDGE_SOCKS_PORT}`;

export class SessionNetwork {
  private running: Promise<RunningProxy> | null = null;
  private dir: string | null = null;
  private readonly blocked: BlockedRequest[] = [];
  private tierWarned = false;
  private readonly offered = new Set<string>();
  readonly policy: NetworkPolicy;

  constructor(readonly settings: NetworkProxySettings) {
    this.policy = new NetworkPolicy({
      mode: settings.mode,
      domains: settings.domains,
      presets: settings.presets,
      allowLocalBinding: settings.allow_local_binding,
    });
  }

  /** Starts the proxy if needed; the route for a command (the variables point at the bridge). */
  async route(): Promise<NetworkProxyRoute> {
    if (!this.running) {
      const dir = mkdtempSync(join(process.getBuiltinModule("node:os").tmpdir(), "codex-proxy-"));
      this.dir = dir;
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      this.running = startNetworkProxy({
        policy: this.policy,
        http: { path: join(dir, "http.sock") },
        ...(this.settings.enable_socks5 ? { socks: { path: join(dir, "socks.sock") } } : {}),
        onBlocked: (request) => this.blocked.push(request),
      });
    }
    const proxy = await this.running;
    const socks = proxy.socks && "path" in proxy.socks ? proxy.socks.path : null;
    return {
      httpSocket: (proxy.http as { path: string }).path,
      socksSocket: socks,
      env: proxyEnvironment({ httpUrl: INSIDE_HTTP, socksUrl: socks ? INSIDE_SOCKS : null }),
    };
  }

  /**
   * Hosts refused since `mark` only because no rule lists them, each once per session: what a
   * front end may offer to allow (a denied or local host is never offered).
   */
  unlistedSince(mark: number): Array<{ host: string; port: number }> {
    const out: Array<{ host: string; port: number }> = [];
    for (const request of this.blocked.slice(mark)) {
      if (request.reason !== "not_allowed" || this.offered.has(request.host)) continue;
      this.offered.add(request.host);
      out.push({ host: request.host, port: request.port });
    }
    return out;
  }

  /**
   * Allows `host` from now on; with `always`, also as `"host" = "allow"` in the profile's
   * `network.domains` in config.toml (written by the one config editor, comments kept).
   */
  allow(host: string, options: { always: boolean; codexHome: string }): void {
    this.policy.allowHost(host);
    if (options.always)
      updateUserConfig(options.codexHome, [
        { path: ["permissions", this.settings.profile, "network", "domains", host], value: "allow" },
      ]);
  }

  /** A mark to pass to `blockedSince` after a command. */
  mark(): number {
    return this.blocked.length;
  }

  /** One sentence per distinct request refused since `mark`, for the model. */
  blockedSince(mark: number): string[] {
    const lines = this.blocked.slice(mark).map(describeBlock);
    return [...new Set(lines)];
  }

  /** True the first time it is asked: the caller says once why the proxy cannot be used here. */
  firstTierWarning(): boolean {
    const first = !this.tierWarned;
    this.tierWarned = true;
    return first;
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (running) await (await running).close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
