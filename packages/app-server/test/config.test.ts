/** Settings through the protocol: config/read, config/value/write, config/batchWrite, model/list. */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Harness, harness } from "./harness.ts";

setDefaultTimeout(60_000);

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe("codex app-server: config", () => {
  test("config/read shows the effective settings and where each comes from; writes land in config.toml", async () => {
    h = await harness({ extraToml: 'model_reasoning_effort = "high"' });
    const client = h.spawn();
    await client.initialize();
    const read = await client.request("config/read", {});
    expect(read.result.config).toMatchObject({
      model: "gpt-5-codex",
      model_provider: "mock",
      model_reasoning_effort: "high",
    });
    const configPath = join(h.codexHome, "config.toml");
    expect(read.result.origins.model_reasoning_effort.name).toEqual({ type: "user", file: configPath });
    const version = read.result.origins.model_reasoning_effort.version;
    expect(version).toMatch(/^sha256:[0-9a-f]{64}$/);

    const write = await client.request("config/value/write", {
      keyPath: "model",
      value: "gpt-5",
      mergeStrategy: "replace",
      expectedVersion: version,
    });
    expect(write.result).toMatchObject({ status: "ok", filePath: configPath });
    expect(readFileSync(configPath, "utf8")).toContain('model = "gpt-5"');
    expect((await client.request("config/read", {})).result.config.model).toBe("gpt-5");

    const stale = await client.request("config/value/write", {
      keyPath: "model",
      value: "o3",
      mergeStrategy: "replace",
      expectedVersion: version,
    });
    expect(stale.error?.message).toContain("changed since version");
    const bad = await client.request("config/value/write", {
      keyPath: "model_reasoning_effort",
      value: "enormous",
      mergeStrategy: "replace",
    });
    expect(bad.error?.message).toContain("model_reasoning_effort");
    expect(readFileSync(configPath, "utf8")).not.toContain("enormous");
    const unknown = await client.request("config/value/write", {
      keyPath: "no_such_setting",
      value: true,
      mergeStrategy: "upsert",
    });
    expect(unknown.error?.message).toContain("no_such_setting");
    expect(readFileSync(configPath, "utf8")).not.toContain("no_such_setting");

    const batch = await client.request("config/batchWrite", {
      edits: [
        { keyPath: "approval_policy", value: "on-request", mergeStrategy: "replace" },
        { keyPath: "sandbox_mode", value: "workspace-write", mergeStrategy: "replace" },
      ],
    });
    expect(batch.result.status).toBe("ok");
    const after = await client.request("config/read", {});
    expect(after.result.config).toMatchObject({
      approval_policy: "on-request",
      sandbox_mode: "workspace-write",
    });
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });

  test("model/list offers the configured model first, as the default, with its reasoning efforts", async () => {
    h = await harness();
    const client = h.spawn();
    await client.initialize();
    const list = await client.request("model/list", {});
    expect(list.result.data[0]).toMatchObject({ id: "gpt-5-codex", isDefault: true });
    expect(
      list.result.data[0].supportedReasoningEfforts.map(
        (e: { reasoningEffort: string }) => e.reasoningEffort,
      ),
    ).toContain("medium");
    expect((await client.close()).code).toBe(0);
    expect(client.schemaErrors).toEqual([]);
  });
});
