/**
 * The stored sign-in as a front end shows it (app-server's account/read): which kind, and for a
 * ChatGPT sign-in the email and plan from its id token. Keys and tokens never leave this function.
 */
import { type CredentialsStoreMode, loadStoredAuth } from "./credentials-store.ts";
import { storedAuthMode } from "./resolve-auth.ts";
import { idTokenInfo } from "./token-claims.ts";

export type AccountInfo =
  | { mode: "apikey" }
  | { mode: "chatgpt"; email: string | null; planType: string | null; userId: string | null };

/** Null when nobody is signed in (an `OPENAI_API_KEY` in the environment is not a stored sign-in). */
export function storedAccount(
  codexHome: string,
  storeMode: CredentialsStoreMode = "file",
): AccountInfo | null {
  const stored = loadStoredAuth(codexHome, storeMode);
  const mode = stored ? storedAuthMode(stored) : null;
  if (mode === "api_key") return { mode: "apikey" };
  if (mode !== "chatgpt") return null;
  const info = idTokenInfo(stored?.tokens?.id_token ?? "");
  return { mode: "chatgpt", email: info.email, planType: info.planType, userId: info.userId };
}
