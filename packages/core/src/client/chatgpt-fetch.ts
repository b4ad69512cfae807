/**
 * Requests made with a ChatGPT sign-in: each carries the current access token and
 * `chatgpt-account-id` (refreshed first when expired). A 401 triggers recovery — take the tokens
 * another process wrote, else refresh — and the request is sent again; a sign-in that cannot be
 * renewed ends the request with a `ModelError` saying to run `codex login`. Bounded: no recovery
 * after a refresh (adopting tokens can happen once before it), so a backend that keeps refusing
 * cannot cause a loop.
 */
import type { ChatGptAuth, ChatGptCredentials } from "../auth/chatgpt-auth.ts";
import { RefreshUnavailableError, SignInExpiredError } from "../auth/refresh.ts";
import { ModelError } from "./types.ts";

/** The first request, one with adopted tokens, one after a refresh. */
const MAX_ATTEMPTS = 3;

function asModelError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof SignInExpiredError)
    return new ModelError(error.message, { kind: "unauthorized", status: 401 });
  if (error instanceof RefreshUnavailableError) return new ModelError(error.message, { kind: "retryable" });
  return new ModelError(`ChatGPT sign-in: ${(error as Error).message ?? String(error)}`, { kind: "fatal" });
}

async function guarded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw asModelError(error);
  }
}

function withCredentials(init: RequestInit | undefined, credentials: ChatGptCredentials): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set("authorization", `Bearer ${credentials.accessToken}`);
  if (credentials.accountId !== null) headers.set("chatgpt-account-id", credentials.accountId);
  else headers.delete("chatgpt-account-id");
  return { ...init, headers };
}

export function chatgptFetch(session: ChatGptAuth, base: typeof fetch = fetch): typeof fetch {
  const wrapped = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    let credentials = await guarded(() => session.credentials());
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const response = await base(input, withCredentials(init, credentials));
      if (response.status !== 401 || refreshed || attempt >= MAX_ATTEMPTS) return response;
      const rejected = credentials.accessToken;
      const outcome = await guarded(() => session.recoverFromUnauthorized(rejected));
      if (outcome === "unchanged") return response;
      refreshed = outcome === "refreshed";
      await response.body?.cancel();
      credentials = await guarded(() => session.credentials());
    }
  };
  return wrapped as typeof fetch;
}
