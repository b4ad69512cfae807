/**
 * The allow-list: which hosts a sandboxed command may reach through the proxy, and why a request
 * is refused. Deny wins over allow; a host not allowed is refused; a local place (`localhost`, a
 * loopback or private address) is reached only when that exact host is listed, and a listed name
 * that resolves to a local address is refused (DNS rebinding) unless `allowLocalBinding`.
 */
import { type CompiledPattern, compilePattern, firstMatch } from "./domain-patterns.ts";
import { ipLiteral, isLocalLiteral, isNonPublicIp, normalizeHost } from "./host.ts";
import { NETWORK_PRESETS, type NetworkPresetName } from "./presets.ts";

export type NetworkMode = "full" | "limited";

export type NetworkPolicyConfig = {
  /** `limited`: only GET, HEAD and OPTIONS over plain HTTP (no tunnels). */
  mode: NetworkMode;
  /** Host pattern → `allow` or `deny` (`network.domains`). */
  domains: Readonly<Record<string, "allow" | "deny">>;
  /** Registry presets whose hosts are allowed too. */
  presets?: readonly NetworkPresetName[];
  /** Local and private addresses are ordinary hosts (still subject to the allow-list). */
  allowLocalBinding: boolean;
};

export type BlockReason = "denied" | "not_allowed" | "not_allowed_local" | "method_not_allowed";

export type Verdict =
  | { type: "allow"; host: string }
  | {
      type: "block";
      host: string;
      reason: BlockReason /** The pattern that decided, if any. */;
      rule: string | null;
    };

/** Where to connect for an allowed host: the checked address, so a second lookup cannot rebind. */
export type Target =
  | { type: "connect"; host: string; address: string }
  | Extract<Verdict, { type: "block" }>
  | { type: "unresolvable"; host: string; message: string };

export type Resolver = (host: string) => Promise<string[]>;

// node:dns/promises loaded where used: on every run's path it would cost ~0.4 MiB.
const systemResolver: Resolver = async (host) =>
  (await process.getBuiltinModule("node:dns/promises").lookup(host, { all: true, verbatim: true })).map(
    (entry) => entry.address,
  );

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export class NetworkPolicy {
  private readonly allow: CompiledPattern[] = [];
  private readonly deny: CompiledPattern[] = [];
  private readonly resolver: Resolver;

  constructor(
    readonly config: NetworkPolicyConfig,
    options: { resolver?: Resolver } = {},
  ) {
    for (const [pattern, permission] of Object.entries(config.domains)) {
      if (permission === "deny") this.deny.push(compilePattern(pattern, { allowGlobal: false }));
      else this.allow.push(compilePattern(pattern, { allowGlobal: true }));
    }
    for (const preset of config.presets ?? [])
      for (const host of NETWORK_PRESETS[preset])
        this.allow.push(compilePattern(host, { allowGlobal: false }));
    this.resolver = options.resolver ?? systemResolver;
  }

  /** Allows `host` (exactly) from now on: a human said so for this session. */
  allowHost(host: string): void {
    this.allow.unshift(compilePattern(normalizeHost(host), { allowGlobal: false }));
  }

  /** The decision by name alone. `method` is the HTTP method, or CONNECT for a tunnel. */
  check(rawHost: string, options: { method?: string } = {}): Verdict {
    const host = normalizeHost(rawHost);
    const denied = firstMatch(this.deny, host);
    if (denied) return { type: "block", host, reason: "denied", rule: denied.source };
    const method = options.method?.toUpperCase();
    if (this.config.mode === "limited" && method !== undefined && !SAFE_METHODS.has(method))
      return { type: "block", host, reason: "method_not_allowed", rule: null };
    if (!this.config.allowLocalBinding && isLocalLiteral(host)) {
      const listed = this.allow.find((pattern) => pattern.exact === host);
      if (!listed) return { type: "block", host, reason: "not_allowed_local", rule: null };
      return { type: "allow", host };
    }
    if (!firstMatch(this.allow, host)) return { type: "block", host, reason: "not_allowed", rule: null };
    return { type: "allow", host };
  }

  /**
   * The full decision: by name, then (for a name, not an IP literal) by what it resolves to. A
   * name that resolves to any local address is refused unless local addresses are allowed.
   */
  async target(rawHost: string, options: { method?: string } = {}): Promise<Target> {
    const verdict = this.check(rawHost, options);
    if (verdict.type === "block") return verdict;
    const { host } = verdict;
    const literal = ipLiteral(host);
    if (literal !== null) return { type: "connect", host, address: literal };
    let addresses: string[];
    try {
      addresses = await this.resolver(host);
    } catch (error) {
      return { type: "unresolvable", host, message: (error as Error).message };
    }
    if (addresses.length === 0) return { type: "unresolvable", host, message: "no addresses" };
    const explicitLocal = host === "localhost" || host.endsWith(".localhost");
    if (!this.config.allowLocalBinding && !explicitLocal && addresses.some(isNonPublicIp))
      return { type: "block", host, reason: "not_allowed_local", rule: null };
    return { type: "connect", host, address: addresses[0]! };
  }
}
