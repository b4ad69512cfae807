/**
 * `codex login [--with-api-key | --device-auth]`, `codex login status`, `codex logout`. Messages go
 * to stderr, as in Codex CLI; the device code prompt goes to stdout.
 */

import {
  CLIENT_ID,
  type Config,
  DEFAULT_ISSUER,
  type LoginCommandResult,
  LoginError,
  loadConfig,
  loginStatus,
  loginWithApiKey,
  logout,
  runBrowserLogin,
  runDeviceLogin,
} from "@codex/core";
import { flag, optionValue } from "../args/parse.ts";
import type { ParsedCommand } from "../args/spec.ts";
import { configOptionsFromFlags } from "../config-options.ts";
import { openInBrowser } from "../open-browser.ts";

/** Moves the browser flow's callback server off 1455 (for a custom issuer, e.g. in tests). */
const CALLBACK_PORT_ENV_VAR = "CODEX_LOGIN_CALLBACK_PORT";
const ORIGINATOR = "codex_cli_rs";

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
  const { config } = loadConfig(configOptionsFromFlags(parsed, "tui"));
  const codexHome = config.codexHome;
  const storeMode = config.cli_auth_credentials_store;
  const command = parsed.path.slice(1).join(" ");
  if (command === "logout")
    return report(await logout(codexHome, { storeMode, env: process.env, originator: ORIGINATOR }));
  if (command === "login status") return report(loginStatus(codexHome, process.env, { storeMode }));
  if (optionValue(parsed, "api-key") !== undefined) {
    return report({ message: `The --api-key flag is no longer supported. ${USE_API_KEY}`, exitCode: 1 });
  }
  if (flag(parsed, "with-api-key")) {
    if (process.stdin.isTTY) {
      return report({ message: `--with-api-key reads the key from stdin. ${USE_API_KEY}`, exitCode: 1 });
    }
    return report(
      loginWithApiKey(codexHome, await readStdin(), {
        storeMode,
        forcedLoginMethod: config.forced_login_method,
      }),
    );
  }
  if (config.forced_login_method === "api")
    return report({ message: "ChatGPT login is disabled. Use API key login instead.", exitCode: 1 });
  try {
    if (flag(parsed, "device-auth")) await deviceLogin(parsed, config);
    else await browserLogin(parsed, config);
  } catch (error) {
    if (!(error instanceof LoginError)) throw error;
    return report({ message: `Error logging in: ${error.message}`, exitCode: 1 });
  }
  return report({ message: "Successfully logged in", exitCode: 0 });
}

function issuerOf(parsed: ParsedCommand): string {
  const issuer = optionValue(parsed, "experimental_issuer") ?? DEFAULT_ISSUER;
  let protocol = "";
  try {
    protocol = new URL(issuer).protocol;
  } catch {
    // reported below
  }
  if (protocol !== "https:" && protocol !== "http:")
    throw new LoginError(`--experimental_issuer must be an http(s) URL, not "${issuer}"`);
  return issuer;
}

function loginOptions(parsed: ParsedCommand, config: Config) {
  return {
    codexHome: config.codexHome,
    storeMode: config.cli_auth_credentials_store,
    issuer: issuerOf(parsed),
    clientId: optionValue(parsed, "experimental_client-id") ?? CLIENT_ID,
    forcedWorkspaceIds: config.forced_chatgpt_workspace_id,
    env: process.env,
    originator: ORIGINATOR,
  };
}

function callbackPort(): number | undefined {
  const raw = process.env[CALLBACK_PORT_ENV_VAR]?.trim();
  if (!raw) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new LoginError(`${CALLBACK_PORT_ENV_VAR} must be a port number (0-65535), not "${raw}"`);
  return port;
}

async function browserLogin(parsed: ParsedCommand, config: Config): Promise<void> {
  await runBrowserLogin({
    ...loginOptions(parsed, config),
    port: callbackPort(),
    onReady: ({ authUrl, port }) => {
      openInBrowser(authUrl);
      process.stderr.write(
        `Starting local login server on http://localhost:${port}.\n` +
          `If your browser did not open, navigate to this URL to authenticate:\n\n${authUrl}\n\n` +
          "On a remote or headless machine? Use `codex login --device-auth` instead.\n",
      );
    },
  });
}

async function deviceLogin(parsed: ParsedCommand, config: Config): Promise<void> {
  await runDeviceLogin({
    ...loginOptions(parsed, config),
    onCode: ({ verificationUrl, userCode }) => {
      process.stdout.write(
        "\nFollow these steps to sign in with ChatGPT using device code authorization:\n\n" +
          `1. Open this link in your browser and sign in to your account\n   ${verificationUrl}\n\n` +
          `2. Enter this one-time code (expires in 15 minutes)\n   ${userCode}\n\n` +
          "Continue only if you started this login in Codex. If a website or another person gave you this code, cancel.\n\n",
      );
    },
  });
}
