/**
 * Permission profiles (Codex 0.169): `[permissions.<name>]` chosen by `default_permissions`. This
 * build takes a profile's file-system access from `extends` (a built-in) and its network from
 * `network` — on, off, or through the allow-list proxy (docs/network.md).
 */
import { anyValue, bool, enumOf, honoured, inert, mapOf, str, table, unsupported } from "../declare.ts";

const NETWORK_KEYS = {
  enabled: honoured(bool, { doc: "commands may use the network (through the proxy when it runs)" }),
  mode: honoured(enumOf(["full", "limited"]), {
    doc: "`limited`: only GET, HEAD and OPTIONS over plain HTTP through the proxy",
  }),
  domains: honoured(mapOf(enumOf(["allow", "deny"])), {
    doc: "host pattern → `allow` or `deny` (`example.com`, `*.example.com`, `**.example.com`); deny wins",
  }),
  allow_local_binding: honoured(bool, {
    doc: "let the proxy reach local and private addresses like any listed host",
  }),
  enable_socks5: honoured(bool, { doc: "offer the SOCKS5 proxy too (`ALL_PROXY=socks5h://…`)" }),
  proxy_url: inert("the proxy's address inside the sandbox is chosen by codex (127.0.0.1:3128)"),
  socks_url: inert("the SOCKS5 address inside the sandbox is chosen by codex (127.0.0.1:8081)"),
  dangerously_allow_non_loopback_proxy: inert("the proxy listens on Unix sockets only"),
  unix_sockets: unsupported(
    "Unix sockets through the proxy are not offered (Codex offers them on macOS only)",
  ),
  dangerously_allow_all_unix_sockets: unsupported("Unix sockets through the proxy are not offered"),
  enable_socks5_udp: unsupported("the SOCKS5 proxy carries TCP only"),
  allow_upstream_proxy: unsupported("the proxy connects to hosts directly, never through another proxy"),
  mitm: unsupported("the proxy never inspects TLS"),
} as const;

export const PERMISSIONS_KEYS = {
  default_permissions: honoured(str, {
    doc: "the permission profile in effect: `:read-only`, `:workspace`, `:danger-full-access` or a `[permissions]` name (`-s` wins)",
  }),
  permissions: honoured(
    mapOf(
      table({
        extends: honoured(str, {
          doc: "the profile this one builds on: a built-in (`:read-only`, `:workspace`, `:danger-full-access`) or another name",
        }),
        description: inert("a note for people reading the file"),
        filesystem: honoured(anyValue, {
          doc: "refused when the profile is used: file-system access here comes from `extends` only",
        }),
        workspace_roots: unsupported("the workspace is the working directory (and `--add-dir`)"),
        network: honoured(table(NETWORK_KEYS), { doc: "the profile's network" }),
      }),
    ),
    { doc: "permission profiles by name (see docs/network.md)" },
  ),
} as const;
