/**
 * The words for failures below HTTP, which URLs are safe to print, and secrets kept out of
 * messages (issue 11, item 18).
 */
import { describe, expect, test } from "bun:test";
import {
  describeTransportError,
  localServerDownError,
  redactSecrets,
} from "../../src/client/connection-errors.ts";
import { displayUrl } from "../../src/client/provider-endpoint.ts";

/** An error as fetch reports a system failure: a TypeError whose cause carries the code. */
function systemError(code: string, message = "Unable to connect."): Error {
  return new Error("Connection error.", {
    cause: Object.assign(new TypeError(`${code}: ${message}`), { code }),
  });
}

const provider = (displayBaseUrl: string, id = "mock") => ({ id, name: "Mock", displayBaseUrl });

describe("transport failures", () => {
  test("system codes become short phrases; Bun's fetch advice is dropped", () => {
    expect(describeTransportError(systemError("ECONNREFUSED"))).toBe("connection refused (ECONNREFUSED)");
    expect(describeTransportError(systemError("ENOTFOUND"))).toBe("host not found (ENOTFOUND)");
    expect(
      describeTransportError(
        new TypeError(
          "The socket closed. For more information, pass `verbose: true` in the second argument to fetch()",
        ),
      ),
    ).toBe("The socket closed.");
  });

  test("only a refused connection to this machine fails at once", () => {
    const refused = systemError("ECONNREFUSED");
    for (const host of ["localhost", "127.0.0.1", "[::1]", "127.1.2.3"])
      expect(localServerDownError(refused, provider(`http://${host}:8080/v1`), "/responses")?.kind).toBe(
        "fatal",
      );
    expect(localServerDownError(refused, provider("https://api.example.com/v1"), "/responses")).toBeNull();
    expect(
      localServerDownError(systemError("ETIMEDOUT"), provider("http://localhost:1/v1"), "/x"),
    ).toBeNull();
    expect(
      localServerDownError(refused, provider("http://localhost:11434/v1", "oss"), "/chat/completions")
        ?.message,
    ).toBe(
      "nothing listens on localhost:11434 — is Ollama running? Start it with `ollama serve` (model provider `oss`, http://localhost:11434/v1/chat/completions)",
    );
  });
});

describe("secrets stay out of messages", () => {
  test("printed URLs lose credentials and query strings; known secrets are blanked", () => {
    expect(displayUrl("https://user:pw@api.example.com/v1?key=sk-123&x=1")).toBe(
      "https://api.example.com/v1",
    );
    expect(redactSecrets("bad key sk-123456789 (sk-123456789)", ["sk-123456789"])).toBe(
      "bad key [REDACTED] ([REDACTED])",
    );
  });
});
