/**
 * The proxy variables a sandboxed command gets (the names Codex 0.169 sets): every tool that
 * honours a proxy variable — curl, git, pip, npm, yarn, bundler, Go, Docker, Node with
 * NODE_USE_ENV_PROXY — goes through the proxy; `NO_PROXY` is empty so nothing is exempt.
 */

const HTTP_PROXY_NAMES = [
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "http_proxy",
  "https_proxy",
  "WS_PROXY",
  "WSS_PROXY",
  "ws_proxy",
  "wss_proxy",
  "YARN_HTTP_PROXY",
  "YARN_HTTPS_PROXY",
  "NPM_CONFIG_HTTP_PROXY",
  "NPM_CONFIG_HTTPS_PROXY",
  "NPM_CONFIG_PROXY",
  "npm_config_http_proxy",
  "npm_config_https_proxy",
  "npm_config_proxy",
  "BUNDLE_HTTP_PROXY",
  "BUNDLE_HTTPS_PROXY",
  "PIP_PROXY",
  "DOCKER_HTTP_PROXY",
  "DOCKER_HTTPS_PROXY",
];
const SOCKS_PROXY_NAMES = ["ALL_PROXY", "all_proxy", "FTP_PROXY", "ftp_proxy"];
const NO_PROXY_NAMES = [
  "NO_PROXY",
  "no_proxy",
  "NPM_CONFIG_NOPROXY",
  "npm_config_noproxy",
  "BUNDLE_NO_PROXY",
];

/** Variables for a command whose proxies are at `httpUrl` and (optionally) `socksUrl`. */
export function proxyEnvironment(options: {
  httpUrl: string;
  socksUrl: string | null;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of HTTP_PROXY_NAMES) env[name] = options.httpUrl;
  for (const name of SOCKS_PROXY_NAMES) env[name] = options.socksUrl ?? options.httpUrl;
  for (const name of NO_PROXY_NAMES) env[name] = "";
  env.NODE_USE_ENV_PROXY = "1";
  env.ELECTRON_GET_USE_PROXY = "true";
  env.CODEX_NETWORK_PROXY_ACTIVE = "1";
  return env;
}
