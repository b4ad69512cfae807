import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { normaliseInputSchema } from "../../src/mcp/schema.ts";
import { readToolCache, serverConfigHash, toolCachePath, writeToolCache } from "../../src/mcp/tool-cache.ts";
import { isValidMcpServerName, qualifyToolName, qualifyTools } from "../../src/mcp/tool-names.ts";
import { everything, stdioServer, tempDir } from "./helpers.ts";

describe("tool names", () => {
  test("server__tool, and the reference's SHA-1 suffix past 64 characters", () => {
    expect(qualifyToolName("server1", "tool1")).toBe("server1__tool1");
    // Same values as codex-rs's mcp_connection_manager tests.
    expect(
      qualifyToolName(
        "my_server",
        "extremely_lengthy_function_name_that_absolutely_surpasses_all_reasonable_limits",
      ),
    ).toBe("my_server__extremely_lena02e507efc5a9de88637e436690364fd4219e4ef");
    expect(
      qualifyToolName(
        "my_server",
        "yet_another_extremely_lengthy_function_name_that_absolutely_surpasses_all_reasonable_limits",
      ),
    ).toBe("my_server__yet_another_e1c3987bd9c50b826cbe1687966f79f0c602d19ca");
  });

  test("characters providers reject are replaced; duplicates are skipped, first wins", () => {
    expect(qualifyToolName("gh", "issues.create/v2")).toBe("gh__issues_create_v2");
    const dups: string[] = [];
    const out = qualifyTools(
      [
        { server: "s", tool: "a.b", value: 1 },
        { server: "s", tool: "a_b", value: 2 },
      ],
      (name) => dups.push(name),
    );
    expect([...out.values()].map((v) => v.value)).toEqual([1]);
    expect(dups).toEqual(["s__a_b"]);
  });

  test("server names", () => {
    expect(isValidMcpServerName("docs-server_2")).toBe(true);
    for (const bad of ["", "a b", "a.b", "ünï"]) expect(isValidMcpServerName(bad)).toBe(false);
  });
});

describe("schema normalisation", () => {
  const ok = (schema: unknown) => {
    const r = normaliseInputSchema(schema);
    if (!r.ok) throw new Error(r.reason);
    return r.schema;
  };

  test("missing pieces are filled in", () => {
    expect(ok(undefined)).toEqual({ type: "object", properties: {} });
    expect(ok({})).toEqual({ type: "object", properties: {} });
    expect(
      ok({ properties: { tags: { items: { type: "string" } }, n: { minimum: 0 }, e: { enum: [1, 2] } } }),
    ).toEqual({
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" } },
        n: { type: "number", minimum: 0 },
        e: { type: "integer", enum: [1, 2] },
      },
    });
  });

  test("allOf is merged, top-level anyOf becomes optional properties, required keeps declared ones", () => {
    expect(
      ok({
        allOf: [
          { type: "object", properties: { a: { type: "string" } }, required: ["a"] },
          { properties: { b: { type: "number" } }, required: ["b", "zzz"] },
        ],
      }),
    ).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "number" } },
      required: ["a", "b"],
    });
    expect(
      ok({
        anyOf: [
          { type: "object", properties: { a: { type: "string" } } },
          { properties: { b: { type: "string" } } },
        ],
      }),
    ).toEqual({ type: "object", properties: { a: { type: "string" }, b: { type: "string" } } });
  });

  test("tuples, recursion and unknown refs", () => {
    const tree = ok({
      type: "object",
      definitions: { node: { type: "object", properties: { child: { $ref: "#/definitions/node" } } } },
      properties: {
        root: { $ref: "#/definitions/node" },
        pair: { type: "array", items: [{ type: "string" }, { type: "number" }] },
        ext: { $ref: "https://x/schema.json" },
      },
    });
    expect(tree.properties).toEqual({
      root: { type: "object", properties: { child: { type: "object", properties: {} } } },
      pair: { type: "array", items: { anyOf: [{ type: "string" }, { type: "number" }] } },
      ext: { type: "object", properties: {} },
    });
  });

  test("unusable schemas are reported, not thrown", () => {
    expect(normaliseInputSchema({ type: "array" })).toEqual({
      ok: false,
      reason: 'its input schema has type "array", but tool arguments are an object',
    });
    expect(normaliseInputSchema("nope").ok).toBe(false);
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 100; i++) deep = { type: "object", properties: { x: deep } };
    const r = normaliseInputSchema(deep);
    expect(r.ok).toBe(false);
  });
});

describe("tool cache", () => {
  test("round trip; the key follows the transport settings, not timeouts or filters", () => {
    const home = tempDir();
    const config = everything();
    expect(readToolCache(home, config)).toBeNull();
    writeToolCache(home, config, [{ name: "echo", inputSchema: { type: "object" } }]);
    expect(readToolCache(home, config)).toEqual([{ name: "echo", inputSchema: { type: "object" } }]);
    expect(readToolCache(home, { ...config, tool_timeout_ms: 5, disabled_tools: ["echo"] })).not.toBeNull();
    const other = stdioServer("everything", process.execPath, ["other.js"]);
    expect(serverConfigHash(other)).not.toBe(serverConfigHash(config));
    expect(readToolCache(home, other)).toBeNull();
  });

  test("a corrupt cache file is ignored", () => {
    const home = tempDir();
    const path = toolCachePath(home, everything());
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "{not json");
    expect(readToolCache(home, everything())).toBeNull();
  });
});
