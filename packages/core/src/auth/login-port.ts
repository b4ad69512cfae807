/**
 * Binding the login callback server. A busy port usually means an earlier `codex login` is still
 * waiting, so it is asked to stop (`GET /cancel`, once) and the bind retried; when the default
 * port 1455 stays busy, the issuer's other registered port, 1457, is tried.
 */
import type { Server } from "node:http";
import { LoginError } from "./oauth.ts";

const FALLBACK_PORT = 1457;
const ATTEMPTS = 10;
const RETRY_DELAY_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function listen(server: Server, port: number): Promise<number | "busy"> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") resolve("busy");
      else
        reject(
          new LoginError(
            `cannot start the login server on 127.0.0.1:${port}: ${error.code ?? error.message}`,
          ),
        );
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, "127.0.0.1");
  });
}

async function askToCancel(port: number): Promise<void> {
  try {
    await fetch(`http://127.0.0.1:${port}/cancel`, { signal: AbortSignal.timeout(2000) });
  } catch {
    // nothing answering, or not a login server: just retry the bind
  }
}

/** Listens on `port` (or the fallback); resolves with the port bound. */
export async function bindLoginServer(server: Server, port: number, defaultPort: number): Promise<number> {
  const candidates = port === defaultPort ? [port, FALLBACK_PORT] : [port];
  for (const candidate of candidates) {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const bound = await listen(server, candidate);
      if (bound !== "busy") return bound;
      if (attempt === 1 && candidate === port) await askToCancel(candidate);
      await sleep(RETRY_DELAY_MS);
    }
  }
  throw new LoginError(
    `Port 127.0.0.1:${candidates.at(-1)} is already in use; close the program using it (another \`codex login\`?) and try again`,
  );
}
