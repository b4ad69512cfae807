/**
 * Session ids are UUIDv7 whose first 48 bits are the start time, which the by-day rollout lookup
 * relies on. They come from Web Crypto alone (no Bun API), so core embedded on Node makes the same.
 */
import { afterEach, expect, test } from "bun:test";
import { uuidV7Time } from "../../src/rollout/paths.ts";
import { type Harness, harness } from "./helpers.ts";

let h: Harness;
afterEach(async () => {
  await h?.close();
});

test("a session without a file still gets a UUIDv7 of its start time", async () => {
  h = await harness();
  const before = Date.now();
  const session = h.start();
  const at = uuidV7Time(session.id);
  expect(at).not.toBeNull();
  expect(at as number).toBeGreaterThanOrEqual(before);
  expect(at as number).toBeLessThanOrEqual(Date.now());
});

test("session ids do not depend on Bun's generator", async () => {
  const bun = globalThis.Bun as { randomUUIDv7?: unknown };
  const original = bun.randomUUIDv7;
  bun.randomUUIDv7 = undefined;
  try {
    h = await harness();
    expect(uuidV7Time(h.start().id)).not.toBeNull();
  } finally {
    bun.randomUUIDv7 = original;
  }
});
