/** view_image through dist/codex exec: the image the model asks to see reaches its next request. */
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { completed, functionCall, responsesStream, runCodex, textResponse } from "@codex/test-support";
import { e2eSetup, toolOutputs } from "./e2e-helpers.ts";

const setup = e2eSetup();
// A 1x1 transparent PNG.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

test("the model's view_image call attaches the file as an input image in the next request", async () => {
  const env = await setup();
  writeFileSync(join(env.workspace, "dot.png"), PNG);
  env.server.enqueue(
    responsesStream([...functionCall("view_image", { path: "dot.png" }, "call_img"), completed()]),
  );
  env.server.enqueue(responsesStream([textResponse("It is a single pixel."), completed()]));
  const result = await runCodex(["exec", "--json", "-s", "read-only", "what is in dot.png?"], {
    codexHome: env.codexHome,
    cwd: env.workspace,
    timeoutMs: 60_000,
  });
  expect(result.code).toBe(0);
  expect(toolOutputs(env.server).get("call_img")).toBe("attached local image path");
  const second = env.server.requests[1]?.body as { input: Array<Record<string, unknown>> };
  const images = second.input.flatMap((item) =>
    Array.isArray(item.content)
      ? (item.content as Array<{ type: string; image_url?: string }>).filter((c) => c.type === "input_image")
      : [],
  );
  expect(images).toEqual([
    { type: "input_image", image_url: `data:image/png;base64,${PNG.toString("base64")}` },
  ]);
  // The image comes right after the call's output, as a user message.
  const outputIndex = second.input.findIndex(
    (item) => item.call_id === "call_img" && item.type === "function_call_output",
  );
  expect(second.input[outputIndex + 1]).toMatchObject({ type: "message", role: "user" });
});
