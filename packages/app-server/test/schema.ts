/**
 * Validates what our app-server sends against the schema Rust Codex 0.169 generates
 * (`fixtures/schema-0.169/`, see its NOTICE.md): notifications and server requests by their
 * method's params type, answers by the response type of the request they answer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";

type Variant = { properties: { method: { enum: string[] }; params?: { $ref?: string } } };
type Bundle = { definitions: Record<string, unknown> & { v2: Record<string, unknown> } };

const bundle = JSON.parse(
  readFileSync(join(import.meta.dir, "fixtures/schema-0.169/codex_app_server_protocol.schemas.json"), "utf8"),
) as Bundle;
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(bundle, "bundle");
const compiled = new Map<string, ValidateFunction>();

function validatorFor(ref: string): ValidateFunction {
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: `bundle${ref}` });
    compiled.set(ref, validate);
  }
  return validate;
}

function variants(union: string): Variant[] {
  return (bundle.definitions[union] as { oneOf: Variant[] }).oneOf;
}

function paramsRef(union: string, method: string): string | null {
  const variant = variants(union).find((v) => v.properties.method.enum[0] === method);
  if (!variant) return null;
  return variant.properties.params?.$ref ?? null;
}

/** The response type of a client request: `…Params` -> `…Response`, except these. */
const RESPONSE_TYPES: Record<string, string> = {
  "account/logout": "#/definitions/v2/LogoutAccountResponse",
  "config/value/write": "#/definitions/v2/ConfigWriteResponse",
  "config/batchWrite": "#/definitions/v2/ConfigWriteResponse",
};

function responseRef(method: string): string {
  const fixed = RESPONSE_TYPES[method];
  if (fixed) return fixed;
  const params = paramsRef("ClientRequest", method);
  if (!params) throw new Error(`the 0.169 schema has no client request ${method}`);
  return params.replace(/Params$/, "Response");
}

function check(ref: string, value: unknown, what: string): string[] {
  const validate = validatorFor(ref);
  if (validate(value)) return [];
  return [`${what} does not match ${ref}: ${ajv.errorsText(validate.errors, { separator: "; " })}`];
}

/** Problems with one message the server sent (empty when it matches); `answered` maps ids to methods. */
export function schemaProblems(message: Record<string, unknown>, answered: Map<unknown, string>): string[] {
  const method = message.method;
  if (typeof method === "string") {
    const union = "id" in message ? "ServerRequest" : "ServerNotification";
    const ref = paramsRef(union, method);
    if (ref === null) return [`${union} ${method} is not in the 0.169 schema`];
    return check(ref, message.params, `${union} ${method}`);
  }
  if ("error" in message) return check("#/definitions/JSONRPCError", message, "error answer");
  const request = answered.get(message.id);
  if (request === undefined) return [`answer to unknown request id ${JSON.stringify(message.id)}`];
  return check(responseRef(request), message.result, `answer to ${request}`);
}
