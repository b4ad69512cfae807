/**
 * Unsigned-in-practice JWTs for the mock issuer: `header.payload.signature`, base64url, with a random
 * signature. Codex reads the claims of the tokens it is given and never verifies the signature, so
 * this is the format it sees from the real issuer.
 */
import { randomBytes } from "node:crypto";

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

export function makeJwt(payload: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "mock" }));
  return `${header}.${base64url(JSON.stringify(payload))}.${base64url(randomBytes(32))}`;
}

/** The claims of a JWT (throws for anything that is not one). */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}
