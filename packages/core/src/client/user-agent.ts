/**
 * The `originator` header and the User-Agent, as the reference sends them:
 * `codex_exec/0.47.0 (Debian 12.0.0; x86_64) unknown`.
 */
import { readFileSync } from "node:fs";
import { kernelRelease } from "../os-facts.ts";

const ORIGINATOR_OVERRIDE_ENV_VAR = "CODEX_INTERNAL_ORIGINATOR_OVERRIDE";

type Env = Record<string, string | undefined>;

/** `CODEX_INTERNAL_ORIGINATOR_OVERRIDE` when set, else the caller's default (`codex_exec`, `codex_cli_rs`). */
export function resolveOriginator(defaultOriginator: string, env: Env): string {
  const override = env[ORIGINATOR_OVERRIDE_ENV_VAR]?.trim();
  return override ? override : defaultOriginator;
}

function semverish(version: string): string {
  const parts = version.split(".");
  if (!parts.every((part) => part !== "" && [...part].every((c) => c >= "0" && c <= "9"))) return version;
  while (parts.length < 3) parts.push("0");
  return parts.join(".");
}

/**
 * A field of /etc/os-release (`NAME="Debian GNU/Linux"`), quotes removed. Read without regular
 * expressions: this runs before every session's first request, and the first regular expression a
 * process runs costs it ~1.4 MiB (docs/performance.md).
 */
function osRelease(text: string): (name: string) => string | undefined {
  const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  return (name) => {
    const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
    if (line === undefined) return undefined;
    let value = line.slice(name.length + 1);
    if (value.startsWith('"')) value = value.slice(1);
    if (value.endsWith('"')) value = value.slice(0, -1);
    return value.includes('"') ? undefined : value;
  };
}

let cachedOs: string | null = null;

/** "Debian 12.0.0", "Ubuntu 24.4.0", "Mac OS 14.5.0", … (best effort, read once). */
function osDescription(): string {
  if (cachedOs !== null) return cachedOs;
  let description = `${process.platform} ${kernelRelease()}`;
  if (process.platform === "linux") {
    try {
      const field = osRelease(readFileSync("/etc/os-release", "utf8"));
      const fullName = field("NAME") ?? "Linux";
      const name = fullName.endsWith("GNU/Linux")
        ? fullName.slice(0, -"GNU/Linux".length).trimEnd()
        : fullName;
      const version = field("VERSION_ID");
      description = version ? `${name} ${semverish(version)}` : name;
    } catch {
      description = `Linux ${kernelRelease()}`;
    }
  } else if (process.platform === "darwin") {
    description = `Mac OS ${kernelRelease()}`;
  } else if (process.platform === "win32") {
    description = `Windows ${kernelRelease()}`;
  }
  cachedOs = description;
  return description;
}

function archName(): string {
  if (process.arch === "x64") return "x86_64";
  if (process.arch === "arm64") return process.platform === "darwin" ? "arm64" : "aarch64";
  return process.arch;
}

/** The terminal part: `TERM_PROGRAM[/version]`, else `TERM`, else `unknown`. */
export function terminalDescription(env: Env): string {
  const program = env.TERM_PROGRAM?.trim();
  if (program) {
    const version = env.TERM_PROGRAM_VERSION?.trim();
    return version ? `${program}/${version}` : program;
  }
  const term = env.TERM?.trim();
  return term ? term : "unknown";
}

/** Printable ASCII only; anything else becomes `_`. No regular expression (see osRelease). */
function sanitizeHeaderValue(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    out += code >= 0x20 && code <= 0x7e ? value[i] : "_";
  }
  return out;
}

export function codexUserAgent(options: { originator: string; version: string; env: Env }): string {
  return sanitizeHeaderValue(
    `${options.originator}/${options.version} (${osDescription()}; ${archName()}) ${terminalDescription(options.env)}`,
  );
}
