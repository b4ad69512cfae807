/**
 * What a refused request looks like to the client (the wire form of Codex 0.169's proxy): HTTP 403
 * with `x-proxy-error: blocked-by-allowlist|blocked-by-denylist|blocked-by-method-policy`, a JSON
 * body for plain HTTP and a one-line text body for CONNECT; and the plain sentence the model gets.
 */
import type { BlockReason } from "./policy.ts";

export type BlockedRequest = {
  host: string;
  port: number;
  reason: BlockReason;
  rule: string | null;
  protocol: "http" | "https_connect" | "socks5";
};

export function blockedHeader(reason: BlockReason): string {
  if (reason === "denied") return "blocked-by-denylist";
  if (reason === "method_not_allowed") return "blocked-by-method-policy";
  return "blocked-by-allowlist";
}

function clientMessage(reason: BlockReason): string {
  switch (reason) {
    case "not_allowed":
      return "Domain not in allowlist.";
    case "not_allowed_local":
      return "Sandbox policy blocks local/private network addresses.";
    case "denied":
      return "Domain denied by the sandbox policy.";
    case "method_not_allowed":
      return "Method not allowed in limited mode.";
  }
}

/** The full 403 response (head and body) for a refused request. */
export function blockedResponse(blocked: BlockedRequest): string {
  const json = blocked.protocol === "http";
  const body = json
    ? JSON.stringify({
        status: "blocked",
        host: blocked.host,
        reason: blocked.reason,
        decision: "deny",
        source: "baseline_policy",
        protocol: blocked.protocol,
        port: blocked.port,
        message: clientMessage(blocked.reason),
      })
    : clientMessage(blocked.reason);
  return [
    "HTTP/1.1 403 Forbidden",
    `content-type: ${json ? "application/json" : "text/plain"}`,
    `x-proxy-error: ${blockedHeader(blocked.reason)}`,
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
    "",
    body,
  ].join("\r\n");
}

/** One sentence for the model: which host, which rule, what to do. */
export function describeBlock(blocked: BlockedRequest): string {
  const where = `${blocked.host}:${blocked.port}`;
  switch (blocked.reason) {
    case "denied":
      return `${where} was blocked: it matches the deny rule "${blocked.rule}" of the network allow-list.`;
    case "not_allowed":
      return `${where} was blocked: it is not in the network allow-list; ask the user to allow it instead of retrying.`;
    case "not_allowed_local":
      return `${where} was blocked: local and private addresses are reached only when that exact host is listed (a listed name that resolves to a private address is refused).`;
    case "method_not_allowed":
      return `${where} was blocked: the network is in limited mode (only GET, HEAD and OPTIONS over plain HTTP).`;
  }
}
