/**
 * Normalises an MCP tool's `inputSchema` into a JSON Schema that model providers accept for a
 * non-strict function tool. MCP servers send all of JSON Schema; providers accept a subset and
 * reject a whole request over one keyword they dislike, so:
 * - local `$ref`s (`#/$defs/…`, `#/definitions/…`) are inlined (a cycle becomes a plain object);
 *   `$schema`, `$id`, `$defs`, `definitions`, `not`, `if`/`then`/`else` and friends are dropped;
 * - `oneOf` becomes `anyOf`; an `allOf` of objects is merged; `const` becomes a one-value `enum`;
 * - a `type` list keeps its first non-null member; a missing `type` is inferred (properties →
 *   object, items → array, enum/format → string, bounds → number, otherwise string);
 * - objects get `properties`, arrays get `items`; `required` keeps only declared properties;
 * - boolean schemas: `true` accepts anything (a string here), a `false` property is removed.
 * The top level must be an object schema; anything else makes the tool unusable and is reported.
 */

export type NormalisedSchema = { ok: true; schema: Record<string, unknown> } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const MAX_DEPTH = 48;
const DROPPED = new Set([
  "$schema",
  "$id",
  "$anchor",
  "$dynamicAnchor",
  "$dynamicRef",
  "$comment",
  "$defs",
  "definitions",
  "$vocabulary",
  "not",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependentRequired",
  "dependencies",
  "patternProperties",
  "propertyNames",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contains",
  "minContains",
  "maxContains",
  "contentEncoding",
  "contentMediaType",
  "contentSchema",
  "examples",
  "readOnly",
  "writeOnly",
  "deprecated",
]);
const TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

class SchemaError extends Error {}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function normaliseInputSchema(input: unknown): NormalisedSchema {
  if (input === undefined || input === null || input === true) {
    return { ok: true, schema: { type: "object", properties: {} } };
  }
  if (!isObject(input)) return { ok: false, reason: "its input schema is not a JSON object" };
  const rootType = input.type;
  if (typeof rootType === "string" && rootType !== "object") {
    return { ok: false, reason: `its input schema has type "${rootType}", but tool arguments are an object` };
  }
  try {
    const walker = new Walker(input);
    const seeded = rootType === undefined && input.$ref === undefined ? { ...input, type: "object" } : input;
    const schema = walker.walk(seeded, 0);
    if (schema.type !== "object") {
      return { ok: false, reason: "its input schema does not describe an object" };
    }
    // Providers refuse combinators and enums at the top level of function parameters: offer the
    // union of the variants' properties, all optional.
    if (Array.isArray(schema.anyOf)) {
      const props = schema.properties as Json;
      for (const variant of schema.anyOf) {
        if (isObject(variant) && isObject(variant.properties)) {
          for (const [name, sub] of Object.entries(variant.properties))
            if (!(name in props)) props[name] = sub;
        }
      }
      delete schema.anyOf;
    }
    delete schema.enum;
    // The result must be plain JSON (no shared references the serialiser would duplicate badly).
    return { ok: true, schema: JSON.parse(JSON.stringify(schema)) as Json };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `its input schema cannot be used: ${message}` };
  }
}

class Walker {
  private readonly resolving = new Set<string>();
  constructor(private readonly root: Json) {}

  walk(value: unknown, depth: number): Json {
    if (depth > MAX_DEPTH) throw new SchemaError(`it nests deeper than ${MAX_DEPTH} levels`);
    if (value === true || value === undefined) return { type: "string" };
    if (value === false) return { type: "string", description: "(not accepted)" };
    if (!isObject(value)) throw new SchemaError(`a sub-schema is ${JSON.stringify(value)}, not an object`);

    if (typeof value.$ref === "string") return this.followRef(value, depth);

    const out: Json = {};
    for (const [key, raw] of Object.entries(value)) {
      if (DROPPED.has(key) || key === "$ref") continue;
      switch (key) {
        case "properties":
          out.properties = this.walkProperties(raw, depth);
          break;
        case "items":
          out.items = Array.isArray(raw) ? this.union(raw, depth) : this.walk(raw, depth + 1);
          break;
        case "prefixItems":
          if (Array.isArray(raw) && value.items === undefined) out.items = this.union(raw, depth);
          break;
        case "additionalProperties":
          if (typeof raw === "boolean") out.additionalProperties = raw;
          else if (isObject(raw) && Object.keys(raw).length === 0) out.additionalProperties = true;
          else out.additionalProperties = this.walk(raw, depth + 1);
          break;
        case "anyOf":
        case "oneOf": {
          const variants = this.variants(raw, depth);
          if (variants.length === 1) Object.assign(out, variants[0]);
          else if (variants.length > 1) out.anyOf = variants;
          break;
        }
        case "allOf":
          this.mergeAllOf(out, raw, depth);
          break;
        case "const":
          out.enum = [raw];
          break;
        case "type":
          if (typeof raw === "string" && TYPES.has(raw)) out.type = raw;
          else if (Array.isArray(raw)) {
            const first = raw.find((t) => typeof t === "string" && t !== "null" && TYPES.has(t));
            if (typeof first === "string") out.type = first;
          }
          break;
        case "required":
          if (Array.isArray(raw)) out.required = raw.filter((r) => typeof r === "string");
          break;
        default:
          out[key] = raw;
      }
    }
    this.fixType(out);
    return out;
  }

  private walkProperties(raw: unknown, depth: number): Json {
    const props: Json = {};
    if (!isObject(raw)) return props;
    for (const [name, sub] of Object.entries(raw)) {
      if (sub === false) continue;
      props[name] = this.walk(sub, depth + 1);
    }
    return props;
  }

  private variants(raw: unknown, depth: number): Json[] {
    if (!Array.isArray(raw)) return [];
    const out: Json[] = [];
    for (const entry of raw) {
      if (entry === false) continue;
      if (isObject(entry) && isObject(entry.not) && Object.keys(entry).length === 1) continue;
      out.push(this.walk(entry, depth + 1));
    }
    return out;
  }

  private union(raw: unknown[], depth: number): Json {
    const variants = this.variants(raw, depth);
    if (variants.length === 0) return { type: "string" };
    if (variants.length === 1) return variants[0] as Json;
    return { anyOf: variants };
  }

  private mergeAllOf(out: Json, raw: unknown, depth: number): void {
    for (const part of this.variants(raw, depth)) {
      for (const [key, value] of Object.entries(part)) {
        if (key === "properties" && isObject(value)) {
          out.properties = { ...(isObject(out.properties) ? out.properties : {}), ...value };
        } else if (key === "required" && Array.isArray(value)) {
          const have = Array.isArray(out.required) ? out.required : [];
          out.required = [...new Set([...have, ...value])];
        } else if (out[key] === undefined) {
          out[key] = value;
        }
      }
    }
  }

  private followRef(value: Json, depth: number): Json {
    const ref = value.$ref as string;
    const target = this.resolvePointer(ref);
    const { $ref: _ignored, ...siblings } = value;
    if (target === undefined || this.resolving.has(ref)) {
      // Unknown or recursive reference: accept any object rather than reject the tool.
      const fallback: Json = { type: "object", properties: {} };
      if (typeof siblings.description === "string") fallback.description = siblings.description;
      return fallback;
    }
    this.resolving.add(ref);
    try {
      const resolved = { ...this.walk(target, depth + 1) };
      if (typeof siblings.description === "string") resolved.description = siblings.description;
      return resolved;
    } finally {
      this.resolving.delete(ref);
    }
  }

  private resolvePointer(ref: string): unknown {
    if (ref === "#") return this.root;
    if (!ref.startsWith("#/")) return undefined;
    let node: unknown = this.root;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (!isObject(node)) return undefined;
      node = node[key];
    }
    return node;
  }

  private fixType(out: Json): void {
    if (out.type === undefined && (out.anyOf === undefined || "properties" in out)) out.type = inferType(out);
    if (out.type === "object") {
      if (!isObject(out.properties)) out.properties = {};
      const props = out.properties as Json;
      if (Array.isArray(out.required)) {
        const required = (out.required as string[]).filter((name) => name in props);
        if (required.length > 0) out.required = required;
        else delete out.required;
      }
    } else if (out.type !== undefined) {
      delete out.required;
      delete out.properties;
    }
    if (out.type === "array" && out.items === undefined) out.items = { type: "string" };
    if (out.type === "null") out.type = "string";
  }
}

function inferType(schema: Json): string {
  if ("properties" in schema || "required" in schema || "additionalProperties" in schema) return "object";
  if ("items" in schema) return "array";
  if (Array.isArray(schema.enum)) {
    const first = schema.enum.find((v) => v !== null);
    if (typeof first === "number") return Number.isInteger(first) ? "integer" : "number";
    if (typeof first === "boolean") return "boolean";
    return "string";
  }
  if ("format" in schema || "pattern" in schema || "minLength" in schema || "maxLength" in schema)
    return "string";
  for (const key of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]) {
    if (key in schema) return "number";
  }
  return "string";
}
