/**
 * Failures below HTTP (no connection, a connection cut mid-stream) in words a user can act on,
 * naming the provider and URL. A refused connection to this machine means nothing listens there:
 * retrying cannot help, so it is reported at once with what to start (Ollama for `--oss`).
 */
import type { ProviderLabel } from "./provider-endpoint.ts";
import { ModelError } from "./types.ts";

const CODE_PHRASES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EPIPE: "connection closed",
  ECONNABORTED: "connection aborted",
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's TLS certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's TLS certificate chain is self-signed",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's TLS certificate cannot be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is for another host name",
};

/** The first `code` like "ECONNREFUSED" on the error or its causes. */
function systemErrorCode(error: unknown): string | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The innermost message, without Bun's advice about `verbose: true` fetches. */
function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message.replace(/\s*For more information, pass `verbose: true`.*$/s, "").trim();
}

/** "connection refused (ECONNREFUSED)", "request timed out", or the error's own words. */
export function describeTransportError(error: unknown): string {
  const code = systemErrorCode(error);
  if (code !== null && CODE_PHRASES[code]) return `${CODE_PHRASES[code]} (${code})`;
  if (error instanceof Error && /timed? ?out/i.test(error.message)) return "request timed out";
  return innermostMessage(error);
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\./.test(host);
}

/**
 * For a refused connection to a server on this machine: the error to end the turn with at once.
 * Null for anything else (which the request retries handle).
 */
export function localServerDownError(
  error: unknown,
  provider: ProviderLabel,
  path: string,
): ModelError | null {
  if (systemErrorCode(error) !== "ECONNREFUSED") return null;
  let url: URL;
  try {
    url = new URL(provider.displayBaseUrl);
  } catch {
    return null;
  }
  if (!isLoopback(url.hostname)) return null;
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const advice =
    provider.id === "oss" ? "is Ollama running? Start it with `ollama serve`" : "is its server running?";
  const target = `model provider \`${provider.id}\`, ${provider.displayBaseUrl}${path}`;
  return new ModelError(`nothing listens on ${url.hostname}:${port} — ${advice} (${target})`, {
    kind: "fatal",
  });
}

/** Replaces every secret that occurs in `message` (a server may echo a key back). */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret !== "") out = out.split(secret).join("[REDACTED]");
  return out;
}
