import { expect, test } from "bun:test";
import { resolve } from "node:path";

// Start-up matters: creating a client (or using auth) must not load the openai SDK; only the
// first stream() does. Checked in a fresh process, since other tests load the SDK.
test("the openai SDK is loaded on the first request, not at import or client creation", () => {
  const src = resolve(import.meta.dir, "../../src");
  const script = `
    const { createModelClient } = await import(${JSON.stringify(`${src}/client/create-model-client.ts`)});
    const { loginStatus } = await import(${JSON.stringify(`${src}/auth/login.ts`)});
    createModelClient({ id: "x", wire_api: "responses" }, { auth: null, originator: "o", version: "1" });
    createModelClient({ id: "y", wire_api: "chat" }, { auth: null, originator: "o", version: "1" });
    loginStatus("/nonexistent", {});
    const isSdk = (key) => /[\\\\/]openai(@[^\\\\/]*)?[\\\\/]/.test(key);
    const before = Object.keys(require.cache).filter(isSdk).length;
    await import("openai");
    const after = Object.keys(require.cache).filter(isSdk).length;
    console.log(JSON.stringify({ before, after }));
  `;
  const result = Bun.spawnSync([process.execPath, "-e", script], { cwd: resolve(src, "..") });
  const output = JSON.parse(result.stdout.toString().trim().split("\n").at(-1) ?? "{}");
  expect(output.before).toBe(0);
  expect(output.after).toBeGreaterThan(10);
});
