/** Reading request params, with 0.169's wording when a field is missing or of the wrong type. */
import { invalidRequest } from "./errors.ts";

export type Params = Record<string, unknown>;

export function asParams(value: unknown): Params {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw invalidRequest("Invalid request: invalid type: expected a map of params");
  return value as Params;
}

export function requiredString(params: Params, field: string): string {
  const value = params[field];
  if (value === undefined || value === null)
    throw invalidRequest(`Invalid request: missing field \`${field}\``);
  if (typeof value !== "string")
    throw invalidRequest(`Invalid request: invalid type for \`${field}\`: expected a string`);
  return value;
}

export function optionalString(params: Params, field: string): string | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string")
    throw invalidRequest(`Invalid request: invalid type for \`${field}\`: expected a string`);
  return value;
}

export function optionalOneOf<T extends string>(
  params: Params,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(params, field);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw invalidRequest(
      `Invalid request: unknown variant \`${value}\` for \`${field}\`, expected one of ${allowed.map((a) => `\`${a}\``).join(", ")}`,
    );
  return value as T;
}

const UUID = /^(urn:uuid:)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A thread id must be a UUID, as 0.169 checks before looking it up. */
export function threadIdParam(params: Params): string {
  const id = requiredString(params, "threadId");
  if (!UUID.test(id)) throw invalidRequest(`invalid thread id: ${JSON.stringify(id)} is not a UUID`);
  return id.replace(/^urn:uuid:/i, "").toLowerCase();
}
