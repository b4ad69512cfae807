/** `codex login [--with-api-key]`, `codex login status`, `codex logout`. Messages go to stderr, as in Codex CLI. */

import { mkdirSync } from "node:fs";
import { codexHomeDir, type LoginCommandResult, loginStatus, loginWithApiKey, logout } from "@codex/core";
import { flag, optionValue } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";

function report(result: LoginCommandResult): number {
  process.stderr.write(`${result.message}\n`);
  return result.exitCode;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const USE_API_KEY = "Use an API key instead: `printenv OPENAI_API_KEY | codex login --with-api-key`.";

export async function runLoginCommand(parsed: ParsedCommand): Promise<number> {
  const codexHome = codexHomeDir();
  const command = parsed.path.slice(1).join(" ");
  if (command === "logout") return report(logout(codexHome));
  if (command === "login status") return report(loginStatus(codexHome));
  if (optionValue(parsed, "api-key") !== undefined) {
    return report({ message: `The --api-key flag is no longer supported. ${USE_API_KEY}`, exitCode: 1 });
  }
  if (flag(parsed, "with-api-key")) {
    if (process.stdin.isTTY) {
      return report({ message: `--with-api-key reads the key from stdin. ${USE_API_KEY}`, exitCode: 1 });
    }
    mkdirSync(codexHome, { recursive: true });
    return report(loginWithApiKey(codexHome, await readStdin()));
  }
  return report({
    message: `Signing in with ChatGPT (browser or device code) is not available in this build. ${USE_API_KEY}`,
    exitCode: 1,
  });
}
