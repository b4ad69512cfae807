/** Checks a parsed TOML table against the schema: errors for wrong values, warnings for unknown keys. */
import { ConfigError } from "./errors.ts";
import type { KeySpec, Schema } from "./schema.ts";

export type ValidationResult = { warnings: string[] };

function describe(spec: KeySpec): string {
  switch (spec.kind) {
    case "string":
      return "a string";
    case "bool":
      return "true or false";
    case "int":
      return spec.min === 0 ? "a non-negative integer" : "an integer";
    case "number":
      return "a number";
    case "enum":
      return `one of ${spec.values.map((v) => `"${v}"`).join(", ")}`;
    case "string_array":
      return "an array of strings";
    case "string_map":
      return "a table of strings";
    case "table":
    case "map":
      return "a table";
    case "any":
      return "any value";
    case "one_of":
      return spec.describe;
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function matches(spec: KeySpec, value: unknown): boolean {
  switch (spec.kind) {
    case "string":
      return typeof value === "string";
    case "bool":
      return typeof value === "boolean";
    case "int":
      return (
        (typeof value === "number" || typeof value === "bigint") &&
        Number.isInteger(Number(value)) &&
        (spec.min === undefined || Number(value) >= spec.min)
      );
    case "number":
      return (
        (typeof value === "number" || typeof value === "bigint") &&
        (spec.min === undefined || Number(value) >= spec.min)
      );
    case "enum":
      return typeof value === "string" && spec.values.includes(value);
    case "string_array":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "string_map":
      return isTable(value) && Object.values(value).every((v) => typeof v === "string");
    case "table":
    case "map":
      return isTable(value);
    case "any":
      return true;
    case "one_of":
      return spec.options.some((option) => matches(option, value));
  }
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Validates `table` in place of `schema`; `where` names the source (file or `-c`) for messages. */
export function validateTable(
  table: Record<string, unknown>,
  schema: Schema,
  where: string,
): ValidationResult {
  const warnings: string[] = [];
  const walk = (node: Record<string, unknown>, nodeSchema: Schema, prefix: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      const spec = nodeSchema[key];
      if (!spec) {
        warnings.push(`warning: unknown configuration key \`${path}\` in ${where} (ignored)`);
        continue;
      }
      check(spec, value, path);
    }
  };
  const check = (spec: KeySpec, value: unknown, path: string): void => {
    if (!matches(spec, value)) {
      throw new ConfigError(
        `invalid value for \`${path}\` in ${where}: ${show(value)}; expected ${describe(spec)}`,
      );
    }
    if (spec.kind === "table") walk(value as Record<string, unknown>, spec.keys, path);
    if (spec.kind === "map") {
      for (const [name, inner] of Object.entries(value as Record<string, unknown>))
        check(spec.value, inner, `${path}.${name}`);
    }
  };
  walk(table, schema, "");
  return { warnings };
}
