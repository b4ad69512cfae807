/**
 * Host patterns of `network.domains`: `example.com` (that host), `*.example.com` (its subdomains,
 * not the apex), `**.example.com` (the apex and its subdomains), `*`/`?` inside a name as globs
 * (`region*.example.com`), and `*` alone (every host; allow-list only).
 */
import { normalizeHost } from "./host.ts";

export class DomainPatternError extends Error {
  override name = "DomainPatternError";
}

export type CompiledPattern = {
  /** The pattern as written. */
  source: string;
  /** A name without wildcards: the host itself (what "listed by name" means for local hosts). */
  exact: string | null;
  regex: RegExp;
};

function globToRegex(glob: string): string {
  let out = "";
  for (const char of glob) {
    if (char === "*") out += ".*";
    else if (char === "?") out += ".";
    else out += char.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
  }
  return out;
}

/** Compiles one pattern; `*` alone is refused unless `allowGlobal` (the deny-list cannot use it). */
export function compilePattern(source: string, options: { allowGlobal: boolean }): CompiledPattern {
  const text = source.trim();
  if (text === "" || text === "." || text === "*." || text === "**.")
    throw new DomainPatternError(`empty host pattern ${JSON.stringify(source)}`);
  if (text === "*" || text === "**" || text === "*.*" || text === "**.*") {
    if (!options.allowGlobal)
      throw new DomainPatternError(
        `${JSON.stringify(source)} cannot be denied as a whole (use exact hosts or scoped wildcards like *.example.com or **.example.com)`,
      );
    return { source, exact: null, regex: /^.+$/ };
  }
  if (text.startsWith("**.")) {
    const domain = normalizeHost(text.slice(3));
    const body = globToRegex(domain);
    return { source, exact: null, regex: new RegExp(`^(?:${body}|.+\\.${body})$`) };
  }
  if (text.startsWith("*.")) {
    const body = globToRegex(normalizeHost(text.slice(2)));
    return { source, exact: null, regex: new RegExp(`^.+\\.${body}$`) };
  }
  const host = normalizeHost(text);
  if (host === "") throw new DomainPatternError(`empty host pattern ${JSON.stringify(source)}`);
  const wild = /[*?]/.test(host);
  return { source, exact: wild ? null : host, regex: new RegExp(`^${globToRegex(host)}$`) };
}

/** The first pattern matching the normalised `host`, or null. */
export function firstMatch(patterns: readonly CompiledPattern[], host: string): CompiledPattern | null {
  return patterns.find((pattern) => pattern.regex.test(host)) ?? null;
}
