/**
 * The `userAgent` initialize answers with, shaped as 0.169's:
 * `<client>/<version> (<os> <os version>; <arch>) <terminal> (<client>; <client version>)`.
 */
import { readFileSync } from "node:fs";
import { arch, release, type } from "node:os";
import { CODEX_VERSION } from "@codex/protocol";
import type { ClientInfo } from "./context.ts";

function osDescription(): string {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, "m").exec(text)?.[1];
    const name = field("NAME")?.split(" ")[0];
    const version = field("VERSION_ID");
    if (name) return version ? `${name} ${version}` : name;
  } catch {
    // Not Linux, or no os-release: fall back to the kernel's name.
  }
  return `${type()} ${release()}`;
}

const ARCH: Record<string, string> = { x64: "x86_64", arm64: "aarch64" };

export function userAgent(client: ClientInfo, env: Record<string, string | undefined>): string {
  const terminal = env.TERM_PROGRAM ?? env.TERM ?? "unknown";
  return `${client.name}/${CODEX_VERSION} (${osDescription()}; ${ARCH[arch()] ?? arch()}) ${terminal} (${client.name}; ${client.version})`;
}
