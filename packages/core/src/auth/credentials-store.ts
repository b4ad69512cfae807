/**
 * `cli_auth_credentials_store`: where the login is kept. `file` (the default) is
 * `$CODEX_HOME/auth.json`. `keyring` is the OS credential store, which this build cannot reach
 * (Codex CLI uses Secret Service over D-Bus on Linux and the Keychain on macOS): it fails with a
 * message saying so rather than pretend. `auto` means "the keyring when there is one, else the file"
 * — here always the file, as Codex CLI itself does on a machine without a keyring.
 */
import { type AuthDotJson, deleteAuthFile, readAuthFile, writeAuthFile } from "./auth-file.ts";

export type CredentialsStoreMode = "file" | "keyring" | "auto";

export class CredentialsStoreError extends Error {
  override name = "CredentialsStoreError";
}

function requireFileBacked(mode: CredentialsStoreMode): void {
  if (mode === "keyring") {
    throw new CredentialsStoreError(
      'cli_auth_credentials_store = "keyring" needs the OS keyring, which this build of codex cannot use; set it to "file" or "auto" in config.toml',
    );
  }
}

export function loadStoredAuth(codexHome: string, mode: CredentialsStoreMode): AuthDotJson | null {
  requireFileBacked(mode);
  return readAuthFile(codexHome);
}

export function saveStoredAuth(codexHome: string, mode: CredentialsStoreMode, auth: AuthDotJson): void {
  requireFileBacked(mode);
  writeAuthFile(codexHome, auth);
}

/** Removes the stored login; returns whether there was one. */
export function deleteStoredAuth(codexHome: string, mode: CredentialsStoreMode): boolean {
  requireFileBacked(mode);
  return deleteAuthFile(codexHome);
}
